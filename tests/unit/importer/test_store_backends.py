"""The store's promises on both databases it supports: the embedded SQLite file and a real PostgreSQL server
(started by the test: see tests/postgres.py). A failure injected mid-write leaves the previous version in use
and complete; two imports at once (two threads; two processes, as two app servers) both end as versions,
neither half-applied; the difference of two stored versions equals the one computed by hand."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading

import pandas as pd
import pytest

from coopdata.importer import store as store_module
from coopdata.importer.diff import diff
from coopdata.importer.store import ImportStore, StoreWriteError
from coopdata.importer.validate import validate
from tests.conftest import ROOT
from tests.postgres import new_database
from tests.unit.importer import test_diff
from tests.unit.importer.make_files import FILES

_names = itertools.count()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def backend(request, tmp_path):
    """(a function making a store object on one shared database, as each server or session would, the
    command-line arguments and environment that reach the same database)."""
    if request.param == "sqlite":
        folder = tmp_path / "imports"
        return (lambda: ImportStore(folder)), ["--store", str(folder)], {}
    url = new_database(request.getfixturevalue("postgres_server"), f"coopdata_test_{next(_names)}")
    return (lambda: ImportStore(tmp_path / "unused", url=url)), [], {"COOPDATA_DATABASE_URL": url}


def _result(reference, name):
    result = validate((FILES / name).read_bytes(), name, reference)
    assert result.ok, result.report.to_text()
    return result


def test_a_failure_while_switching_leaves_the_previous_version_in_use_and_complete(backend, reference, monkeypatch):
    make, _, _ = backend
    first = _result(reference, "unknown_cci.xlsx")
    make().save(first.actions, first.filename, first.sha256)

    def killed(self, conn, vid):
        raise KeyboardInterrupt("killed after the version and all its rows were written")

    monkeypatch.setattr(ImportStore, "_point", killed)
    second = _result(reference, "title_rows_above_header.xlsx")
    with pytest.raises(KeyboardInterrupt):
        make().save(second.actions, second.filename, second.sha256)
    store = make()
    assert store.version() == 1 and store.history()["version"].tolist() == [1]
    pd.testing.assert_frame_equal(store.current().actions, first.actions)


def test_a_row_refused_midway_leaves_the_previous_version_and_names_the_place(backend, reference, monkeypatch):
    make, _, _ = backend
    first = _result(reference, "unknown_cci.xlsx")
    make().save(first.actions, first.filename, first.sha256)
    real = store_module._records

    def third_row_broken(actions, vid):
        records = real(actions, vid)
        records[2]["cci"] = None
        return records

    monkeypatch.setattr(store_module, "_records", third_row_broken)
    with pytest.raises(StoreWriteError) as exc:
        make().save(first.actions, "again.xlsx", first.sha256)
    place = make().place
    assert str(exc.value).startswith(f"{'the import folder' if make().embedded else 'the database'} {place} "
                                     "cannot be written (")
    assert "cci" in exc.value.reason and "null" in exc.value.reason.lower()
    assert make().history()["version"].tolist() == [1]
    pd.testing.assert_frame_equal(make().current().actions, first.actions)


def test_two_imports_at_once_from_two_threads_both_end_as_versions(backend, reference, monkeypatch):
    make, _, _ = backend
    names = ["unknown_cci.xlsx", "semicolon_delimited.csv"]
    results = {n: _result(reference, n) for n in names}
    make().save_mapping("schema made", {})  # the tables exist before the race
    real_point = ImportStore._point

    def slow_point(self, conn, vid):  # each write holds its transaction open a while
        threading.Event().wait(0.3)
        real_point(self, conn, vid)

    monkeypatch.setattr(ImportStore, "_point", slow_point)
    errors = []

    def run(name):
        try:
            make().save(results[name].actions, name, results[name].sha256)
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    store = make()
    history = store.history().sort_values("version")
    assert history["version"].tolist() == [1, 2] and sorted(history["file_name"]) == sorted(names)
    for vid, name in zip(history["version"], history["file_name"], strict=True):
        pd.testing.assert_frame_equal(store.load(int(vid)).actions, results[name].actions)
    assert store.version() == 2 and int(history["based_on"].iloc[1]) == 1  # the second saw the first


@pytest.mark.slow
def test_two_imports_at_once_from_two_processes_both_end_as_versions(backend, reference):
    """Two `python -m coopdata import` started together, as two app servers writing to one database."""
    make, args, env = backend
    names = ["unknown_cci.xlsx", "title_rows_above_header.xlsx"]
    procs = [subprocess.Popen([sys.executable, "-m", "coopdata", "import", str(FILES / n), *args], cwd=ROOT,
                              env=os.environ | env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in names]
    outputs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    store = make()
    history = store.history().sort_values("version")
    assert history["version"].tolist() == [1, 2] and sorted(history["file_name"]) == sorted(names)
    for vid, name in zip(history["version"], history["file_name"], strict=True):
        stored = store.load(int(vid))
        assert len(stored.actions) == stored.meta["rows"] == 4
        pd.testing.assert_frame_equal(stored.actions, _result(reference, name).actions)
    assert store.version() in (1, 2)


def test_the_diff_of_two_stored_versions_equals_the_hand_computed_one(backend):
    make, _, _ = backend
    store = make()
    old = store.save(test_diff.OLD, "old.xlsx", "0" * 64)
    new = store.save(test_diff.NEW, "new.xlsx", "1" * 64)
    d = diff(store.load(old["version"]).actions, store.load(new["version"]).actions)
    expected = diff(test_diff.OLD, test_diff.NEW)  # itself checked against the hand-computed diff in test_diff
    pd.testing.assert_frame_equal(d.by_programme, expected.by_programme)
    pd.testing.assert_frame_equal(d.changes, expected.changes)
    assert d.totals == {"added": 2, "removed": 1, "changed": 2}


def test_restore_on_both(backend, reference):
    make, _, _ = backend
    first = _result(reference, "unknown_cci.xlsx")
    second = _result(reference, "title_rows_above_header.xlsx")
    make().save(first.actions, first.filename, first.sha256)
    make().save(second.actions, second.filename, second.sha256)
    meta = make().restore(1, who="anna@example.eu")
    assert (meta["version"], meta["action"], meta["based_on"], meta["previous"]) == (3, "restore", 1, 2)
    pd.testing.assert_frame_equal(make().current().actions, first.actions)
