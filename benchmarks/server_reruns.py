"""Server-side rerun time of every page (AppTest) and the size of what each page sends to the browser.

Run as `python -m benchmarks.server_reruns CYCLES PAGE` (PAGE: a url path of app.PAGES, or `empty`) with
COOPDATA_DATA_DIR set to the folder to measure. Prints one JSON line.

Each page is measured as a user meets it: one session runs the real app.py (filter sidebar, navigation,
footer) with the page as its first page, then the sidebar's widgets are changed as a user would (period,
fund, country, topic, title search), one filter setting after another, every run timed. The first time
through the settings is "cold" (no setting seen before by this server); later times through are "warm"
(what the server caches is reused, as when a user or another session comes back to a view).
AppTest's switch_page would run the page file without app.py after its first run, so it is not used.
AppTest compiles app.py and the page again on every run; a server compiles them once and keeps the bytecode
while sessions are open (its ScriptCache), so the measurement keeps one script cache too (keep_compiled_scripts).
A page that runs away is stopped by ending its process, so each page and data size runs in its own process.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest, app_test, local_script_runner

ROOT = Path(__file__).resolve().parent.parent
# The filter settings a user moves through; every step changes something. The last goes back to the
# defaults the session started with: already seen, so never counted as cold.
FILTER_VARIANTS = [
    {"period": "2014-2020"},
    {"period": "2014-2020", "fund": ["ERDF"]},
    {"period": "2014-2020", "country": ["IT"]},
    {"period": "2014-2020", "topic": ["research_innovation"]},
    {"topic": ["energy"]},
    {"fund": ["ESF+"]},
    {"country": ["PL"]},
    {"country": ["DE", "FR"], "topic": ["digital"]},
    {"q": "interreg"},
    {},
]
DEFAULTS = {"period": "2021-2027", "fund": [], "country": [], "topic": [], "q": ""}
CHART_TYPES = {"plotly_chart", "deck_gl_json_chart", "arrow_vega_lite_chart", "vega_lite_chart",
               "graphviz_chart", "map", "bokeh_chart", "pyplot"}
EMPTY_PAGE = "import streamlit as st\n"
EMPTY_BLOCK = 10
PAGE_BUDGET_S = 30
RUN_TIMEOUT_S = 60
MAP_PAGE, NUTS3 = "map", 3


def keep_compiled_scripts() -> None:
    """Every AppTest run of this process shares one ScriptCache, as every rerun on a server does (Runtime
    makes one; it is cleared when a source file changes or the last session closes). AppTest makes a new one
    per run, which would time compiling app.py and the page (about 6 ms for the Map page) on every rerun,
    and next to nothing for the one-line empty page."""
    one = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: one


def _elements(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield child
            yield from _elements(child)


def payloads(at: AppTest) -> list[dict]:
    """Every element on the page with its message size (bytes of the protobuf sent over the websocket)."""
    out = []
    for el in _elements(at._tree):
        proto = getattr(el, "proto", None)
        if proto is not None and hasattr(proto, "SerializeToString"):
            raw = proto.SerializeToString()
            out.append({"type": getattr(el, "type", type(el).__name__), "bytes": len(raw),
                        "gzip_bytes": len(gzip.compress(raw, 6))})
    return out


def app_source(page_file: str) -> str:
    """app.py as it is, with `page_file` moved to the top of its menu (the page a session opens on)."""
    src = (ROOT / "app.py").read_text(encoding="utf-8")
    src = src.replace("HERE = Path(__file__).parent", f"HERE = Path({str(ROOT)!r})")
    lines = src.splitlines()
    page_line = lines.pop(next(i for i, line in enumerate(lines) if f'("{page_file}"' in line))
    lines.insert(next(i for i, line in enumerate(lines) if line.startswith("PAGES = [")) + 1, page_line)
    return f"import sys; sys.path.insert(0, {str(ROOT)!r})\n" + "\n".join(lines) + "\n"


def set_filters(at: AppTest, setting: dict) -> None:
    """Set the sidebar's widgets as a user would (AppTest sends only what changed)."""
    values = {**DEFAULTS, **setting}
    at.radio(key="period").set_value(values["period"])
    for key in ("fund", "country", "topic"):
        at.multiselect(key=key).set_value(values[key])
    at.text_input(key="q").set_value(values["q"])


