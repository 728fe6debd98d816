"""Data & sources: what each source covers, how current it is, attribution, what no source provides."""

import streamlit as st

from coopdata.analysis import datasummary
from coopdata.ui import components, data, filters, presentation, sources_view
from coopdata.ui.safe import plain

ds = data.dataset_or_stop()
f = filters.current()
counts = sources_view.counts(ds, f)
per_fund = counts.per_fund

st.title("Data & sources")

# The page's chart first, so it starts in the upper half of the first screen; the source counts follow it.
st.header(f"Programmes per fund, {f.period}: {counts.programmes:,} programmes match the filters")
per_fund_chart, per_fund_alt = sources_view.per_fund_chart(ds, f, presentation.is_on())
components.show_chart(per_fund_chart, key="per_fund_chart", alt=per_fund_alt, table=per_fund)
st.caption("A programme with several funds is counted once under each of its funds.")
if not presentation.is_on():
    st.markdown("Every figure in this dashboard comes from the public sources below. "
                "Nothing is invented; where a source is partial, this page says how partial.")
components.export_view(per_fund, "per_fund", f"Programmes per fund {f.period}")

cov = ds.manifest["coverage"]
c1, c2, c3 = st.columns(3)
c1.metric("Programmes 2014-2020", f"{cov['programmes_2014_2020']:,}")
c2.metric("Programmes 2021-2027", f"{cov['programmes_2021_2027']:,}")
c3.metric("2021-2027 programmes with objective-level amounts",
          f"{cov['finances_2021_2027_programmes_with_objective_amounts']:,}")
st.info(plain(cov["finances_2021_2027_note"]))

if not presentation.is_on():  # one main chart per screen when projecting; the rest below
    st.header("Cooperation-action details: no public source")
    st.warning(datasummary.COOPERATION_FIELDS_NOTE)

    st.header(f"Programmes per country, {f.period}")
    st.caption("Interreg programmes are counted under every country they name.")
    per_country = counts.per_country
    st.dataframe(per_country, hide_index=True, key="per_country")
    components.export_view(per_country, "per_country", f"Programmes per country {f.period}")

    st.header("What the sources cover")
    st.dataframe(sources_view.coverage(ds), hide_index=True, key="coverage")

    st.header("Sources")
    st.dataframe(sources_view.sources(ds), hide_index=True, key="sources")
    st.header("Attribution")
    for line in ds.manifest["attribution"]:
        st.markdown(f"- {plain(line)}")
