"""The store is a database (SQLite here): every import a new version with who, when, which file, its report and
row counts; nothing overwritten; the version in use switched in the same transaction as the write."""

import datetime as dt
import json

import pandas as pd
import pytest
import sqlalchemy as sa

from coopdata.importer import store as store_module
from coopdata.importer.store import DB_FILE, ENV_VAR, URL_ENV_VAR, ImportStore, StoreError, store_dir
from coopdata.importer.validate import validate
from tests.unit.importer.make_files import FILES

T = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _save(store, reference, name, when, who="local user"):
    result = validate((FILES / name).read_bytes(), name, reference)
    report = [{"kind": p.kind, "message": p.message} for p in result.report.problems]
    return store.save(result.actions, name, result.sha256, now=when, who=who, report=report)


def test_every_import_is_a_new_version_and_none_is_overwritten(tmp_path, reference):
    store = ImportStore(tmp_path)
    assert store.version() is None and store.current() is None
    assert not (tmp_path / DB_FILE).exists()  # looking creates nothing
    first = _save(store, reference, "unknown_cci.xlsx", T, who="anna@example.eu")
    second = _save(store, reference, "blank_rows_between.xlsx", T + dt.timedelta(seconds=1))
    third = _save(store, reference, "title_rows_above_header.xlsx", T + dt.timedelta(seconds=2))
    assert (first["version"], second["version"], third["version"]) == (1, 2, 3)
    assert store.version() == 3 and third["previous"] == 2 and third["based_on"] == 2
    history = store.history()
    assert history[["version", "created_at", "who", "action", "file_name", "rows", "programmes", "fictional",
                    "in_use"]].values.tolist() == [
        [3, "2026-01-01T00:00:02+00:00", "local user", "import", "title_rows_above_header.xlsx", 4, 3, False, True],
        [2, "2026-01-01T00:00:01+00:00", "local user", "import", "blank_rows_between.xlsx", 3, 2, False, False],
        [1, "2026-01-01T00:00:00+00:00", "anna@example.eu", "import", "unknown_cci.xlsx", 4, 4, False, False]]
    assert history["sha256"].tolist()[2] == first["sha256"] and len(first["sha256"]) == 64
    # The first version is still there, whole, with its report.
    assert store.load(1).actions["source_row"].tolist() == [4, 2, 3, 5]
    assert store.report(1) == [{"kind": "Programme not in public data", "message":
                                "Sheet 'Actions', row 3: programme 2021AT16FFPR999 is not in the public programme "
                                "lists; its rows are imported but cannot be shown on the map or joined to finances."}]
    assert store.current().actions["source_row"].tolist() == [6, 4, 5, 7]


def test_a_table_reads_back_exactly_as_it_was_validated(tmp_path, reference):
    store = ImportStore(tmp_path)
    for name in ("unknown_cci.xlsx", "title_rows_above_header.xlsx", "semicolon_delimited.csv"):
        result = validate((FILES / name).read_bytes(), name, reference)
        assert result.ok, result.report.to_text()
        meta = store.save(result.actions, name, result.sha256)
        pd.testing.assert_frame_equal(store.load(meta["version"]).actions, result.actions)


def test_failure_while_switching_the_version_in_use_leaves_the_previous_one(tmp_path, reference, monkeypatch):
    store = ImportStore(tmp_path)
    _save(store, reference, "unknown_cci.xlsx", T)
    before = store.current().actions

    def killed(self, conn, vid):
        raise KeyboardInterrupt("import killed midway")  # after the version row and all its rows were written

    monkeypatch.setattr(ImportStore, "_point", killed)
    with pytest.raises(KeyboardInterrupt):
        _save(store, reference, "blank_rows_between.xlsx", T + dt.timedelta(days=1))
    assert store.version() == 1
    pd.testing.assert_frame_equal(store.current().actions, before)
    assert store.history()["version"].tolist() == [1]  # the half-written version left no trace
    with sa.create_engine(store.url).connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM action_rows")).scalar() == 4


def test_a_row_the_database_refuses_midway_leaves_the_previous_one(tmp_path, reference, monkeypatch):
    store = ImportStore(tmp_path)
    _save(store, reference, "unknown_cci.xlsx", T)
    real = store_module._records

    def third_row_broken(actions, vid):
        records = real(actions, vid)
        records[2]["cci"] = None  # NOT NULL: the database stops the insert on the third row
        return records

    monkeypatch.setattr(store_module, "_records", third_row_broken)
    with pytest.raises(store_module.StoreWriteError, match=f"the import folder {tmp_path} cannot be written "
                                                           r"\(NOT NULL constraint failed: action_rows.cci\)"):
        _save(store, reference, "blank_rows_between.xlsx", T + dt.timedelta(days=1))
    assert store.version() == 1 and store.history()["version"].tolist() == [1]
    assert len(store.current().actions) == 4


