"""Streamlit glue for the live workshop (coopdata.workshop.live holds the store and its rules).

- The facilitator opens a workshop on the Workshop tables page and lands on its facilitator view,
  /workshop?live=<facilitator token>: the join QR code, and the live part (count, tables, best pairs), which
  looks at the database every REFRESH_SECONDS (st.fragment with run_every) and redraws the page when the list
  changed. The controls (lock, re-seat, exports, delete) sit in one folded expander.
- Participants open /join?w=<join token> on their phone; after sending, their edit token goes into the link
  (&e=...), so the same device can change or withdraw the entry.

Who may open a workshop: anyone who can open the Workshop page, a viewer of a protected deployment too (viewers
run workshop tables in their own session). It writes to the shared database, but nothing can be reached without
its tokens: there is no list of workshops, and a facilitator link opens only its own workshop.

Nothing personal in logs: log lines name workshops by id and entries by number, never a nickname or a title.
Every text a person typed (title, nickname) is shown through safe.plain or the escaped projected tables.
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from coopdata import settings
from coopdata.importer.store import ImportStore, StoreError, StoreWriteError
from coopdata.load import Dataset
from coopdata.ui import components, partners_view, presentation, projected
from coopdata.ui.safe import plain
from coopdata.vocabularies import NON_THEMATIC_TOPICS, SCOPE_LABELS, country_names, scope_key, topic_labels
from coopdata.workshop import export, live, seating
from coopdata.workshop.pairs import Geography, pair_scores, seating_weights, top_matches
from coopdata.workshop.registration import SCOPES

log = logging.getLogger(__name__)

REFRESH_SECONDS = 3  # the projector shows a change within this (plus one page run); tests ask for 10 s
LIVE_PARAM, JOIN_PARAM, EDIT_PARAM = "live", "w", "e"
PERIOD = "2021-2027"  # participants come from the programmes running now
PAIRS_SHOWN = 10
STATE = "live_state"  # facilitator session: the list drawn last and what was worked out from it
FLASH = "live_flash"  # participant session: the message to show once after a change
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DB_DOWN = "The workshop cannot be reached right now (the database does not answer): try again in a moment."


def scope_label(scope: str) -> str:
    """A scope in the words Partner search uses for it ('sea basin' -> 'Same sea basin')."""
    return SCOPE_LABELS[scope_key(scope)]


def store() -> ImportStore:
    """The project's database, with the workshops past their keeping time deleted (cheap: see live.purge)."""
    s = ImportStore()
    try:
        gone = live.purge(s)
    except (StoreError, StoreWriteError) as exc:
        log.warning("live workshops: the purge could not run (%s)", type(exc).__name__)
    else:
        if gone:
            log.info("live workshops: %d deleted after their keeping time", gone)
    return s


def _local(when: dt.datetime) -> str:
    """A time as the viewer's browser counts it (its time zone), else in UTC."""
    zone_name = st.context.timezone
    try:
        zone = ZoneInfo(zone_name) if zone_name else None
    except (KeyError, ValueError):
        zone = None
    return when.astimezone(zone).strftime("%H:%M") if zone else f"{when.astimezone(dt.UTC):%H:%M} UTC"


def _base_url() -> str:
    return settings.public_url() or components.app_base_url()


# ---- facilitator ------------------------------------------------------------------------------------------

def facilitator_token() -> str | None:
    return st.query_params.get(LIVE_PARAM) or None


