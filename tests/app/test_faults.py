"""Faults: a missing or damaged file in data/ gives a page naming the file and the rebuild command on every
page; a damaged imported database falls back to the previous one with a notice; the app never writes
into the built data/."""

import datetime as dt
import hashlib
import json
import shutil

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from coopdata.importer.store import ENV_VAR as IMPORT_DIR_ENV
from coopdata.importer.store import ImportStore
from coopdata.importer.validate import Reference
from coopdata.load import REBUILD_COMMAND
from coopdata.settings import DATA_DIR_ENV
from coopdata.ui.safe import plain
from tests.app.helpers import app_pages, run_page
from tests.conftest import DATA, ROOT
from tests.unit.importer.test_store import _save

PAGES = app_pages()


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ in a folder also named data, which the app reads instead of the built one."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    monkeypatch.setenv(IMPORT_DIR_ENV, str(tmp_path / "imports"))
    return folder


def _run_broken(page_file: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(str(ROOT / page_file)).run()
    return at


def _assert_names_file_and_command(at: AppTest, problem: str):
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert errors == [f"The dashboard's data cannot be loaded. data/programmes.parquet: {problem}. "
                      f"Rebuild it with: {REBUILD_COMMAND}"]


def test_pages_are_discovered():
    assert {"pages/data.py", "pages/partners.py", "pages/import.py"} <= set(PAGES)


@pytest.mark.parametrize("page_file", PAGES)
def test_missing_table_names_the_file_and_the_rebuild_command(page_file, data_copy):
    (data_copy / "programmes.parquet").unlink()
    _assert_names_file_and_command(_run_broken(page_file), "file is missing")


@pytest.mark.parametrize("page_file", PAGES)
def test_truncated_table_names_the_file_and_the_rebuild_command(page_file, data_copy):
    path = data_copy / "programmes.parquet"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    _assert_names_file_and_command(_run_broken(page_file), "file cannot be read (ArrowInvalid)")


@pytest.mark.parametrize("page_file", PAGES)
def test_table_missing_a_column_names_the_file_and_the_rebuild_command(page_file, data_copy):
    path = data_copy / "programmes.parquet"
    pd.read_parquet(path).drop(columns=["funds", "title"]).to_parquet(path)
    _assert_names_file_and_command(_run_broken(page_file), "missing column(s) title, funds")


@pytest.fixture
def damaged_import(tmp_path, monkeypatch):
    """An import store whose database in use has a truncated table; the one before it is good."""
    monkeypatch.setenv(IMPORT_DIR_ENV, str(tmp_path / "imports"))
    store = ImportStore()
    reference = Reference.load(DATA)
    t = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    first = _save(store, reference, "unknown_cci.xlsx", t)
    second = _save(store, reference, "title_rows_above_header.xlsx", t + dt.timedelta(seconds=1))
    with sa.create_engine(store.url).begin() as conn:  # a hand edit in the database breaks one cell
        conn.execute(sa.text("UPDATE action_rows SET scopes = '{not json' WHERE version_id = 2"))
    return first, second


@pytest.mark.parametrize("page_file", ["pages/import.py", "pages/partners.py"])
def test_damaged_import_falls_back_to_the_previous_one_with_a_notice(page_file, damaged_import):
    first, second = damaged_import
    at = run_page(page_file)
    notices = [w.value for w in at.warning if "damaged" in w.value]
    assert notices == [f"The imported database in use is damaged (imported database version {second['version']}: "
                       "its rows cannot be read (JSONDecodeError)). Showing the previous one instead: "
                       f"**unknown\\_cci.xlsx**, imported {first['imported_at']} (UTC). "
                       "Import the workbook again to replace it."]
    if page_file == "pages/import.py":
        in_use = [s.value for s in at.success]
        assert len(in_use) == 1 and in_use[0].startswith("Database in use: **unknown\\_cci.xlsx**")
        assert f"{first['rows']:,} action rows" in in_use[0]


def _hashes(folder) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow  # every page, a search and an import: many seconds
def test_the_app_never_writes_into_data(tmp_path, monkeypatch):
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv(IMPORT_DIR_ENV, str(tmp_path / "imports"))
    before = _hashes(DATA)
    for page in PAGES:
        run_page(page)
    # A search and an import exercise the paths that read most.
    run_page("pages/partners.py", {"p_start": "2021IT16FFPR004", "p_topic": "employment"})
    at = run_page("pages/import.py")
    at.button(key="use_example").click().run()
    at.button(key="do_import").click().run()
    assert not at.exception, at.exception
    assert ImportStore().version() is not None  # the import went to the import folder
    assert _hashes(DATA) == before
    assert sorted(p.name for p in DATA.parent.iterdir() if p.name.startswith(".data")) == []


MANIFEST_LACKING = "The dashboard's data cannot be loaded. " + plain(
    "data/MANIFEST.json: not a manifest the app can use (key 'attribution' is missing; key "
    "'coverage.finances_2021_2027_note' is missing; source 'esif_2014_2020' lacks 'vintage'). Rebuild it with: "
    f"{REBUILD_COMMAND}")  # the message quotes the file's keys: shown as plain text


@pytest.mark.parametrize("page_file", PAGES)
def test_a_manifest_lacking_keys_names_them_on_every_page_and_in_the_log(page_file, data_copy, caplog):
    path = data_copy / "MANIFEST.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    del manifest["attribution"], manifest["coverage"]["finances_2021_2027_note"]
    del manifest["inputs"]["esif_2014_2020"]["vintage"]
    path.write_text(json.dumps(manifest), encoding="utf-8")
    at = _run_broken(page_file)
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [MANIFEST_LACKING]
    assert "the dashboard's data cannot be loaded" in caplog.text and "key 'attribution' is missing" in caplog.text
