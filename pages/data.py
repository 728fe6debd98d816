"""Data & sources: what each source covers, how current it is, attribution, what no source provides."""

import streamlit as st

from coopdata import charts_style
from coopdata.analysis import datasummary
from coopdata.analysis.filters import apply
from coopdata.ui import components, data, filters, presentation
from coopdata.ui.safe import plain

ds = data.dataset_or_stop()
f = filters.current()
programmes, _ = apply(ds.programmes, ds.allocations, f)
per_fund = datasummary.programmes_per_fund(programmes, f.period)

st.title("Data & sources")
if not presentation.is_on():
    st.markdown("Every figure in this dashboard comes from the public sources below. "
                "Nothing is invented; where a source is partial, this page says how partial.")

cov = ds.manifest["coverage"]
c1, c2, c3 = st.columns(3)
c1.metric("Programmes 2014-2020", f"{cov['programmes_2014_2020']:,}")
c2.metric("Programmes 2021-2027", f"{cov['programmes_2021_2027']:,}")
c3.metric("2021-2027 programmes with objective-level amounts",
          f"{cov['finances_2021_2027_programmes_with_objective_amounts']:,}")
st.info(plain(cov["finances_2021_2027_note"]))

st.header(f"Programmes per fund, {f.period}: {len(programmes):,} programmes match the filters")
st.caption("A programme with several funds is counted once under each of its funds.")
components.show_chart(
    charts_style.hbar(per_fund, "fund", "programmes", f"Programmes per fund, {f.period}"), key="per_fund_chart",
    alt=f"Bar chart of programmes per fund, {f.period}: "
        + ", ".join(f"{r.fund} {r.programmes}" for r in per_fund.itertuples()) + ".",
    table=per_fund)
components.export_view(per_fund, "per_fund", f"Programmes per fund {f.period}")

if not presentation.is_on():  # one main chart per screen when projecting; the rest below
    st.header("Cooperation-action details: no public source")
    st.warning(datasummary.COOPERATION_FIELDS_NOTE)

    st.header(f"Programmes per country, {f.period}")
    st.caption("Interreg programmes are counted under every country they name.")
    per_country = datasummary.programmes_per_country(programmes, f.period)
    st.dataframe(per_country, hide_index=True, key="per_country")
    components.export_view(per_country, "per_country", f"Programmes per country {f.period}")

    st.header("Sources")
    st.dataframe(datasummary.sources_table(ds.manifest), hide_index=True, key="sources")
    st.header("Attribution")
    for line in ds.manifest["attribution"]:
        st.markdown(f"- {plain(line)}")
