"""Who may change the database: local mode, editor, viewer (a pure function of settings and session)."""

import pytest

from coopdata import settings
from coopdata.importer.rights import EDITOR, LOCAL, VIEWER, access

EDITORS = frozenset({"anna@example.eu"})


@pytest.mark.parametrize(("auth", "logged_in", "email", "editors", "mode", "identity", "can_edit", "caption"), [
    (False, False, None, frozenset(), LOCAL, "local user", True,
     "Local mode: anyone using this computer can import, edit and restore (no sign-in is configured)."),
    (True, True, "Anna@Example.eu", EDITORS, EDITOR, "Anna@Example.eu", True,
     "Signed in as Anna@Example.eu — editor: you can import, edit and restore."),
    (True, True, "bob@example.eu", EDITORS, VIEWER, "bob@example.eu", False,
     "Signed in as bob@example.eu — viewer: only the editors named by this deployment can change the database."),
    (True, False, "anna@example.eu", EDITORS, VIEWER, None, False, "Viewer: sign in to change the database."),
    (True, False, None, frozenset(), VIEWER, None, False, "Viewer: sign in to change the database."),
    # editors named but no sign-in configured: nobody can prove who they are, so nobody changes anything
    (False, True, "anna@example.eu", EDITORS, VIEWER, "anna@example.eu", False,
     "Signed in as anna@example.eu — viewer: only the editors named by this deployment can change the database."),
    (False, False, None, EDITORS, VIEWER, None, False,
     "Viewer: this deployment is read-only (editors are named but no sign-in is configured)."),
])
def test_rights(auth, logged_in, email, editors, mode, identity, can_edit, caption):
    who = access(auth, logged_in, email, editors)
    assert (who.mode, who.identity, who.can_edit, who.caption()) == (mode, identity, can_edit, caption)


def test_editors_setting_is_read_when_asked(monkeypatch):
    monkeypatch.delenv(settings.EDITORS_ENV, raising=False)
    assert settings.editors() == frozenset()
    monkeypatch.setenv(settings.EDITORS_ENV, " Anna@Example.eu, bob@example.eu ,, ")
    assert settings.editors() == frozenset({"anna@example.eu", "bob@example.eu"})
