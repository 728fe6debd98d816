"""The shared filter sidebar. Lives in app.py so the filters survive page switches; bound to the URL."""

from __future__ import annotations

import streamlit as st

from coopdata import PERIODS
from coopdata.analysis.filters import Filters
from coopdata.model import KINDS
from coopdata.vocabularies import country_names, topic_labels

STATE_KEY = "coopdata_filters"


def sidebar(programmes) -> Filters:
    """Draw the filter widgets and return the filters they hold."""
    names = country_names()
    funds = sorted({f for fs in programmes["funds"] for f in fs})
    countries = sorted({c for cs in programmes["countries"] for c in cs}, key=lambda c: names.get(c, c))
    labels = topic_labels()
    with st.sidebar:
        st.header("Filters")
        period = st.radio("Period", PERIODS, index=1, key="period", bind="query-params", horizontal=True)
        sel_funds = st.multiselect("Funds", funds, key="fund", bind="query-params")
        sel_countries = st.multiselect("Member States", countries, key="country", bind="query-params",
                                       format_func=lambda c: f"{names.get(c, c)} ({c})")
        sel_topics = st.multiselect("Topics", list(labels), key="topic", bind="query-params",
                                    format_func=lambda t: labels.get(t, t))
        sel_kinds = st.multiselect("Programme kind", list(KINDS), key="kind", bind="query-params")
        search = st.text_input("Programme title contains", key="q", bind="query-params")
    f = Filters(period=period, funds=tuple(sel_funds), countries=tuple(sel_countries), topics=tuple(sel_topics),
                kinds=tuple(sel_kinds), search=search or "")
    st.session_state[STATE_KEY] = f
    return f


def current() -> Filters:
    """The filters set in the sidebar on this run (pages call this)."""
    return st.session_state.get(STATE_KEY, Filters())
