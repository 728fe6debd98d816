"""Browser: a page's 'download this view' XLSX has its four sheets, and the link on its Link sheet, opened in a
new session, shows the same view (same headline figure, same page parameters); the import template downloads whole."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from playwright.sync_api import expect

from coopdata.importer import template
from tests.e2e.filters_harness import open_view, page_url

pytestmark = pytest.mark.e2e

METRIC = "[data-testid=stMetricValue]"


@pytest.mark.parametrize("file, query, own_params", [
    ("pages/themes.py", "period=2014-2020&country=AT&focus=employment", {"focus": ["employment"]}),
    ("pages/compare.py", "period=2014-2020&cmp=country:IT&cmp=country:ES", {"cmp": ["country:IT", "country:ES"]}),
])
def test_xlsx_of_a_page_reopens_the_same_view(app_url, page, tmp_path, file, query, own_params):
    open_view(page, f"{page_url(app_url, file)}?{query}")
    headline = page.locator(METRIC).first.inner_text()

    with page.expect_download() as info:
        page.get_by_role("button", name="Download this view (Excel)").first.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Data", "Filters", "Link", "Sources"]
    assert book["Data"].max_row > 1
    assert any("EuroGeographics" in str(c.value) for row in book["Sources"].iter_rows() for c in row)

    link = book["Link"]["A2"].value
    params = parse_qs(urlsplit(link).query)
    assert link.startswith(page_url(app_url, file)) and params["period"] == ["2014-2020"]
    assert {k: params.get(k) for k in own_params} == own_params  # the page's own parameters are kept

    other = page.context.browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    try:
        open_view(other, link)
        expect(other.locator(METRIC).first).to_have_text(headline, timeout=60_000)  # a new session: a slow first run
    finally:
        other.context.close()


def test_import_template_downloads_as_a_workbook_with_its_lists(app_url, page, tmp_path):
    """The template is made on the click (not on every run): the file arrives whole."""
    open_view(page, page_url(app_url, "pages/import.py"))
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the template (xlsx)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Actions", "Instructions", "Lists"]
    assert book["Actions"]["A1"].value == template.FIELDS[0].label
