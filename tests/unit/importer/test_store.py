"""The store: atomic saves, the previous version kept, and a failed write that changes nothing."""

import datetime as dt

import pandas as pd
import pytest

from coopdata.importer.store import ENV_VAR, ImportStore, StoreError, store_dir
from coopdata.importer.validate import validate
from tests.unit.importer.make_files import FILES


def _save(store, reference, name, when):
    result = validate((FILES / name).read_bytes(), name, reference)
    return store.save(result.actions, name, result.sha256, now=when)


def test_save_keeps_the_current_and_the_previous_version(tmp_path, reference):
    store = ImportStore(tmp_path)
    assert store.version() is None and store.current() is None
    t = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    first = _save(store, reference, "unknown_cci.xlsx", t)
    second = _save(store, reference, "blank_rows_between.xlsx", t + dt.timedelta(seconds=1))
    third = _save(store, reference, "title_rows_above_header.xlsx", t + dt.timedelta(seconds=2))
    assert store.version() == third["version"]
    assert third["previous"] == second["version"]
    kept = sorted(p.name for p in (tmp_path / "versions").iterdir())
    assert kept == sorted([second["version"], third["version"]])
    assert first["version"] not in kept
    meta = store.meta()
    assert (meta["file_name"], meta["rows"], meta["programmes"], meta["imported_at"]) == \
        ("title_rows_above_header.xlsx", 4, 3, "2026-01-01T00:00:02+00:00")
    assert store.current().actions["source_row"].tolist() == [6, 4, 5, 7]


def test_exception_during_the_write_keeps_the_previous_database(tmp_path, reference, monkeypatch):
    store = ImportStore(tmp_path)
    before = _save(store, reference, "unknown_cci.xlsx", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    table_before = store.current().actions

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("import killed midway")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", killed)
    with pytest.raises(KeyboardInterrupt):
        _save(store, reference, "blank_rows_between.xlsx", dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    assert store.version() == before["version"]
    pd.testing.assert_frame_equal(store.current().actions, table_before)
    assert [p.name for p in (tmp_path / "versions").iterdir()] == [before["version"]]  # no half-written folder


def test_exception_while_switching_keeps_the_previous_database(tmp_path, reference, monkeypatch):
    store = ImportStore(tmp_path)
    before = _save(store, reference, "unknown_cci.xlsx", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    import coopdata.importer.store as mod

    def no_replace(*args):
        raise OSError("disk full")

    monkeypatch.setattr(mod.os, "replace", no_replace)
    with pytest.raises(OSError):
        _save(store, reference, "blank_rows_between.xlsx", dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    assert store.version() == before["version"]
    assert store.current().meta["file_name"] == "unknown_cci.xlsx"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock", "CURRENT", "versions"]
    assert [p.name for p in (tmp_path / "versions").iterdir()] == [before["version"]]


def test_damaged_table_is_a_clear_error(tmp_path, reference):
    store = ImportStore(tmp_path)
    meta = _save(store, reference, "unknown_cci.xlsx", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    (tmp_path / "versions" / meta["version"] / "actions.parquet").write_bytes(b"garbage")
    with pytest.raises(StoreError, match=f"imported database {meta['version']}: actions.parquet cannot be read"):
        store.current()


def test_folder_is_configurable(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "elsewhere"))
    assert store_dir() == tmp_path / "elsewhere"
    assert store_dir(tmp_path / "given") == tmp_path / "given"
    monkeypatch.delenv(ENV_VAR)
    assert store_dir().parts[-2:] == ("local", "imports")


def test_a_database_stored_before_scope_ids_existed_reads_with_none_named(tmp_path, reference):
    store = ImportStore(tmp_path)
    result = validate((FILES / "unknown_cci.xlsx").read_bytes(), "old.xlsx", reference)
    store.save(result.actions.drop(columns="scope_ids"), "old.xlsx", result.sha256)
    loaded = store.current().actions
    assert loaded["scope_ids"].tolist() == [[]] * len(result.actions)


def test_scope_ids_survive_the_round_trip(tmp_path, reference):
    store = ImportStore(tmp_path)
    actions = validate((FILES / "unknown_cci.xlsx").read_bytes(), "x.xlsx", reference).actions
    actions["scope_ids"] = [["EUSAIR", "BLACKSEA"]] + [[]] * (len(actions) - 1)
    store.save(actions, "x.xlsx", "0" * 64)
    assert store.current().actions["scope_ids"].tolist() == actions["scope_ids"].tolist()
