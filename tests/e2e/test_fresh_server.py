"""A shared deep link opened first thing on a freshly started server must go through the router.

Streamlit treats the `pages/` folder as a legacy (v1) multipage app until st.navigation has run once on
the server: a deep link such as /data would run pages/data.py alone (no filter sidebar, the URL's filters
ignored) until someone opened "/". coopdata/ui/__init__.py switches that mode off; this test guards it.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import fail_if_not_offline, free_port, offline_context, start_server, stop_server
from tests.e2e.helpers import assert_no_exception, goto, screenshot


@pytest.fixture()
def fresh_server_url():
    port = free_port()
    proc = start_server(port, log_name="e2e-fresh-server.log")
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


def test_deep_link_first_on_a_fresh_server_runs_the_router(browser, fresh_server_url):
    context, blocked = offline_context(browser, fresh_server_url)
    try:
        p = context.new_page()
        goto(p, "/data?period=2014-2020")  # a deep link to a non-default page, first thing
        assert_no_exception(p)
        screenshot(p, "fresh-server-deep-link")
        sidebar = p.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_role("heading", name="Filters")).to_be_visible()
        expect(sidebar.get_by_role("radio", name="2014-2020")).to_be_checked()  # the URL's filter applied
        expect(p.locator('[data-testid="stMain"]').get_by_role("heading", name="Programmes per fund, 2014-2020")
               ).to_be_visible()
    finally:
        context.close()
    fail_if_not_offline(blocked)
