"""The first screen of every page, normal and projected, at 1280x720 and 1920x1080 (issue #19).

For each page and mode: the page's answer (map, main chart, ranked list, comparison chart, profile, workshop
table, import status) starts in the upper half of the viewport; projected, the text of its table and the tick
labels of its chart are at least 20 px. Every screen is saved to artifacts/screenshots/first-screen/ with an
index.html, a gallery a reviewer can open.
"""

from __future__ import annotations

import html

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import SCREENSHOTS, assert_no_exception, goto, wait_for_app_idle

MIN_PROJECTED_PX = 20
SIZES = [(1280, 720), (1920, 1080)]
CHART = '[data-testid="stPlotlyChart"]'
# page -> (link, the answer's selector in normal mode, in presentation mode)
PAGES = {
    "map": ("/", '[data-testid="stDeckGlJsonChart"]', '[data-testid="stDeckGlJsonChart"]'),
    "themes": ("/themes", CHART, CHART),
    "compare": ("/compare?cmp=country:IT&cmp=country:ES", CHART, CHART),
    "partners": ("/partners?p_region=ITF51&p_topic=energy", '[data-testid="stDataFrame"]',
                 "table.coopdata-projected"),
    "profile": ("/profile?cci=2014IT16RFOP007", '[data-testid="stMain"] h2', '[data-testid="stMain"] h2'),
    "workshop": ("/workshop", ".st-key-workshop_projected", ".st-key-workshop_projected"),
    "import": ("/import", '[data-testid="stAlert"]', '[data-testid="stAlert"]'),
    "data": ("/data", CHART, CHART),
}
GALLERY = SCREENSHOTS / "first-screen"
SHOTS: list[tuple[str, str, int]] = []  # (file, caption, answer top)


def _open_workshop_example(page, present: bool) -> None:
    """The workshop's answer is a table of people: load the fictional example list (the list then folds into one
    line) and open the projector (projecting, it is all the page shows)."""
    page.get_by_role("button", name="Use the FICTIONAL example list (training)").click()
    wait_for_app_idle(page)
    if not present:
        page.get_by_role("tab", name="4 · Projector").click()
    page.wait_for_timeout(300)


def _font_px(locator) -> float:
    return float(locator.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))


@pytest.fixture(scope="module", autouse=True)
def gallery():
    yield
    if not SHOTS:
        return
    GALLERY.mkdir(parents=True, exist_ok=True)
    figures = "\n".join(f'<figure><img src="{html.escape(f)}" width="640"><figcaption>{html.escape(c)}, answer '
                        f"starts at y={y}</figcaption></figure>" for f, c, y in sorted(SHOTS))
    (GALLERY / "index.html").write_text(f"<!doctype html><meta charset=utf-8><title>coopdata first screens</title>"
                                        f"<h1>First screen of every page</h1>{figures}", encoding="utf-8")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("present", [False, True], ids=["normal", "presentation"])
@pytest.mark.parametrize("name", list(PAGES))
def test_the_answer_starts_in_the_upper_half(page, name, present, size):
    link, normal_answer, projected_answer = PAGES[name]
    page.set_viewport_size({"width": size[0], "height": size[1]})
    goto(page, link + (("&" if "?" in link else "?") + "present=1" if present else ""))
    if name == "workshop":
        _open_workshop_example(page, present)
    assert_no_exception(page)
    answer = page.locator(projected_answer if present else normal_answer).first
    expect(answer).to_be_visible()
    top = round(answer.bounding_box()["y"])
    mode = "presentation" if present else "normal"
    GALLERY.mkdir(parents=True, exist_ok=True)
    file = f"{name}-{mode}-{size[0]}x{size[1]}.png"
    page.screenshot(path=str(GALLERY / file))  # the first screen, as a person sees it
    SHOTS.append((file, f"{name}, {mode}, {size[0]}x{size[1]}", top))
    assert top < size[1] / 2, f"{name} ({mode}): the answer starts at y={top}, below the upper half"
    if present:
        projected = page.locator("table.coopdata-projected td")
        if projected.count():
            assert _font_px(projected.first) >= MIN_PROJECTED_PX
        chart = page.locator(CHART).first
        ticks = chart.locator(".ytick text")
        if ticks.count():
            assert min(_font_px(ticks.nth(i)) for i in range(ticks.count())) >= MIN_PROJECTED_PX
            # every category of the chart has its label drawn (plotly leaves labels out when they do not fit)
            categories = chart.locator(".js-plotly-plot").evaluate(
                "e => new Set(e.data.flatMap(t => t.orientation === 'h' ? Array.from(t.y || []) : [])).size")
            assert ticks.count() == categories, f"{name}: {ticks.count()} of {categories} category labels drawn"


def test_projected_themes_with_two_funds_draws_every_topic_label(page):
    """The case the issue saw labelled every second topic: presentation mode, ERDF and ESF, 2014-2020."""
    goto(page, "/themes?present=1&fund=ERDF&fund=ESF&period=2014-2020")
    assert_no_exception(page)
    chart = page.locator(CHART).first
    expect(chart.locator(".ytick text").first).to_be_visible()
    drawn = [t.replace("\u00a0", " ") for t in chart.locator(".ytick text").all_text_contents()]
    topics = chart.locator(".js-plotly-plot").evaluate("e => Array.from(e.data[0].y)")
    assert len(drawn) == len(topics) == 13
    # a wrapped label is drawn as lines (tspans) of the same words
    assert sorted(d.replace(" ", "") for d in drawn) == sorted(t.replace(" ", "") for t in topics)
    assert min(_font_px(t) for t in chart.locator(".ytick text").all()) >= MIN_PROJECTED_PX
    value_labels = chart.locator(".bars .textpoint text, .bars text")
    assert value_labels.count() == 13 and min(_font_px(t) for t in value_labels.all()) >= MIN_PROJECTED_PX
