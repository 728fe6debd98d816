"""Data & sources: what each source covers, how current it is, attribution, what no source provides."""

import streamlit as st

from coopdata.analysis import datasummary
from coopdata.ui import data, filters

ds = data.dataset_or_stop()
f = filters.current()

st.title("Data & sources")
st.markdown("Every figure in this dashboard comes from the public sources below. "
            "Nothing is invented; where a source is partial, this page says how partial.")

cov = ds.manifest["coverage"]
c1, c2, c3 = st.columns(3)
c1.metric("Programmes 2014-2020", f"{cov['programmes_2014_2020']:,}")
c2.metric("Programmes 2021-2027", f"{cov['programmes_2021_2027']:,}")
c3.metric("2021-2027 programmes with objective-level amounts",
          f"{cov['finances_2021_2027_programmes_with_objective_amounts']:,}")
st.info(cov["finances_2021_2027_note"])

st.subheader("Cooperation-action details: no public source")
st.warning(datasummary.COOPERATION_FIELDS_NOTE)

st.subheader(f"Programmes per fund, {f.period}")
st.caption("A programme with several funds is counted once under each of its funds.")
st.dataframe(datasummary.programmes_per_fund(ds.programmes, f.period), hide_index=True, key="per_fund")

st.subheader(f"Programmes per country, {f.period}")
st.caption("Interreg programmes are counted under every country they name.")
st.dataframe(datasummary.programmes_per_country(ds.programmes, f.period), hide_index=True, key="per_country")

st.subheader("Sources")
st.dataframe(datasummary.sources_table(ds.manifest), hide_index=True, key="sources")
st.subheader("Attribution")
for line in ds.manifest["attribution"]:
    st.markdown(f"- {line}")
