"""Browser: the map page draws its map with every non-local request blocked, and a click selects a region."""

from urllib.parse import urlparse

import pytest
import shapely.geometry
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from shapely.ops import polylabel

from coopdata import maps
from coopdata.geography.coverage import NUTS_VERSION
from coopdata.load import read_geometry

pytestmark = pytest.mark.e2e
TIMEOUT_MS = 60_000
CLICK_TRIES, CLICK_WAIT_MS = 3, 20_000


def _block_non_local(page) -> list[str]:
    """Abort (and record) every request that leaves localhost: the map must need no network."""
    blocked: list[str] = []

    def route(r):
        if urlparse(r.request.url).hostname in ("localhost", "127.0.0.1"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return blocked


def _open_map(page, app_url, query: str = ""):
    blocked = _block_non_local(page)
    page.goto(app_url + query, timeout=TIMEOUT_MS)  # the Map is the dashboard's first page
    chart = page.locator("[data-testid='stDeckGlJsonChart']")
    chart.locator("canvas").first.wait_for(state="visible", timeout=TIMEOUT_MS)
    page.get_by_text("© EuroGeographics for the administrative boundaries").first.wait_for(timeout=TIMEOUT_MS)
    return chart, blocked


def test_map_is_drawn_offline(page, app_url):
    chart, blocked = _open_map(page, app_url)
    box = chart.locator("canvas").first.bounding_box()
    assert box["width"] > 400 and box["height"] > 400
    page.get_by_text("Legend — Number of programmes").wait_for(timeout=TIMEOUT_MS)
    assert blocked == [], f"the map page tried to reach: {blocked[:5]}"


def _inside_point(geometry: dict, nuts_id: str) -> tuple[float, float]:
    """The point of the region's largest part farthest from its edges: a click there cannot miss."""
    shape = shapely.geometry.shape(maps.only(geometry, nuts_id)["features"][0]["geometry"])
    largest = max(getattr(shape, "geoms", [shape]), key=lambda p: p.area)
    point = polylabel(largest, tolerance=0.001)
    return point.x, point.y


def test_clicking_a_nuts3_region_selects_it_and_lists_its_programmes(page, app_url):
    # Start from Basilicata (NUTS 2) at NUTS 3: the map is fitted to it, so Potenza is large on screen.
    chart, _ = _open_map(page, app_url, "/?level=NUTS+3&region=ITF5")
    page.get_by_text("Selected region: Basilicata (ITF5, NUTS 2)").wait_for(timeout=TIMEOUT_MS)
    view = maps.fit_view(maps.only(read_geometry(NUTS_VERSION, 2), "ITF5"))  # as the page does
    lon, lat = _inside_point(read_geometry(NUTS_VERSION, 3), "ITF51")
    box = chart.locator("canvas").first.bounding_box()
    x, y = maps.screen_xy(lon, lat, view, box["width"], box["height"])
    selected = page.get_by_text("Selected region: Potenza (ITF51, NUTS 3)")
    tooltip = page.locator(".deck-tooltip", has_text="Potenza (ITF51)")
    # deck.gl counts a press as a click only if the browser handles it within 250 ms; picking runs on
    # the press, so on a loaded machine with software rendering a click is now and then lost (a user
    # would click again). Each try first hovers until the tooltip names Potenza, so the pointer is on it.
    for _ in range(CLICK_TRIES):
        page.mouse.move(box["x"] + x, box["y"] + y)  # deck.gl's view element sits over the canvas
        tooltip.wait_for(timeout=TIMEOUT_MS)
        page.mouse.click(box["x"] + x, box["y"] + y)
        try:
            selected.wait_for(timeout=CLICK_WAIT_MS)
            break
        except PlaywrightTimeoutError:
            page.mouse.move(box["x"], box["y"])  # off the region, so the next hover is a fresh one
    selected.wait_for(timeout=TIMEOUT_MS)
    assert "region=ITF51" in page.url
    assert page.get_by_text("cover Potenza (ITF51, NUTS 3) under the current filters").count() == 1
    # Regional programmes come first: Basilicata's own regional programme heads the list. The grid is
    # drawn on a canvas; its cells' text is in the grid's (hidden) accessibility table.
    # The first column is the programme's title, in words; the second its CCI.
    first_cell = page.get_by_test_id("stDataFrame").first.get_by_test_id("glide-cell-0-0")
    first_cell.wait_for(state="attached", timeout=TIMEOUT_MS)
    assert first_cell.inner_text() == "RP Basilicata ERDF ESF+ 2021-2027"
    assert page.get_by_test_id("stDataFrame").first.get_by_test_id("glide-cell-1-0").inner_text() == "2021IT16FFPR004"


def test_presentation_mode_shows_the_map_and_its_legend_on_the_first_screen(page, app_url):
    """Projecting at 1280x720: the settings fold into an expander, so the whole map and its legend are on
    the first screen without scrolling; the settings are one click away."""
    chart, blocked = _open_map(page, app_url, "/?present=1")
    viewport = page.viewport_size
    box = chart.bounding_box()
    legend = page.locator("p", has_text="Legend —").first.bounding_box()  # the whole legend, every line
    assert box["y"] + box["height"] <= viewport["height"], (box, viewport)
    assert legend["y"] + legend["height"] <= viewport["height"], (legend, viewport)
    settings = page.get_by_text("Map settings and region search")
    settings.click()
    page.get_by_text("NUTS level").first.wait_for(state="visible", timeout=TIMEOUT_MS)
    assert blocked == []


def test_the_tiles_tab_draws_every_member_state_and_goes_into_the_link(page, app_url):
    from playwright.sync_api import expect

    from tests.e2e.helpers import assert_no_exception, wait_for_app_idle

    _open_map(page, app_url)
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator(".st-key-tile_map")).to_have_count(0)  # a closed tab is not drawn
    main.get_by_role("tab", name="Member States as equal tiles").click()
    wait_for_app_idle(page)
    tiles = main.locator(".st-key-tile_map")
    expect(tiles).to_have_count(1)
    expect(tiles.locator(".scatterlayer .textpoint")).to_have_count(27, timeout=TIMEOUT_MS)  # a tile per Member State
    assert "map_section=tiles" in page.url  # the open tab is in the link, by its code
    assert_no_exception(page)


