"""The Map page's work, done once per distinct filters and page choices and shared by every session
(coopdata.ui.data.shared): a rerun with choices seen before costs lookups, whatever the data size.

Programmes narrowed by the imported database come as sorted tuples of CCIs (`kept`, `planning`; see
coopdata.ui.narrowed), so they can key the caches. Everything returned is shared: read it, never change it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from coopdata import charts_style, maps
from coopdata.analysis import mapdata
from coopdata.analysis.filters import Filters
from coopdata.geography.coverage import NUTS_VERSION
from coopdata.load import Dataset
from coopdata.ui import data, geo, narrowed

# The tabs below the map: code (the link's ?map_section=..., which takes the label too) -> label.
SECTIONS = {"table": "The same figures as a table", "tiles": "Member States as equal tiles"}


@data.shared(max_entries=2)
def _coverage_groups(ds: Dataset) -> pd.Series:
    return mapdata.coverage_groups(ds.coverage, NUTS_VERSION)


@data.shared(max_entries=16)
def _coverage_index(ds: Dataset, level: int, period: str | None) -> mapdata.CoverageIndex:
    """The coverage pre-aggregated once per dataset, level and period (mapdata.CoverageIndex): the period decides
    whose regions are drawn (the UK's in 2014-2020 only)."""
    return mapdata.coverage_index(ds.coverage, mapdata.period_regions(ds.regions, period), level, NUTS_VERSION,
                                  _coverage_groups(ds))


# Per CCI, a float per programme: 16 settings of funds and topics are about 0.1 MB.
@data.shared(max_entries=16)
def _cci_amounts(ds: Dataset, funds: tuple[str, ...], topics: tuple[str, ...]) -> np.ndarray:
    """mapdata.cci_amounts: made once per funds and topics, whatever the period, countries, kinds or search."""
    return mapdata.cci_amounts(ds.allocations, funds, topics, ds.prepared.allocations)


@data.shared(max_entries=16)
def _amounts(ds: Dataset, f: Filters, kept: tuple[str, ...] | None) -> pd.DataFrame:
    """mapdata.programme_amounts, shared by the levels and measures that use the same filters."""
    return mapdata.programme_amounts(ds.programmes, ds.allocations, f,
                                     sums=lambda funds, topics: _cci_amounts(ds, funds, topics),
                                     prepared=ds.prepared, among=narrowed.among(ds, kept))


@data.shared(max_entries=32)
def region_values(ds: Dataset, f: Filters, level: int, measure: str, kept: tuple[str, ...] | None,
                  planning: tuple[str, ...] | None) -> pd.DataFrame:
    """mapdata.region_measures of the page's choices."""
    return mapdata.region_measures(ds.programmes, ds.allocations, ds.coverage, ds.regions, f, level,
                                   measure, planning=None if planning is None else set(planning),
                                   index=_coverage_index(ds, level, f.period),
                                   amounts=_amounts(ds, mapdata.amount_filters(f, measure), kept))


@dataclass(frozen=True)
class RegionTexts:
    table: pd.DataFrame  # the values under the measure's own column name, as shown and exported
    legend: list[tuple[str, str]]
    alt: str


@data.shared(max_entries=32)
def region_texts(ds: Dataset, f: Filters, level: int, measure: str, kept: tuple[str, ...] | None,
                 planning: tuple[str, ...] | None) -> RegionTexts:
    """The table, legend and text alternative of the map of these choices."""
    values = region_values(ds, f, level, measure, kept, planning)
    m = mapdata.MEASURES[measure]
    alt = charts_style.alt_text(f"Map of {m.label.lower()} per region, {mapdata.LEVELS[level]}, highest", values,
                                "name", "value", lambda v: maps.format_value(v, m.unit), top=5)
    # set_axis: the same frame under new column names, a third of rename's cost.
    shown = values.set_axis([f"{m.label} ({m.unit})" if c == "value" else c for c in values.columns], axis=1)
    return RegionTexts(shown, maps.legend_stops(values, m.unit), alt)


# 16 decks: 15 MB at NUTS 3, so that a room moving through a dozen settings finds each one made.
@data.shared(max_entries=16)
def region_deck(ds: Dataset, f: Filters, level: int, measure: str, kept: tuple[str, ...] | None,
                planning: tuple[str, ...] | None, region: str | None, height: int) -> pdk.Deck:
    """The choropleth with the chosen region outlined, its JSON made once per setting (the NUTS 3 deck is ~0.9 MB)
    and sent as that text on every rerun that shows it."""
    values = region_values(ds, f, level, measure, kept, planning)
    regions = maps.choropleth_geojson(geo.geometry(NUTS_VERSION, level), values, mapdata.MEASURES[measure].unit)
    highlight = maps.only(geo.geometry(NUTS_VERSION, len(region) - 2), region) if region else None
    # Serialised here, once, before any session shares it.
    return maps.region_deck(regions, geo.geometry(NUTS_VERSION, 0), highlight, height).serialised()


@data.shared(max_entries=16)
def tile_chart(ds: Dataset, f: Filters, measure: str, kept: tuple[str, ...] | None,
               planning: tuple[str, ...] | None, present: bool) -> tuple[go.Figure, str]:
    """The Member States' tile map, already in the shared style for `present`, and its text alternative."""
    countries = region_values(ds, f, 0, measure, kept, planning)
    m = mapdata.MEASURES[measure]
    fig = maps.tile_map(countries, m.unit, f"{m.label} per Member State", present)
    alt = charts_style.alt_text(f"Tile map, one equal square per Member State, of {m.label.lower()}, highest",
                                countries, "name", "value", lambda v: maps.format_value(v, m.unit), top=5)
    return fig, alt


@data.shared(max_entries=4)
def region_options(ds: Dataset, period: str | None) -> dict[str, str]:
    return mapdata.region_options(ds.regions, period=period)


@data.shared(max_entries=16)
def programmes_in_filters(ds: Dataset, f: Filters, kept: tuple[str, ...] | None) -> int:
    return len(narrowed.apply(ds, f, kept, ["cci", "fund", "topic_id"])[0])


@data.shared(max_entries=16)
def covering(ds: Dataset, f: Filters, kept: tuple[str, ...] | None, region: str) -> pd.DataFrame:
    """The programmes in the filters covering a region (mapdata.programmes_covering)."""
    programmes, _ = narrowed.apply(ds, f, kept, ["cci", "fund", "topic_id"])
    return mapdata.programmes_covering(programmes, ds.coverage, region)


# The region panel's columns, in words (the export keeps the same words).
COVERING_COLUMNS = {"title": "Programme", "cci": "CCI", "kind": "Kind", "interreg_strand": "Interreg strand",
                    "covers": "Covers the region through", "basis": "How the coverage is known",
                    "approximate": "Approximate (area known by country only)"}
SCOPE_COLUMNS = {"scope_name": "Strategy or sea basin", "scope_type": "Kind", "scope_id": "Code",
                 "in_part": "Region in part only", "verified": "Membership checked", "note": "Note"}


def _words(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """`frame`'s columns in words, in that order; empty cells empty (no 'None'), yes/no for true/false."""
    out = frame[[c for c in columns if c in frame]].rename(columns=columns)
    for column in out:
        if out[column].dtype == bool:
            out[column] = out[column].map({True: "yes", False: "no"})
        else:
            out[column] = out[column].astype(object).where(out[column].notna(), "")
    return out


@data.shared(max_entries=16)
def covering_table(ds: Dataset, f: Filters, kept: tuple[str, ...] | None, region: str) -> pd.DataFrame:
    """The region panel's programmes as shown and exported: readable column names, no empty 'None'."""
    return _words(covering(ds, f, kept, region), COVERING_COLUMNS)


def scopes_table(scopes: pd.DataFrame) -> pd.DataFrame:
    return _words(scopes, SCOPE_COLUMNS)
