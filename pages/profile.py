"""Programme profile: everything about one programme, and the most similar programmes in other countries."""

import streamlit as st

from coopdata import charts, charts_style
from coopdata.amounts import format_eur
from coopdata.analysis import actions as act
from coopdata.ui import actions as imported
from coopdata.ui import components, data, filters, geo, presentation, profile_view, url_codes
from coopdata.ui.safe import link, plain
from coopdata.vocabularies import country_names, topic_labels

ds = data.dataset_or_stop()
f = filters.current()
present = presentation.is_on()  # projecting: the programme's headline figures and topics chart only

st.title("Programme profile")
# A shared link opens any programme of either period; the list holds those the sidebar filters select.
every = profile_view.every_programme(ds)
url_codes.seed("cci", every, what="Programme")
listing = profile_view.programmes_in(ds, f)
lines = listing.lines
chosen = st.session_state.get("cci")
if chosen in every and chosen not in lines:  # the programme shown stays listed when the filters leave it out
    lines = {chosen: every[chosen], **lines}
# A link that names the programme (or projecting with one chosen) folds the choice into one line: the profile
# starts on the first screen. Decided once per visit.
fixed = st.session_state.setdefault("cci_link_fixed", chosen in every)
with st.expander(f"Programme: {plain(every[chosen], 200)}") if (fixed or present) and chosen in every else st.container():
    cci = st.selectbox("Programme", list(lines), key="cci", placeholder="Type a CCI or part of a programme title",
                       format_func=lines.__getitem__)
    if listing.cut:
        st.caption(listing.cut_note())
    elif not present:
        st.caption(f"Listed: the {listing.programmes:,} programmes of {f.period} the sidebar filters select. For "
                   "others, change the filters (e.g. the period).")
url_codes.write("cci", cci)
if cci is None:
    st.info("Choose a programme: type part of its title or its CCI (for example 2014IT16RFOP007).")
    url_codes.end_page()

about = profile_view.of(ds, cci)
row, facts, topics = about.row, about.facts, about.topics
st.header(plain(row["title"]))
if present:
    m1, m2, m3 = st.columns(3)
    m1.metric("Period", facts["Period"])
    m2.metric("Topics funded", f"{len(topics):,}")
    m3.metric("EU amount (where the source gives one)",
              format_eur(about.eu_total))
else:
    left, right = st.columns(2)
    for i, (label, value) in enumerate(facts.items()):
        target = left if i % 2 == 0 else right
        # Source text shown as typed; only a plain http(s) programme page becomes a link.
        shown = link(value, value) if label == "Programme page" else plain(value)
        target.markdown(f"**{label}:** {shown}")

st.subheader("Allocations by topic")
note = about.note
if topics.empty:
    st.info("The loaded sources list no objective for this programme.")
else:
    if topics["eu_amount"].notna().any():
        with_amount = topics[topics["eu_amount"].notna()]
        components.show_chart(
            charts.topic_bars(with_amount, "eu_amount", present=present), key="profile_topics",
            alt=charts_style.alt_text(f"Bar chart of {cci}'s EU amount per topic", with_amount, "topic",
                                      "eu_amount", format_eur))
    else:
        st.warning("The source gives no EU amount for this programme's objectives: they are listed below "
                   "without amounts.")
    st.caption(note)

if not present:  # projecting: the headline figures and the topics chart only
    if not topics.empty:
        st.subheader("Allocations by objective")
        objectives = about.objectives
        st.dataframe(objectives, hide_index=True, key="profile_objectives",
                     column_config={"eu_amount": st.column_config.NumberColumn("EU amount (EUR)", format="%,.0f"),
                                    "total_amount": st.column_config.NumberColumn("Total amount (EUR)",
                                                                                  format="%,.0f")})
        components.export_view(objectives, "profile_objectives", f"Allocations of {cci}")

    st.subheader("Regions covered")
    regions = about.regions
    if ds.coverage.empty:
        st.info("The programme-to-region coverage table is not in this build yet, so the regions a programme "
                "covers cannot be shown.")
    elif regions.empty:
        st.info("The coverage table lists no region for this programme.")
    else:
        map_column, table_column = st.columns(2)
        with map_column:
            geo.coverage_map(ds, regions, key="profile_map", width=450)
        table_column.dataframe(regions, hide_index=True, key="profile_regions")

    st.subheader("Cooperation actions")
    actions = imported.current_actions()
    if actions is None:
        st.info("No cooperation-action database is loaded. Which objectives carry cooperation actions, with "
                "which approach and partners, comes only from the programme support team's own database.")
    else:
        imported.fictional_banner()
        mine = act.programme_actions(actions, cci, topic_labels(), country_names())
        if mine.empty:
            st.info("The imported database has no row for this programme.")
        else:
            planned = int((mine["Planned"] == "yes").sum())
            st.markdown(f"**{planned} of {len(mine)}** objectives (or topics) of the imported database plan "
                        "cooperation actions.")
            st.dataframe(mine, hide_index=True, key="profile_actions")
            components.export_view(mine, "profile_actions", f"Cooperation actions of {cci}",
                                   fictional=imported.is_fictional())

    st.subheader("Most similar programmes in other countries")
    similar = about.similar.copy()  # shared by sessions: a column is added below
    if similar.empty:
        st.info("No programme of the same period and goal in another country shares a topic with this one.")
    else:
        similar.insert(0, "profile", "profile?cci=" + similar["cci"])
        st.dataframe(similar, hide_index=True, key="profile_similar",
                     column_config={"profile": st.column_config.LinkColumn("Profile", display_text="Open profile"),
                                    "similarity": st.column_config.NumberColumn(format="%.2f")})
        components.export_view(similar.drop(columns="profile"), "profile_similar",
                               f"Programmes most similar to {cci}")
        st.caption("Same period and goal, no country in common. Similarity 0-1: weighted Jaccard of the two "
                   "programmes' topics, each topic weighing its share of the EU amount when both have amounts for "
                   "every topic, otherwise 1 (plain Jaccard of topic sets). Technical assistance and 'not specified' "
                   "are left out.")
