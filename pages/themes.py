"""Themes: how programmes and EU money spread over topics and objectives, and how that shifted between periods."""

from dataclasses import replace

import streamlit as st

from coopdata import charts, charts_style
from coopdata.amounts import format_eur
from coopdata.analysis import actions as act
from coopdata.analysis import filters as analysis_filters
from coopdata.analysis import themes
from coopdata.ui import actions as imported
from coopdata.ui import components, data, filters, narrowed, presentation, themes_view, url_codes
from coopdata.ui.selection import topic_from_selection
from coopdata.vocabularies import NON_THEMATIC_TOPICS

ds = data.dataset_or_stop()
f = filters.current()
actions = imported.current_actions()
labels = themes_view.topic_labels(ds)  # shared: read only
ALL = "all"
present = presentation.is_on()  # one main chart and the headline numbers when projecting


def focus_clicked_topic():
    # Runs before the rerun, so it may set the focus widget's value (and with it the URL).
    topic = topic_from_selection(st.session_state.get("themes_bars"))
    if topic:
        st.session_state["focus"] = topic


st.title("Themes")

# Projecting: the settings fold away so the headline numbers and the chart fit one 1280x720 screen.
with st.expander("Chart settings") if present else st.container():
    c1, c2, c3 = st.columns([2, 2, 3])
focus_options = [ALL, *themes_view.focus_topics(ds, f)]
url_codes.seed("focus", {ALL: "All topics", **{t: labels.get(t, t) for t in focus_options[1:]}}, default=ALL,
               what="Focus")
focus = c1.selectbox("Focus on one topic (or click a bar)", focus_options, key="focus",
                     format_func=lambda t: "All topics" if t == ALL else labels.get(t, t))
url_codes.write("focus", focus, default=ALL)
ranks = {"eu_amount": "EU amount", "programmes": "Programmes"}
url_codes.seed("rank", ranks, default="eu_amount", what="Rank by")
url_codes.seed_flag("thematic", "Leave out technical assistance")
rank_choice = c2.radio("Rank by", list(ranks), key="rank", horizontal=True, format_func=ranks.get)
thematic_only = c3.toggle("Leave out technical assistance and 'not specified'", key="thematic",
                          help="Both are real money, so they are shown by default and "
                          "shares add up to the filtered total. They say nothing of what a programme funds.")
url_codes.write("rank", rank_choice, default="eu_amount")
url_codes.write("thematic", thematic_only)
exclude = NON_THEMATIC_TOPICS if thematic_only else ()
action_filter = imported.action_filter_controls("themes_act")

page_filters = replace(f, topics=(focus,)) if focus != ALL else f
# The action filter narrows the programmes of both periods (a CCI belongs to one period); None: not narrowed.
kept = narrowed.cci_key(act.planning_ccis(actions, action_filter, page_filters.topics))
if action_filter and action_filter.active:
    imported.fictional_banner()
    st.caption(act.filter_sentence(action_filter, labels, page_filters.topics))
selection = themes_view.topics(ds, page_filters, kept, exclude)
dist, note = selection.dist, selection.note
scope = f"{f.period}" + (f", {labels[focus]}" if focus != ALL else "")
# No headline from a sample: where amounts are known for less than half of the selection, rank by programmes.
measure = rank_choice if selection.amounts_rankable else "programmes"
known = themes.known_for(selection.with_amounts, selection.programmes)


def headline_numbers():
    m1, m2, m3 = st.columns(3)
    m1.metric("Programmes in the selection", f"{selection.programmes:,}")
    m2.metric("of which with objectives known", f"{selection.with_objectives:,}")
    if selection.amounts_rankable:
        m3.metric(f"EU amount, {known}" if f.period == "2021-2027" else "EU amount",
                  format_eur(selection.eu_total))
    else:
        m3.metric("Programmes with EU amounts", f"{selection.with_amounts:,} of {selection.programmes:,}")
    if f.period == "2021-2027":
        (st.caption if present else st.warning)(note)
    if rank_choice == "eu_amount" and measure != rank_choice:
        st.caption(f"Ranked by programmes: EU amounts are {known}, too few to rank topics by.")


def planning_section():
    """The dashboard's subject, from the imported database: programmes planning cooperation actions per topic."""
    fictional = bool((imported.current_meta() or {}).get("fictional"))
    planning_label = "Programmes planning cooperation actions (imported database" + (
        ", FICTIONAL)" if fictional else ")")
    st.header(f"Programmes planning cooperation actions per topic, {scope}" + (" — FICTIONAL data" if fictional
                                                                                   else ""))
    imported.fictional_banner()
    # Planning is counted among the programmes in the sidebar filters, whether or not the public data lists
    # an allocation in the topic (2021-2027 public data is partial).
    programmes = act.keep_planning(ds.programmes, actions, action_filter, page_filters.topics)
    in_sidebar = analysis_filters.filter_programmes(programmes, ds.allocations, replace(page_filters, topics=()))
    beside = act.planning_beside_funding(actions, in_sidebar["cci"], dist, labels, f.period, page_filters.topics)
    beside = beside[~beside["topic_id"].isin(exclude)]
    # Column names say where each count comes from (and FICTIONAL), so a copy or download of the table does too.
    planning_table = beside.drop(columns="topic_id").rename(columns={
        "topic": "Topic", "programmes_funding": "Programmes funding the topic (public data)",
        "programmes_planning": planning_label})
    components.show_chart(
        charts.planning_beside_funding(beside, planning_label, present=present), key="themes_planning",
        alt=charts_style.alt_text(f"Bar chart of {planning_label.lower()} per topic, beside the programmes funding "
                                  "it (public data)", beside, "topic", "programmes_planning", "{:,}".format))
    if not present:
        st.dataframe(planning_table, hide_index=True, key="themes_planning_table")
        components.export_view(planning_table, "themes_planning", f"Planning cooperation actions per topic {scope}",
                               fictional=fictional)
        st.caption(f"{act.PLANNING_RULE} {themes.PROGRAMME_RULE} Planning programmes are counted among the programmes "
                   "in the sidebar filters, whether or not the public data lists an allocation in the topic.")


