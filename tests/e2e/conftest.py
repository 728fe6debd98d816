"""Browser-test harness: the app on a free port, Debian's chromium, one fresh offline page per test.

Fixtures: `app_server` / `app_url` (session: `streamlit run app.py`, waits for /_stcore/health, fails
fast with the server log), `browser` (session: Playwright driving /usr/bin/chromium), `page` (function:
new 1280x720 context whose base URL is the app; every request to a host other than 127.0.0.1/localhost
is aborted and recorded, and the test errors at teardown if there was any). Helpers are in
tests/e2e/helpers.py. Every test in this folder is marked `e2e`. pytest-playwright's own fixtures are
disabled (`-p no:playwright` in pyproject).

Without chromium the tests skip on a developer machine and FAIL under CI (CI=true).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e import server
from tests.e2e.helpers import ROOT, screenshot
from tests.e2e.server import free_port, stop_server  # noqa: F401 (used by tests and benchmarks from here)

CHROMIUM = Path(os.environ.get("COOPDATA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOGS = ROOT / "artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)  # the page fixture screenshots failed tests
    return report


def start_server(port: int, env: dict[str, str] | None = None, log_name: str = "e2e-server.log"):
    """`streamlit run app.py` on `port`, its log in artifacts/; see tests/e2e/server.py."""
    return server.start_server(port, LOGS / log_name, env=env)


@pytest.fixture(scope="session")
def app_server():
    port = free_port()
    proc = start_server(port)
    yield {"url": f"http://127.0.0.1:{port}", "port": port, "process": proc}
    stop_server(proc)


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    return app_server["url"]


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch_chromium(pw)
        yield b
        b.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS


def offline_context(browser, base_url: str, viewport: dict | None = None, phone: bool = False):
    """A context (1280x720 unless `viewport` says otherwise; a touch phone with `phone`) that aborts every request
    leaving the machine; returns (context, blocked URLs)."""
    context = browser.new_context(base_url=base_url, viewport=viewport or {"width": 1280, "height": 720},
                                  is_mobile=phone, has_touch=phone)
    context.set_default_timeout(60_000)
    blocked: list[str] = []

    def offline_only(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", offline_only)
    # websockets are not routed: record any that leaves the machine too.
    context.on("page", lambda p: p.on("websocket", lambda ws: None if is_local(ws.url) else blocked.append(ws.url)))
    return context, blocked


def fail_if_not_offline(blocked: list[str]) -> None:
    if blocked:
        pytest.fail(f"the page tried to reach {len(blocked)} non-local address(es) (the dashboard must work "
                    f"offline): {', '.join(sorted(set(blocked))[:10])}")


@pytest.fixture()
def page(browser, app_server, request):
    context, blocked = offline_context(browser, app_server["url"])
    p = context.new_page()
    yield p
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        screenshot(p, f"FAILED-{request.node.name}")
    context.close()
    fail_if_not_offline(blocked)
