"""Themes in a real browser: clicking a topic's bar focuses the whole page on that topic; a tab is drawn, with
its downloads, when it is opened, and the link names it."""

from playwright.sync_api import expect

from coopdata.analysis.filters import Filters, apply
from coopdata.analysis.themes import topic_distribution
from tests.e2e.helpers import assert_no_exception, goto, page_path, screenshot, wait_for_app_idle


def test_clicking_a_topic_bar_focuses_the_page_on_it(page, dataset):
    goto(page, page_path("themes", "period=2014-2020"))
    assert_no_exception(page)
    _, allocations = apply(dataset.programmes, dataset.allocations, Filters(period="2014-2020"))
    largest = topic_distribution(allocations, dataset.topics).iloc[0]  # the top bar: the largest EU amount
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name="Topics ranked, 2014-2020", exact=True)).to_be_visible()
    bars = main.locator(".st-key-themes_bars .barlayer .point path")
    expect(bars).to_have_count(len(topic_distribution(allocations, dataset.topics)))
    # Plotly's drag layer lies over the bars and takes the pointer: click where the top bar is drawn.
    top = max((bars.nth(i).bounding_box() for i in range(bars.count())), key=lambda b: -b["y"])
    page.mouse.click(top["x"] + top["width"] / 2, top["y"] + top["height"] / 2)
    wait_for_app_idle(page)
    expect(main.get_by_role("heading", name=f"Topics ranked, 2014-2020, {largest['topic']}")).to_be_visible()
    assert f"focus={largest['topic_id']}" in page.url  # the focus is in the link, like every setting
    assert_no_exception(page)
    screenshot(page, "themes-focused")


def test_opening_the_period_shift_tab_draws_its_chart_and_table_and_puts_it_in_the_link(page):
    goto(page, page_path("themes", "period=2014-2020"))
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator(".st-key-themes_shift")).to_have_count(0)  # a closed tab is not drawn
    main.get_by_role("tab", name="Shift between 2014-2020 and 2021-2027").click()
    wait_for_app_idle(page)
    expect(main.locator(".st-key-themes_shift")).to_have_count(1)
    panel = main.get_by_role("tabpanel")
    expect(panel.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    expect(panel.get_by_role("button", name="Download this view (CSV)")).to_be_visible()
    assert "section=shift" in page.url  # the open tab is in the link, by its code
    assert_no_exception(page)


def test_presentation_mode_shows_the_ranked_topics_on_the_first_screen(page):
    """Projecting at 1280x720: the chart comes right under the title (the settings folded), its top bars on the
    first screen, and the headline numbers follow it, as on the Map."""
    goto(page, page_path("themes", "present=1"))
    assert_no_exception(page)
    main = page.locator('[data-testid="stMain"]')
    bars = main.locator(".st-key-themes_bars .barlayer .point path")
    expect(bars.first).to_be_attached()
    chart = main.locator(".st-key-themes_bars").bounding_box()
    top_bar = max((bars.nth(i).bounding_box() for i in range(bars.count())), key=lambda b: -b["y"])
    assert chart["y"] < page.viewport_size["height"] / 2, chart
    assert top_bar["y"] + top_bar["height"] <= page.viewport_size["height"], top_bar
    metric = main.get_by_test_id("stMetric").first.bounding_box()
    assert metric["y"] > chart["y"] + chart["height"] - 1, (metric, chart)
    screenshot(page, "themes-presentation-first-screen")
