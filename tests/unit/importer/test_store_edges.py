"""Edges of the import store: a store that cannot be written (the command line's own exit code, the message
naming the folder), and the folder store of earlier releases carried over into the database once."""

from __future__ import annotations

import json
import logging
from argparse import Namespace

import pandas as pd

from coopdata.importer import cli
from coopdata.importer.store import ImportStore
from coopdata.importer.validate import validate
from tests.unit.importer.make_files import FILES

VALID = FILES / "unknown_cci.xlsx"  # valid, with one warning


def _import(store_folder, *maps):
    return cli.main(Namespace(command="import", file=VALID, store=store_folder, map=list(maps), mapping=None))


def test_import_into_a_full_disk_is_exit_3_and_changes_nothing(store_with_previous, monkeypatch, capsys):
    before = store_with_previous.version()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ImportStore, "_insert", disk_full)
    assert _import(store_with_previous.folder) == cli.NOT_STORED == 3
    err = capsys.readouterr().err
    assert err == (f"\nNothing was imported: the import folder {store_with_previous.folder} cannot be written (No "
                   "space left on device): nothing was stored and the database in use is unchanged. Make the "
                   "folder writable for this user and free some disk space, or point COOPDATA_IMPORT_DIR to "
                   "another folder.\n")
    assert store_with_previous.version() == before
    assert store_with_previous.history()["version"].tolist() == [before]


def test_import_into_a_folder_that_cannot_be_made_is_exit_3(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the import folder's parent should be")
    assert _import(blocker / "imports") == 3
    err = capsys.readouterr().err
    assert err.startswith(f"\nNothing was imported: the import folder {blocker / 'imports'} cannot be written (Not a "
                          "directory): nothing was stored")


def test_the_command_line_records_the_operating_system_user(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli.getpass, "getuser", lambda: "operator7")
    assert _import(tmp_path / "imports") == 0
    assert "(database version 1, by operator7)." in capsys.readouterr().out
    assert ImportStore(tmp_path / "imports").meta()["who"] == "operator7"


def _folder_store(folder, reference) -> dict[str, pd.DataFrame]:
    """The layout of the folder store: versions/<id>/actions.parquet + meta.json, and CURRENT."""
    tables = {}
    for i, name in enumerate(["unknown_cci.xlsx", "title_rows_above_header.xlsx"]):
        result = validate((FILES / name).read_bytes(), name, reference)
        vid = f"2026010{i + 1}T000000000000Z-{result.sha256[:8]}"
        path = folder / "versions" / vid
        path.mkdir(parents=True)
        result.actions.to_parquet(path / "actions.parquet", index=False)
        (path / "meta.json").write_text(json.dumps({
            "version": vid, "file_name": name, "sha256": result.sha256,
            "imported_at": f"2026-01-0{i + 1}T00:00:00+00:00", "rows": len(result.actions),
            "programmes": int(result.actions["cci"].nunique()), "fictional": False, "previous": None}))
        tables[vid] = result.actions
    (folder / "CURRENT").write_text(vid + "\n")
    half = folder / "versions" / ".new-k1ll3d"  # what a killed import of the old store left: not carried over
    half.mkdir()
    (half / "actions.parquet").write_bytes(b"PAR1 half")
    return tables


def test_the_folder_store_is_carried_over_once(tmp_path, reference, caplog):
    folder = tmp_path / "imports"
    tables = _folder_store(folder, reference)
    with caplog.at_level(logging.INFO, logger="coopdata.importer.store"):
        store = ImportStore(folder)
        assert store.version() == 2
    assert f"import folder {folder}: 2 version(s) of the folder store carried over into the database" in caplog.text
    history = store.history().sort_values("version")
    old_ids = sorted(tables)
    assert history[["version", "created_at", "who", "action", "file_name", "rows"]].values.tolist() == [
        [1, "2026-01-01T00:00:00+00:00", f"carried over from {old_ids[0]}", "carried over", "unknown_cci.xlsx", 4],
        [2, "2026-01-02T00:00:00+00:00", f"carried over from {old_ids[1]}", "carried over",
         "title_rows_above_header.xlsx", 4]]
    for vid, old in zip([1, 2], old_ids, strict=True):
        pd.testing.assert_frame_equal(store.load(vid).actions, tables[old])
    # Once: a new process (or a later import) does not carry the folders over again.
    from coopdata.importer import store as module

    module._READY.clear()
    assert ImportStore(folder).history()["version"].tolist() == [2, 1]
    assert (folder / "CURRENT").exists()  # the old layout is left as it was


def test_a_folder_store_without_a_database_is_read_through_the_database(tmp_path, reference):
    folder = tmp_path / "imports"
    _folder_store(folder, reference)
    assert ImportStore(folder).current().meta["file_name"] == "title_rows_above_header.xlsx"


def test_an_empty_or_missing_folder_is_not_created_by_looking(tmp_path):
    store = ImportStore(tmp_path / "never-used")
    assert store.version() is None and store.history().empty and store.mappings() == {}
    assert not (tmp_path / "never-used").exists()