def opener() -> None:
    """The form that opens a live workshop (on the Workshop tables page)."""
    with st.expander("Live workshop: participants enter their interests from their phones"):
        st.caption("Open a workshop, project its QR code: each participant picks their programme, topics and "
                   "the partners they look for on their phone, and this screen pairs them and proposes tables as "
                   "they arrive. You get a private facilitator link; nobody can see the entries without it. "
                   "Entries are deleted automatically after closing.")
        with st.form("live_open", border=False):
            title = st.text_input("Workshop title", max_chars=live.MAX_TITLE, key="live_title")
            c1, c2 = st.columns(2)
            minutes = c1.number_input("Open for (minutes)", min_value=5, max_value=24 * 60, value=120, step=15,
                                      key="live_minutes")
            keep = c2.number_input("Delete the entries this many hours after closing", min_value=1,
                                   max_value=live.MAX_KEEP_HOURS, value=live.KEEP_HOURS, key="live_keep")
            go = st.form_submit_button("Open a live workshop")
        if not go:
            return
        now = dt.datetime.now(dt.UTC)
        try:
            opened = live.open_workshop(store(), title, now + dt.timedelta(minutes=int(minutes)), int(keep), now)
        except ValueError as exc:
            st.error(plain(f"The workshop was not opened: {exc}."))
            return
        except (StoreError, StoreWriteError):
            st.error(DB_DOWN)
            return
        log.info("live workshop %d opened", opened.workshop.id)
        st.session_state.pop(STATE, None)
        st.session_state["live_just_opened"] = True
        st.query_params[LIVE_PARAM] = opened.facilitator_token
        st.rerun()


def _entries_key(found: pd.DataFrame, w: live.Workshop) -> tuple:
    """What the live view shows depends on: the entries and whether the list takes entries."""
    return (tuple(map(tuple, found.astype(str).itertuples(index=False))), w.refusal() is None, w.locked)


def _work(found: pd.DataFrame, ds: Dataset, size: int, seed: int) -> dict:
    """Participants, pairs, seating and tables of the list: the same pure functions as an uploaded list."""
    titles = dict(zip(ds.programmes["cci"], ds.programmes["title"], strict=True))
    people = live.participants(found, titles)
    out = {"participants": people, "pairs": None, "seating": None, "summary": None}
    if len(people) >= 2:
        pairs = pair_scores(people, Geography.from_dataset(ds))
        weights = seating_weights(pairs)
        table_of = seating.propose_seating(list(people["code"]), weights, size, seed=seed)
        out |= {"pairs": pairs, "seating": table_of,
                "summary": seating.table_summary(table_of, people, pairs, weights)}
    return out


def _tables_frame(work: dict, names: bool) -> pd.DataFrame:
    labels = topic_labels()
    people = work["participants"].set_index("code")

    def who(c: str) -> str:
        nick = people.at[c, "label"]
        return f"{nick} ({c})" if names and nick else c

    summary = work["summary"]
    return pd.DataFrame({"table": summary["table"].map(lambda t: f"Table {t}"),
                         "members": summary["members"].map(lambda ms: ", ".join(who(c) for c in ms)),
                         "topics": summary["common_topics"].map(
                             lambda ts: ", ".join(labels[t] for t in ts[:3]) or "no topic in common")})


def best_pairs(pairs: pd.DataFrame, n: int = PAIRS_SHOWN) -> pd.DataFrame:
    """The n best pairs scoring above 0 (score, then list order): pair, score, why."""
    best = pairs[pairs["score"] > 0].sort_values(["score", "a", "b"], ascending=[False, True, True]).head(n)
    return pd.DataFrame({"pair": best["a"] + " + " + best["b"], "score": best["score"],
                         "why": best["reasons"].map("; ".join)})


def _status(w: live.Workshop) -> str:
    why = w.refusal()
    if w.locked:
        return "List locked: no more entries or changes."
    if why:
        return f"Closed at {_local(w.closes_at)}."
    return f"Open until {_local(w.closes_at)}."


