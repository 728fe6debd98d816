"""A facilitator's deep link, opened in a real browser: from navigation to the ranked list on screen.

`python -m benchmarks.deep_link` opens FACILITATOR_LINK (Partner search, presentation mode, a region and a topic
written as codes) on a freshly started server (the first visit: the server loads the data then) and on a warm one
(new sessions on a server that has answered before), and an empty Streamlit page the same two ways in the same
run. Times are from navigation start to the first frame showing the ranked list (the projected table) or, for
the empty page, the end of its first run; reported as medians and as ratios to the empty page. Writes its section
of BENCHMARKS.md between <!-- deeplink:start --> and <!-- deeplink:end --> (the rest is left as it is).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks import sections
from tests.e2e.conftest import launch_chromium
from tests.e2e.server import running_server

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
START_MARK, END_MARK = "<!-- deeplink:start -->", "<!-- deeplink:end -->"
FACILITATOR_LINK = "/partners?present=1&p_region=ITF51&p_topic=energy&period=2021-2027"
RANKED_LIST = "table.coopdata-projected"
EMPTY_APP = "import streamlit as st\n\nst.write('')\n"

# Installed before any page script: the time (ms since navigation start) of the first frame showing `selector`,
# or, with no selector, of the first frame after the app's first run ended.
_WATCH = """([selector]) => {
  window.__shown = null;
  const check = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const done = selector ? document.querySelector(selector)
      : app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
        && app.getAttribute('data-test-script-state') === 'notRunning';
    if (done) { window.__shown = performance.now(); return; }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}"""


def _time_to(browser, url: str, path: str, selector: str | None) -> float:
    """A new session (browser context) opens `path`; ms from navigation start until the answer is drawn."""
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 720})
    context.add_init_script(script=f"({_WATCH})([{selector!r}])" if selector else f"({_WATCH})([null])")
    page = context.new_page()
    page.goto(path, wait_until="commit")
    page.wait_for_function("() => window.__shown !== null", timeout=120_000)
    shown = page.evaluate("() => window.__shown")
    context.close()
    return shown


def measure(fresh_servers: int = 3, warm_runs: int = 5) -> dict:
    """Per app (empty page, facilitator's link): the first visit on each of `fresh_servers` new servers, then
    `warm_runs` new sessions on the last of them."""
    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = launch_chromium(pw)
        empty = Path(tmp) / "empty_app.py"
        empty.write_text(EMPTY_APP, encoding="utf-8")
        for name, script, path, selector in (("empty", str(empty), "/", None),
                                              ("deep_link", "app.py", FACILITATOR_LINK, RANKED_LIST)):
            fresh, warm = [], []
            for i in range(fresh_servers):
                with running_server(Path(tmp) / f"{name}-{i}.log", script=script) as server:
                    fresh.append(_time_to(browser, server.url, path, selector))
                    if i == fresh_servers - 1:
                        warm = [_time_to(browser, server.url, path, selector) for _ in range(warm_runs)]
            result[name] = {"fresh": fresh, "warm": warm}
        browser.close()
    return result


def section(result: dict, when: str, machine: str) -> str:
    empty, link = result["empty"], result["deep_link"]
    med = {(n, k): statistics.median(result[n][k]) for n in ("empty", "deep_link") for k in ("fresh", "warm")}
    rows = [f"| {label} | {med[('deep_link', k)]:,.0f} | {med[('empty', k)]:,.0f} | "
            f"{med[('deep_link', k)] / med[('empty', k)]:.1f} | "
            f"{', '.join(f'{v:,.0f}' for v in link[k])} | {', '.join(f'{v:,.0f}' for v in empty[k])} |"
            for k, label in (("fresh", "freshly started server (first visit)"), ("warm", "warm server (new session)"))]
    return (f"{START_MARK}\n## A facilitator's deep link (`python -m benchmarks.deep_link`)\n\n"
            f"Measured {when} on {machine}, chromium at 1280x720: from navigation start to the first frame showing "
            f"the ranked list of `{FACILITATOR_LINK}` (Partner search, presentation mode, region and topic written as "
            "codes), and, in the same run, to the end of the first run of an empty Streamlit page "
            "(`st.write('')`). Freshly started: the first visit to a server just started (it loads the data then), "
            f"one per server, {len(link['fresh'])} servers; warm: new sessions on a server that has answered before.\n\n"
            "| server | deep link -> ranked list (ms, median) | empty page (ms, median) | ratio | deep link runs (ms) "
            "| empty page runs (ms) |\n|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n" + END_MARK)


def write_section(text: str, path: Path = BENCHMARKS) -> None:
    sections.write_section(text, START_MARK, END_MARK, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.deep_link")
    parser.add_argument("--fresh-servers", type=int, default=3)
    parser.add_argument("--warm-runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md as it is")
    args = parser.parse_args(argv)
    machine = f"{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f} at the start"
    when = dt.date.today().isoformat()
    text = section(measure(args.fresh_servers, args.warm_runs), when, machine)
    print(text)
    if not args.no_write:
        write_section(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
