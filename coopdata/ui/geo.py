"""Streamlit glue for the map: cached read-only geometry, the region chosen by search or click."""

from __future__ import annotations

import streamlit as st

from coopdata.analysis.mapdata import selected_region
from coopdata.load import data_folder, read_geometry
from coopdata.maps import REGION_LAYER_ID

REGION_KEY = "region"
CHART_KEY = "map_chart"


def chart_key(region: str | None) -> str:
    """The map's key changes with the chosen region: the chart then starts afresh, without Streamlit's
    own selection colouring (which would keep a clicked region lit after another one is searched),
    and the red outline is the one mark of the chosen region."""
    return f"{CHART_KEY}_{region or 'none'}"


@st.cache_resource(show_spinner="Loading boundaries…")
def _geometry(folder: str, version: int, level: int) -> dict:
    # cache_resource: one shared read-only copy (cache_data would unpickle ~1 MB on every rerun).
    return read_geometry(version, level, folder)


def geometry(version: int, level: int) -> dict:
    # Keyed by the data folder too, so a test pointing COOPDATA_DATA_DIR elsewhere gets that folder's files.
    return _geometry(str(data_folder()), version, level)


def take_clicked_region(key: str, options: dict[str, str]) -> None:
    """on_select callback of the chart `key`: a region clicked on the map becomes the searched region."""
    clicked = selected_region(st.session_state.get(key), REGION_LAYER_ID)
    if clicked in options:
        st.session_state[REGION_KEY] = clicked


def legend(label: str, unit: str, level_label: str, stops: list[tuple[str, str]]) -> None:
    """The colour legend as text with swatches, so it reads on a projector and to a screen reader."""
    swatch = "<span style='background:{};padding:0 0.9em;margin:0 0.3em 0 0.6em'></span>"
    parts = [swatch.format(css) + text for css, text in stops]
    parts.append(swatch.format("rgb(215,215,215)") + "no programme or no amount")
    st.markdown(f"**Legend — {label}** ({unit}), {level_label}: " + " ".join(parts), unsafe_allow_html=True)
