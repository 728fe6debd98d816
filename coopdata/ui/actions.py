"""The imported cooperation actions for the pages, cached by the store's version.

Pages call current_actions(): None when no database was imported (then say the fields come from no
source), else the canonical cooperation_actions table. A new import changes the version, so every
session picks it up on its next rerun; a failed import leaves the version, and the data, as they were.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from pathlib import PurePath

import pandas as pd
import streamlit as st

from coopdata import settings
from coopdata.analysis import actions as act
from coopdata.importer import edit, rights
from coopdata.importer.columns import FIELDS
from coopdata.importer.diff import VersionDiff, diff
from coopdata.importer.rights import Access
from coopdata.importer.store import ImportStore, StoreError, StoreWriteError
from coopdata.importer.validate import KINDS, ImportResult, Reference, validate
from coopdata.load import data_folder
from coopdata.ui import url_codes
from coopdata.ui.safe import plain
from coopdata.vocabularies import named_scopes


@st.cache_data(show_spinner=False, max_entries=4)
def _in_use(folder: str, url: str, version: int) -> tuple[pd.DataFrame, dict, str | None]:
    # `version` is the cache key: a new import is read once, then served from the cache (the database URL and
    # folder say which store: they are text, never an object's identity).
    stored, damaged = ImportStore(folder, url).load_in_use()
    return stored.actions, stored.meta, damaged


log = logging.getLogger(__name__)


def store() -> ImportStore:
    """The store of this deployment: COOPDATA_DATABASE_URL, or the SQLite file in the import folder."""
    return ImportStore()


def _version_in_use(s: ImportStore, say: bool = False) -> int | None:
    """The id of the version in use; None when there is none, or when the database cannot be opened (logged,
    and said on the page when `say`)."""
    try:
        return s.version()
    except StoreError as exc:
        log.error("imported database in %s cannot be opened: %s", s.place, exc)
        if say:  # the page names no folder or server: the log does
            st.error(f"The imported database cannot be opened ({plain(exc.reason or exc)}). Tell whoever runs the "
                     "dashboard; nothing imported can be shown until it is fixed.")
        return None


def current_actions() -> pd.DataFrame | None:
    """The imported cooperation_actions table, or None (no database imported, or none can be read).

    When the files of the database in use are damaged, the previous good version is used and a notice
    says so."""
    s = store()
    version = _version_in_use(s, say=True)
    if version is None:
        return None
    try:
        actions, meta, damaged = _in_use(str(s.folder), s.url, version)
    except StoreError as exc:
        log.error("imported database in %s cannot be read: %s", s.place, exc)
        st.error(f"The imported database cannot be read: {plain(exc)}. Import the workbook again.")
        return None
    if damaged:
        log.warning("imported database in %s: %s; the previous version is used", s.place, damaged)
        st.warning(f"The imported database in use is damaged ({plain(damaged)}). Showing the previous one instead: "
                   f"**{plain(meta['file_name'])}**, imported {plain(meta['imported_at'])} (UTC). "
                   "Import the workbook again to replace it.", icon="⚠️")
    return actions


def current_meta() -> dict | None:
    """File name, import time, rows and fictional flag of the database actually in use (after any fallback)."""
    s = store()
    version = _version_in_use(s)
    if version is None:
        return None
    try:
        return _in_use(str(s.folder), s.url, version)[1]
    except StoreError:
        return None


def is_fictional() -> bool:
    """Whether the database in use is a fictional example (exports made from it must say so)."""
    return bool((current_meta() or {}).get("fictional"))


def fictional_banner() -> None:
    """Pages showing imported fields call this: it says so when the loaded database is fictional."""
    meta = current_meta()
    if meta and meta.get("fictional"):
        st.warning(f"FICTIONAL DATA: the cooperation actions loaded come from '{plain(meta['file_name'])}', a fictional "
                   "example for training. Do not use them for analysis.", icon="⚠️")


def _scope_label(scope: str) -> str:
    names = dict(zip(named_scopes()["scope_id"], named_scopes()["scope_name"], strict=True))
    return f"{scope} — {names[scope]}" if scope in names else scope


def action_filter_controls(key_prefix: str) -> act.ActionFilter | None:
    """'Only programmes planning cooperation actions' and 'Action scope', bound to the URL; shown only when a
    database is loaded (None otherwise). Keys: <key_prefix>_planning, <key_prefix>_scope."""
    if current_meta() is None:
        return None
    c1, c2 = st.columns([1, 2])
    url_codes.seed_flag(f"{key_prefix}_planning", "Only programmes planning cooperation actions")
    url_codes.seed(f"{key_prefix}_scope", {s: _scope_label(s) for s in act.scope_choices()}, many=True,
                   what="Action partnership scope")
    only = c1.toggle("Only programmes planning cooperation actions", key=f"{key_prefix}_planning",
                     help="From the imported cooperation-action database, in the chosen topics when topics are chosen.")
    scopes = c2.multiselect("Action partnership scope (imported database)", act.scope_choices(),
                            key=f"{key_prefix}_scope", format_func=_scope_label, placeholder="Any scope",
                            help="Programmes planning actions with any of these scopes: a generic scope, or a "
                            "named strategy or sea basin.")
    url_codes.write(f"{key_prefix}_planning", bool(only))
    url_codes.write(f"{key_prefix}_scope", list(scopes))
    return act.ActionFilter(bool(only), tuple(scopes))


@st.cache_resource(show_spinner=False)
def _reference(folder: str) -> Reference:
    return Reference.load(folder)


def reference() -> Reference:
    """The public tables an import is checked against (read once per server and data folder)."""
    return _reference(str(data_folder()))


@st.cache_data(show_spinner="Checking the workbook…", max_entries=8)
def check(data: bytes, filename: str, mapping: tuple[tuple[str, str | None], ...] | None) -> ImportResult:
    return validate(data, filename, reference(), dict(mapping) if mapping is not None else None)


def _secrets_section(name: str) -> dict:
    try:
        return dict(st.secrets.get(name) or {})
    except FileNotFoundError:  # no secrets.toml at all: a laptop
        return {}


def access() -> Access:
    """This session's rights: local mode, editor or viewer (coopdata.importer.rights)."""
    auth = _secrets_section("auth")
    listed = _secrets_section("coopdata").get("editors") or []
    editors = settings.editors() | {str(e) for e in ([listed] if isinstance(listed, str) else listed)}
    user = st.user
    return rights.access(bool(auth), bool(user.get("is_logged_in", False)), user.get("email"), editors)