@st.fragment(run_every=REFRESH_SECONDS)
def _live_part(token: str, names: bool) -> None:
    """Looks at the database every few seconds; redraws the whole page when the list changed (so the exports
    are of the list on screen), else shows what was worked out."""
    s = ImportStore()
    try:
        w = live.by_facilitator_token(s, token)
        found = live.entries(s, w.id) if w else None
    except (StoreError, StoreWriteError):
        st.warning(DB_DOWN)
        return
    state = st.session_state.get(STATE) or {}
    full = st.session_state.pop("live_full_run", False)  # drawn by the page's run: it has just worked it out
    if not full and (w is None or _entries_key(found, w) != state.get("key")):
        st.rerun()  # the list changed: the whole page catches up (its status, its downloads)
    if w is None or "work" not in state:
        return
    work = state["work"]
    n = len(work["participants"])
    with st.container(key="live_projected"):
        st.metric("Participants", n)
        st.caption(_status(w))
        if n < 2:
            st.info("Waiting for participants: pairs and tables appear from two entries on.")
            return
        st.subheader("Tables", anchor=False)
        projected.show(_tables_frame(work, names), {"table": "Table", "members": "Participants",
                                                    "topics": "Topics in common"},
                       font_px=projected.NAMES_FONT_PX if names else projected.FONT_PX)
        st.subheader("Best pairs", anchor=False)
        best = best_pairs(work["pairs"])
        if best.empty:
            st.caption("No pair shares a topic across a border yet.")
        else:
            projected.show(best, {"pair": "Pair", "score": "Score", "why": "Why"}, numeric=("score",))


def facilitator_page(ds: Dataset) -> None:
    token = facilitator_token()
    try:
        s = store()
        w = live.by_facilitator_token(s, token)
        found = live.entries(s, w.id) if w else None
    except (StoreError, StoreWriteError):
        st.error(DB_DOWN)
        return
    if w is None:
        st.title("Live workshop")
        st.error("This facilitator link is not known: the workshop was deleted (by its facilitator, or "
                 "automatically after closing), or the link is incomplete.")
        if st.button("Back to Workshop tables", key="live_back"):
            del st.query_params[LIVE_PARAM]
            st.rerun()
        return
    present = presentation.is_on()
    st.title(plain(w.title), anchor=False)
    if st.session_state.pop("live_just_opened", False):
        st.success("The workshop is open. This page's link is your private facilitator link, the only way back to "
                   "this workshop: bookmark it, and project in presentation mode or full screen so the room does "
                   "not see it.")
    state = st.session_state.setdefault(STATE, {})
    controls = st.expander("Facilitator controls: names, table size, lock, re-seat, downloads, delete",
                           expanded=False)
    with controls:
        c1, c2 = st.columns(2)
        size = int(c1.number_input("People per table (at most)", min_value=2, max_value=12, value=4, step=1,
                                   key="live_table_size"))
        names = c2.toggle("Show nicknames (not only codes)", key="live_names")
    seed = state.get("seed", 0)
    key = _entries_key(found, w)
    if state.get("key") != key or state.get("settings") != (size, seed):
        state.update(key=key, settings=(size, seed), work=_work(found, ds, size, seed))
    work = state["work"]
    with controls:
        _controls(s, w, work, found, token)

    left, right = st.columns([2, 3], gap="large")
    with left:
        link = live.join_link(_base_url(), w.join_token)
        st.image(live.qr_png(link), caption="Scan to join", width=360 if present else 300)
        st.markdown(f"**{plain(link)}**")
        st.caption(f"Entries are deleted {w.keep_hours} h after closing.")
    with right:
        st.session_state["live_full_run"] = True
        _live_part(token, names)