def test_potenza_panel_lists_only_the_interreg_programmes_whose_area_covers_it_with_their_basis(page, app_url):
    """Potenza (ITF51): before the Interreg areas were derived, 18 Interreg programmes of 2021-2027 covered it (all of
    Italy); now 8, each saying how its area was obtained, and no cross-border one (no border within reach)."""
    from playwright.sync_api import expect

    from tests.e2e.helpers import assert_no_exception, dataframe_cells, wait_for_app_idle

    _open_map(page, app_url, "/?level=NUTS+3&region=ITF51&kind=Interreg")  # the Interreg rows fit in view
    wait_for_app_idle(page)
    expect(page.get_by_text("8 programmes cover Potenza (ITF51, NUTS 3)")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("(0 mainstream, 8 Interreg)")).to_have_count(1)
    panel = page.get_by_test_id("stDataFrame").first  # the region's programmes come before the map's table
    rows = dataframe_cells(panel)
    text = ["\t".join(r) for r in rows]
    interreg = [t for t in text if "2021TC" in t]
    assert len(interreg) == 8, text
    assert sum("whole EU" in t for t in interreg) == 4  # the interregional programmes
    assert sum("takes part only in part" in t for t in interreg) == 2  # Euro-MED and NEXT MED, Italy in part
    assert not any("regulation rule" in t for t in interreg)
    assert_no_exception(page)


def test_the_2014_2020_map_colours_the_uk_and_a_tab_code_opens_the_tiles(page, app_url):
    """A link written by hand: the UK's region West Wales and The Valleys (UKL1) in 2014-2020, the tiles tab by its
    code. 19 programmes cover UKL1 (6 of the UK's 17, 13 Interreg); the tile map has 28 tiles (the UK's too)."""
    from playwright.sync_api import expect

    from tests.e2e.helpers import assert_no_exception, screenshot

    _, blocked = _open_map(page, app_url, "/map?period=2014-2020&region=ukl1&map_section=TILES")
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("Selected region: West Wales and The Valleys (UKL1, NUTS 2)")).to_be_visible(
        timeout=TIMEOUT_MS)
    expect(main.get_by_text("19 programmes cover West Wales and The Valleys (UKL1, NUTS 2)")).to_be_visible()
    expect(main.get_by_text("the UK's regions (2014-2020): its NUTS 2016 regions")).to_be_visible()
    tiles = main.locator(".st-key-tile_map")
    expect(tiles.locator(".scatterlayer .textpoint")).to_have_count(28, timeout=TIMEOUT_MS)
    expect(main.get_by_role("tab", name="Member States as equal tiles")).to_have_attribute("aria-selected", "true")
    assert "map_section=tiles" in page.url and "region=UKL1" in page.url  # the link keeps the codes
    screenshot(page, "map-2014-2020-uk-tiles")
    assert_no_exception(page)
    assert blocked == []
