"""Map figure builders (pure: return pydeck / plotly objects, never call streamlit).

The choropleth draws no tile basemap: the country boundaries are the base, so the map works with no
network at all. Colours come from one sequential, colour-blind-safe scale shared by the choropleth,
the tile map and the legend.
"""

from __future__ import annotations

import copy
import math
from html import escape

import numpy as np
import orjson
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import shapely.geometry
from plotly.colors import colorscale_to_colors, colorscale_to_scale, get_colorscale, validate_colors
from pydeck.bindings.json_tools import default_serialize

from coopdata import charts_style
from coopdata.geography.shapes import dumps

COLORSCALE = "Viridis"
NO_DATA_RGB = [215, 215, 215]
NO_DATA_LABEL = "no programme or no amount"
OUTSIDE_RGB = [240, 240, 240]  # regions outside the EU: drawn for context only
HIGHLIGHT_RGB = [230, 30, 30]  # the chosen region, the partner search's start: red, off the Viridis scale
START_RGBA = [230, 30, 30, 150]
COVERED_RGB = [59, 81, 138]  # Viridis at 0.25: a programme's area on its profile
APPROXIMATE_ALPHA = 90  # approximate coverage: the same colour, translucent over the pale base
REGION_LAYER_ID = "regions"
VIEW = pdk.ViewState(latitude=52.0, longitude=12.0, zoom=2.9, min_zoom=2, max_zoom=9)
TILE_SIZE = 512  # deck.gl's Web Mercator world is 512 px wide at zoom 0
# The map's height, and the width assumed when fitting a region into it (the width follows the window).
CHART_HEIGHT = 560
PRESENT_HEIGHT = 380  # projecting at 1280x720: the title, the map and its legend share the first screen
FIT_WIDTH = 800
EUROPE = (-25.0, 27.0, 45.0, 72.0)  # west, south, east, north: mainland Europe, Canaries, Madeira, Cyprus
FIT_SHARE = 0.4  # a fitted region fills this share of the view: its neighbours stay in sight
# Tile map sized for a projector: 8.2 grid rows in a 600 px figure leave about 64 px per row.
TILE_FIGURE_HEIGHT, TILE_PX, TILE_CODE_FONT, TILE_VALUE_FONT = 600, 60, 20, 15
# Equal-size tiles of the 27 Member States, laid out roughly as on a map (column, row).
TILE_GRID = {
    "IE": (0, 2), "FI": (6, 0), "SE": (5, 0), "EE": (6, 1), "DK": (4, 1), "LV": (6, 2), "LT": (6, 3),
    "NL": (2, 3), "DE": (3, 3), "PL": (5, 3), "BE": (1, 4), "LU": (2, 4), "CZ": (4, 4), "SK": (5, 4),
    "FR": (1, 5), "AT": (3, 5), "SI": (4, 5), "HU": (5, 5), "RO": (6, 5), "PT": (0, 6), "ES": (1, 6),
    "IT": (3, 6), "HR": (4, 6), "BG": (6, 6), "MT": (3, 7), "EL": (5, 7), "CY": (6, 7),
}
# A former Member State gets its tile only where the figures have it (the UK in 2014-2020).
FORMER_TILES = {"UK": (1, 2)}


_NAMED_SCALE = get_colorscale(COLORSCALE)  # [[position, colour], ...]: plotly looks it up slowly


def _colorscale_table() -> tuple[np.ndarray, np.ndarray]:
    """The scale's stop positions and their RGB as 0..1 tuples, as plotly's sample_colorscale reads them."""
    named = _NAMED_SCALE
    return (np.array(colorscale_to_scale(named), dtype="float64"),
            np.array(validate_colors(colorscale_to_colors(named), colortype="tuple"), dtype="float64"))


_STOPS, _STOP_RGB = _colorscale_table()