def test_restore_stores_an_old_version_again_as_a_new_one(tmp_path, reference):
    store = ImportStore(tmp_path)
    _save(store, reference, "unknown_cci.xlsx", T)
    _save(store, reference, "blank_rows_between.xlsx", T + dt.timedelta(seconds=1))
    meta = store.restore(1, who="anna@example.eu")
    assert (meta["version"], meta["action"], meta["based_on"], meta["who"], meta["file_name"], meta["rows"]) == \
        (3, "restore", 1, "anna@example.eu", "unknown_cci.xlsx", 4)
    assert store.version() == 3
    pd.testing.assert_frame_equal(store.current().actions, store.load(1).actions)
    assert store.history()["version"].tolist() == [3, 2, 1]


def test_saved_mappings_are_kept_and_replaced_by_name(tmp_path):
    store = ImportStore(tmp_path)
    assert store.mappings() == {}
    store.save_mapping("Team workbook", {"cci": "Programme", "planned": "Cooperation?"}, who="anna@example.eu")
    store.save_mapping("Other", {"cci": "Code"})
    store.save_mapping("Team workbook", {"cci": "Programme code"})
    assert store.mappings() == {"Other": {"cci": "Code"}, "Team workbook": {"cci": "Programme code"}}
    with pytest.raises(ValueError, match="a saved mapping needs a name"):
        store.save_mapping("  ", {})


def test_the_folder_and_the_database_url_are_settings(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "elsewhere"))
    monkeypatch.delenv(URL_ENV_VAR, raising=False)
    assert store_dir() == tmp_path / "elsewhere"
    assert ImportStore().url == f"sqlite:///{tmp_path / 'elsewhere' / DB_FILE}" and ImportStore().embedded
    assert store_dir(tmp_path / "given") == tmp_path / "given"
    monkeypatch.setenv(URL_ENV_VAR, "postgresql+psycopg://coopdata:secret@db.example:5432/coopdata")
    shared = ImportStore()
    assert shared.url == "postgresql+psycopg://coopdata:secret@db.example:5432/coopdata" and not shared.embedded
    assert shared.place == "postgresql+psycopg://coopdata:***@db.example:5432/coopdata"  # messages hide it
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.delenv(URL_ENV_VAR)
    assert store_dir().parts[-2:] == ("local", "imports")


def test_a_database_of_a_newer_schema_is_refused_with_a_message(tmp_path):
    store = ImportStore(tmp_path)
    store.save_mapping("any", {"cci": "Code"})  # the database exists
    with sa.create_engine(store.url).begin() as conn:
        conn.execute(sa.text("UPDATE schema_version SET version = 99"))
    store_module._READY.discard(store.url)  # a new process opening it
    with pytest.raises(StoreError, match=f"the database {tmp_path} was made by a newer coopdata \\(schema 99, "
                                         f"this one knows {store_module.SCHEMA_VERSION}\\); update the app"):
        ImportStore(tmp_path).version()


def test_a_table_without_scope_ids_stores_none_named(tmp_path, reference):
    store = ImportStore(tmp_path)
    result = validate((FILES / "unknown_cci.xlsx").read_bytes(), "old.xlsx", reference)
    store.save(result.actions.drop(columns="scope_ids"), "old.xlsx", result.sha256)
    assert store.current().actions["scope_ids"].tolist() == [[]] * len(result.actions)


def test_scope_ids_survive_the_round_trip(tmp_path, reference):
    store = ImportStore(tmp_path)
    actions = validate((FILES / "unknown_cci.xlsx").read_bytes(), "x.xlsx", reference).actions
    actions["scope_ids"] = [["EUSAIR", "BLACKSEA"]] + [[]] * (len(actions) - 1)
    store.save(actions, "x.xlsx", "0" * 64)
    assert store.current().actions["scope_ids"].tolist() == actions["scope_ids"].tolist()
    with sa.create_engine(store.url).connect() as conn:
        stored = conn.execute(sa.text("SELECT scope_ids FROM action_rows WHERE position = 0")).scalar()
    assert json.loads(stored) == ["EUSAIR", "BLACKSEA"]
