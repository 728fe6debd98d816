"""Partner search: programmes elsewhere that fund my topic, in the kind of place I want to cooperate with.

Every criterion is bound to the URL, so the link in the address bar (and in the shortlist export)
reopens the same search. The matching itself is coopdata.analysis.partners.
"""

import streamlit as st

from coopdata.analysis import actions as act
from coopdata.analysis import partners as pt
from coopdata.exports import sheets_to_csv_bytes, sheets_to_xlsx_bytes
from coopdata.ui import actions as imported
from coopdata.ui import (
    components,
    data,
    filters,
    geo,
    partners_view,
    presentation,
    projected,
    sources_view,
    url_codes,
)
from coopdata.ui.safe import plain
from coopdata.vocabularies import (
    NON_THEMATIC_TOPICS,
    SCOPE_LABELS,
    country_names,
    normalise_country,
    topic_labels,
)

TOP = 10  # rows shown before "show all": the answer fits one projected screen
# Projected: what a room reads, in this order (the grid's managing authority and page stay on the desk).
PROJECTED_COLUMNS = {"rank": "#", "programme": "Programme", "why_here": "Why there",
                     "topics": "Your topics it funds (EU amount)", "countries": "Country"}

ds = data.dataset_or_stop()
f = filters.current()
present = presentation.is_on()  # projecting: the count as a headline, no explanatory captions or exports
names = country_names()
labels = topic_labels()


def normalise_country_code(value: str) -> str:
    return normalise_country(value.strip()) or value  # 'GR', 'it', 'Deutschland' -> the code the data uses


st.title("Partner search")

# Every criterion is read from the link by code or label (p_region=ITF51, p_topic=energy) and written back as codes.
topic_options = {t: label for t, label in labels.items() if t not in NON_THEMATIC_TOPICS}
all_countries = sorted(names, key=names.get)
url_codes.seed("p_country", {c: names.get(c, c) for c in partners_view.countries_in(ds, f.period)},
               what="Your country", normalise=normalise_country_code)
url_codes.seed("p_start", partners_view.start_programmes(ds, f.period, None).lines, what="Your programme",
               free=partners_view.starts_typed(ds, f.period))
url_codes.seed("p_region", partners_view.start_regions(ds, None, f.period), what="NUTS 3 region")
url_codes.seed("p_topic", topic_options, many=True, what="Topics")
url_codes.seed("p_scope", SCOPE_LABELS, default="eu-wide", what="Scope of partnership")
for key, what in (("p_partners", "Partner countries"), ("p_leave", "Countries to leave out")):
    url_codes.seed(key, names, many=True, what=what, normalise=normalise_country_code)
url_codes.seed_flag("p_own", "Own country too")
# A link with a starting point and topics has fixed the search: its settings fold into one line, so the ranked
# list starts on the first screen. Decided once per visit: choosing a region by hand never folds them away.
fixed = st.session_state.setdefault("p_link_fixed", bool((st.session_state["p_start"] or st.session_state["p_region"])
                                                         and st.session_state["p_topic"]))
summary = partners_view.settings_line(ds, f.period, st.session_state, labels, names)
if not present and not fixed:
    st.caption(f"Programmes of {f.period} that fund your topics, in the kind of place you want to cooperate with. "
               "Period and funds come from the sidebar.")
settings = st.expander(f"Search settings: {plain(summary, 300)}", expanded=False) if fixed else st.container()
with settings:
    c1, c2, c3 = st.columns([1, 3, 2])
    country = c1.selectbox("Your country", partners_view.countries_in(ds, f.period), index=None, key="p_country",
                           format_func=lambda c: names.get(c, c), placeholder="Any")
    starts = partners_view.start_programmes(ds, f.period, country)
    lines = starts.lines
    # A typed start (or a link's, outside the list) is kept as typed: coopdata.analysis.partners resolves it.
    start = c2.selectbox("Your programme (type part of its title or its CCI)", list(lines), index=None,
                         key="p_start", format_func=lambda c: lines.get(c, c),
                         placeholder="Choose a programme", accept_new_options=partners_view.starts_typed(ds, f.period))
    if starts.cut:
        c2.caption(starts.cut_note(f"of {f.period}" + (f" in {names.get(country, country)}" if country else ""),
                                   "type a CCI or part of a title and press Enter to start from any other"
                                   + ("" if country else ", or choose your country to shorten the list")))
    region_lines = partners_view.start_regions(ds, country, f.period)
    region = c3.selectbox("NUTS 3 region (optional: the place to search around)", list(region_lines), index=None,
                          key="p_region", format_func=lambda r: region_lines.get(r, r),
                          placeholder="The whole programme area")

    c1, c2, c3, c4 = st.columns([3, 2, 2, 2.5 if present else 2])  # room for "Own country too" in full
    topics = c1.multiselect("Topics", list(topic_options), key="p_topic", format_func=lambda t: labels.get(t, t))
    scope = c2.selectbox("Scope of partnership", list(SCOPE_LABELS), key="p_scope", format_func=SCOPE_LABELS.get)
    wanted = ()
    if scope == "countries":
        wanted = c3.multiselect("Partner countries", all_countries, key="p_partners",
                                format_func=lambda c: names.get(c, c))
    leave_out = c3.multiselect("Countries to leave out", all_countries, key="p_leave",
                               format_func=lambda c: names.get(c, c))
    allow_own = c4.checkbox("Own country too", key="p_own",
                            help="Cooperation actions need partners in another Member State; tick to list your own country's programmes as well.")
