"""Workshop tables: from a registration list to pairs, group-work tables, a projector view and an XLSX."""

import streamlit as st

from coopdata.ui import data, presentation, url_codes
from coopdata.ui import live as live_ui
from coopdata.ui import workshop as ui
from coopdata.ui.safe import plain

ds = data.dataset_or_stop()
present = presentation.is_on()  # projecting: one table full screen, everything else folded away

if live_ui.facilitator_token():  # /workshop?live=<token>: a live workshop's facilitator view and projector
    live_ui.facilitator_page(ds)
    url_codes.end_page()

st.title("Workshop tables")
loaded = ui.loaded_name()  # once a list is loaded, it folds into one line: the tables start on the first screen
if not present and not loaded:  # projecting: no explanations
    st.markdown("Upload the registration list of a partner-search workshop. The app matches each participant to "
                "a programme and to the topic vocabulary, scores every pair, and proposes group-work tables. "
                "Names and e-mails stay in this browser session: they are never saved, logged or exported unless "
                "you choose them for the download.")
    live_ui.opener()

settings = (st.expander(f"Registration list: {plain(loaded, 200)}" + (", tables and seating" if present else ""))
            if loaded else st.container())
with settings:
    reg = ui.upload(ds)
if reg is not None and not loaded:
    st.rerun()  # a list was just loaded: draw the page again with the list folded into one line
if reg is None:
    st.info("No list loaded yet. Expected columns: participant, e-mail (optional), organisation or programme "
            "(CCI or title), country, region (optional), topics of interest, partnership scope wanted. "
            "Or try the page with the fictional example list.")
    url_codes.end_page()

if present:  # the projector alone; the list, the seating and the table choice stay one click away
    participants = ui.participants(reg)
    pairs = ui.scores(participants, ds)
    with settings:
        table_of, summary = ui.tables_section(participants, pairs)
    ui.projector(participants, summary, controls=settings)
    if reg.fictional:
        st.caption("FICTIONAL example list: participants and registrations are invented.")
    url_codes.end_page()

review, tables, pairs_tab, projector, download = st.tabs(
    ["1 · Check matches", "2 · Tables", "3 · Pairs", "4 · Projector", "5 · Download"])
with review:
    participants = ui.review(reg, ds)
pairs = ui.scores(participants, ds)
with tables:
    table_of, summary = ui.tables_section(participants, pairs)
with pairs_tab:
    ui.pairs_section(participants, pairs, table_of)
with projector:
    ui.projector(participants, summary)
with download:
    ui.download(reg, participants, pairs, table_of, summary)
