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
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.helpers import ROOT, screenshot

CHROMIUM = Path(os.environ.get("COOPDATA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_TIMEOUT = 90
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_tail(log: Path, lines: int = 40) -> str:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return "\n".join(text.splitlines()[-lines:]) or "(the server wrote nothing)"


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def start_server(port: int, env: dict[str, str] | None = None, log_name: str = "e2e-server.log") -> subprocess.Popen:
    """`streamlit run app.py` from the repo root; returns once /_stcore/health answers, or raises with the log."""
    LOGS.mkdir(parents=True, exist_ok=True)
    log_path = LOGS / log_name
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while not _healthy(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_server(proc)
            why = f"exited with code {proc.returncode}" if proc.returncode else f"not healthy after {SERVER_START_TIMEOUT} s"
            raise RuntimeError(f"the app server {why}; last lines of {log_name}:\n{_log_tail(log_path)}")
        time.sleep(0.5)
    return proc


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)


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


def offline_context(browser, base_url: str):
    """A 1280x720 context that aborts every request leaving the machine; returns (context, blocked URLs)."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 720})
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
