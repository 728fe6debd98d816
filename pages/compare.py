"""Compare: 2 to 4 Member States, NUTS regions or programmes on the same breakdown, side by side."""

from dataclasses import replace

import streamlit as st

from coopdata import charts
from coopdata.analysis import compare, themes
from coopdata.analysis import filters as analysis_filters
from coopdata.ui import components, data, filters, presentation, url_codes
from coopdata.ui.safe import plain
from coopdata.vocabularies import country_names, topic_labels

ds = data.dataset_or_stop()
f = filters.current()
names = country_names()

st.title("Compare side by side")
# The entities chosen here replace the sidebar's Member State filter; every other filter applies.
page_filters = replace(f, countries=())
progs, allocs = analysis_filters.apply(ds.programmes, ds.allocations, page_filters)

period_programmes = ds.programmes[ds.programmes["period"] == f.period]
countries = sorted(set(period_programmes["country"]) - {"TC"}, key=lambda c: names.get(c, c))
options = [f"country:{c}" for c in countries]
regions_available = not ds.coverage.empty
if regions_available:
    covered = ds.regions[ds.regions["level"].between(1, 3) & ds.regions["nuts_version"].isin(ds.coverage["nuts_version"])]
    options += [f"region:{r}" for r in sorted(covered["nuts_id"].unique())]
options += [f"programme:{c}" for c in period_programmes["cci"]]
labels = {t: compare.entity_label(compare.parse_entity(t), ds.programmes, ds.regions, names) for t in options}
kind_names = compare.KINDS

url_codes.seed("cmp", options, many=True, limit=compare.MAX_ENTITIES)
chosen = st.multiselect(
    "Compare (choose 2 to 4 Member States, regions or programmes)", options, key="cmp",
    max_selections=compare.MAX_ENTITIES, placeholder="Type a country, a NUTS code or a programme title",
    format_func=lambda t: f"{kind_names[t.split(':')[0]]}: {labels[t]}")
url_codes.write("cmp", chosen)
by = st.radio("Break down by", list(compare.BREAKDOWNS), key="cmp_by", bind="query-params", horizontal=True,
              format_func=compare.BREAKDOWNS.get)
if not regions_available:
    st.caption("NUTS regions cannot be compared yet: this build has no programme-to-region coverage table.")

if len(chosen) < compare.MIN_ENTITIES:
    st.info("Choose at least two to compare, e.g. two Member States. Shared links keep the choice: "
            "?period=2014-2020&cmp=country:IT&cmp=country:ES")
    st.stop()

entities = [compare.parse_entity(t) for t in chosen]
key_labels = topic_labels() if by == "topic_id" else None
if by == "objective_code":
    key_labels = ds.objectives.drop_duplicates("objective_code").set_index("objective_code")[
        "objective_name"].to_dict()
bd = compare.breakdown(entities, labels, progs, allocs, ds.coverage, by=by, key_labels=key_labels)
per_entity = bd.drop_duplicates("entity")

cols = st.columns(len(entities))
for col, row in zip(cols, per_entity.itertuples(), strict=True):
    col.metric(row.name, themes.format_eur(row.entity_eu_amount), border=True)
    col.caption(f"{row.entity_programmes} programmes; EU amounts known for {row.entity_programmes_with_amount}")

scope = compare.BREAKDOWNS[by].lower()
present = presentation.is_on()  # projecting: the headline amounts and the shares chart only
diffs = compare.differences(bd)
panels = ", ".join(per_entity["name"])
largest = " ".join(diffs["sentence"].head(3))
if not present:
    st.subheader("Differences spelled out")
    st.markdown("\n".join(f"- {plain(s)}" for s in diffs["sentence"].head(3)))
    with st.expander(f"Every {scope}, largest difference first"):
        st.markdown("\n".join(f"- {plain(s)}" for s in diffs["sentence"]))
rule = ("Member State: its own programmes (Interreg programmes are left out: their money is not split "
        "between countries). Region: the whole amounts of the programmes whose area includes, contains or lies "
        "within it. Shares are of each one's EU amount under the current filters (the sidebar's Member State "
        "filter is not applied here).")
if not present:
    st.caption(f"{rule} {themes.amount_note(f.period, progs, allocs)}")

st.subheader(f"Share of each one's EU amount, by {scope}")
components.show_chart(charts.small_multiples(bd, "share"), key="compare_shares",
                      alt=f"Bar charts side by side, one per {panels}: each one's share of its EU amount by "
                          f"{scope}. Largest differences: {largest} Every figure is in the table below.")
if not present:
    st.subheader(f"EU amount, by {scope} (same scale)")
    components.show_chart(charts.small_multiples(bd, "eu_amount"), key="compare_amounts",
                          alt=f"Bar charts side by side, one per {panels}: EU amount by {scope}, on one scale. "
                              "Every figure is in the table below.")
    st.caption(f"Panels share one scale. {rule}")

    st.subheader("The figures")
    table = compare.comparison_table(bd, order=list(diffs["key"]))
    number_formats = {c: st.column_config.NumberColumn(format="%,.0f" if c.endswith("(EUR)") else "%.1f")
                      for c in table.columns if c.endswith(("(EUR)", "(%)"))}
    st.dataframe(table, hide_index=True, key="compare_table", column_config=number_formats)
    st.caption(f"Rows: largest difference in shares first. {rule}")
    components.export_view(table, "compare", f"Comparison by {scope} {f.period}")