if dist.empty:
    headline_numbers()
    st.info("No programme in the current filters funds any objective. Widen the filters in the sidebar.")
    url_codes.end_page()

# The answer first, so it starts in the upper half of the first screen; the headline numbers follow it. With a
# cooperation-action database loaded, the page leads with it.
if actions is not None:
    planning_section()
if not present:  # projected, the chart's own title names it
    st.header(f"Topics ranked, {scope}")
measure_words = themes_view.MEASURE_WORDS[measure]
bars, bars_alt = themes_view.topic_bars(ds, page_filters, kept, exclude, measure, scope, present)
components.show_chart(bars, key="themes_bars", on_select=focus_clicked_topic, selection_mode="points", alt=bars_alt)
headline_numbers()
if not present:  # projecting: the ranked topics and the headline numbers only
    st.caption(f"{themes.PROGRAMME_RULE} {note} Click a bar to focus the page on that topic."
               + (" Technical assistance and 'not specified' are left out." if exclude else "")
               + (" Member State filter: Interreg programmes naming a chosen country count in full." if f.countries
                  else ""))

    # One analysis at a time, each a link (?section=...); only the open tab is worked out and drawn, so a filter
    # change costs the table below the chart, not every analysis of the page.
    figures_tab, objectives_tab, split_tab, shift_tab = url_codes.tabs("section", themes_view.SECTIONS, "Section")
    if figures_tab.open:
        with figures_tab:
            table = selection.table
            st.dataframe(table, hide_index=True, key="themes_table",
                         column_config={"Share of programmes (%)": st.column_config.NumberColumn(format="%.1f"),
                                        "Share of EU amount (%)": st.column_config.NumberColumn(format="%.1f"),
                                        "EU amount (EUR)": st.column_config.NumberColumn(format="%,.0f")})
            st.caption(f"The topics of the chart above, {scope}. {themes.PROGRAMME_RULE} {note}")
            components.export_view(table, "themes_topics", f"Topics {scope}")

    if objectives_tab.open:
        with objectives_tab:
            parent = "topic"
            if f.period == "2021-2027":
                groups = {"topic": "Topic", "policy_objective": "Policy objective"}
                url_codes.seed("group", groups, default="topic", what="Group objectives by")
                parent = st.radio("Group objectives by", list(groups), key="group", horizontal=True,
                                  format_func=groups.get)
                url_codes.write("group", parent, default="topic")
            objectives = themes_view.objectives(ds, page_filters, kept, exclude, parent)
            if objectives["eu_amount"].notna().any():
                treemap, treemap_alt = themes_view.objective_treemap(ds, page_filters, kept, exclude, parent, scope,
                                                                     present)
                components.show_chart(treemap, key="themes_treemap", alt=treemap_alt)
                st.caption("Sized by EU amount; objectives with no amount in the source are left out of this chart "
                           f"and listed in the table below. {note}")
            else:
                st.info("No EU amounts in the source for this selection: the table below counts programmes only.")
            st.dataframe(objectives, hide_index=True, key="themes_objectives")
            components.export_view(objectives, "themes_objectives", f"Objectives {scope}")

    if split_tab.open:
        with split_tab:
            splits = {"fund": "Fund", "country": "Member State"}
            url_codes.seed("split", splits, default="fund", what="Split topics by")
            split_by = st.radio("Split topics by", list(splits), key="split", horizontal=True, format_func=splits.get)
            url_codes.write("split", split_by, default="fund")
            split, split_chart = themes_view.topic_split(ds, page_filters, kept, exclude, split_by, measure, present)
            components.show_chart(
                split_chart, key="themes_split", table=split,
                alt=f"Stacked bar chart of topics by {measure_words}, split by {split_by}, {scope}; the numbers are "
                    "in the table below the chart.")
            st.caption(f"{themes.PROGRAMME_RULE} Interreg programmes appear under 'Interreg': their money is not "
                       f"split between countries. {note}")

    if shift_tab.open:
        with shift_tab:
            shifted = themes_view.period_shift(ds, page_filters, kept, present)
            components.show_chart(
                shifted.figure, key="themes_shift",
                alt="Bar chart of the share of programmes funding each topic in 2014-2020 and 2021-2027, under the "
                    "same filters; the numbers are in the period shift table below.")
            st.caption("Share of the programmes with known objectives that fund each topic, in each period, under the "
                       "same filters (ESF and YEI are compared with ESF+, EMFF with EMFAF; EAFRD is left out, as rural "
                       "development is no longer cohesion policy in 2021-2027). 2021-2027 is partial: objectives are "
                       f"known for {shifted.with_objectives_2021} of {shifted.programmes_2021} programmes in the "
                       "selection, and the source sample may list only part of a programme's objectives, so "
                       "2021-2027 shares are lower bounds. The table gives amount shares too (2021-2027: "
                       f"{shifted.with_amounts_2021} programmes with amounts). 'Not specified' is left out: it "
                       "means no thematic objective in 2014-2020 and objective unknown in 2021-2027."
                       + (f" The fund filter leaves out {shifted.funds_unstated_2021} 2021-2027 multi-fund programmes "
                          "whose funds no loaded source states." if shifted.funds_unstated_2021 else ""))
            st.dataframe(shifted.table, hide_index=True, key="themes_shift_table")
            components.export_view(shifted.table, "themes_shift", f"Topic shift between periods {scope}")
