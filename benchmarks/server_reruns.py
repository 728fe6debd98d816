"""Server-side rerun time of every page (AppTest) and the size of what each page sends to the browser.

Run as `python -m benchmarks.server_reruns` with COOPDATA_DATA_DIR set to the folder to measure (the
data is loaded once per process, so each data size runs in its own process). Prints one JSON line.
"""

from __future__ import annotations

import gzip
import json
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
    """Rerun app.py with the page, once per filter variant set through the URL, plus further reruns."""
    times, largest_chart, largest_any = [], None, None
    for query in FILTER_VARIANTS:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params.update(query)
        at.run()
        for i in range(repeats_per_variant):
            t = time.perf_counter()
            (at.switch_page(str(ROOT / page_file)) if i == 0 else at).run()
            times.append(time.perf_counter() - t)
        if at.exception:
            raise RuntimeError(f"{page_file} with {query}: {at.exception[0].message}")
        for p in payloads(at):
            if largest_any is None or p["bytes"] > largest_any["bytes"]:
                largest_any = {**p, "query": query}
            if p["type"] in CHART_TYPES and (largest_chart is None or p["bytes"] > largest_chart["bytes"]):
                largest_chart = {**p, "query": query}
    return {"times": times, "largest_chart": largest_chart, "largest_element": largest_any}


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from tests.e2e.helpers import app_pages

    repeats = int(argv[0]) if argv else 2
    # Load the data once, outside the timings (st.cache_resource keeps it for the process).
    warm = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    warm.run()
    result = {"empty": time_empty_page(repeats * len(FILTER_VARIANTS)), "pages": {}}
    for file, title, _icon, url_path in app_pages():
        result["pages"][url_path] = {"title": title, **time_page(file, repeats)}
    result["empty_median"] = statistics.median(result["empty"])
    for r in result["pages"].values():
        r["median"] = statistics.median(r["times"])
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