def _controls(s: ImportStore, w: live.Workshop, work: dict, found: pd.DataFrame, token: str) -> None:
    st.caption("Your private facilitator link (keep it; it is the only way back here):")
    st.code(f"{_base_url()}/workshop?{LIVE_PARAM}={token}", language=None)
    c1, c2, c3 = st.columns(3)
    if c1.button("Unlock the list" if w.locked else "Lock the list", key="live_lock",
                 help="Locked: participants can no longer add, change or withdraw entries."):
        live.set_locked(s, w.id, not w.locked)
        log.info("live workshop %d %s", w.id, "unlocked" if w.locked else "locked")
        st.rerun()
    if c2.button("Propose another seating", key="live_reseat", disabled=work["summary"] is None):
        st.session_state[STATE]["seed"] = st.session_state[STATE].get("seed", 0) + seating.RESTARTS
        st.rerun()
    if c3.button("Close now", key="live_close", disabled=w.refusal() is not None and not w.locked):
        live.close_now(s, w.id)
        st.rerun()
    d1, d2 = st.columns(2)
    if work["summary"] is not None:
        people = work["participants"]

        def workbook() -> bytes:  # built on the click only (a callable), not on every change of the list
            return export.workbook(work["seating"], people, work["summary"],
                                   top_matches(work["pairs"], list(people["code"])),
                                   f"live workshop ({len(people)} participants)", False)

        d1.download_button("Download the tables (XLSX)", workbook, file_name=export.download_name(False), mime=XLSX,
                           key="live_download", on_click="ignore")
    d2.download_button("Download the entries as a registration list (CSV)", live.registration_csv(found),
                       file_name="workshop_registrations.csv", mime="text/csv", key="live_download_list",
                       on_click="ignore", help="The Workshop tables page reads it as an uploaded list.")
    sure = st.checkbox("Delete this workshop and every entry now (cannot be undone)", key="live_delete_sure")
    if st.button("Delete the workshop", key="live_delete", disabled=not sure, type="primary"):
        live.delete_workshop(s, w.id)
        log.info("live workshop %d deleted by its facilitator", w.id)
        st.session_state.pop(STATE, None)
        st.rerun()


# ---- participant ------------------------------------------------------------------------------------------

def _prefill(mine: live.Entry | None, loaded_for: str | None) -> None:
    """The widgets start from the entry being edited (once per edit link)."""
    if mine is not None and st.session_state.get("join_loaded") != loaded_for:
        st.session_state.update({"join_loaded": loaded_for, "join_country": mine.country,
                                 f"join_cci_{mine.country}": mine.cci, f"join_region_{mine.country}": mine.nuts_id,
                                 "join_topics": list(mine.topics), "join_scopes": list(mine.scopes),
                                 "join_nickname": mine.nickname or ""})


def _country(ds: Dataset) -> str | None:
    names = country_names()
    return st.selectbox("Your country", partners_view.countries_in(ds, PERIOD), index=None, key="join_country",
                        format_func=lambda c: names.get(c, c), placeholder="Choose your country")


def _entry_widgets(ds: Dataset, country: str | None) -> live.Entry:
    """The form's widgets (inside st.form: a phone sends nothing until the button); the entry they hold."""
    cci = nuts = None
    if country:
        # Keyed by country: another country starts with its own, empty choices.
        lines = partners_view.start_programmes(ds, PERIOD, country).lines
        cci = st.selectbox("Your programme (type part of its title or its CCI)", list(lines), index=None,
                           key=f"join_cci_{country}", format_func=lambda c: lines.get(c, c),
                           placeholder="Optional: choose your programme")
        regions = partners_view.start_regions(ds, country)
        nuts = st.selectbox("Your region (type its name)", list(regions), index=None, key=f"join_region_{country}",
                            format_func=lambda r: regions.get(r, r), placeholder="Optional: choose your region")
    labels = {t: label for t, label in topic_labels().items() if t not in NON_THEMATIC_TOPICS}
    topics = st.multiselect("Topics you want to cooperate on", list(labels), key="join_topics",
                            format_func=labels.get, placeholder="Choose one or more topics")
    scopes = st.multiselect("Partners you look for", list(SCOPES), key="join_scopes", format_func=scope_label,
                            placeholder="No preference")
    nickname = st.text_input("First name or nickname (optional, shown only if the facilitator switches names on)",
                             max_chars=live.MAX_NICKNAME, key="join_nickname")
    return live.Entry(country=country or "", topics=tuple(topics), scopes=tuple(scopes), cci=cci, nuts_id=nuts,
                      nickname=nickname)


