"""In a real browser (Debian chromium): time to the first chart drawn, time from a filter change to the
updated page, and the server's peak memory with 1 and with 10 sessions open. Real data (1x) only.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.e2e.conftest import free_port, launch_chromium, start_server, stop_server
from tests.e2e.helpers import app_pages, page_path, wait_for_app_idle

# What counts as "a chart drawn": a Plotly figure, a deck.gl or Vega canvas; a page without chart counts
# its first table (st.dataframe draws on a canvas too).
CHART = ('[data-testid="stPlotlyChart"] .main-svg, [data-testid="stDeckGlJsonChart"] canvas, '
         '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg')
TABLE = '[data-testid="stDataFrame"] canvas'
CHART_ELEMENT = '[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"], [data-testid="stVegaLiteChart"]'
PERIODS = ("2014-2020", "2021-2027")

# Installed before any page script: notes when a chart, a table and the first finished run first appear
# (chart components load lazily, after the run that sends them has ended).
_RECORD_FIRST = f"""
window.__first = {{chart: null, table: null, idle: null}};
const started = performance.now();
const check = () => {{
  const f = window.__first;
  if (f.chart === null && document.querySelector('{CHART}')) f.chart = performance.now();
  if (f.table === null && document.querySelector('{TABLE}')) f.table = performance.now();
  const app = document.querySelector('[data-testid="stApp"]');
  if (f.idle === null && app && app.getAttribute('data-test-script-state') === 'notRunning') f.idle = performance.now();
  if (f.chart === null && performance.now() - started < 120000) requestAnimationFrame(check);
}};
requestAnimationFrame(check);
"""
# Notes the time of the last change anywhere in the page.
_WATCH_CHANGES = """() => {
  window.__lastChange = performance.now();
  new MutationObserver(() => { window.__lastChange = performance.now(); })
    .observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
}"""
# Done when no run is going on and the page has not changed for QUIET_MS: the answer is the time of the
# last change. (A fast rerun can start and end within one frame, so "running" is not always seen.)
QUIET_MS = 500
_SETTLED_AFTER = f"""(t0) => {{
  const app = document.querySelector('[data-testid="stApp"]');
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const now = performance.now();
  if (window.__lastChange <= t0) return now - t0 > 10000 ? -1 : false;
  return now - window.__lastChange > {QUIET_MS} ? window.__lastChange : false;
}}"""


def rss_kib(pid: int) -> dict[str, int]:
    """Current and peak resident memory of a process (Linux /proc), in KiB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {"rss": int(fields["VmRSS"].split()[0]), "peak": int(fields["VmHWM"].split()[0])}


def _first_drawn_ms(page, path: str) -> tuple[float, str]:
    """Navigation start -> first chart drawn (else first table; a page that draws neither until the user
    acts, e.g. a search form, counts the end of its first run). Recorded in the page by _RECORD_FIRST."""
    page.goto(path, wait_until="commit")
    wait_for_app_idle(page)
    # A chart's or table's element is there when the run ends; what it draws comes once its code has loaded.
    for kind, element in (("chart", CHART_ELEMENT), ("table", '[data-testid="stDataFrame"]')):
        if page.locator(element).count():
            page.wait_for_function(f"() => window.__first.{kind} !== null", timeout=60_000)
            break
    first = page.evaluate("() => window.__first")
    for kind in ("chart", "table"):
        if first[kind] is not None:
            return first[kind], kind
    return first["idle"], "nothing (first run done)"


def _filter_change_ms(page) -> float | None:
    """Click the Period option that is not selected; time until the page's last change after it. None on a page
    without the shared filters (Workshop tables, Import database: they work on uploaded files)."""
    page.evaluate(_WATCH_CHANGES)
    radio = page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]')
    if radio.count() == 0:
        return None
    other = next(p for p in PERIODS if not radio.get_by_role("radio", name=p).is_checked())
    t0 = page.evaluate("performance.now()")
    radio.get_by_text(other).click()
    done = page.wait_for_function(_SETTLED_AFTER, arg=t0, polling="raf", timeout=60_000).json_value()
    if done < 0:
        raise RuntimeError("clicking the Period filter changed nothing on the page")
    return done - t0


def measure(runs: int = 5, extra_sessions: int = 9, only: set[str] | None = None) -> dict:
    """Per page (the url paths in `only`, or all), navigation -> first chart and filter change -> updated;
    then server memory with 1 and with 1 + extra_sessions sessions."""
    port = free_port()
    proc = start_server(port, log_name="benchmark-server.log")
    url = f"http://127.0.0.1:{port}"
    result: dict = {"pages": {}}
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            warm = browser.new_page(base_url=url)
            warm.goto("/")
            wait_for_app_idle(warm)  # the first session also loads the data: keep it out of the timings
            warm.close()
            session = browser.new_context(base_url=url, viewport={"width": 1280, "height": 720})
            session.add_init_script(_RECORD_FIRST)
            for _file, title, _icon, url_path in app_pages():
                if only and url_path not in only:
                    continue
                first, kind, change = [], "", []
                try:
                    for _ in range(runs):
                        page = session.new_page()
                        ms, kind = _first_drawn_ms(page, page_path(url_path))
                        first.append(ms)
                        change.append(_filter_change_ms(page))
                        page.close()
                except Exception as exc:  # one page failing must not lose the others' numbers
                    result["pages"][url_path] = {"title": title,
                                                 "error": f"{type(exc).__name__}: {str(exc).splitlines()[0]}"}
                    continue
                changes = [ms for ms in change if ms is not None]
                result["pages"][url_path] = {"title": title, "first_drawn_ms": statistics.median(first), "drawn": kind,
                                             "filter_change_ms": statistics.median(changes) if changes else None}
            one = session.new_page()  # the one session kept open while memory is read
            one.goto("/")
            wait_for_app_idle(one)
            result["memory_1_session"] = rss_kib(proc.pid)
            others = []
            for _ in range(extra_sessions):
                ctx = browser.new_context(base_url=url)
                for _file, _title, _icon, url_path in app_pages():
                    p = ctx.new_page()
                    p.goto(page_path(url_path))
                    wait_for_app_idle(p)
                others.append(ctx)
            result["memory_10_sessions"] = rss_kib(proc.pid)
            result["sessions"] = 1 + extra_sessions
            for ctx in others:
                ctx.close()
            browser.close()
    finally:
        stop_server(proc)
    return result
