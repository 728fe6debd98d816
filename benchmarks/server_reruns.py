"""Server-side rerun time of every page (AppTest) and the size of what each page sends to the browser.

Run as `python -m benchmarks.server_reruns REPEATS PAGE` (PAGE: a url path of app.PAGES, or `empty`)
with COOPDATA_DATA_DIR set to the folder to measure. The data is loaded once per process, and a page
that runs away is stopped by ending its process, so each page and data size runs in its own process.
Prints one JSON line.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
# Filters a user would set, bound to the URL by the sidebar (app.py): each rerun uses one of them.
FILTER_VARIANTS = [
    {},
    {"period": "2014-2020"},
    {"fund": "ERDF"},
    {"period": "2014-2020", "country": "IT"},
    {"topic": "energy"},
    {"q": "interreg"},
]
CHART_TYPES = {"plotly_chart", "deck_gl_json_chart", "arrow_vega_lite_chart", "vega_lite_chart",
               "graphviz_chart", "map", "bokeh_chart", "pyplot"}
EMPTY_PAGE = "import streamlit as st\n"
PAGE_BUDGET_S = 20
RUN_TIMEOUT_S = 60


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


def time_empty_page(repeats: int) -> list[float]:
    at = AppTest.from_string(EMPTY_PAGE, default_timeout=60)
    at.run()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
    return times


def time_page(page_file: str, repeats_per_variant: int) -> dict:
    """Rerun app.py with the page, once per filter variant set through the URL, plus further reruns.

    A slow page is cut short so the benchmark stays a few minutes: after PAGE_BUDGET_S of reruns no more
    variants are run, and a rerun over RUN_TIMEOUT_S is stopped and reported as such.
    """
    times, largest_chart, largest_any, note = [], None, None, ""
    for query in FILTER_VARIANTS:
        if sum(times) > PAGE_BUDGET_S:
            note = f"stopped after {len(times)} reruns ({PAGE_BUDGET_S} s budget)"
            break
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT_S)
        at.query_params.update(query)
        at.switch_page(str(ROOT / page_file))  # before the first run: app.py opens this page directly
        for _ in range(repeats_per_variant):
            t = time.perf_counter()
            try:
                at.run()
            except RuntimeError as exc:  # AppTest's timeout
                return {"times": times, "timed_out": f"a rerun took over {RUN_TIMEOUT_S} s ({exc})",
                        "largest_chart": largest_chart, "largest_element": largest_any, "note": note}
            times.append(time.perf_counter() - t)
        if at.exception:
            raise RuntimeError(f"{page_file} with {query}: {at.exception[0].message}")
        for p in payloads(at):
            if largest_any is None or p["bytes"] > largest_any["bytes"]:
                largest_any = {**p, "query": query}
            if p["type"] in CHART_TYPES and (largest_chart is None or p["bytes"] > largest_chart["bytes"]):
                largest_chart = {**p, "query": query}
    return {"times": times, "largest_chart": largest_chart, "largest_element": largest_any, "note": note}


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from tests.e2e.helpers import app_pages

    repeats, which = int(argv[0]), argv[1]
    if which == "empty":
        times = time_empty_page(repeats * len(FILTER_VARIANTS))
        print(json.dumps({"times": times, "median": statistics.median(times)}))
        return 0
    file, title = next((f, t) for f, t, _i, u in app_pages() if u == which)
    # Load the data once, outside the timings (st.cache_resource keeps it for the process).
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).switch_page(str(ROOT / file)).run()
    result = {"title": title, **time_page(file, repeats)}
    result["median"] = statistics.median(result["times"]) if result["times"] and "timed_out" not in result else None
    print(json.dumps(result), flush=True)
    if "timed_out" in result:
        os._exit(0)  # the timed-out script thread would keep the process alive until it finishes
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
