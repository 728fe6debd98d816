"""A damaged version in use (rows changed by hand in the database) falls back to the previous good version,
saying what was damaged."""

import datetime as dt

import pytest
import sqlalchemy as sa

from coopdata.importer.store import ImportStore, StoreError
from tests.unit.importer.test_store import _save

T = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def two_versions(tmp_path, reference):
    store = ImportStore(tmp_path)
    first = _save(store, reference, "unknown_cci.xlsx", T)
    second = _save(store, reference, "title_rows_above_header.xlsx", T + dt.timedelta(seconds=1))
    return store, first, second


def _sql(store, statement):
    with sa.create_engine(store.url).begin() as conn:
        conn.execute(sa.text(statement))


def test_healthy_database_in_use_is_used(two_versions):
    store, _, second = two_versions
    stored, damaged = store.load_in_use()
    assert (stored.version, stored.meta["file_name"], damaged) == (2, "title_rows_above_header.xlsx", None)


def test_nothing_imported(tmp_path):
    assert ImportStore(tmp_path).load_in_use() == (None, None)


def test_rows_missing_from_the_version_in_use_fall_back_to_the_previous_one(two_versions):
    store, first, _ = two_versions
    _sql(store, "DELETE FROM action_rows WHERE version_id = 2 AND position > 0")
    stored, damaged = store.load_in_use()
    assert stored.version == 1 and stored.meta["file_name"] == "unknown_cci.xlsx"
    assert len(stored.actions) == first["rows"]
    assert damaged == "imported database version 2: 1 rows stored, 4 recorded"
    assert store.version() == 2  # reading never moves the pointer


def test_an_unreadable_cell_falls_back_too(two_versions):
    store, _, _ = two_versions
    _sql(store, "UPDATE action_rows SET scopes = '{not json' WHERE version_id = 2 AND position = 1")
    stored, damaged = store.load_in_use()
    assert stored.version == 1
    assert damaged == "imported database version 2: its rows cannot be read (JSONDecodeError)"


def test_no_readable_version_is_an_error_naming_it(two_versions):
    store, _, _ = two_versions
    _sql(store, "DELETE FROM action_rows WHERE position > 0")
    with pytest.raises(StoreError, match="imported database version 2: 1 rows stored, 4 recorded; no earlier "
                                         "imported database can be read either"):
        store.load_in_use()
