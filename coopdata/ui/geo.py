"""Streamlit glue for maps: cached read-only geometry, the region chosen by search or click, legends,
and the small maps of the partner search and the programme profile."""

from __future__ import annotations

from html import escape

import pandas as pd
import streamlit as st

from coopdata import maps
from coopdata.analysis.mapdata import candidate_regions
from coopdata.geography.coverage import NUTS_VERSION, covered_regions
from coopdata.load import data_folder, read_geometry
from coopdata.ui import data
from coopdata.ui.selection import selected_region
from coopdata.vocabularies import ATTRIBUTION_GISCO, country_names

REGION_KEY = "region"
CHART_KEY = "map_chart"
SMALL_MAP_HEIGHT = 380


def chart_key(region: str | None) -> str:
    """The map's key changes with the chosen region: the chart then starts afresh, without Streamlit's
    own selection colouring (which would keep a clicked region lit after another one is searched),
    and the red outline is the one mark of the chosen region."""
    return f"{CHART_KEY}_{region or 'none'}"


# data.shared, not st.cache_resource: one shared read-only copy (cache_data would unpickle ~1 MB on every rerun)
# found by a plain key (cache_resource's key cost 0.12 ms an ask; a map page asks on every rerun). Keyed by the
# data folder too, so a test pointing COOPDATA_DATA_DIR elsewhere gets that folder's files.
@data.shared(max_entries=16)
def _geometry(folder: str, version: int, level: int) -> dict:
    with st.spinner("Loading boundaries…"):
        return read_geometry(version, level, folder)


def geometry(version: int, level: int) -> dict:
    return _geometry(str(data_folder()), version, level)


def take_clicked_region(key: str, options: dict[str, str]) -> None:
    """on_select callback of the chart `key`: a region clicked on the map becomes the searched region."""
    clicked = selected_region(st.session_state.get(key), maps.REGION_LAYER_ID)
    if clicked in options:
        st.session_state[REGION_KEY] = clicked


def _swatches(stops: list[tuple[str, str]]) -> str:
    swatch = "<span style='background:{};padding:0 0.9em;margin:0 0.3em 0 0.6em'></span>"
    return " ".join(swatch.format(css) + escape(text) for css, text in stops)


def legend(label: str, unit: str, level_label: str, stops: list[tuple[str, str]]) -> None:
    """The colour legend as text with swatches, so it reads on a projector and to a screen reader; `stops` are
    maps.legend_stops: only classes some region has."""
    # The unit only when the label does not already say it ("Number of programmes", not "... (programmes)").
    unit_words = "" if unit.lower() in label.lower() else f" ({unit})"
    st.markdown(f"**Legend — {label}**{unit_words}, {level_label}: " + _swatches(stops), unsafe_allow_html=True)


# The map of a period with the UK says which regions it draws there (the Data & sources page says it too).
UK_REGIONS_NOTE = "; the UK's regions (2014-2020): its NUTS 2016 regions, as GISCO's NUTS 2021 files draw them"


def attribution(detail: str = "") -> None:
    st.caption(f"Boundaries: {ATTRIBUTION_GISCO} (Eurostat GISCO, NUTS {NUTS_VERSION}, 1:20 million){detail}. "
               "No basemap: the map needs no network.")


def partner_map(ds, result, key: str) -> None:
    """Where the candidates of a partner search are (NUTS 2, or whole countries for national and Interreg
    programmes), coloured by the best rank covering each region, the start's regions in red."""
    # Keyed by what the map shows (the ranked candidates' countries offered, the start's regions): a workshop's
    # sessions mostly ask the same searches, and working out the regions and shapes was most of a rerun.
    ranked = tuple((m.cci, m.title, tuple(m.offered)) for m in result.matches)
    deck, regions, countries = _partner_deck(ds, ranked, result.start.nuts3)
    st.pydeck_chart(deck, height=maps.CHART_HEIGHT, key=key)
    st.markdown("**Legend — best rank of the candidates covering a region**: "
                + _swatches(maps.rank_legend(len(ranked))), unsafe_allow_html=True)
    attribution(f"; {regions} NUTS 2 regions and {countries} non-EU countries with candidates")


@data.shared(max_entries=4)
def _bounds(folder: str, version: int) -> dict:
    """maps.part_bounds of the NUTS 0, 2 and 3 shapes (what the partner-search map fits its view to)."""
    return {code: b for level in (0, 2, 3) for code, b in maps.part_bounds(_geometry(folder, version, level)).items()}


@data.shared(max_entries=4)
def _covered_nuts2(ds) -> pd.DataFrame:
    """The NUTS 2 regions every programme covers (coverage.covered_regions), for every partner-search map."""
    return covered_regions(ds.coverage, ds.regions, level=2, version=NUTS_VERSION)


# A room's sessions ask a few hundred distinct searches. A map kept takes about 70 KB (the shapes are shared with
# the geometry), so 256 of them about 18 MB; it is serialised on each rerun (about 1 ms): kept serialised it
# would take ten times the memory.
@data.shared(max_entries=256)
def _partner_deck(ds, ranked: tuple, start_nuts3: frozenset) -> tuple:
    """(deck, NUTS 2 regions, non-EU countries with candidates); shared read-only between sessions."""
    found = candidate_regions(ranked, ds.coverage, ds.regions, level=2, country_names=country_names(),
                              covered=_covered_nuts2(ds))
    # NUTS 2 shapes, and whole countries for partners outside the EU (they have no NUTS 2 row).
    shapes = {"features": geometry(NUTS_VERSION, 2)["features"] + geometry(NUTS_VERSION, 0)["features"]}
    candidates = maps.candidates_geojson(shapes, found, len(ranked))
    start = maps.start_geojson(geometry(NUTS_VERSION, 3), start_nuts3)
    deck = maps.partner_deck(candidates, start, geometry(NUTS_VERSION, 0), maps.CHART_HEIGHT,
                             bounds=_bounds(str(data_folder()), NUTS_VERSION))
    countries = int((found["nuts_id"].str.len() == 2).sum())
    return deck, len(found) - countries, countries


def coverage_map(ds, covered_rows, key: str, width: int) -> None:
    """The regions a programme covers, each at its own NUTS level, approximate ones lighter."""
    covered_rows = covered_rows[covered_rows["nuts_version"] == NUTS_VERSION]
    levels = {int(lv): geometry(NUTS_VERSION, int(lv)) for lv in covered_rows["level"].unique()}
    covered = maps.coverage_geojson(levels, covered_rows)
    st.pydeck_chart(maps.coverage_deck(covered, geometry(NUTS_VERSION, 0), width, SMALL_MAP_HEIGHT),
                    height=SMALL_MAP_HEIGHT, key=key)
    st.markdown("**Legend**: " + _swatches(maps.coverage_legend()), unsafe_allow_html=True)
    attribution()
