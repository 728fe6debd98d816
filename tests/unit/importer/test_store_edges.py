"""Edges of the import store: a folder that cannot be written (the command line's own exit code, the page's
message) and what a killed import leaves behind (removed at the next start or save, never during one)."""

from __future__ import annotations

import logging
from argparse import Namespace

import pandas as pd

from coopdata.importer import cli
from coopdata.importer.store import ImportStore
from tests.unit.importer.make_files import FILES

VALID = FILES / "unknown_cci.xlsx"  # valid, with one warning


def _import(store_folder):
    return cli.main(Namespace(command="import", file=VALID, store=store_folder))


def test_import_into_a_full_disk_is_exit_3_and_changes_nothing(store_with_previous, monkeypatch, capsys):
    before = store_with_previous.version()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", disk_full)
    assert _import(store_with_previous.folder) == cli.NOT_STORED == 3
    err = capsys.readouterr().err
    assert err == (f"\nNothing was imported: the import folder {store_with_previous.folder} cannot be written (No "
                   "space left on device): nothing was stored and the database in use is unchanged. Make the "
                   "folder writable for this user and free some disk space, or point COOPDATA_IMPORT_DIR to "
                   "another folder.\n")
    assert store_with_previous.version() == before
    assert [p.name for p in (store_with_previous.folder / "versions").iterdir()] == [before]  # nothing half-written


def test_import_into_a_folder_that_cannot_be_made_is_exit_3(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the import folder's parent should be")
    assert _import(blocker / "imports") == 3
    err = capsys.readouterr().err
    assert err.startswith(f"\nNothing was imported: the import folder {blocker / 'imports'} cannot be written (Not a "
                          "directory): nothing was stored")


def _leftovers(store: ImportStore) -> None:
    half = store.folder / "versions" / ".new-k1ll3d"
    half.mkdir(parents=True)
    (half / "actions.parquet").write_bytes(b"PAR1 half")
    (store.folder / ".CURRENT-abc123").write_text("20990101T000000000000Z-deadbeef\n")


def test_leftovers_of_a_killed_import_are_removed_and_logged(store_with_previous, caplog):
    in_use = store_with_previous.version()
    _leftovers(store_with_previous)
    with caplog.at_level(logging.INFO, logger="coopdata.importer.store"):
        assert store_with_previous.clean_leftovers() == 2
    assert sorted(p.name for p in store_with_previous.folder.iterdir()) == [".lock", "CURRENT", "versions"]
    assert [p.name for p in (store_with_previous.folder / "versions").iterdir()] == [in_use]
    assert store_with_previous.version() == in_use
    assert (f"import folder {store_with_previous.folder}: removed 2 leftover(s) of an interrupted import: "
            ".CURRENT-abc123, .new-k1ll3d") in caplog.text
    assert store_with_previous.clean_leftovers() == 0


def test_leftovers_are_not_touched_while_an_import_holds_the_lock(store_with_previous):
    _leftovers(store_with_previous)
    other = ImportStore(store_with_previous.folder)  # another process's view of the same folder
    with store_with_previous._lock(wait=True):
        assert other.clean_leftovers() == 0
        assert (store_with_previous.folder / "versions" / ".new-k1ll3d").is_dir()
    assert other.clean_leftovers() == 2


def test_the_next_import_removes_leftovers_too(store_with_previous, capsys):
    _leftovers(store_with_previous)
    assert _import(store_with_previous.folder) == 0
    versions = sorted(p.name for p in (store_with_previous.folder / "versions").iterdir())
    assert not [v for v in versions if v.startswith(".")] and len(versions) == 2
    assert not list(store_with_previous.folder.glob(".CURRENT-*"))


def test_an_empty_or_missing_folder_needs_no_cleaning(tmp_path):
    assert ImportStore(tmp_path / "never-used").clean_leftovers() == 0
    assert not (tmp_path / "never-used").exists()  # looking does not create it