def colours(ts) -> np.ndarray:
    """RGB rows (n x 3 integers) of values scaled to 0..1, NaN the no-data grey.

    The same arithmetic as plotly's sample_colorscale (bisect, linear mix, x 255, half-to-even rounding),
    done for all values at once: one call per map instead of one per region."""
    t = np.asarray(ts, dtype="float64").reshape(-1)
    missing = np.isnan(t)
    point = np.clip(np.where(missing, 0.0, t), 0.0, 1.0)
    high = np.searchsorted(_STOPS, point, side="left")
    low = high - 1  # a point at 0 mixes stop -1 and stop 0, as plotly does
    mix = (point - _STOPS[low]) / (_STOPS[high] - _STOPS[low])
    rgb = _STOP_RGB[low] + mix[:, None] * (_STOP_RGB[high] - _STOP_RGB[low])
    out = np.rint(rgb * 255.0).astype("int64")
    out[missing] = NO_DATA_RGB
    return out


def colour(t: float | None) -> list[int]:
    """RGB of a value scaled to 0..1 (None/NaN: the no-data grey)."""
    return colours([np.nan if t is None else t])[0].tolist()


def scale(values):
    """Values (a Series or a float array) scaled to 0..1 against the largest one (0 stays 0; NaN stays NaN)."""
    floats = np.asarray(values, dtype="float64")
    known = floats[~np.isnan(floats)]
    top = known.max() if len(known) else np.nan
    return values * 0.0 if not top or np.isnan(top) else values / top


def format_value(value: float, unit: str) -> str:
    if value is None or pd.isna(value):
        return "no data"
    if unit == "EUR":
        return f"EUR {value / 1e6:,.1f} million"
    return f"{int(value):,} {unit.removesuffix('s') if int(value) == 1 else unit}"  # 1 programme, 2 programmes


_OUTSIDE = ("outside the EU: no data", OUTSIDE_RGB)


def _shown(measures: pd.DataFrame, unit: str) -> dict[str, tuple[str, list[int]]]:
    """nuts_id -> (value label, fill) of the regions in `measures`: what the browser shows of each."""
    values = measures["value"].to_numpy(dtype="float64", na_value=np.nan)
    fills = colours(scale(values)).tolist()
    labels: dict[float, str] = {}  # counts repeat: each label made once
    # Plain lists: iterating pandas' string columns costs more than the labels themselves (1,166 NUTS 3 rows).
    return {code: (labels.get(value) or labels.setdefault(value, format_value(value, unit)),
                   fill if programmes else list(NO_DATA_RGB))
            for code, value, programmes, fill in zip(measures["nuts_id"].tolist(), values.tolist(),
                                                     measures["programmes"].tolist(), fills, strict=True)}


def choropleth_geojson(geometry: dict, measures: pd.DataFrame, unit: str) -> dict:
    """The regions' GeoJSON with what the browser needs per feature: colour, value label.

    Regions not in `measures` (outside the EU) are drawn pale, with no value. Names travel as plain
    properties; the tooltip shows them as text, never as HTML.
    """
    shown = _shown(measures, unit)
    features = []
    for feat in geometry["features"]:
        props = feat["properties"]
        code = props["nuts_id"]
        label, fill = shown.get(code, _OUTSIDE)
        features.append({"type": "Feature", "geometry": feat["geometry"],
                         "properties": {"nuts_id": code, "name": props["name"], "value": label,
                                        "fill": list(fill)}})
    return {"type": "FeatureCollection", "features": features}


def payload_bytes(geojson: dict) -> int:
    """Size of the GeoJSON as sent to the browser (compact JSON, UTF-8)."""
    return len(dumps(geojson).encode("utf-8"))


