"""Shared page components: 'download this view', the filters in words, charts with PNG export and a table.

Every page calls export_view() under its main table and show_chart() for each chart, so every view can be
downloaded with what produced it, and every chart has a text or table alternative.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from coopdata import charts_style
from coopdata.analysis import filter_state as fs
from coopdata.analysis.filters import Filters
from coopdata.exports import ExportMeta, sources_from_manifest, to_csv_bytes, to_xlsx_bytes
from coopdata.load import Dataset
from coopdata.ui import data, filters, presentation

_PAGE_PATH = "coopdata_page_url_path"


def remember_page(url_path: str) -> None:
    """app.py records the page being shown, for links that reopen it."""
    st.session_state[_PAGE_PATH] = url_path


def filters_in_words(f: Filters | None = None) -> list[tuple[str, str]]:
    return fs.describe(f or filters.current(), filters.options())


def app_base_url() -> str:
    """The app's root URL as the browser sees it ('' when unknown, e.g. in AppTest: links stay relative)."""
    url = st.context.url or ""
    page = st.session_state.get(_PAGE_PATH, "")
    if page and url.rstrip("/").endswith("/" + page):
        url = url.rstrip("/")[: -len(page) - 1]
    return url.rstrip("/")


def current_link() -> str:
    """The link that reopens this view: the filters plus the page's own URL parameters."""
    extra = {name: values for name, values in filters.query_dict().items() if name not in fs.ALL_PARAMS}
    return fs.view_link(app_base_url(), st.session_state.get(_PAGE_PATH, ""), filters.current(), extra,
                        present=presentation.is_on())


def _file_stem(title: str, fictional: bool) -> str:
    stem = "coopdata-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return stem + ("-FICTIONAL" if fictional else "")


@data.shared(max_entries=16)
def _export_facts(ds: Dataset, f: Filters) -> tuple[tuple[tuple[str, str], ...], tuple[dict[str, str], ...]]:
    # The filters in words and the sources, the same for every table of a view: made once per filters.
    return tuple(filters_in_words(f)), tuple(sources_from_manifest(ds.manifest))


def export_view(df: pd.DataFrame, key_prefix: str, title: str, fictional: bool = False) -> None:
    """'Download this view' buttons: CSV (UTF-8 with BOM, for Excel) and XLSX (data, filters, link, sources)."""
    ds = data.dataset()
    words, sources = _export_facts(ds, filters.current())
    meta = ExportMeta(title=title, filters=words, link=current_link(), sources=sources,
                      attribution=ds.manifest["attribution"], fictional=fictional)
    stem = _file_stem(title, fictional)
    label = "fictional data" if fictional else "this view"
    with st.container(horizontal=True, key=f"{key_prefix}_export"):
        # The files are built only when a button is clicked; on_click="ignore" keeps the page as it is.
        st.download_button(f"Download {label} (CSV)", lambda: to_csv_bytes(df, meta), file_name=f"{stem}.csv",
                           mime="text/csv", key=f"{key_prefix}_csv", icon=":material/download:", on_click="ignore")
        st.download_button(f"Download {label} (Excel)", lambda: to_xlsx_bytes(df, meta), file_name=f"{stem}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"{key_prefix}_xlsx", icon=":material/download:", on_click="ignore")


def show_chart(fig: go.Figure, key: str, alt: str, table: pd.DataFrame | None = None, **chart_args):
    """A plotly chart in the shared style, with a PNG download in its toolbar (client-side, no kaleido),
    a description for screen readers, and its numbers as a table for anyone who cannot read the chart.
    A figure made in the shared look (charts_style) may be shared by sessions and is never changed here; any
    other figure is styled here for the current presentation mode. chart_args go to st.plotly_chart
    (e.g. on_select); its return value is returned."""
    if not alt.strip():
        raise ValueError(f"chart {key!r} needs a text alternative (alt)")
    if not charts_style.is_styled(fig):
        charts_style.style(fig, presentation.is_on())
    config = {"displaylogo": False,
              "toImageButtonOptions": {"format": "png", "filename": f"coopdata-{key}", "scale": 2}}
    # Projecting: the figure's own fonts (22 px, near black), not Streamlit's theme, which draws tick labels
    # at 12-14 px in grey whatever the figure says.
    theme = None if presentation.is_on() else "streamlit"
    event = st.plotly_chart(fig, key=key, config=config, alt=alt, theme=theme, **chart_args)
    if table is not None:
        with st.expander("The numbers of this chart as a table"):
            st.dataframe(table, hide_index=True, key=f"{key}_table")
    return event