def mode_line() -> Access:
    """Which mode the app is in, as a caption, with Sign in / Sign out when sign-in is configured."""
    who = access()
    st.caption(plain(who.caption()))
    if who.signed_in:
        if st.button("Sign out", key="sign_out"):
            st.logout()
    elif who.sign_in_available:
        if st.button("Sign in", key="sign_in", type="primary"):
            st.login()
    return who


def _editor(what: str) -> Access | None:
    """The session's rights when it may change the database; else None, said on the page and in the log. Every
    function that writes asks this itself: a request crafted around the hidden buttons is refused here."""
    who = access()
    if who.can_edit:
        return who
    log.warning("%s refused: %s has no editor rights", what, who.identity or "an anonymous visitor")
    st.error(f"Not allowed: only editors can {what}. {plain(who.caption())}")
    return None


def _write_failed(what: str, exc: StoreWriteError) -> None:
    log.error("%s not stored: %s", what, exc)
    st.error(f"The import failed while writing ({plain(exc.reason)}); nothing was changed: the database in use "
             "is still the previous one. Tell whoever runs the dashboard: the import folder cannot be written.")


def save(result: ImportResult) -> dict | None:
    """Store a valid result as a new version (editors only); on a failure while writing, say that the database
    in use is unchanged."""
    who = _editor("import a database")
    if who is None or result.actions is None:
        return None
    try:
        return store().save(result.actions, result.filename, result.sha256, who=who.identity,
                            report=report_records(result))
    except StoreWriteError as exc:
        _write_failed(f"import of {result.filename!r}", exc)
        return None


def restore(version: int) -> dict | None:
    """An earlier version stored again as a new version and put in use (editors only)."""
    who = _editor("restore a version")
    if who is None:
        return None
    try:
        return store().restore(int(version), who=who.identity)
    except StoreWriteError as exc:
        _write_failed(f"restore of version {version}", exc)
        return None


def save_edits(result: ImportResult, based_on: int) -> dict | None:
    """Rows corrected in the app, validated like an import (`result`), stored as a new version (editors only)."""
    who = _editor("correct rows")
    if who is None or result.actions is None:
        return None
    try:
        return store().save(result.actions, f"edited in the app (from version {based_on})", result.sha256,
                            who=who.identity, report=report_records(result), action="edit", based_on=based_on)
    except StoreWriteError as exc:
        _write_failed(f"rows edited from version {based_on}", exc)
        return None


def save_mapping(name: str, mapping: dict[str, str]) -> bool:
    who = _editor("save a column mapping")
    if who is None:
        return False
    try:
        store().save_mapping(name, mapping, who=who.identity)
    except StoreWriteError as exc:
        _write_failed(f"column mapping {name!r}", exc)
        return False
    return True