def world_xy(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates at `zoom` (origin top-left of the world), as deck.gl computes them."""
    size = TILE_SIZE * 2**zoom
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360 * size, (1 - y / math.pi) / 2 * size


def screen_xy(lon: float, lat: float, view: pdk.ViewState, width: float, height: float) -> tuple[float, float]:
    """Where a point lands on a chart of width x height pixels showing `view` (no pitch, no bearing)."""
    x, y = world_xy(lon, lat, view.zoom)
    cx, cy = world_xy(view.longitude, view.latitude, view.zoom)
    return width / 2 + x - cx, height / 2 + y - cy


def part_bounds(geometry: dict) -> dict[str, list[tuple[float, float, float, float]]]:
    """nuts_id -> the bounding box (west, south, east, north) of each part of its shape."""
    return {f["properties"]["nuts_id"]: [p.bounds for p in shapely.get_parts(shapely.geometry.shape(f["geometry"]))]
            for f in geometry["features"]}


def fit_view(features: dict, width: float = FIT_WIDTH, height: float = CHART_HEIGHT,
             share: float = FIT_SHARE, bounds: dict | None = None) -> pdk.ViewState:
    """A view centred on the features' bounding box, zoomed so that it fills `share` of the chart;
    the default view when there is nothing to fit. `bounds`: part_bounds of geometries holding the features,
    made once (reading every shape again cost 17 ms for a partner-search map)."""
    if not features["features"]:
        return copy.copy(VIEW)
    bounds = part_bounds(features) if bounds is None else bounds
    parts = [b for f in features["features"] for b in bounds[f["properties"]["nuts_id"]]]
    # Outermost regions (French overseas departments, Azores) would zoom a national map out to the
    # world: fit the European parts when there are any.
    in_europe = [b for b in parts if b[2] >= EUROPE[0] and b[0] <= EUROPE[2] and b[3] >= EUROPE[1] and b[1] <= EUROPE[3]]
    boxes = in_europe or parts
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    (x0, y0), (x1, y1) = world_xy(west, north, 0), world_xy(east, south, 0)
    zoom = math.log2(share * min(width / max(x1 - x0, 1e-9), height / max(y1 - y0, 1e-9)))
    zoom = min(max(zoom, VIEW.min_zoom), VIEW.max_zoom)
    # The centre of the box in Mercator space, back to degrees.
    cy = 1 - (y0 + y1) / TILE_SIZE
    lat = math.degrees(2 * math.atan(math.exp(cy * math.pi)) - math.pi / 2)
    return pdk.ViewState(latitude=round(lat, 4), longitude=round((west + east) / 2, 4), zoom=round(zoom, 2),
                         min_zoom=VIEW.min_zoom, max_zoom=VIEW.max_zoom)


def _compact_json(obj) -> str:
    """JSON as pydeck makes it (sorted keys, its serialiser for its objects), without indentation. orjson writes
    the same JSON as the standard library about ten times faster (NUTS 2 deck: 1.5 ms instead of 16 ms), which is
    most of the Map's cost for a setting not seen before."""
    return orjson.dumps(obj, default=default_serialize, option=orjson.OPT_SORT_KEYS).decode()


class CompactDeck(pdk.Deck):
    """A pydeck Deck whose JSON (what Streamlit sends to the browser on every rerun) has no indentation:
    pydeck indents by 2 and puts every coordinate on its own line, which made the NUTS 3 map 4.3 MB
    instead of 0.9 MB. A deck made once for many reruns is serialised once (serialised())."""

    text: str | None = None  # the JSON made by serialised(); None: serialise on each call

    def to_json(self) -> str:
        return _compact_json(self) if self.text is None else self.text

    def serialised(self) -> CompactDeck:
        """A copy of the deck holding its JSON, made now: a deck cached per setting then costs no serialising
        on the reruns that send it (about 1.5 ms for the NUTS 2 map, 3 ms for NUTS 3). Read-only from then on:
        a change to its layers would not change what is sent."""
        done = copy.copy(self)
        done.text = _compact_json(self)  # of the deck without its text
        return done


# No map_style and no provider: pydeck sends its "default style" sentinel, which Streamlit's
# frontend drops without substituting a tile basemap (map_style=None would make it fetch Carto's).
_BLANK_DECK = CompactDeck(layers=[], initial_view_state=VIEW, map_provider=None,
                          # "text" tooltips are set as innerText by the browser: a name can never inject HTML.
                          tooltip={"text": "{name} ({nuts_id})\n{value}"})


def _deck(layers: list[pdk.Layer], view: pdk.ViewState) -> pdk.Deck:
    # A copy of a deck made once: pydeck's Deck() tries five times to import its Jupyter widget, which fails
    # here (no ipywidgets) and costs 0.5 ms, as much as the rest of a map's deck.
    deck = copy.copy(_BLANK_DECK)
    deck.layers, deck.initial_view_state = layers, view
    return deck


def _filled_regions(geojson: dict, layer_id: str = REGION_LAYER_ID) -> pdk.Layer:
    """Regions filled with their `fill` property (RGB or RGBA), white outlines, a tooltip on hover.

    The outlines are left out of picking: deck.gl picks on pointer down, and a press lasting over
    250 ms is no click for it. Drawing the outline paths of 333 (NUTS 2) or 1,512 (NUTS 3) shapes in
    the picking pass took longer than that in a software-rendered browser, so clicks were lost.
    """
    return pdk.Layer("GeoJsonLayer", data=geojson, id=layer_id, stroked=True, filled=True,
                     get_fill_color="properties.fill", get_line_color=[255, 255, 255],
                     line_width_min_pixels=0.5, pickable=True, auto_highlight=True,
                     _sub_layer_props={"polygons-stroke": {"pickable": False}})


def _under_and_over(base_geojson: dict, middle: list[pdk.Layer]) -> list[pdk.Layer]:
    """Countries drawn pale under the `middle` layers, their borders drawn over them."""
    return [pdk.Layer("GeoJsonLayer", data=base_geojson, id="countries", stroked=False, filled=True,
                      get_fill_color=OUTSIDE_RGB, pickable=False),
            *middle,
            pdk.Layer("GeoJsonLayer", data=base_geojson, id="borders", stroked=True, filled=False,
                      get_line_color=[60, 60, 60], line_width_min_pixels=1, pickable=False)]


def view_for_height(height: float) -> pdk.ViewState:
    """The default view of Europe for a chart `height` px tall: the same area as at CHART_HEIGHT, scaled."""
    view = copy.copy(VIEW)
    view.zoom = round(VIEW.zoom + math.log2(height / CHART_HEIGHT), 2)
    return view


def region_deck(regions_geojson: dict, base_geojson: dict, highlight: dict | None = None,
                height: float = CHART_HEIGHT) -> pdk.Deck:
    """Choropleth of the regions over the country boundaries; the highlighted region outlined, in view."""
    layers = _under_and_over(base_geojson, [_filled_regions(regions_geojson)])
    if highlight and highlight["features"]:
        layers.append(pdk.Layer("GeoJsonLayer", data=highlight, id="highlight", stroked=True, filled=False,
                                get_line_color=HIGHLIGHT_RGB, line_width_min_pixels=4, pickable=False))
    return _deck(layers, fit_view(highlight, height=height) if highlight else view_for_height(height))


def subset(geometry: dict, nuts_ids) -> dict:
    """The features of the given regions, in the geometry's order."""
    wanted = set(nuts_ids)
    return {"type": "FeatureCollection",
            "features": [f for f in geometry["features"] if f["properties"]["nuts_id"] in wanted]}


def only(geometry: dict, nuts_id: str | None) -> dict:
    """The features of one region (empty when it has no geometry at this level)."""
    return subset(geometry, [nuts_id])


def _feature(feat: dict, value: str, fill: list[int]) -> dict:
    props = feat["properties"]
    return {"type": "Feature", "geometry": feat["geometry"],
            "properties": {"nuts_id": props["nuts_id"], "name": props["name"], "value": value, "fill": fill}}


def rank_colour(rank: int, worst: int) -> list[int]:
    """Colour of a rank on the shared scale: 1 (best) darkest, `worst` lightest."""
    return colour((rank - 1) / (worst - 1) if worst > 1 else 0.0)


def lighter(rgb: list[int]) -> list[int]:
    """The same colour, translucent over the pale base: marks what is known only approximately."""
    return [*rgb[:3], APPROXIMATE_ALPHA]


def candidates_geojson(geometry: dict, candidate_regions: pd.DataFrame, worst: int) -> dict:
    """Regions where partner candidates are, coloured by the best rank covering them (lighter when
    every candidate covers the region only approximately), the best candidate named in the tooltip."""
    rows = candidate_regions.set_index("nuts_id").to_dict("index")  # a dict per region: no pandas lookup per shape
    features = []
    for feat in subset(geometry, rows)["features"]:
        r = rows[feat["properties"]["nuts_id"]]
        more = int(r["candidates"]) - 1
        value = (f"best match #{int(r['best_rank'])}: {r['best_title']} ({r['best_cci']})"
                 + (f"\n{more} more candidate{'s' if more > 1 else ''} here" if more else "")
                 + ("\napproximate: the candidates' areas are known by country only" if r["approximate"] else ""))
        fill = rank_colour(int(r["best_rank"]), worst)
        features.append(_feature(feat, value, lighter(fill) if r["approximate"] else fill))
    return {"type": "FeatureCollection", "features": features}


def start_geojson(geometry: dict, nuts_ids) -> dict:
    """The start's regions, marked as such for the tooltip."""
    return {"type": "FeatureCollection",
            "features": [_feature(f, "your starting point", START_RGBA)
                         for f in subset(geometry, nuts_ids)["features"]]}


def partner_deck(candidates: dict, start: dict, base_geojson: dict, height: float = CHART_HEIGHT,
                 bounds: dict | None = None) -> pdk.Deck:
    """The candidates' regions coloured by rank and the start's regions in red on top, all in view (`bounds`: see
    fit_view)."""
    start_layer = pdk.Layer("GeoJsonLayer", data=start, id="start", stroked=True, filled=True,
                            get_fill_color="properties.fill", get_line_color=HIGHLIGHT_RGB,
                            line_width_min_pixels=1.5, pickable=True,
                            _sub_layer_props={"polygons-stroke": {"pickable": False}})
    everything = {"features": candidates["features"] + start["features"]}
    return _deck([*_under_and_over(base_geojson, [_filled_regions(candidates)]), start_layer],
                 fit_view(everything, height=height, share=0.9, bounds=bounds))


def css(rgb: list[int]) -> str:
    """A deck.gl colour ([r, g, b] or [r, g, b, alpha 0-255]) as CSS, for legends drawn as text."""
    if len(rgb) == 4:
        return f"rgba({rgb[0]},{rgb[1]},{rgb[2]},{rgb[3] / 255:.2f})"
    return f"rgb({rgb[0]},{rgb[1]},{rgb[2]})"


def rank_legend(worst: int, steps: int = 5) -> list[tuple[str, str]]:
    """(CSS colour, text) for the partner map: a few ranks from 1 (best) to `worst`, then the marks."""
    ranks = sorted({round(1 + i * (worst - 1) / (steps - 1)) for i in range(steps)}) if worst > 1 else [1]
    stops = [(css(rank_colour(r, worst)), f"#{r}" + (" (best)" if r == 1 else "")) for r in ranks]
    return [*stops, (css(lighter(rank_colour(1, worst))), "lighter: area known by country only (approximate)"),
            (css(START_RGBA), "your starting point"), (css(OUTSIDE_RGB), "no candidate")]


def coverage_legend() -> list[tuple[str, str]]:
    return [(css(COVERED_RGB), "covered"),
            (css(lighter(COVERED_RGB)), "covered approximately (e.g. Interreg area known by country)")]


def coverage_geojson(geometries: dict[int, dict], coverage_rows: pd.DataFrame) -> dict:
    """A programme's covered regions, each drawn at its own NUTS level (`geometries`: level -> GeoJSON):
    solid where the coverage is exact, lighter where it is approximate."""
    rows = coverage_rows.drop_duplicates("nuts_id").set_index("nuts_id")
    features = []
    for level in sorted(set(rows["level"])):
        for feat in subset(geometries[int(level)], rows.index[rows["level"] == level])["features"]:
            r = rows.loc[feat["properties"]["nuts_id"]]
            approximate = bool(r["approximate"])
            value = r["basis"] + (" (approximate)" if approximate and "approximate" not in r["basis"] else "")
            features.append(_feature(feat, value, lighter(COVERED_RGB) if approximate else list(COVERED_RGB)))
    return {"type": "FeatureCollection", "features": features}


def coverage_deck(covered: dict, base_geojson: dict, width: float, height: float) -> pdk.Deck:
    """A programme's covered regions over the country boundaries, in view with their surroundings (a
    region alone on a full-size map would say nothing of where it is)."""
    return _deck(_under_and_over(base_geojson, [_filled_regions(covered)]),
                 fit_view(covered, width=width, height=height))


def compact_value(value: float | None, unit: str) -> str:
    """A value short enough to sit inside a tile (the colour bar names the unit): 38, 1.2 bn, 345 m."""
    if value is None or pd.isna(value):
        return "no data"
    if unit == "EUR":
        return f"{value / 1e9:,.1f} bn" if value >= 1e9 else f"{value / 1e6:,.0f} m"
    return f"{int(value):,}"


def text_colour(rgb: list[int]) -> str:
    """Black or white, whichever reads better on the fill (relative luminance, ITU-R BT.601 weights)."""
    return "black" if 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] > 140 else "white"