def _privacy(w: live.Workshop) -> None:
    st.caption(f"What is stored: the country, programme, region, topics and partners you choose here, and the "
               f"nickname if you give one; nothing else. It is deleted automatically {w.keep_hours} hours after "
               f"the workshop closes ({_local(w.closes_at)}), or earlier if the facilitator deletes the workshop. "
               "The screen shows you by a code (P07) unless the facilitator switches names on.")


def _flash(text: str) -> None:
    st.session_state[FLASH] = text


def join_page(ds: Dataset) -> None:
    try:
        s = store()
        w = live.by_join_token(s, st.query_params.get(JOIN_PARAM))
        edit = st.query_params.get(EDIT_PARAM)
        mine = live.my_entry(s, w.id, edit) if w else None
    except (StoreError, StoreWriteError):
        st.error(DB_DOWN)
        return
    if w is None:
        st.title("Join a workshop")
        st.error(live.UNKNOWN)
        return
    st.title(plain(w.title), anchor=False)
    if (text := st.session_state.pop(FLASH, None)) is not None:
        st.success(text)
    if edit and mine is None:
        st.warning(live.NO_ENTRY)
        del st.query_params[EDIT_PARAM]
        edit = None
    why = w.refusal()
    if why:
        st.error(why)
        return
    number, entry = mine if mine else (None, None)
    if number is not None:
        st.info(f"You are {live.code(number)} on the screen. Change your entry below, or withdraw it.")
    else:
        st.caption("Tell the room what you look for: the screen pairs you with people from other Member States "
                   "who share your topics.")
    pending_key = f"join_pending_{w.id}"
    pending = st.session_state.setdefault(pending_key, live.new_entry_token())
    _prefill(entry, edit)
    country = _country(ds)  # outside the form: it narrows the programme and region lists
    with st.form("join_form", border=False, enter_to_submit=False):
        chosen = _entry_widgets(ds, country)
        _privacy(w)
        if number is None:
            send = st.form_submit_button("Send my entry", key="join_send", type="primary", width="stretch")
            withdraw = False
        else:
            send = st.form_submit_button("Save changes", key="join_save", type="primary", width="stretch")
            withdraw = st.form_submit_button("Withdraw my entry", key="join_withdraw", width="stretch")
    if not (send or withdraw):
        return
    try:
        if withdraw:
            live.withdraw_entry(s, w.join_token, edit)
            log.info("live workshop %d: entry %d withdrawn", w.id, number)
            del st.query_params[EDIT_PARAM]
            st.session_state[pending_key] = live.new_entry_token()  # a new entry would be a new one
            for k in [k for k in st.session_state if str(k).startswith("join_") and k != pending_key]:
                del st.session_state[k]
            _flash("Your entry is withdrawn: nothing of it is kept. You can send a new one below.")
        elif number is None:
            got = live.add_entry(s, w.join_token, chosen, pending)
            log.info("live workshop %d: entry %d added", w.id, got)
            st.query_params[EDIT_PARAM] = pending
            st.session_state["join_loaded"] = pending  # the widgets already hold the entry
            _flash(f"Thank you: your entry is in. You are {live.code(got)} on the screen. Keep this page open (or "
                   "its link) to change or withdraw it.")
        else:
            live.update_entry(s, w.join_token, edit, chosen)
            log.info("live workshop %d: entry %d changed", w.id, number)
            _flash("Your changes are saved.")
    except live.EntryError as exc:
        st.error("Please " + " and ".join(exc.problems) + ".")
        return
    except live.AlreadySubmitted:  # this device's entry is in already (a second click, a resent request)
        st.query_params[EDIT_PARAM] = pending
        _flash(live.ALREADY)
    except live.LiveError as exc:
        st.error(str(exc))
        return
    except (StoreError, StoreWriteError):
        st.error(DB_DOWN)
        return
    st.rerun()