def report_records(result: ImportResult) -> list[dict]:
    return [asdict(p) for p in result.report.problems]


def loaded_status() -> None:
    """Which database is loaded, when it was imported and from which file; or that there is none."""
    meta = current_meta()
    if meta is None:
        try:
            unreadable = store().version() is not None
        except StoreError:
            unreadable = True
        if unreadable:
            current_actions()  # says that the imported database cannot be read
            return
    if meta is None:
        st.info("No database imported yet: cooperation-action fields (planned, approach, scope, partners, "
                "status) come from no source until one is imported here.")
        return
    actions = current_actions()
    counts = act.summary(actions) if actions is not None else {"programmes_planning": 0}
    st.success(f"Database in use: **{plain(meta['file_name'])}**, imported {plain(meta['imported_at'])} (UTC): "
               f"{meta['rows']:,} action rows for {meta['programmes']:,} programmes, "
               f"{counts['programmes_planning']:,} of them planning cooperation actions.")
    fictional_banner()


def mapping_widgets(result: ImportResult, can_save: bool) -> tuple[tuple[str, str | None], ...]:
    """One select box per template column, preset to the recognised header (or to a saved mapping chosen
    here); editors can save the mapping under a name for the next import. Returns field -> header."""
    options = ["", *result.headers]
    saved = saved_mappings()
    if saved:
        name = st.selectbox("Start from a saved mapping", ["", *saved], key="saved_mapping",
                            format_func=lambda n: plain(n) if n else "— the columns recognised —")
        if name != st.session_state.get("saved_mapping_applied", ""):
            st.session_state["saved_mapping_applied"] = name
            for f in FIELDS:  # preset the boxes: headers this file does not have are left empty
                header = saved[name].get(f.name) if name else result.mapping.get(f.name)
                st.session_state[f"map_{f.name}"] = header if header in options else ""
    chosen = []
    cols = st.columns(3)
    for i, f in enumerate(FIELDS):
        preset = result.mapping.get(f.name, "")
        value = cols[i % 3].selectbox(f"{f.label}{' (required)' if f.required else ''}", options,
                                      index=options.index(preset) if preset in options else 0,
                                      key=f"map_{f.name}", help=f.help,
                                      format_func=lambda h: plain(h) if h else "— not in the file —")
        chosen.append((f.name, value or None))
    if can_save:
        c1, c2 = st.columns([2, 1])
        name = c1.text_input("Save this mapping as", key="mapping_name", max_chars=200,
                             placeholder="e.g. Support team workbook 2026")
        if c2.button("Save the mapping", key="save_mapping", disabled=not name.strip()):
            mapping = {f: h for f, h in chosen if h}
            if save_mapping(name, mapping):
                st.success(f"Mapping '{plain(name.strip())}' saved: choose it under 'Start from a saved mapping' "
                           "next time.")
    return tuple(chosen)


def saved_mappings() -> dict[str, dict[str, str]]:
    try:
        return store().mappings()
    except (StoreError, StoreWriteError) as exc:
        log.error("saved column mappings cannot be read: %s", exc)
        return {}


HISTORY_COLUMNS = {"version": "Version", "created_at": "When (UTC)", "who": "Who", "action": "What",
                   "file_name": "File", "rows": "Rows", "programmes": "Programmes", "fictional": "Fictional",
                   "in_use": "In use"}


def history_section(who: Access) -> None:
    """Every version (who, when, file, rows, fictional); the difference between any two; restoring an old one
    as a new version (editors only)."""
    try:
        history = store().history()
    except (StoreError, StoreWriteError) as exc:
        st.error(f"The history cannot be read: {plain(exc)}")
        return
    if history.empty:
        st.caption("No version yet: the first import starts the history.")
        return
    table = history[list(HISTORY_COLUMNS)].rename(columns=HISTORY_COLUMNS)
    table["Fictional"] = table["Fictional"].map(lambda v: "FICTIONAL" if v else "")
    table["In use"] = table["In use"].map(lambda v: "in use" if v else "")
    st.dataframe(table, hide_index=True, key="history_table")
    versions = history["version"].tolist()
    if len(versions) < 2:
        return
    labels = {v: f"{v} — {f} ({w}, {c})" for v, f, w, c in
              zip(history["version"], history["file_name"], history["who"], history["created_at"], strict=True)}
    st.subheader("Difference between two versions")
    c1, c2 = st.columns(2)
    older = c1.selectbox("From version", versions, index=1, key="diff_from", format_func=lambda v: plain(labels[v]))
    newer = c2.selectbox("To version", versions, index=0, key="diff_to", format_func=lambda v: plain(labels[v]))
    try:
        d = version_diff(int(older), int(newer))
    except StoreError as exc:
        st.error(f"These versions cannot be compared: {plain(exc)}.")
        d = None
    if d is not None:
        _diff_view(d, int(older), int(newer))
    if who.can_edit:
        _restore_control(history, labels)


