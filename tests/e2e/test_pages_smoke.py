"""Every page listed in app.PAGES whose file exists: opens offline in a real browser with no error shown."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import ROOT, app_pages, assert_no_exception, goto, page_path, screenshot


def test_every_existing_page_is_found():
    assert ("pages/data.py", "Data & sources", "data") in [(f, t, u) for f, t, _icon, u in app_pages()]
    assert all(Path(ROOT / f).exists() for f, *_ in app_pages())


def test_a_link_to_the_default_page_is_the_root():
    first = app_pages()[0][3]
    assert page_path(first, "period=2014-2020") == "/?period=2014-2020"
    assert page_path("data") in ("/", "/data")


@pytest.mark.parametrize("url_path", [p[3] for p in app_pages()])
def test_page_opens_without_error(page, url_path):
    goto(page, page_path(url_path))
    assert_no_exception(page)
    # the router ran: the shared filter sidebar is there, on the pages the filters apply to (Workshop and Import
    # work on uploaded files: only the presentation switch)
    filters_heading = page.locator('[data-testid="stSidebar"]').get_by_role("heading", name="Filters")
    expect(filters_heading).to_have_count(0 if url_path in ("workshop", "import") else 1)
    expect(page.locator('[data-testid="stSidebar"]').get_by_text("Presentation mode")).to_be_visible()
    expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible()
    pages = app_pages()
    if len(pages) > 1:  # Streamlit shows no menu for a single page
        title = next(t for _, t, _, u in pages if u == url_path)
        expect(page.locator('[data-testid="stSidebarNav"] a[aria-current="page"]')).to_contain_text(title)
    screenshot(page, f"page-{url_path}")