def timed_run(at: AppTest) -> float:
    t = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - t
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return elapsed


def time_empty_page(repeats: int) -> list[float]:
    at = AppTest.from_string(EMPTY_PAGE, default_timeout=60)
    at.run()
    return [timed_run(at) for _ in range(repeats)]


def time_page(page_file: str, cycles: int) -> dict:
    """A session on the page: its start, then every filter setting `cycles` times (cycle 1 cold, later warm).
    Before each pass and after the last, EMPTY_BLOCK reruns of the empty page in a row (in "empty"): the
    baseline is timed beside the page, so a machine slowing down or speeding up during the measurement moves
    both alike; in a row, so that no empty rerun is timed right after the page's (whose aftermath, e.g. the
    processor's caches, would slow it and flatter the page)."""
    empty = AppTest.from_string(EMPTY_PAGE, default_timeout=RUN_TIMEOUT_S)
    empty.run()
    at = AppTest.from_string(app_source(page_file), default_timeout=RUN_TIMEOUT_S)
    out = {"start": timed_run(at), "cold": [], "warm": [], "empty": [], "largest_chart": None,
           "largest_element": None, "note": ""}
    spent = out["start"]
    for cycle in range(cycles + 1):
        timed_run(empty)  # one untimed: the page ran last
        out["empty"] += [timed_run(empty) for _ in range(EMPTY_BLOCK)]
        if cycle == cycles:
            break
        for setting in FILTER_VARIANTS:
            if spent > PAGE_BUDGET_S:
                out["note"] = f"stopped after {len(out['cold']) + len(out['warm'])} filter changes " \
                              f"({PAGE_BUDGET_S} s budget)"
                return out
            set_filters(at, setting)
            try:
                elapsed = timed_run(at)
            except RuntimeError as exc:
                if "timed out" in str(exc).lower() or "timeout" in str(exc).lower():
                    out["timed_out"] = f"a rerun took over {RUN_TIMEOUT_S} s"
                    return out
                raise RuntimeError(f"{page_file} with {setting}: {exc}") from exc
            spent += elapsed
            # Cold: the first time this server sees the setting (the defaults were seen at session start).
            out["cold" if cycle == 0 and setting else "warm"].append(elapsed)
            if cycle == 0:
                _note_largest(out, at, setting)
    return out


def _note_largest(out: dict, at: AppTest, setting: dict) -> None:
    for p in payloads(at):
        if out["largest_element"] is None or p["bytes"] > out["largest_element"]["bytes"]:
            out["largest_element"] = {**p, "filters": setting}
        if p["type"] in CHART_TYPES and (out["largest_chart"] is None or p["bytes"] > out["largest_chart"]["bytes"]):
            out["largest_chart"] = {**p, "filters": setting}


def nuts3_map_bytes(page_file: str) -> dict:
    """The Map page's deck.gl message with NUTS 3 chosen (the finest level, the largest map)."""
    at = AppTest.from_string(app_source(page_file), default_timeout=RUN_TIMEOUT_S)
    timed_run(at)
    at.selectbox(key="level").set_value(NUTS3)
    timed_run(at)
    decks = [p for p in payloads(at) if p["type"] == "deck_gl_json_chart"]
    return max(decks, key=lambda p: p["bytes"]) if decks else {}


def _median(times: list[float]) -> float | None:
    return statistics.median(times) if times else None


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from tests.e2e.helpers import app_pages

    cycles, which = int(argv[0]), argv[1]
    keep_compiled_scripts()
    if which == "empty":
        times = time_empty_page(12 * cycles)
        print(json.dumps({"times": times, "median": statistics.median(times)}))
        return 0
    file, title = next((f, t) for f, t, _i, u in app_pages() if u == which)
    # Load the data once, outside the timings (st.cache_resource keeps it for the process).
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    result = {"title": title, **time_page(file, cycles)}
    result["cold_median"], result["warm_median"] = _median(result["cold"]), _median(result["warm"])
    result["empty_median"] = _median(result["empty"])
    if which == MAP_PAGE and "timed_out" not in result:
        result["nuts3_map"] = nuts3_map_bytes(file)
    print(json.dumps(result), flush=True)
    if "timed_out" in result:
        os._exit(0)  # the timed-out script thread would keep the process alive until it finishes
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
