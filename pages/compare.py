"""Compare: 2 to 4 Member States, NUTS regions or programmes on the same breakdown, side by side."""

from dataclasses import replace

import streamlit as st

from coopdata import charts
from coopdata.amounts import format_eur
from coopdata.analysis import compare, themes
from coopdata.ui import compare_view, components, data, filters, presentation, url_codes
from coopdata.ui.safe import plain

ds = data.dataset_or_stop()
f = filters.current()

st.title("Compare side by side")
# The entities chosen here replace the sidebar's Member State filter; every other filter applies.
page_filters = replace(f, countries=())
# A link's choices are checked against everything of its period, whatever its other filters.
url_codes.seed("cmp", compare_view.every_choice(ds, f.period), many=True, limit=compare.MAX_ENTITIES,
               what="Compare", normalise=compare_view.normalise_token)
listing = compare_view.choices(ds, page_filters)
shown = listing.lines
options = list(shown)
# A choice the filters now leave out stays chosen (and listed), with the figures the filters give it.
kept = [t for t in st.session_state.get("cmp") or [] if t not in shown]
if kept:
    options += kept
    shown = {**shown, **compare_view.shown_lines(ds, tuple(kept))}
regions_available = not ds.coverage.empty

url_codes.seed("cmp_by", compare.BREAKDOWNS, default="topic_id", what="Break down by")
present = presentation.is_on()  # projecting: the headline amounts and the shares chart only
# A link that already names two or more (or projecting) folds the choice into one line, so the chart starts on
# the first screen; decided once per visit, so choosing by hand never folds it away.
fixed = st.session_state.setdefault("cmp_link_fixed", len(st.session_state["cmp"]) >= compare.MIN_ENTITIES)
summary = ", ".join(shown.get(t, t) for t in st.session_state["cmp"]) or "nothing chosen"
settings = (st.expander(f"Comparing: {plain(summary, 300)} · by {compare.BREAKDOWNS[st.session_state['cmp_by']].lower()}")
            if fixed or (present and len(st.session_state["cmp"]) >= compare.MIN_ENTITIES) else st.container())
with settings:
    c1, c2 = st.columns([3, 2])
    chosen = c1.multiselect(
        "Compare (choose 2 to 4 Member States, regions or programmes)", options, key="cmp",
        max_selections=compare.MAX_ENTITIES, placeholder="Type a country, a NUTS code or a programme title",
        format_func=shown.__getitem__)
    if listing.cut:
        c1.caption(listing.cut_note())
    by = c2.radio("Break down by", list(compare.BREAKDOWNS), key="cmp_by", horizontal=True,
                  format_func=compare.BREAKDOWNS.get)
    if not regions_available:
        st.caption("NUTS regions cannot be compared yet: this build has no programme-to-region coverage table.")
url_codes.write("cmp", chosen)
url_codes.write("cmp_by", by, default="topic_id")

if len(chosen) < compare.MIN_ENTITIES:
    st.info("Choose at least two to compare, e.g. two Member States. The page's link keeps the choice, so it "
            "can be shared.")
    url_codes.end_page()

entities = [compare.parse_entity(t) for t in chosen]
result = compare_view.comparison(ds, page_filters, tuple(chosen), by)
bd, diffs = result.breakdown, result.differences
if bd.empty:
    st.info("None of your choices has allocation rows under the sidebar's filters: clear some filters to compare.")
    url_codes.end_page()
per_entity = bd.drop_duplicates("entity")

scope = compare.BREAKDOWNS[by].lower()
panels = ", ".join(per_entity["name"])
largest = " ".join(diffs["sentence"].head(3))
if result.shares:
    st.header(f"Share of each one's EU amount, by {scope}")
    components.show_chart(charts.small_multiples(bd, "share", present=present), key="compare_shares",
                          alt=f"Bar charts side by side, one per {panels}: each one's share of its EU amount by "
                              f"{scope}. Largest differences: {largest} Every figure is in the table below.")
else:  # amounts too partial to compare: no share of an amount known for one programme of four
    st.header(f"Programmes funding each {scope}, as a share of each one's programmes")
    components.show_chart(charts.small_multiples(bd, "programme_share", present=present), key="compare_shares",
                          alt=f"Bar charts side by side, one per {panels}: the share of each one's programmes "
                              f"funding each {scope}. Largest differences: {largest} Every figure is in the table "
                              "below.")
    st.warning(compare.why_programmes(bd))  # below the chart, so the chart starts on the first screen
cols = st.columns(len(entities))
for col, row in zip(cols, per_entity.itertuples(), strict=True):
    if result.shares:
        col.metric(plain(row.name), format_eur(row.entity_eu_amount), border=True)  # a label renders Markdown
        col.caption(f"{row.entity_programmes} programmes; EU amounts known for {row.entity_programmes_with_amount}")
    else:  # no amount headline from a partial source
        col.metric(plain(row.name), f"{row.entity_programmes} programmes", border=True)
        col.caption(f"EU amounts {themes.known_for(row.entity_programmes_with_amount, row.entity_programmes)}")

if not present:
    st.header("Differences spelled out")
    st.markdown("\n".join(f"- {plain(s)}" for s in diffs["sentence"].head(3)))
    with st.expander(f"Every {scope}, largest difference first"):
        st.markdown("\n".join(f"- {plain(s)}" for s in diffs["sentence"]))
rule = ("Member State: its own programmes (Interreg programmes are left out: their money is not split "
        "between countries). Region: the whole amounts of the programmes whose area includes, contains or lies "
        "within it. Shares are of each one's EU amount under the current filters (the sidebar's Member State "
        "filter is not applied here).")
if not present:
    st.caption(f"{rule} {result.note}")

if not present:
    if result.shares:
        st.header(f"EU amount, by {scope} (same scale)")
        components.show_chart(charts.small_multiples(bd, "eu_amount"), key="compare_amounts",
                              alt=f"Bar charts side by side, one per {panels}: EU amount by {scope}, on one scale. "
                                  "Every figure is in the table below.")
        st.caption(f"Panels share one scale. {rule}")

    st.header("The figures")
    table = result.table
    number_formats = {c: st.column_config.NumberColumn(format="%,.0f" if c.endswith("(EUR)") else "%.1f")
                      for c in table.columns if c.endswith(("(EUR)", "(%)"))}
    st.dataframe(table, hide_index=True, key="compare_table", column_config=number_formats)
    order = "shares" if result.shares else "the share of programmes"
    st.caption(f"Rows: largest difference in {order} first. {rule}")
    components.export_view(table, "compare", f"Comparison by {scope} {f.period}")
