"""The imported cooperation actions for the pages, cached by the store's version.

Pages call current_actions(): None when no database was imported (then say the fields come from no
source), else the canonical cooperation_actions table. A new import changes the version, so every
session picks it up on its next rerun; a failed import leaves the version, and the data, as they were.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

import pandas as pd
import streamlit as st

from coopdata.analysis import actions as act
from coopdata.importer.columns import FIELDS
from coopdata.importer.store import ImportStore, StoreError, StoreWriteError
from coopdata.importer.validate import KINDS, ImportResult, Reference, validate
from coopdata.load import data_folder
from coopdata.ui import url_codes
from coopdata.ui.safe import plain
from coopdata.vocabularies import named_scopes


@st.cache_data(show_spinner=False, max_entries=4)
def _in_use(folder: str, version: str) -> tuple[pd.DataFrame, dict, str | None]:
    # `version` is the cache key: a new import is read once, then served from the cache.
    stored, damaged = ImportStore(folder).load_in_use()
    return stored.actions, stored.meta, damaged


log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _cleaned_at_start(folder: str) -> int:
    # Once per server process and import folder: what an import killed before this start left behind.
    return ImportStore(folder).clean_leftovers()


def store() -> ImportStore:
    s = ImportStore()
    _cleaned_at_start(str(s.folder))
    return s


def current_actions() -> pd.DataFrame | None:
    """The imported cooperation_actions table, or None (no database imported, or none can be read).

    When the files of the database in use are damaged, the previous good version is used and a notice
    says so."""
    s = store()
    version = s.version()
    if version is None:
        return None
    try:
        actions, meta, damaged = _in_use(str(s.folder), version)
    except StoreError as exc:
        log.error("imported database in %s cannot be read: %s", s.folder, exc)
        st.error(f"The imported database cannot be read: {plain(exc)}. Import the workbook again.")
        return None
    if damaged:
        log.warning("imported database in %s: %s; the previous version is used", s.folder, damaged)
        st.warning(f"The imported database in use is damaged ({plain(damaged)}). Showing the previous one instead: "
                   f"**{plain(meta['file_name'])}**, imported {plain(meta['imported_at'])} (UTC). "
                   "Import the workbook again to replace it.", icon="⚠️")
    return actions


def current_meta() -> dict | None:
    """File name, import time, rows and fictional flag of the database actually in use (after any fallback)."""
    s = store()
    version = s.version()
    if version is None:
        return None
    try:
        return _in_use(str(s.folder), version)[1]
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


def save(result: ImportResult) -> dict | None:
    """Store a valid result; on a failure while writing, say that the database in use is unchanged."""
    try:
        return store().save(result.actions, result.filename, result.sha256)
    except StoreWriteError as exc:
        log.error("import of %r not stored: %s", result.filename, exc)
        st.error(f"The import failed while writing ({plain(exc.reason)}); nothing was changed: the database in use "
                 "is still the previous one. Tell whoever runs the dashboard: the import folder cannot be written.")
        return None


def loaded_status() -> None:
    """Which database is loaded, when it was imported and from which file; or that there is none."""
    meta = current_meta()
    if meta is None and store().version() is not None:
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


def mapping_widgets(result: ImportResult) -> tuple[tuple[str, str | None], ...]:
    """One select box per template column, preset to the recognised header; returns field -> header."""
    options = ["", *result.headers]
    chosen = []
    cols = st.columns(3)
    for i, f in enumerate(FIELDS):
        preset = result.mapping.get(f.name, "")
        value = cols[i % 3].selectbox(f"{f.label}{' (required)' if f.required else ''}", options,
                                      index=options.index(preset) if preset in options else 0,
                                      key=f"map_{f.name}", help=f.help,
                                      format_func=lambda h: h if h else "— not in the file —")
        chosen.append((f.name, value or None))
    return tuple(chosen)


def report_view(result: ImportResult) -> None:
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
            st.dataframe(frame[frame["kind"] == kind].drop(columns="kind"), hide_index=True, key=f"report_{i}")
    if report.problems:
        st.download_button("Download the report (xlsx)", report.to_xlsx, key="report_download", on_click="ignore",
                           file_name=f"import_report_{PurePath(result.filename).stem}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
