"""Data & sources in a real browser: offline, the real counts, and the Period filter changing the table."""

from playwright.sync_api import expect

from coopdata.analysis.datasummary import programmes_per_fund
from tests.e2e.helpers import (
    assert_no_exception,
    dataframe_cells,
    goto,
    page_path,
    screenshot,
    wait_for_app_idle,
)


def _per_fund(page) -> dict[str, int]:
    """The per-fund chart's numbers, read from its table alternative (an expander under the chart)."""
    expander = page.locator('[data-testid="stMain"] [data-testid="stExpander"]').filter(
        has_text="The numbers of this chart as a table").first
    if not expander.locator('[data-testid="stDataFrame"]').first.is_visible():
        expander.get_by_text("The numbers of this chart as a table").click()
    table = expander.locator('[data-testid="stDataFrame"]').first
    return {fund: int(n) for fund, n in dataframe_cells(table)}


def _expected(dataset, period) -> dict[str, int]:
    return dict(programmes_per_fund(dataset.programmes, period).itertuples(index=False))


def test_data_page_counts_and_period_switch(page, dataset):
    goto(page, page_path("data"))
    assert_no_exception(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator('[data-testid="stMetricValue"]')).to_have_text(["541", "368", "177"])
    expect(main.get_by_role("heading", name="Programmes per fund, 2021-2027")).to_be_visible()
    before = _per_fund(page)
    assert before == _expected(dataset, "2021-2027")
    assert "EAFRD" not in before  # rural development has no 2021-2027 cohesion programme
    screenshot(page, "data-2021-2027")

    # Switch the sidebar's Period radio by clicking its label, as a user would.
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]').get_by_text("2014-2020").click()
    wait_for_app_idle(page)
    expect(main.get_by_role("heading", name="Programmes per fund, 2014-2020")).to_be_visible()
    after = _per_fund(page)
    assert after["EAFRD"] == 115  # e4v6-qrrq: 115 rural development programmes
    assert after == _expected(dataset, "2014-2020")
    assert "period=2014-2020" in page.url  # the filter is bound to the URL: the view is a shareable link
    assert_no_exception(page)
    screenshot(page, "data-2014-2020")
