"""Helpers for browser tests: wait for Streamlit to be idle, navigate, check for errors, save screenshots.

DOM of Streamlit 1.67 relied on: `[data-testid="stApp"]` carries `data-test-connection-state`
(CONNECTED once the websocket is up) and `data-test-script-state` (initial, running, notRunning, ...);
`[data-testid="stStatusWidget"]` shows the running indicator; `[data-testid="stException"]` is an
exception box and `[data-testid="stAlertContentError"]` an `st.error` message.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

ROOT = Path(__file__).resolve().parent.parent.parent
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
IDLE_TIMEOUT_MS = 60_000
# A click is sent to the server over the websocket; the script state flips to "running" only when the
# server answers. Idle must hold across this short gap to count, or a test could read the old page.
SETTLE_MS = 250

_IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]');
}"""


def app_pages(root: Path = ROOT) -> list[tuple[str, str, str, str]]:
    """The entries of app.PAGES whose file exists (file, title, icon, url path), read without running app.py."""
    tree = ast.parse((root / "app.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "PAGES" for t in node.targets):
            return [p for p in ast.literal_eval(node.value) if (root / p[0]).exists()]
    raise LookupError("app.py has no PAGES list")


def wait_for_app_idle(page: Page, timeout_ms: int = IDLE_TIMEOUT_MS) -> None:
    """Wait until the app is connected and no script run is going on (and stays so for SETTLE_MS)."""
    for _ in range(2):
        page.wait_for_function(_IDLE_JS, timeout=timeout_ms)
        page.wait_for_timeout(SETTLE_MS)
    page.wait_for_function(_IDLE_JS, timeout=timeout_ms)


def goto(page: Page, path_and_query: str = "/") -> None:
    """Open a deep link (relative to the app's base URL, e.g. "/data?period=2014-2020") and wait for idle."""
    page.goto(path_and_query, wait_until="load")  # the page fixture's context has base_url = app_url
    wait_for_app_idle(page)


def page_path(url_path: str, query: str = "") -> str:
    """The link to a page of app.PAGES. Streamlit serves the default (first) page at "/" (app.py opens its own
    url path there too)."""
    first = app_pages()[0][3]
    return ("/" if url_path == first else f"/{url_path}") + (f"?{query}" if query else "")


def assert_no_exception(page: Page) -> None:
    """No exception box, no error message and no "Page not found" dialog on the page."""
    for selector, what in (('[data-testid="stException"]', "an exception"),
                           ('[data-testid="stAlertContentError"]', "an error message"),
                           ('[role="dialog"]:has-text("Page not found")', "Page not found")):
        boxes = page.locator(selector)
        assert boxes.count() == 0, f"the page shows {what}: {boxes.first.inner_text()[:500]}"


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG under artifacts/screenshots/ (CI keeps that folder)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def dataframe_cells(frame: Locator) -> list[list[str]]:
    """The cells of an st.dataframe as text, row by row, read from the grid's accessible table.

    The grid draws on a canvas and fills its accessible table only for rows in view: fine for short
    tables; scroll the grid for long ones.
    """
    frame.scroll_into_view_if_needed()
    rows = frame.locator('table[role="grid"] tbody tr')
    expect(rows.first).to_be_attached()
    return [row.locator('[role="gridcell"]').all_inner_texts() for row in rows.all()]