def tile_map(country_measures: pd.DataFrame, unit: str, title: str, present: bool = False) -> go.Figure:
    """Equal-size squares for the Member States (the UK too when the figures have it), coloured on the same scale
    as the choropleth, each with its code and value written in it (large enough for a projector), and a colour
    bar."""
    m = country_measures.set_index("nuts_id")
    values, names, programmes = m["value"].to_dict(), m["name"].to_dict(), m["programmes"].to_dict()
    shares = scale(m["value"]).to_dict()
    # The colours of all tiles in one call: those with no programme get the no-data grey.
    grid = TILE_GRID | {code: place for code, place in FORMER_TILES.items() if code in m.index}
    fills = colours([shares[code] if programmes.get(code, 0) > 0 else np.nan for code in grid]).tolist()
    xs, ys, tile_colours, texts, text_colours, hovers = [], [], [], [], [], []
    for (code, (col, row)), fill in zip(grid.items(), fills, strict=True):
        value = values.get(code)
        xs.append(col)
        ys.append(-row)
        tile_colours.append(css(fill))
        texts.append(f"<b>{code}</b><br><span style='font-size:{TILE_VALUE_FONT}px'>"
                     f"{compact_value(value, unit)}</span>")
        text_colours.append(text_colour(fill))
        hovers.append(f"{escape(str(names.get(code, code)))}: {format_value(value, unit)}")
    traces = [{"type": "scatter", "x": xs, "y": ys, "mode": "markers+text", "text": texts, "hovertext": hovers,
               "hoverinfo": "text", "textfont": {"size": TILE_CODE_FONT, "color": text_colours}, "showlegend": False,
               "marker": {"symbol": "square", "size": TILE_PX, "color": tile_colours,
                          "line": {"color": "white", "width": 1}}}]
    top = m["value"].max(skipna=True)
    if top and not pd.isna(top):
        # An invisible trace carries the colour bar: the tiles' colours are set one by one.
        traces.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers", "hoverinfo": "skip",
                       "showlegend": False,
                       "marker": {"colorscale": _NAMED_SCALE, "cmin": 0, "cmax": float(top),
                                  "color": [0], "showscale": True,
                                  "colorbar": {"title": {"text": unit}, "tickfont": {"size": 14}}}})
    return charts_style.figure(traces, {
        "title": {"text": title}, "height": TILE_FIGURE_HEIGHT,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "xaxis": {"visible": False, "range": [-0.6, 6.6]},
        "yaxis": {"visible": False, "range": [-7.6, 0.6], "scaleanchor": "x"}}, present)


def legend_stops(measures: pd.DataFrame, unit: str, steps: int = 5) -> list[tuple[str, str]]:
    """(CSS colour, value label) pairs for a legend drawn as text: from the smallest value a coloured region has to
    the largest, only values the map can show (a region without programme is grey, never the scale's 0 colour);
    counts are whole numbers, each listed once."""
    values = measures["value"].to_numpy(dtype="float64", na_value=np.nan)
    with_colour = (measures["programmes"].to_numpy() > 0) & ~np.isnan(values)
    grey = [(css(NO_DATA_RGB), NO_DATA_LABEL)] if not with_colour.all() else []
    coloured = values[with_colour]
    if not len(coloured) or not coloured.max():
        return grey
    low, top = coloured.min(), coloured.max()
    points = np.linspace(low, top, steps)
    if unit != "EUR":  # counts: whole numbers, each once
        points = np.unique(np.rint(points))
    return [(css(rgb), format_value(v, unit)) for rgb, v in zip(colours(points / top).tolist(), points.tolist(),
                                                                 strict=True)] + grey