for key, value, default in (("p_country", country, None), ("p_start", start, None), ("p_region", region, None),
                            ("p_topic", list(topics), None), ("p_scope", scope, "eu-wide"),
                            ("p_partners", list(wanted), None), ("p_leave", list(leave_out), None),
                            ("p_own", allow_own, None)):
    url_codes.write(key, value, default)

query = pt.Query(start=start or "", topics=tuple(topics), scope=scope, region=region or "",
                 countries=tuple(wanted), funds=f.funds, period=f.period, leave_out=tuple(leave_out),
                 allow_own_country=allow_own)
action_filter = imported.action_filter_controls("p_act")
actions = imported.current_actions()
found = partners_view.search(ds, query, actions, action_filter)
result = found.result
if actions is not None:  # the imported actions rank the candidates, filter or not
    imported.fictional_banner()
if action_filter and action_filter.active:
    st.caption(act.filter_sentence(action_filter, labels, query.topics))

if result.message:
    st.info(plain(result.message))
else:
    table = found.table
    st.header(f"{len(table)} programme{'s' if len(table) > 1 else ''} match, best first",
                 help="Ranked by planned cooperation actions (imported database), then the number of your "
                      "topics funded, then the EU amount in them (unpublished amounts last), then CCI.")
    table_slot = st.container()
    if not present:  # below the list, so the list starts on the first screen; projected, the settings line says it
        st.caption(f"From {plain(result.start.label, 200)}. Tick rows to build a shortlist."
                   + ("" if actions is not None else " No cooperation-action database is imported: the ranking "
                      "uses public finances only (see Data & sources)."))
    show_all = len(table) > TOP and st.toggle(f"Show all {len(table)} (top {TOP} shown)", key="p_all")
    shown = table if show_all else table.head(TOP)
    if present:  # projected: large type, the columns that matter, wrapped (the grid is for the desk)
        with table_slot:
            projected.show(shown, PROJECTED_COLUMNS, numeric=("rank",))
    else:
        event = table_slot.dataframe(
            shown, key="p_results", hide_index=True, on_select="rerun", selection_mode="multi-row",
            # Countries are named in "Why there"; the export keeps the column.
            column_order=["rank", "programme", "topics", "why_here", "managing_authority", "programme_page"],
            column_config={
                "rank": st.column_config.NumberColumn("#", width=40),
                "programme": st.column_config.TextColumn("Programme", width="medium"),
                "topics": st.column_config.TextColumn("Your topics it funds (EU amount)", width="large"),
                "why_here": st.column_config.TextColumn("Why there", width="medium"),
                "managing_authority": st.column_config.TextColumn("Managing authority", width="medium"),
                "programme_page": st.column_config.LinkColumn("Page", display_text="open", width=60),
            })

        # Every candidate (not only the rows shown), with the columns the screen leaves out.
        fictional = actions is not None and imported.is_fictional()
        components.export_view(table, "p_results", f"Partner search {f.period}", fictional=fictional)
        left, right = st.columns([2, 1])
        with right:
            st.subheader("Where the candidates are")
            st.dataframe(found.per_country, key="p_countries", hide_index=True,
                         column_config={"code": None})
        with left:
            picked = shown.iloc[event.selection.rows]
            st.subheader(f"Shortlist ({len(picked)})")
            if picked.empty:
                st.caption("Tick rows in the list above to add them here.")
            else:
                st.dataframe(picked[["rank", "programme", "cci", "managing_authority"]], key="p_shortlist",
                             hide_index=True)
                link = pt.search_link(st.context.url or "", {k: st.query_params.get_all(k) for k in st.query_params})
                tables = pt.shortlist_tables(picked, pt.criteria_table(result), link, sources_view.sources(ds), actions)
                fictional = "data" in tables["Shortlist"]
                stem = "partner_shortlist_FICTIONAL" if fictional else "partner_shortlist"
                d1, d2 = st.columns(2)
                # The files are made when a button is clicked, not on every run.
                d1.download_button("Download CSV", lambda: sheets_to_csv_bytes(tables), f"{stem}.csv", "text/csv",
                                   key="p_csv", on_click="ignore")
                d2.download_button("Download XLSX", lambda: sheets_to_xlsx_bytes(tables), f"{stem}.xlsx",
                                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                   key="p_xlsx", on_click="ignore")

    # Full width below: the same answer as the country table above, on a map.
    st.header("Map of the candidates")
    geo.partner_map(ds, result, key="p_map")