def _diff_view(d: VersionDiff, older: int, newer: int) -> None:
    t = d.totals
    st.markdown(f"From version {older} to version {newer}: **{t['added']:,}** row(s) added, "
                f"**{t['removed']:,}** removed, **{t['changed']:,}** changed.")
    if not d.by_programme.empty:
        st.dataframe(d.by_programme.rename(columns={"cci": "Programme (CCI)", "added": "Added", "removed": "Removed",
                                                    "changed": "Changed", "columns": "Columns changed"}),
                     hide_index=True, key="diff_programmes")
        st.dataframe(d.changes.astype(str).replace({"None": ""}), hide_index=True, key="diff_changes")


def _restore_control(history: pd.DataFrame, labels: dict) -> None:
    versions = history["version"].tolist()
    st.subheader("Restore an earlier version")
    earlier = [v for v in versions if not bool(history.loc[history["version"] == v, "in_use"].iloc[0])]
    pick = st.selectbox("Version to restore", earlier, key="restore_pick", format_func=lambda v: plain(labels[v]))
    if st.button("Restore it as a new version", key="do_restore"):
        meta = restore(int(pick))
        if meta is not None:
            st.session_state["import_done"] = (f"Version {int(pick)} restored as version {meta['version']}: it is "
                                               "now the database in use.")
            st.rerun()


@st.cache_data(show_spinner="Comparing the versions…", max_entries=8)
def _version_diff(folder: str, url: str, older: int, newer: int) -> VersionDiff:
    # Versions are never changed once written: their ids (and the store's text) are a safe cache key.
    s = ImportStore(folder, url)
    return diff(s.load(older).actions, s.load(newer).actions)


def version_diff(older: int, newer: int) -> VersionDiff:
    s = store()
    return _version_diff(str(s.folder), s.url, older, newer)


def edit_section(who: Access) -> None:
    """Editors correct rows in a table; saving checks them like an import and stores a new version."""
    s = store()
    version = _version_in_use(s)
    if version is None or not who.can_edit:
        return
    try:  # the notices about a damaged version were given above, by the status line
        actions, meta, _ = _in_use(str(s.folder), s.url, version)
    except StoreError:
        return
    st.caption("Change cells, add or delete rows, then save: the table is checked like an imported workbook, "
               "and saved as a new version only when it has no error.")
    edited = st.data_editor(edit.edit_frame(actions), num_rows="dynamic", hide_index=True,
                            key=f"editor_{meta['version']}")
    if st.button("Check and save the corrections", key="save_edits"):
        data = edit.edited_workbook(edited)
        result = validate(data, edit.FILE_NAME, reference())
        if not result.ok:
            st.error(f"Nothing was saved: fix the {len(result.report.errors):,} error(s) below (rows are "
                     "counted as in a workbook: the first row of the table is row 2).")
            report_view(result, key="edit_report")
            return
        saved = save_edits(result, int(meta["version"]))
        if saved is not None:
            st.session_state["import_done"] = (f"Corrections saved as version {saved['version']} "
                                               f"({saved['rows']:,} action rows): it is now the database in use.")
            st.rerun()


def report_view(result: ImportResult, key: str = "report") -> None:
    """The report grouped by kind, each group with what to do, and a download of the whole report."""
    report = result.report
    c1, c2, c3 = st.columns(3)
    c1.metric("Action rows read", f"{result.rows_read:,}")
    c2.metric("Errors (block the import)", f"{len(report.errors):,}")
    c3.metric("Warnings (do not block)", f"{len(report.warnings):,}")
    frame = report.to_frame()
    for i, (kind, found) in enumerate(report.by_kind().items()):
        n_err = sum(p.severity == "error" for p in found)
        with st.expander(f"{kind}: {n_err:,} error(s), {len(found) - n_err:,} warning(s)", expanded=n_err > 0):
            st.caption(f"What to do: {KINDS[kind]}")
            st.dataframe(frame[frame["kind"] == kind].drop(columns="kind"), hide_index=True, key=f"{key}_{i}")
    if report.problems:
        st.download_button("Download the report (xlsx)", report.to_xlsx, key=f"{key}_download", on_click="ignore",
                           file_name=f"import_report_{PurePath(result.filename).stem}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
