"""The shared filter sidebar. Lives in app.py so the filters survive page switches; bound to the URL.

The URL is read once, when a session starts (the link someone opened): every value is checked by
analysis.filter_state.parse_query and what was dropped is named in a notice. From then on the widgets hold
the filters and every run writes them back into the URL, so the address bar is always a link to the view.
Streamlit's own bind="query-params" is not used: it would put labels ("Austria (AT)") instead of codes in
links and drop bad values silently.
"""

from __future__ import annotations

import streamlit as st

from coopdata.analysis import filter_state as fs
from coopdata.analysis.datasummary import NO_FUND
from coopdata.analysis.filters import Filters, funds_unstated
from coopdata.load import Dataset
from coopdata.model import KINDS
from coopdata.ui import data, presentation, url_codes
from coopdata.ui.safe import plain
from coopdata.vocabularies import country_names, normalise_country, topic_labels

STATE_KEY = "coopdata_filters"
_URL_READ = "coopdata_url_read"
_NOTICES = url_codes.NOTICES


def query_dict() -> dict[str, list[str]]:
    """The URL's query parameters, every value of a repeated parameter kept."""
    return {name: st.query_params.get_all(name) for name in st.query_params}


@data.shared(max_entries=2)
def _options_of(ds: Dataset) -> fs.FilterOptions:
    return fs.options_from(ds.programmes, country_names(), topic_labels(), KINDS)


def options() -> fs.FilterOptions:
    """What each filter offers: computed once per dataset and shared by every session (read-only)."""
    return _options_of(data.dataset())


def _write_state(f: Filters) -> None:
    st.session_state.update({fs.PERIOD: f.period, fs.FUND: list(f.funds), fs.COUNTRY: list(f.countries),
                             fs.TOPIC: list(f.topics), fs.KIND: list(f.kinds), fs.SEARCH: f.search})


def _read_url_once(opts: fs.FilterOptions) -> None:
    if st.session_state.get(_URL_READ):
        # Hand the widgets their own values again: Streamlit gives them new ids when a run leaves its
        # legacy pages/ mode (see coopdata/ui/__init__.py), and a widget with a new id would reset.
        for key in (*fs.FILTER_PARAMS, presentation.KEY):
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
        return
    params = query_dict()
    f, notices = fs.parse_query(params, opts, normalise_country)
    present, more = fs.parse_flag(params, fs.PRESENT, "Presentation mode")
    _write_state(f)
    st.session_state[presentation.KEY] = present
    st.session_state[_NOTICES] = notices + more
    st.session_state[_URL_READ] = True


def _remove(param: str, value: str) -> None:
    _write_state(fs.without(current(), param, value))


def reset() -> None:
    """Clear every filter but the period (one period is always shown)."""
    _write_state(Filters(period=current().period))


def _sync_url(f: Filters, present: bool) -> None:
    """Write the filters into the URL, touching only their own parameters (pages may add theirs)."""
    wanted = fs.to_query(f, present)
    for name in fs.ALL_PARAMS:
        if name in wanted and st.query_params.get_all(name) != wanted[name]:
            st.query_params[name] = wanted[name]
        elif name not in wanted and name in st.query_params:
            del st.query_params[name]


def sidebar(shown: bool = True) -> Filters:
    """Draw the filter widgets and return the filters they hold. `shown=False` (a page the filters do not apply
    to): only the presentation switch is drawn; the filters keep their values for the other pages."""
    opts = options()
    _read_url_once(opts)
    if not shown:
        with st.sidebar:
            presentation.toggle()
        f = current_state()
        st.session_state[STATE_KEY] = f
        return f
    with st.sidebar:
        st.header("Filters")
        st.radio("Period", opts.periods, key=fs.PERIOD, horizontal=True)
        st.multiselect("Funds", opts.funds, key=fs.FUND)
        st.multiselect("Member States", list(opts.countries), key=fs.COUNTRY,
                       format_func=lambda c: f"{opts.countries.get(c, c)} ({c})")
        st.multiselect("Topics", list(opts.topics), key=fs.TOPIC, format_func=lambda t: opts.topics.get(t, t))
        st.multiselect("Programme kind", opts.kinds, key=fs.KIND)
        st.text_input("Programme title contains", key=fs.SEARCH, max_chars=fs.MAX_SEARCH_CHARS)
        st.button("Reset filters", key="reset_filters_sidebar", on_click=reset, width="stretch")
        st.divider()
        presentation.toggle()
    f = current_state()
    st.session_state[STATE_KEY] = f
    _sync_url(f, presentation.is_on())
    return f


def current_state() -> Filters:
    """The filters the session holds (the widgets' values)."""
    s = st.session_state
    return Filters(period=s[fs.PERIOD], funds=tuple(s[fs.FUND]), countries=tuple(s[fs.COUNTRY]),
                   topics=tuple(s[fs.TOPIC]), kinds=tuple(s[fs.KIND]), search=(s[fs.SEARCH] or "").strip())


def header(f: Filters) -> None:
    """Above every page: the active filters as removable chips (the link notice: url_codes.show_notices)."""
    chips = fs.active_chips(f, options())
    if not chips:
        return  # nothing to remove: the page starts at the top, as without filters
    with st.container(horizontal=True, key="filter_chips", vertical_alignment="center"):
        st.markdown(f"**{f.period}**, filtered by:")
        for param, value, label in chips:  # a label renders Markdown; the title search is typed by anyone
            st.button(plain(label), key=f"chip_{param}_{value}", icon=":material/close:", on_click=_remove,
                      args=(param, value), help="Remove this filter")
        st.button("Reset filters", key="reset_filters", on_click=reset, type="tertiary")


def fund_notice(f: Filters) -> None:
    """What a fund filter leaves out for want of a source (app.py: under the chips; projecting, under the page)."""
    left_out = _funds_unstated(data.dataset(), f)
    if left_out:  # say so: a fund filter would otherwise drop these programmes without a word
        st.caption(f"The fund filter leaves out {left_out} programme{'s' if left_out > 1 else ''} whose funds are "
                   "unknown: programmes financed by several funds that no loaded source names the funds of. The "
                   f"Data & sources page counts them as \"{NO_FUND}\".")


@data.shared(max_entries=16)
def _funds_unstated(ds: Dataset, f: Filters) -> int:
    return len(funds_unstated(ds.programmes, ds.allocations, f, ds.prepared))


def current() -> Filters:
    """The filters set in the sidebar on this run (pages call this)."""
    return st.session_state.get(STATE_KEY, Filters())
