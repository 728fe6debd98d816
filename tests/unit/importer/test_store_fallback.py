"""A damaged database in use falls back to the previous good version, saying which file was damaged."""

import datetime as dt

import pytest

from coopdata.importer.store import ImportStore, StoreError
from tests.unit.importer.test_store import _save

T = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def two_versions(tmp_path, reference):
    store = ImportStore(tmp_path)
    first = _save(store, reference, "unknown_cci.xlsx", T)
    second = _save(store, reference, "title_rows_above_header.xlsx", T + dt.timedelta(seconds=1))
    return store, first, second


def _truncate(path):
    path.write_bytes(path.read_bytes()[:100])


def test_healthy_database_in_use_is_used(two_versions):
    store, _, second = two_versions
    stored, damaged = store.load_in_use()
    assert (stored.version, stored.meta["file_name"], damaged) == (second["version"], "title_rows_above_header.xlsx", None)


def test_nothing_imported(tmp_path):
    assert ImportStore(tmp_path).load_in_use() == (None, None)


def test_truncated_table_falls_back_to_the_previous_version(two_versions, tmp_path):
    store, first, second = two_versions
    _truncate(tmp_path / "versions" / second["version"] / "actions.parquet")
    stored, damaged = store.load_in_use()
    assert stored.version == first["version"] and stored.meta["file_name"] == "unknown_cci.xlsx"
    assert len(stored.actions) == first["rows"]
    assert damaged.startswith(f"imported database {second['version']}: actions.parquet cannot be read")
    assert store.version() == second["version"]  # reading never rewrites the pointer


def test_damaged_meta_falls_back_too(two_versions, tmp_path):
    store, first, second = two_versions
    (tmp_path / "versions" / second["version"] / "meta.json").write_text("{not json", encoding="utf-8")
    stored, damaged = store.load_in_use()
    assert stored.version == first["version"]
    assert damaged == f"imported database {second['version']}: meta.json cannot be read (JSONDecodeError)"


def test_no_readable_version_is_an_error_naming_the_file(two_versions, tmp_path):
    store, first, second = two_versions
    for meta in (first, second):
        _truncate(tmp_path / "versions" / meta["version"] / "actions.parquet")
    with pytest.raises(StoreError, match=f"imported database {second['version']}: actions.parquet cannot be read .*; "
                                         "no earlier imported database can be read either"):
        store.load_in_use()
