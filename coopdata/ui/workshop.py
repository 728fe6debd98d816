"""Streamlit glue for the workshop-tables page.

Personal data rule: the uploaded list lives in st.session_state only (never in st.cache_*, never on
disk, never in a log line); exports carry personal columns only when the facilitator picks them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from coopdata.importer.read import MAX_FILE_BYTES, REFUSED_UNOPENED, UnreadableFile
from coopdata.load import Dataset
from coopdata.ui import components, projected
from coopdata.ui.safe import plain
from coopdata.vocabularies import topic_labels
from coopdata.workshop import export, registration, seating
from coopdata.workshop.network import network_figure
from coopdata.workshop.pairs import Geography, pair_scores, ranked_matches, seating_weights, top_matches

UPLOAD_KEY = "workshop_upload"
EXAMPLE_CHOSEN = "workshop_example_chosen"
# Invented participants (the file name says FICTIONAL, and so does the page and every export made from it).
EXAMPLE_PATH = Path(__file__).resolve().parent.parent / "workshop" / "examples" / "workshop_registrations_FICTIONAL.csv"
MAX_MB = MAX_FILE_BYTES // 1024 // 1024  # the server refuses larger uploads too (server.maxUploadSize)
# dict: file_id, registration, participants, pairs (and the participants they score), seating, proposed, size
STATE = "workshop_state"


def _state() -> dict:
    return st.session_state.setdefault(STATE, {})


def _who(participants: pd.DataFrame):
    names = dict(zip(participants["code"], participants["label"], strict=True))
    return lambda code: f"{code} · {names.get(code, '')}"


def upload(ds: Dataset) -> registration.Registration | None:
    """The file uploader; a newly uploaded list is read (in memory) and replaces the previous one.
    A file that cannot be read safely leaves nothing loaded: the previous list is dropped too."""
    uploaded = st.file_uploader(f"Registration list (xlsx or csv), at most {MAX_MB} MB", type=["xlsx", "csv"],
                                key=UPLOAD_KEY,
                                help="Columns: participant, e-mail (optional), organisation or programme (CCI or "
                                     "title), country, region (optional), topics of interest, partnership scope.")
    limits = registration.UPLOAD_LIMITS
    st.caption(f"Limits: {MAX_MB} MB, {registration.MAX_PARTICIPANTS} participants, {limits.max_columns} columns "
               f"(pairs and tables are worked out for every pair of participants). {REFUSED_UNOPENED}")
    # As on the Import page: an invented list to try the page with, one click away.
    if st.button("Use the FICTIONAL example list (training)", key="workshop_use_example"):
        st.session_state[EXAMPLE_CHOSEN] = True
    state = _state()
    if uploaded is not None:
        st.session_state[EXAMPLE_CHOSEN] = False
        file_id, name, read = uploaded.file_id, uploaded.name, uploaded.getvalue
    elif st.session_state.get(EXAMPLE_CHOSEN):
        file_id, name, read = "example", EXAMPLE_PATH.name, EXAMPLE_PATH.read_bytes
    else:
        state.clear()
        return None
    if state.get("file_id") != file_id:
        state.clear()
        state["file_id"] = file_id
        try:
            reg = registration.read_registrations(read(), name, ds.programmes, ds.regions)
        except registration.RegistrationError as exc:
            state["errors"] = [p.text(exc.source) for p in exc.problems]
        except UnreadableFile as exc:
            state["errors"] = [f"{exc} Expected: {exc.expected}."]
        else:
            state["registration"] = reg
            state["participants"] = reg.participants
    if state.get("errors"):
        st.error("This list cannot be used until these problems are fixed in the file (nothing was loaded):\n\n"
                 + "\n".join(f"- {plain(e)}" for e in state["errors"]))
        return None
    return state["registration"]


def loaded_name() -> str | None:
    """The loaded list's file and size ('example.csv, 24 participants'), before the uploader is drawn; None when
    no list is loaded."""
    reg = _state().get("registration")
    return f"{reg.source}, {len(_state()['participants'])} participants" if reg is not None else None


def participants(reg: registration.Registration) -> pd.DataFrame:
    """The participants as corrected so far (review() corrects them), without drawing the review."""
    return _state()["participants"]


def review(reg: registration.Registration, ds: Dataset) -> pd.DataFrame:
    """Programme matches and topics to check, with corrections; returns the corrected participants."""
    state = _state()
    participants = state["participants"]
    if reg.fictional:
        st.warning("This is a FICTIONAL example list: participants and registrations are invented.")
    st.caption(f"{len(participants)} participants read from {plain(reg.source)}.")
    if reg.notices:
        # Notices quote cells of the uploaded file (a region as typed): shown as plain text, never Markdown.
        st.info("To check:\n\n" + "\n".join(f"- {plain(n.text(reg.source))}" for n in reg.notices))
    funded = registration.programme_topics(ds.allocations)
    st.dataframe(registration.review_table(participants, funded), hide_index=True, key="workshop_review")

    who = _who(participants)
    titles = dict(zip(ds.programmes["cci"], ds.programmes["title"], strict=True))
    c1, c2, c3 = st.columns([2, 4, 1], vertical_alignment="bottom")
    code = c1.selectbox("Participant", participants["code"], format_func=who, key="workshop_fix_who")
    cci = c2.selectbox("Programme", [None, *sorted(titles, reverse=True)], key="workshop_fix_cci",
                       format_func=lambda c: "(none)" if c is None else f"{c} · {titles[c]}")
    if c3.button("Set programme", key="workshop_fix_apply"):
        state["participants"] = registration.correct_programme(participants, code, cci, ds.programmes)
        st.rerun()
    labels = topic_labels()
    c1, c2, c3 = st.columns([2, 4, 1], vertical_alignment="bottom")
    code_t = c1.selectbox("Participant", participants["code"], format_func=who, key="workshop_topics_who")
    current = participants.loc[participants["code"].eq(code_t), "topics"].iloc[0]
    chosen = c2.multiselect("Topics", list(labels), default=list(current), format_func=labels.get,
                            key=f"workshop_topics_{code_t}")
    if c3.button("Set topics", key="workshop_topics_apply"):
        state["participants"] = registration.correct_topics(participants, code_t, tuple(t for t in labels if t in chosen))
        st.rerun()
    return state["participants"]


def scores(participants: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """Every pair's score, worked out again only when the participants change (a correction replaces the
    frame): scoring grows with the square of the list, and every click on the page reruns it."""
    geo = Geography.from_dataset(ds)
    if geo.neighbours.empty and geo.scope_members.empty:
        st.caption("Geography (cross-border neighbours, macro-regions, sea basins) is not loaded in this data: "
                   "those scopes are shown as not checked and earn no point.")
    state = _state()
    # Keyed on what scoring reads (not on the frame object): a correction that changes nothing scores nothing.
    key = tuple((p.code, p.country, p.nuts_id if isinstance(p.nuts_id, str) else None, tuple(p.topics), tuple(p.scopes))
                for p in participants.itertuples(index=False))
    if state.get("pairs_of") != key:
        state["pairs"], state["pairs_of"] = pair_scores(participants, geo), key
    return state["pairs"]


def _pairs_view(frame: pd.DataFrame) -> pd.DataFrame:
    labels = topic_labels()
    return frame.assign(shared_topics=frame["shared_topics"].map(lambda ts: ", ".join(labels.get(t, t) for t in ts)),
                        reasons=frame["reasons"].map("; ".join))


def pairs_section(participants: pd.DataFrame, pairs: pd.DataFrame, table_of: dict[str, int] | None) -> None:
    st.markdown("**Pair score** = shared topics of interest, + 1 when the pair shares a topic and its partnership "
                "scopes fit the geography. Two people from the same Member State score 0: a cooperation action "
                "needs a partner in another Member State.")
    code = st.selectbox("Best partners for", participants["code"], format_func=_who(participants),
                        key="workshop_pairs_for")
    ranked = ranked_matches(pairs, code).drop(columns="scope_fit")
    st.dataframe(_pairs_view(ranked), hide_index=True, key="workshop_ranked")
    st.markdown("**Network of pairs** (lines: score 1 or more, thicker = better; colours: tables)")
    components.show_chart(network_figure(participants, pairs, table_of), key="workshop_network",
                          alt="Network of participant pairs, lines for pairs scoring 1 or more, colours for tables; "
                              "the table below lists the same pairs")
    with st.expander("The same as a table: every pair scoring 1 or more"):
        best = pairs[pairs["score"] > 0].sort_values(["score", "a", "b"], ascending=[False, True, True])
        st.dataframe(_pairs_view(best.drop(columns=["eligible", "scope_fit"])), hide_index=True, key="workshop_all_pairs")


def tables_section(participants: pd.DataFrame, pairs: pd.DataFrame) -> tuple[dict[str, int], pd.DataFrame]:
    """Proposed seating for the chosen table size, moves by the facilitator, live scores."""
    state = _state()
    weights = seating_weights(pairs)
    codes = list(participants["code"])
    size = st.number_input("People per table (at most)", min_value=2, max_value=max(2, len(codes)), value=min(4, len(codes)),
                           step=1, key="workshop_table_size")
    again = st.button("Propose again (undo moves)", key="workshop_repropose")
    if again or state.get("size") != size or state.get("weights") != weights:
        state["seating"] = seating.propose_seating(codes, weights, int(size))
        state["proposed"] = seating.seating_score(state["seating"], weights)
        state["size"], state["weights"] = size, weights
    table_of = state["seating"]
    n_tables = max(table_of.values())
    st.caption(f"{len(codes)} participants at {n_tables} tables. The proposal maximises shared topics at each table "
               "(pairs from different Member States); it is optimal on the brute-force cases tested and a "
               "heuristic in general.")

    c1, c2, c3 = st.columns([3, 2, 1], vertical_alignment="bottom")
    who = c1.selectbox("Move", codes, format_func=_who(participants), key="workshop_move_who")
    to = c2.selectbox("to table", list(range(1, n_tables + 1)), key="workshop_move_to")
    if c3.button("Move", key="workshop_move_apply"):
        state["seating"] = table_of = seating.move(table_of, who, int(to))
    total = seating.seating_score(table_of, weights)
    st.metric("Total score (shared topics at the tables)", total, delta=total - state["proposed"] or None)
    summary = seating.table_summary(table_of, participants, pairs, weights)
    labels = topic_labels()
    st.dataframe(summary.assign(members=summary["members"].map(", ".join),
                                common_topics=summary["common_topics"].map(lambda ts: ", ".join(labels[t] for t in ts)),
                                reasons=summary["reasons"].map("; ".join)),
                 hide_index=True, key="workshop_tables")
    return table_of, summary


def projector(participants: pd.DataFrame, summary: pd.DataFrame, controls=None) -> None:
    """One table per screen in large type, readable from the back of a room: its number and shared topics as a
    heading, its members (codes, or names when the facilitator chooses) at 32 px or more. `controls`: where the
    table choice and the names switch go (a folded expander when projecting; here by default)."""
    c1, c2 = (controls or st.container()).columns([1, 2])
    table = c1.selectbox("Table on screen", summary["table"], key="workshop_projector_table",
                         format_func=lambda t: f"Table {t}", label_visibility="collapsed")
    names = c2.toggle("Show names (not only codes)", key="workshop_projector_names")
    row = summary[summary["table"].eq(table)].iloc[0]
    labels = topic_labels()
    topics = ", ".join(labels[t] for t in row["common_topics"][:3]) or "no topic in common"
    members = participants.set_index("code").loc[list(row["members"])].reset_index()
    columns = {"label" if names else "code": "Participant", "country": "Country"}
    columns = {c: h for c, h in columns.items() if c in members}
    with st.container(key="workshop_projected"):
        st.header(f"Table {int(table)}: {plain(topics)}", anchor=False)
        # Names come from an uploaded file: projected.html_table escapes every cell.
        projected.show(members, columns, font_px=projected.NAMES_FONT_PX)


def download(reg: registration.Registration, participants: pd.DataFrame, pairs: pd.DataFrame,
             table_of: dict[str, int], summary: pd.DataFrame) -> None:
    personal = st.multiselect("Personal columns to include", list(registration.PERSONAL_COLUMNS),
                              format_func=registration.PERSONAL_COLUMNS.get, key="workshop_export_personal",
                              help="None by default: participants then appear by code (P01, ...) only.")
    data = export.workbook(table_of, participants, summary, top_matches(pairs, list(participants["code"])),
                           reg.source, reg.fictional, tuple(personal))
    st.download_button("Download the tables (XLSX)", data, file_name=export.download_name(reg.fictional),
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="workshop_download", on_click="ignore")
    # Drawn after the button, so that seeing it means the button holds this run's workbook.
    st.caption(f"The workbook holds the seating of tab 2: {summary['table'].nunique()} tables, "
               f"total score {summary['score'].sum()}; personal columns: "
               f"{', '.join(registration.PERSONAL_COLUMNS[c] for c in personal) or 'none'}.")
