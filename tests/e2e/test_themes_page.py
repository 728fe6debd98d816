"""Themes in a real browser: clicking a topic's bar focuses the whole page on that topic; a table kept in a
closed expander appears, with its downloads, when the expander is opened."""

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


def test_opening_the_period_shift_table_draws_it_with_its_downloads(page):
    goto(page, page_path("themes", "period=2014-2020"))
    main = page.locator('[data-testid="stMain"]')
    expander = main.locator('[data-testid="stExpander"]').filter(has_text="Period shift table")
    expect(expander.locator('[data-testid="stDataFrame"]')).to_have_count(0)  # closed: not drawn
    expander.get_by_text("Period shift table").click()
    wait_for_app_idle(page)
    expect(expander.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    expect(expander.get_by_role("button", name="Download this view (CSV)")).to_be_visible()
    assert_no_exception(page)
