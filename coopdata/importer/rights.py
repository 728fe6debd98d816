"""Who may change the cooperation-action database: a pure function of the deployment's settings and the session.

- Local mode (no sign-in configured and no editors named): whoever uses the app is its only user, on a laptop;
  they may import, edit and restore, recorded as "local user". The README's first command works as it is.
- Protected (sign-in configured in `.streamlit/secrets.toml` [auth], or editors named): viewers explore and
  export; only a signed-in identity named as an editor (COOPDATA_EDITORS, or `[coopdata] editors` in the
  secrets) may change the database. Naming editors without configuring sign-in gives a read-only deployment.

The code paths that write (coopdata.ui.actions.save / restore / save_edits / save_mapping) check `can_edit`
themselves: hiding the buttons is not the protection.
"""

from __future__ import annotations

from dataclasses import dataclass

from coopdata.importer.store import LOCAL_USER

LOCAL, EDITOR, VIEWER = "local", "editor", "viewer"


@dataclass(frozen=True)
class Access:
    mode: str                  # local, editor or viewer
    identity: str | None       # who is recorded with a change: "local user", or the signed-in e-mail
    sign_in_available: bool = False

    @property
    def can_edit(self) -> bool:
        return self.mode in (LOCAL, EDITOR)

    @property
    def signed_in(self) -> bool:
        return self.mode != LOCAL and self.identity is not None

    def caption(self) -> str:
        if self.mode == LOCAL:
            return ("Local mode: anyone using this computer can import, edit and restore (no sign-in is "
                    "configured).")
        if self.mode == EDITOR:
            return f"Signed in as {self.identity} — editor: you can import, edit and restore."
        if self.identity:
            return (f"Signed in as {self.identity} — viewer: only the editors named by this deployment can change "
                    "the database.")
        if self.sign_in_available:
            return "Viewer: sign in to change the database."
        return "Viewer: this deployment is read-only (editors are named but no sign-in is configured)."


def access(auth_configured: bool, logged_in: bool, email: str | None, editors: frozenset[str] | set[str]
           ) -> Access:
    """The rights of one session. `editors` are identities compared without case."""
    named = {e.strip().lower() for e in editors if e and e.strip()}
    if not auth_configured and not named:
        return Access(LOCAL, LOCAL_USER)
    who = email.strip() if logged_in and email and email.strip() else None
    if who and auth_configured and who.lower() in named:
        return Access(EDITOR, who, True)
    return Access(VIEWER, who, auth_configured)
