"""Links a person writes by hand, opened first thing on a freshly started server (issue #19).

Every page path works on the first visit (Streamlit treats the `pages/` folder as a legacy multipage app until
st.navigation has run once: see coopdata/ui/__init__.py and the page file names in app.PAGES); `/map`, the first
page's own path, opens the Map; page parameters take codes in any case, and what matches nothing is named in the
link notice above the page.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import fail_if_not_offline, free_port, offline_context, start_server, stop_server
from tests.e2e.helpers import app_pages, assert_no_exception, goto, screenshot

PROJECTED_MIN_PX = 20


@pytest.fixture()
def fresh_server_url():
    """A server no browser has visited yet: each test opens its link first thing."""
    port = free_port()
    proc = start_server(port, log_name="e2e-fresh-server-links.log")
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


def _open_first(browser, url, link, shot, size=(1280, 720)):
    context, blocked = offline_context(browser, url)
    page = context.new_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    goto(page, link)
    return context, blocked, page


def test_every_page_file_is_named_by_its_url_path():
    # On a fresh server the legacy mode finds pages by file name: a path that is not a file name ('/import' for
    # import_db.py) answered "Page not found" over the Map. The first page is served at "/" (and /map, below).
    assert [(f, u) for f, _t, _i, u in app_pages()] == [(f"pages/{u}.py", u) for _f, _t, _i, u in app_pages()]


@pytest.mark.parametrize("path, title", [("/map?period=2014-2020", "Map"), ("/import", "Import the programme database")])
def test_map_and_import_open_first_on_a_fresh_server(browser, fresh_server_url, path, title):
    context, blocked, page = _open_first(browser, fresh_server_url, path, "fresh")
    try:
        assert_no_exception(page)  # includes the "Page not found" dialog
        screenshot(page, f"fresh-server-first-visit-{path.strip('/').split('?')[0]}")
        expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(title)
        expect(page.locator('[data-testid="stSidebarNav"] a[aria-current="page"]')).to_contain_text(
            "Map" if title == "Map" else "Import database")
        if title == "Map":  # the link's parameters came along
            expect(page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="2014-2020")).to_be_checked()
    finally:
        context.close()
    fail_if_not_offline(blocked)


def test_facilitator_deep_link_with_codes_on_a_fresh_server_shows_the_ranked_list(browser, fresh_server_url):
    link = "/partners?present=1&p_region=ITF51&p_topic=energy&period=2021-2027"
    context, blocked, page = _open_first(browser, fresh_server_url, link, "partners")
    try:
        assert_no_exception(page)
        main = page.locator('[data-testid="stMain"]')
        expect(main.get_by_role("heading", name=re.compile(r"^\d+ programmes match, best first"))).to_be_visible()
        table = main.locator("table.coopdata-projected").first
        expect(table).to_be_visible()
        assert table.bounding_box()["y"] < 360, "the ranked list starts in the upper half of a 1280x720 screen"
        headers = table.locator("th").all_inner_texts()
        assert headers[:4] == ["#", "Programme", "Why there", "Your topics it funds (EU amount)"]
        first_reason = table.locator("tbody tr").first.locator("td").nth(2)
        assert first_reason.inner_text().startswith("in ")
        size = float(first_reason.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))
        assert size >= PROJECTED_MIN_PX
        # never cut: no cell hides overflowing text
        assert first_reason.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        screenshot(page, "fresh-server-partners-deep-link-present")
        # the settings are folded into one line that names the search
        expect(main.get_by_text(re.compile(r"Search settings: Potenza \(ITF51\) · Energy"))).to_be_visible()
    finally:
        context.close()
    fail_if_not_offline(blocked)


def test_an_unknown_page_value_gets_the_link_notice(page):
    goto(page, "/partners?p_region=ITF51&p_topic=ENERGY&p_topic=nothing-like-this&p_scope=eu-wide")
    assert_no_exception(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="Some values in the link were not used")
    expect(notice).to_contain_text("Topics: “nothing-like-this” not known, ignored.")
    expect(page.locator('[data-testid="stMain"]').get_by_role("heading", name=re.compile("match, best first"))
           ).to_be_visible()
    assert "p_topic=energy" in page.url and "nothing-like-this" not in page.url  # the URL holds the codes


def test_a_tab_is_opened_by_its_code_and_an_unknown_tab_gets_the_link_notice(page):
    # ?section=SHIFT: the period-shift tab by its code, in upper case; the link then holds the code
    goto(page, "/themes?period=2014-2020&section=SHIFT")
    assert_no_exception(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("tab", name="Shift between 2014-2020 and 2021-2027")).to_have_attribute(
        "aria-selected", "true")
    expect(main.locator(".st-key-themes_shift")).to_have_count(1)
    assert "section=shift" in page.url
    goto(page, "/themes?period=2014-2020&section=no-such-tab")
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="Some values in the link were not used")
    expect(notice).to_contain_text("Section: “no-such-tab” not known, ignored.")
    expect(main.get_by_role("tab", name="The figures")).to_have_attribute("aria-selected", "true")
    assert "section=" not in page.url
