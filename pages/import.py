"""Import database: upload the support team's workbook, check it, store it (issue #6); the history of versions,
their differences, restoring one and correcting rows (issue #21). Only editors (or anyone in local mode) change it."""

import streamlit as st

from coopdata.analysis import actions as act
from coopdata.importer import template
from coopdata.importer.example import EXAMPLE_PATH
from coopdata.importer.read import MAX_COLUMNS, MAX_DATA_ROWS, MAX_FILE_BYTES, REFUSED_UNOPENED
from coopdata.ui import actions as ui
from coopdata.ui import data, presentation

# An import is checked against the programme list and NUTS regions in data/: say so if they are broken.
data.dataset_or_stop()

st.title("Import the programme database")
if not presentation.is_on():  # projecting: no explanations
    st.markdown("Cooperation-action details (planned or not, approach, partnership scope, partner countries, "
                "status) come only from the programme support team's own workbook. Import it here; the other "
                "pages then use it. An import either fully succeeds or changes nothing.")

who = ui.mode_line()  # local mode, editor or viewer: said on the page, enforced where the store is written

# The result of an import, at the top and again where the Import button was: the browser keeps the page scrolled
# down there after the rerun, so the confirmation is in view either way.
done = st.session_state.pop("import_done", None)
if done:
    st.success(done)
ui.loaded_status()

# Projecting: the template and the upload fold into one line; the database in use and the report stay.
# Viewers on a protected deployment get the template, the history and the differences: nothing that changes.
source = None
with st.expander("Template and upload") if presentation.is_on() else st.container():
    st.header("1. Template")
    # The workbook is made when the button is clicked (not on every run); on_click="ignore" keeps the page as it is.
    st.download_button("Download the template (xlsx)", template.template_bytes, key="template_download",
                       file_name=template.FILE_NAME, on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st.caption("One row per programme and objective (or topic). The Instructions sheet explains every column; "
               "the Lists sheet gives the accepted values. Several values in one cell: separate with ';' or ','.")

    if who.can_edit:
        st.header("2. Upload")
        MAX_MB = MAX_FILE_BYTES // 1024 // 1024
        upload = st.file_uploader(f"Workbook (.xlsx) or CSV, at most {MAX_MB} MB", key="upload")
        st.caption(f"Limits: {MAX_MB} MB, {MAX_DATA_ROWS:,} rows of data, {MAX_COLUMNS} columns. A programme "
                   "database is a few hundred rows; the limits keep one oversized or damaged file from slowing the "
                   f"dashboard for everyone. {REFUSED_UNOPENED}")
        if st.button("Use the FICTIONAL example workbook (training)", key="use_example"):
            st.session_state["example_chosen"] = True
        if upload is not None:
            st.session_state["example_chosen"] = False
            source = (upload.name, upload.getvalue())
        elif st.session_state.get("example_chosen"):
            source = (EXAMPLE_PATH.name, EXAMPLE_PATH.read_bytes())
            st.warning("FICTIONAL example workbook: real programmes, made-up cooperation actions.", icon="⚠️")

if source:
    name, data = source
    first = ui.check(data, name, None)
    if first.readable and first.headers:
        with st.expander("Column mapping: which of your columns holds each template column", expanded=False):
            mapping = ui.mapping_widgets(first, can_save=who.can_edit)
        result = ui.check(data, name, mapping)
    else:
        result = first
    st.header("3. Report")
    ui.report_view(result)
    if result.ok:
        counts = act.summary(result.actions)
        st.info(f"Ready: {counts['rows']:,} action rows for {counts['programmes']:,} programmes, "
                f"{counts['programmes_planning']:,} of them planning cooperation actions.")
        if st.button("Import this database", key="do_import", type="primary"):
            meta = ui.save(result)  # checks the rights itself
            if meta is not None:
                st.session_state["import_done"] = (
                    f"Imported {meta['rows']:,} action rows for {meta['programmes']:,} programmes from "
                    f"'{ui.plain(meta['file_name'])}'. It is now the database in use (version {meta['version']}).")
                st.session_state["example_chosen"] = False
                st.rerun()
    else:
        st.error(f"Nothing was imported: fix the {len(result.report.errors):,} error(s) and upload the file again. "
                 "The database in use stays as it was.")

st.header("History")
ui.history_section(who)
if who.can_edit and ui.current_meta() is not None:
    with st.expander("Correct rows of the database in use"):
        ui.edit_section(who)
if done:
    st.success(done, icon=":material/check_circle:")
