"""Import page: which mode the app is in (local, editor, viewer), no changing controls for viewers and no change
by a crafted request either; the history of versions, their difference and restoring one."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from coopdata.importer.example import EXAMPLE_PATH
from coopdata.importer.store import ENV_VAR, ImportStore
from coopdata.importer.validate import Reference, validate
from coopdata.settings import EDITORS_ENV
from coopdata.ui.safe import plain
from tests.app.helpers import run_page
from tests.conftest import DATA, ROOT
from tests.unit.importer.make_files import FILES

PAGE = "pages/import.py"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-only-secret",
                 "client_id": "coopdata", "client_secret": "test-only",
                 "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}}
CHANGING = ("upload", "use_example", "do_import", "do_restore", "save_edits", "save_mapping")


@pytest.fixture
def store(tmp_path, monkeypatch) -> ImportStore:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "imports"))
    monkeypatch.delenv(EDITORS_ENV, raising=False)
    return ImportStore()


def _imported(store: ImportStore, *names: str) -> None:
    reference = Reference.load(DATA)
    for name in names:
        path = EXAMPLE_PATH if name == EXAMPLE_PATH.name else FILES / name
        result = validate(path.read_bytes(), name, reference)
        store.save(result.actions, name, result.sha256)


def _protected_page(user: dict, editors: str = "anna@example.eu", monkeypatch=None) -> AppTest:
    monkeypatch.setenv(EDITORS_ENV, editors)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets.update(AUTH)
    at.user = user
    at.run()
    at.switch_page(str(ROOT / PAGE)).run()
    assert not at.exception, at.exception
    return at


def _keys(at: AppTest) -> set[str]:
    found = set()
    for kind in ("button", "file_uploader", "text_input", "selectbox"):
        found |= {e.key for e in at.get(kind) if getattr(e, "key", None)}
    return found


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def _history(at: AppTest):
    return next(d.value for d in at.dataframe if "Version" in d.value.columns)


def test_local_mode_says_so_and_lets_its_user_import(store):
    at = run_page(PAGE)
    assert "Local mode: anyone using this computer can import, edit and restore (no sign-in is configured)." in \
        _captions(at)
    assert {"upload", "use_example"} <= _keys(at)
    at.button(key="use_example").click().run()
    at.button(key="do_import").click().run()
    assert not at.exception, at.exception
    assert store.meta()["who"] == "local user"


def test_an_anonymous_visitor_of_a_protected_deployment_sees_no_way_to_change_it(store, monkeypatch):
    _imported(store, "unknown_cci.xlsx", "title_rows_above_header.xlsx")
    at = _protected_page({"is_logged_in": False}, monkeypatch=monkeypatch)
    assert "Viewer: sign in to change the database." in _captions(at)
    assert _keys(at) & set(CHANGING) == set()
    assert "Correct rows of the database in use" not in [e.label for e in at.expander]  # no row editor either
    assert at.button(key="sign_in").label == "Sign in"
    # what viewers do get: the database in use, the history and the difference of two versions
    assert any(s.value.startswith("Database in use: **title\\_rows\\_above\\_header.xlsx**") for s in at.success)
    assert _history(at)["Version"].tolist() == [2, 1]
    assert at.selectbox(key="diff_from").value == 1 and at.selectbox(key="diff_to").value == 2


def test_a_signed_in_viewer_is_told_who_they_are_and_cannot_change_it(store, monkeypatch):
    at = _protected_page({"is_logged_in": True, "email": "bob@example.eu"}, monkeypatch=monkeypatch)
    assert plain("Signed in as bob@example.eu — viewer: only the editors named by this deployment can change the "
                 "database.") in _captions(at)
    assert _keys(at) & set(CHANGING) == set() and at.button(key="sign_out").label == "Sign out"


def test_a_signed_in_editor_imports_and_is_recorded(store, monkeypatch):
    at = _protected_page({"is_logged_in": True, "email": "anna@example.eu"}, monkeypatch=monkeypatch)
    assert plain("Signed in as anna@example.eu — editor: you can import, edit and restore.") in _captions(at)
    at.button(key="use_example").click().run()
    at.button(key="do_import").click().run()
    assert not at.exception, at.exception
    assert (store.meta()["who"], store.meta()["file_name"]) == ("anna@example.eu", EXAMPLE_PATH.name)


CRAFTED = '''
import streamlit as st
from coopdata.importer.example import EXAMPLE_PATH
from coopdata.ui import actions as ui

# What a request crafted around the hidden buttons would reach: the functions that write.
result = ui.check(EXAMPLE_PATH.read_bytes(), EXAMPLE_PATH.name, None)
st.session_state["outcome"] = [ui.save(result) is None, ui.restore(1) is None,
                               ui.save_edits(result, 1) is None, ui.save_mapping("x", {"cci": "CCI"}) is False]
'''


@pytest.mark.parametrize("user", [{"is_logged_in": False}, {"is_logged_in": True, "email": "bob@example.eu"}])
def test_the_code_that_writes_refuses_a_viewer_whatever_the_request(store, monkeypatch, user, caplog):
    _imported(store, "unknown_cci.xlsx")
    monkeypatch.setenv(EDITORS_ENV, "anna@example.eu")
    at = AppTest.from_string(CRAFTED, default_timeout=60)
    at.secrets.update(AUTH)
    at.user = user
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["outcome"] == [True, True, True, True]
    assert [e.value.split(".")[0] for e in at.error] == [
        "Not allowed: only editors can import a database", "Not allowed: only editors can restore a version",
        "Not allowed: only editors can correct rows", "Not allowed: only editors can save a column mapping"]
    assert store.history()["version"].tolist() == [1] and store.mappings() == {}
    assert "import a database refused: " in caplog.text


def test_history_difference_and_restore(store):
    _imported(store, "unknown_cci.xlsx", "title_rows_above_header.xlsx")
    at = run_page(PAGE)
    assert "Correct rows of the database in use" in [e.label for e in at.expander]  # local mode: its user edits
    history = _history(at)
    assert history[["Version", "Who", "What", "File", "Rows", "Fictional", "In use"]].values.tolist() == [
        [2, "local user", "import", "title_rows_above_header.xlsx", 4, "", "in use"],
        [1, "local user", "import", "unknown_cci.xlsx", 4, "", ""]]
    summary = [m.value for m in at.markdown if m.value.startswith("From version 1 to version 2")]
    # by hand: the files differ in one row's CCI (2021AT16FFPR999 -> 2021AT16FFPR001, objective RSO2.1)
    assert summary == ["From version 1 to version 2: **1** row(s) added, **1** removed, **0** changed."]
    per_programme = next(d.value for d in at.dataframe if "Programme (CCI)" in d.value.columns)
    assert per_programme.values.tolist() == [["2021AT16FFPR001", 1, 0, 0, ""], ["2021AT16FFPR999", 0, 1, 0, ""]]
    at.selectbox(key="restore_pick").set_value(1).run()
    at.button(key="do_restore").click().run()
    assert not at.exception, at.exception
    assert "Version 1 restored as version 3: it is now the database in use." in [s.value for s in at.success]
    assert store.version() == 3 and store.meta()["action"] == "restore" and store.meta()["based_on"] == 1
    assert _history(at)["Version"].tolist() == [3, 2, 1]


def test_saving_the_row_editor_checks_it_like_an_import_and_stores_an_edit_version(store):
    _imported(store, "unknown_cci.xlsx")
    at = run_page(PAGE)
    at.button(key="save_edits").click().run()
    assert not at.exception, at.exception
    assert "Corrections saved as version 2 (4 action rows): it is now the database in use." in \
        [s.value for s in at.success]
    meta = store.meta()
    assert (meta["action"], meta["based_on"], meta["who"], meta["file_name"]) == (
        "edit", 1, "local user", "edited in the app (from version 1)")
    # the same rows (only where they came from differs)
    content = ["cci", "objective_code", "topic_id", "planned", "scopes", "partner_countries", "amount_eur"]
    assert store.load(2).actions[content].equals(store.load(1).actions[content])
