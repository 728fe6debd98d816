"""Map builders: picking stays cheap, a chosen region is brought into view, points land where deck.gl puts them."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from coopdata import maps


def _square(code: str, west: float, south: float, east: float, north: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Feature", "properties": {"nuts_id": code, "name": code, "value": "1 programmes",
                                              "fill": [1, 2, 3]},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def test_world_xy_matches_web_mercator():
    # Zoom 0: the world is 512 px square; (0°, 0°) is its centre, 180°E its right edge.
    assert maps.world_xy(0, 0, 0) == pytest.approx((256, 256))
    assert maps.world_xy(180, 0, 0)[0] == pytest.approx(512)
    # Each zoom step doubles the pixels; 85.0511°N is the top edge of the Mercator world.
    assert maps.world_xy(-90, 0, 1) == pytest.approx((256, 512))
    assert maps.world_xy(0, 85.05112878, 0)[1] == pytest.approx(0, abs=1e-6)


def test_screen_xy_puts_the_view_centre_in_the_middle():
    view = maps.pdk.ViewState(latitude=40.0, longitude=15.0, zoom=5)
    assert maps.screen_xy(15.0, 40.0, view, 800, 560) == pytest.approx((400, 280))
    # One degree of longitude east at zoom 5 is 512 * 32 / 360 px to the right.
    x, y = maps.screen_xy(16.0, 40.0, view, 800, 560)
    assert x == pytest.approx(400 + 512 * 32 / 360) and y == pytest.approx(280)
    assert maps.screen_xy(15.0, 41.0, view, 800, 560)[1] < 280  # north is up


def test_fit_view_centres_the_region_and_fills_the_chosen_share():
    region = _collection(_square("AA1", 10.0, -1.0, 12.0, 1.0))
    view = maps.fit_view(region, width=800, height=560, share=0.5)
    assert view.longitude == 11.0 and view.latitude == pytest.approx(0.0, abs=1e-4)
    # 2° of longitude are 512 * 2 / 360 px at zoom 0; the limiting side is the height: 560 * 0.5 px.
    span = maps.world_xy(12, -1, 0)[1] - maps.world_xy(12, 1, 0)[1]
    assert view.zoom == round(math.log2(280 / span), 2)
    west, _ = maps.screen_xy(10.0, 0.0, view, 800, 560)
    east, _ = maps.screen_xy(12.0, 0.0, view, 800, 560)
    assert east - west == pytest.approx(280, rel=0.01)


def test_fit_view_with_the_bounds_read_once():
    # A shape of two parts (a square, and an island far out in the Atlantic): one box per part.
    island = {"type": "Polygon", "coordinates": [[[-30, 38], [-29, 38], [-29, 39], [-30, 38]]]}
    both = _square("B", 9, 50, 10, 51)
    both["geometry"] = {"type": "MultiPolygon", "coordinates": [both["geometry"]["coordinates"],
                                                                 island["coordinates"]]}
    shapes = _collection(_square("A", 0, 50, 1, 51), both)
    bounds = maps.part_bounds(shapes)
    assert bounds == {"A": [(0, 50, 1, 51)], "B": [(9, 50, 10, 51), (-30, 38, -29, 39)]}
    # The island is outside Europe's box, so the view fits A and B's square: centred on 5°E either way.
    once, again = maps.fit_view(shapes, bounds=bounds), maps.fit_view(shapes)
    assert (once.latitude, once.longitude, once.zoom) == (again.latitude, again.longitude, again.zoom)
    assert once.longitude == 5.0 and once.latitude == pytest.approx(50.5, abs=0.01)


def test_fit_view_spans_every_feature_and_stays_within_the_zoom_limits():
    two = maps.fit_view(_collection(_square("A", 0, 50, 1, 51), _square("B", 9, 50, 10, 51)))
    assert two.longitude == 5.0
    tiny = maps.fit_view(_collection(_square("T", 5.0, 45.0, 5.0001, 45.0001)))
    assert tiny.zoom == maps.VIEW.max_zoom
    world = maps.fit_view(_collection(_square("W", -170, -80, 170, 80)))
    assert world.zoom == maps.VIEW.min_zoom
    default = maps.fit_view(_collection())
    assert (default.latitude, default.longitude, default.zoom) == (maps.VIEW.latitude, maps.VIEW.longitude,
                                                                   maps.VIEW.zoom)


def test_region_deck_outlines_are_not_picked_and_a_highlight_is_brought_into_view():
    regions = _collection(_square("AA1", 10, -1, 12, 1), _square("AA2", 12, -1, 14, 1))
    spec = json.loads(maps.region_deck(regions, regions).to_json())
    layer = next(la for la in spec["layers"] if la["id"] == maps.REGION_LAYER_ID)
    # Picking draws the fills only: outline paths made a press too slow to count as a click.
    assert layer["pickable"] is True and layer["stroked"] is True
    assert layer["_subLayerProps"] == {"polygons-stroke": {"pickable": False}}
    assert [la["id"] for la in spec["layers"] if la.get("pickable")] == [maps.REGION_LAYER_ID]
    assert spec["initialViewState"]["longitude"] == maps.VIEW.longitude
    focused = json.loads(maps.region_deck(regions, regions, maps.only(regions, "AA2")).to_json())
    assert focused["initialViewState"]["longitude"] == 13.0
    assert focused["layers"][-1]["id"] == "highlight"


def _countries(values: dict[str, float]):
    import pandas as pd

    return pd.DataFrame([{"nuts_id": c, "name": f"Name {c}", "value": v, "programmes": 0 if pd.isna(v) else 1}
                         for c, v in values.items()])


def test_compact_values_fit_a_tile_and_text_contrasts_with_its_fill():
    assert maps.compact_value(38.0, "programmes") == "38"
    assert maps.compact_value(1_449_000_000.0, "EUR") == "1.4 bn"
    assert maps.compact_value(345_400_000.0, "EUR") == "345 m"
    assert maps.compact_value(float("nan"), "EUR") == "no data"
    assert maps.text_colour(maps.colour(1.0)) == "black"  # Viridis yellow
    assert maps.text_colour(maps.colour(0.0)) == "white"  # Viridis dark purple
    assert maps.text_colour(maps.NO_DATA_RGB) == "black"


def test_tile_map_labels_every_member_state_with_code_and_value():
    fig = maps.tile_map(_countries({"MT": 2.0, "LU": 4.0, "CY": float("nan")}), "programmes", "Programmes")
    tiles, bar = fig.data  # a go.Figure: every property was validated when it was made
    assert len(tiles.x) == 27 and len(set(zip(tiles.x, tiles.y, strict=True))) == 27  # one square each
    text = dict(zip(maps.TILE_GRID, tiles.text, strict=True))
    colours = dict(zip(maps.TILE_GRID, tiles.marker.color, strict=True))
    assert text["MT"].startswith("<b>MT</b><br>") and text["MT"].endswith(">2</span>")
    assert text["LU"].endswith(">4</span>") and text["CY"].endswith(">no data</span>")
    assert colours["LU"] == maps.css(maps.colour(1.0)) and colours["MT"] == maps.css(maps.colour(0.5))
    assert colours["CY"] == colours["FR"] == maps.css(maps.NO_DATA_RGB)  # no data, and FR absent
    assert dict(zip(maps.TILE_GRID, tiles.textfont.color, strict=True))["LU"] == "black"
    assert tiles.textfont.size >= 18 and tiles.marker.size >= 56  # readable from the back of a room
    assert bar.marker.cmin == 0 and bar.marker.cmax == 4.0 and bar.marker.showscale
    assert "Name MT: 2 programmes" in tiles.hovertext


def test_deck_json_is_compact_and_says_the_same_as_pydecks():
    regions = _collection(_square("AA1", 10, -1, 12, 1))
    deck = maps.region_deck(regions, regions)
    compact = deck.to_json()
    pretty = maps.pdk.Deck.to_json(deck)  # pydeck's own, indented
    assert "\n" not in compact and ", " not in compact and len(compact) < len(pretty) / 2
    assert json.loads(compact) == json.loads(pretty)


def _plotly_colour(t):
    """The colour as first computed, one value at a time by plotly (the reference)."""
    from plotly.colors import sample_colorscale, unlabel_rgb

    return [int(round(float(c))) for c in unlabel_rgb(sample_colorscale(maps.COLORSCALE, [min(max(t, 0.0), 1.0)])[0])]


@pytest.mark.slow
def test_colours_of_a_whole_map_are_plotlys_colours_exactly():
    import numpy as np

    ts = np.concatenate([np.linspace(0.0, 1.0, 20_001), np.random.default_rng(7).random(5_000), [-0.5, 1.5]])
    assert maps.colours(ts).tolist() == [_plotly_colour(float(t)) for t in ts]
    assert maps.colours([float("nan"), 0.0]).tolist() == [maps.NO_DATA_RGB, [68, 1, 84]]  # Viridis starts dark purple
    assert maps.colour(None) == maps.NO_DATA_RGB and maps.colour(1.0) == [253, 231, 37]


def test_choropleth_colours_labels_and_no_data_per_region():
    import pandas as pd

    geometry = _collection(_square("AA1", 0, 0, 1, 1), _square("AA2", 1, 0, 2, 1), _square("AA3", 2, 0, 3, 1),
                           _square("ZZ1", 3, 0, 4, 1))
    measures = pd.DataFrame({"nuts_id": ["AA1", "AA2", "AA3"], "value": [4.0, 1.0, float("nan")],
                             "programmes": [4, 1, 0]})
    props = {f["properties"]["nuts_id"]: f["properties"] for f in maps.choropleth_geojson(geometry, measures,
                                                                                         "programmes")["features"]}
    assert props["AA1"]["fill"] == maps.colour(1.0) and props["AA2"]["fill"] == maps.colour(0.25)
    assert (props["AA1"]["value"], props["AA3"]["value"]) == ("4 programmes", "no data")
    assert props["AA3"]["fill"] == maps.NO_DATA_RGB  # no programme covers it
    assert props["ZZ1"] == {"nuts_id": "ZZ1", "name": "ZZ1", "value": "outside the EU: no data",
                            "fill": maps.OUTSIDE_RGB}


def test_a_shorter_map_shows_the_same_area_one_zoom_step_out_per_halving():
    assert maps.view_for_height(maps.CHART_HEIGHT).zoom == maps.VIEW.zoom == 2.9
    assert maps.view_for_height(maps.CHART_HEIGHT / 2).zoom == 1.9
    regions = {"type": "FeatureCollection", "features": []}
    spec = json.loads(maps.region_deck(regions, regions, height=maps.PRESENT_HEIGHT).to_json())
    assert spec["initialViewState"]["zoom"] == round(2.9 + math.log2(380 / 560), 2) == 2.34


def _pydeck_json(deck) -> str:
    """The deck as pydeck serialises it (its own serialiser, indented), parsed: the reference."""
    return json.loads(maps.pdk.Deck.to_json(deck))


def test_a_deck_serialised_once_sends_that_text_and_says_what_pydeck_says():
    level = _collection(_square("AA1", 0, 0, 1, 1), _square("AA2", 1, 0, 2.5, 1.25))
    level["features"][1]["properties"]["name"] = 'Ärå "quoted" \\ name'
    base = _collection(_square("AA", 0, 0, 2.5, 1.25))
    for highlight in (None, maps.only(level, "AA2")):
        deck = maps.region_deck(level, base, highlight)
        done = deck.serialised()
        assert json.loads(done.to_json()) == _pydeck_json(deck) and '"text"' not in done.to_json()
        assert done.to_json() is done.to_json()  # no serialising on the reruns that send it
        assert deck.text is None and deck.to_json() == done.to_json()  # the deck it was made from is unchanged


def test_scale_against_the_largest_value_for_series_and_arrays():
    nan = float("nan")
    series = maps.scale(pd.Series([2.0, 4.0, nan, 0.0]))
    assert isinstance(series, pd.Series) and series.tolist()[:2] == [0.5, 1.0] and series.iloc[3] == 0.0
    assert pd.isna(series.iloc[2])
    array = maps.scale(np.array([2.0, 4.0, nan, 0.0]))
    assert array[:2].tolist() == [0.5, 1.0] and array[3] == 0.0 and np.isnan(array[2])
    assert maps.scale(np.array([0.0, 0.0])).tolist() == [0.0, 0.0]  # nothing to scale against: all 0
    assert np.isnan(maps.scale(np.array([nan]))).all()


def test_legend_lists_only_classes_some_region_has():
    import pandas as pd

    from coopdata import maps

    counts = pd.DataFrame({"nuts_id": ["A", "B", "C", "D"], "value": [0.0, 7.0, 15.0, 30.0],
                           "programmes": [0, 7, 15, 30]})
    labels = [text for _colour, text in maps.legend_stops(counts, "programmes")]
    # from the fewest programmes a coloured region has to the most, whole numbers; the grey class as A is grey
    assert labels == ["7 programmes", "13 programmes", "18 programmes", "24 programmes", "30 programmes",
                      maps.NO_DATA_LABEL]
    every_region_coloured = counts.iloc[1:]
    assert maps.NO_DATA_LABEL not in [t for _c, t in maps.legend_stops(every_region_coloured, "programmes")]
    few = pd.DataFrame({"nuts_id": ["A", "B"], "value": [1.0, 2.0], "programmes": [1, 2]})
    assert [t for _c, t in maps.legend_stops(few, "programmes")] == ["1 programme", "2 programmes"]
