"""`python -m benchmarks`: measure every page that exists and write BENCHMARKS.md (not a pass/fail test).

1. Server-side rerun time per page (AppTest): app.py + the page rerun after each change of the sidebar's
   filters in one session, medians of the first pass through the settings (cold) and of later passes
   (warm), as a ratio to an empty Streamlit page measured in the same process; the same at 10x and 100x
   the data size (FICTIONAL copies, see scaled_data.py), as a ratio to 1x.
2. Bytes each page sends to the browser for its largest chart, and for the NUTS 3 map (the map page).
3. In chromium: navigation -> first chart drawn, filter change -> updated page (medians); the server's
   peak memory with 1 and with 10 sessions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.server_reruns import FILTER_VARIANTS, MAP_PAGE, PAGE_BUDGET_S, RUN_TIMEOUT_S

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "BENCHMARKS.md"
SCALES = (1, 10, 100)
TARGET_RERUN_VS_EMPTY = 10
TARGET_100X_VS_1X = 3
TARGET_MAP_BYTES = 1_500_000


def machine() -> dict[str, str]:
    info = {"cpu": platform.processor() or platform.machine(), "cores": str(os.cpu_count())}
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                  if line.startswith("model name")]
        info["cpu"] = models[0] if models else info["cpu"]
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(next(line.split()[1] for line in meminfo.read_text().splitlines() if line.startswith("MemTotal")))
        info["ram"] = f"{kib / 1024 / 1024:.1f} GiB"
    import pandas
    import streamlit

    info |= {"os": platform.platform(), "python": platform.python_version(), "streamlit": streamlit.__version__,
             "pandas": pandas.__version__, "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    try:
        out = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=30)
        info["chromium"] = out.stdout.strip().splitlines()[-1]
    except (OSError, subprocess.TimeoutExpired, IndexError):
        info["chromium"] = "not found"
    return info


FAILED = {"cold_median": None, "warm_median": None, "start": None, "largest_chart": None, "largest_element": None}


def pooled(runs: list[dict]) -> dict:
    """One page measured in several server processes, as one: every process's reruns together (each process is
    a server that has seen no setting, so each has its own cold pass), medians over them all."""
    ok = [r for r in runs if not r.get("timed_out")]
    if not ok:
        return runs[0]
    out = {**ok[0], "processes": len(ok)}
    for phase in ("cold", "warm", "empty"):
        out[phase] = [t for r in ok for t in r[phase]]
        out[f"{phase}_median"] = statistics.median(out[phase]) if out[phase] else None
    out["start"] = statistics.median(r["start"] for r in ok)
    return out


def server_reruns(data_dir: Path, cycles: int, only: set[str] | None = None, processes: int = 1) -> dict:
    """The empty page and every page, each in its own process (`processes` of them per page, pooled), with the
    app reading data_dir."""
    from tests.e2e.helpers import app_pages

    env = {**os.environ, "COOPDATA_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    limit = 300 + PAGE_BUDGET_S + RUN_TIMEOUT_S  # loading 100x data takes a while on a busy machine

    def one(which: str) -> dict:
        try:
            out = subprocess.run([sys.executable, "-m", "benchmarks.server_reruns", str(cycles), which],
                                 cwd=ROOT, env=env, capture_output=True, text=True, timeout=limit)
        except subprocess.TimeoutExpired:
            return {**FAILED, "timed_out": f"no answer within {limit} s"}
        if out.returncode != 0:  # e.g. a first run over AppTest's limit: report it, measure the other pages
            last = (out.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"server rerun benchmark of {which} failed on {data_dir.name}: {last}", flush=True)
            return {**FAILED, "timed_out": f"failed: {last[:120]}"}
        return json.loads(out.stdout.strip().splitlines()[-1])

    result = {"empty_median": one("empty")["median"], "pages": {}}
    for _file, title, _icon, url_path in app_pages():
        if only and url_path not in only:
            continue
        print(f"  {title}", flush=True)
        result["pages"][url_path] = {"title": title, **pooled([one(url_path) for _ in range(processes)])}
    return result


def feature_benchmarks(data_dirs: dict[int, Path]) -> dict[str, dict[int, dict]]:
    """Every benchmarks/*_bench.py with `run(dataset) -> dict`, at 1x and 10x (feature teams add their own)."""
    import importlib

    from coopdata.load import load_dataset

    datasets = {s: load_dataset(d) for s, d in data_dirs.items() if s in (1, 10)}
    out = {}
    for path in sorted(Path(__file__).parent.glob("*_bench.py")):
        module = importlib.import_module(f"benchmarks.{path.stem}")
        if callable(getattr(module, "run", None)):
            print(f"{path.stem} ...", flush=True)
            out[path.stem] = {s: module.run(ds) for s, ds in datasets.items()}
    return out


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def verdict(ok: bool) -> str:
    return "met" if ok else "**NOT met**"


def report(info: dict, reruns: dict[int, dict], features: dict, browser: dict | None, args) -> str:
    base = reruns[1]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `python -m benchmarks` on {dt.date.today().isoformat()}. Not pass/fail tests: numbers to",
        "watch. The machine is shared (other work ran at the same time), so expect noise of tens of percent.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in info.items()],
        "",
        "## Server-side rerun per page (AppTest)",
        "",
        "One session per page runs the real app.py (filter sidebar, navigation, footer) with the page, then the",
        f"sidebar's widgets are changed as a user would, through {len(FILTER_VARIANTS)} filter settings (period, fund, "
        f"country, topic, title search, back to the defaults), {args.cycles} times. Every rerun is timed. **Cold**: the",
        "first pass (a setting this server has not seen: its work is done; the return to the defaults, seen at",
        "session start, is not cold); **warm**: later passes (what the server",
        "cached for a setting is reused, as when a user, or another session, comes back to it). **Session start**:",
        "the first run of a new session (its share of loading, once per visitor; the data itself is loaded before).",
        f"A page gets at most {PAGE_BUDGET_S} s of reruns per data size, and a rerun over {RUN_TIMEOUT_S} s is stopped.",
        "Scripts are compiled once per process, as a server keeps them compiled while sessions are open (AppTest",
        "alone would compile app.py and the page again on every run, which no user waits for).",
        "Empty page = a script that only imports streamlit, rerun 10 times in a row before each pass through the",
        "settings and after the last, in the page's process: a page's ratios are to the empty page timed beside it",
        "(the machine's speed drifts between processes). The table just below is the empty page in a process of its",
        f"own, for reference. At 1x each page is measured in {args.processes} server processes and their reruns are",
        "pooled (each process has its own cold pass; one pass alone moved the ratio by 20 percent between two runs",
        "of the same code). 10x and 100x: one process per page, FICTIONAL",
        "data, the real tables repeated with new programme keys (`benchmarks/scaled_data.py`).",
        "",
        "| data size | empty page (ms) |",
        "|---|---|",
        *[f"| {s}x | {ms(reruns[s]['empty_median'])} |" for s in reruns],
        "",
        f"### 1x: rerun after a filter change (target: within {TARGET_RERUN_VS_EMPTY}x the empty page)",
        "",
        "| page | session start (ms) | empty page beside it (ms) | cold (ms) | cold / empty | warm (ms) | warm / empty "
        "| target, cold | target, warm |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    notes = []
    for r in base["pages"].values():
        cold, warm = r.get("cold_median"), r.get("warm_median")
        empty = r.get("empty_median") or base["empty_median"]
        lines.append("| " + " | ".join([
            r["title"], ms(r["start"]) if r.get("start") else "-", ms(empty),
            ms(cold) if cold else "-", f"{cold / empty:.1f}" if cold else "-",
            ms(warm) if warm else "-", f"{warm / empty:.1f}" if warm else "-",
            verdict(cold / empty <= TARGET_RERUN_VS_EMPTY) if cold else "-",
            verdict(warm / empty <= TARGET_RERUN_VS_EMPTY) if warm else "-"]) + " |")
    lines += [
        "",
        f"### Growth with data size (target: 100x costs at most {TARGET_100X_VS_1X}x the 1x time)",
        "",
        "| page | 10x cold (ms) | 10x warm (ms) | 100x cold (ms) | 100x cold / 1x | 100x warm (ms) | 100x warm / 1x "
        "| target, cold | target, warm |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for url, r in base["pages"].items():
        row = [r["title"]]
        ratios = {}
        for s in (10, 100):
            other = reruns.get(s, {}).get("pages", {}).get(url) or {}
            for phase in ("cold", "warm"):
                value, one = other.get(f"{phase}_median"), r.get(f"{phase}_median")
                row.append(ms(value) if value else (f"> {RUN_TIMEOUT_S} s" if other.get("timed_out") else "-"))
                if s == 100:
                    ratios[phase] = value / one if value and one else None
                    row.append(f"{ratios[phase]:.1f}" if ratios[phase] else "-")
            if other.get("note"):
                notes.append(f"{r['title']} at {s}x: {other['note']}.")
        row += [verdict(ratios[p] is not None and ratios[p] <= TARGET_100X_VS_1X) if 100 in reruns else "-"
                for p in ("cold", "warm")]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", *notes] if notes else []
    lines += [
        "",
        "## Bytes sent to the browser (1x data)",
        "",
        "Size of the element's message over the websocket (protobuf, uncompressed; gzip for comparison), the",
        "largest over the filter settings above.",
        "",
        "| page | largest chart | bytes | gzip | largest element of any kind | bytes |",
        "|---|---|---|---|---|---|",
    ]
    for r in base["pages"].values():
        c, e = r["largest_chart"], r["largest_element"]
        chart = [c["type"], f"{c['bytes']:,}", f"{c['gzip_bytes']:,}"] if c else ["(no chart)", "-", "-"]
        lines.append("| " + " | ".join([r["title"], *chart, e["type"] if e else "-",
                                        f"{e['bytes']:,}" if e else "-"]) + " |")
    m = base["pages"].get(MAP_PAGE)
    if m and m.get("nuts3_map"):
        size = m["nuts3_map"]["bytes"]
        lines += ["", f"NUTS 3 map (Map page with NUTS 3 chosen, default filters): **{size:,} bytes**, gzip "
                      f"{m['nuts3_map']['gzip_bytes']:,} (target <= {TARGET_MAP_BYTES:,}: "
                      f"{verdict(size <= TARGET_MAP_BYTES)})."]
    else:
        lines += ["", "NUTS 3 map: not measured, the Map page (pages/map.py) has no chart in this checkout."]
    for name, by_scale in features.items():
        keys = list(by_scale[1])
        lines += ["", f"## `benchmarks/{name}.py` (its own `run(dataset)`; 10x = FICTIONAL scaled data)", "",
                  "| measure | 1x | 10x |", "|---|---|---|",
                  *[f"| {k} | {by_scale[1][k]} | {by_scale.get(10, {}).get(k, '-')} |" for k in keys]]
    if browser and "error" in browser:
        lines += ["", "## In the browser", "", f"Measurement failed: {browser['error']}"]
    elif browser:
        lines += [
            "",
            f"## In the browser (chromium, 1x data, medians of {args.browser_runs} runs)",
            "",
            "Navigation -> first chart drawn: from navigation start to the first Plotly/deck.gl/Vega chart in the",
            "page (a page without chart: its first table; a page drawing neither: the end of its first run).",
            "Filter change -> updated: from a click on the sidebar's Period option to the last change of the page",
            "(no run going on, and no change for 0.5 s after it).",
            "",
            "| page | navigation -> first chart drawn (ms) | drawn | filter change -> updated (ms) |",
            "|---|---|---|---|",
            *[f"| {r['title']} | {r['first_drawn_ms']:,.0f} | {r['drawn']} | "
              + ("no shared filters on this page |" if r["filter_change_ms"] is None else f"{r['filter_change_ms']:,.0f} |")
              if "error" not in r else f"| {r['title']} | failed: {r['error']} | | |"
              for r in browser["pages"].values()],
            "",
            "Server memory (resident set, from /proc, KiB -> MiB): "
            f"1 session: {browser['memory_1_session']['rss'] / 1024:,.0f} MiB now, "
            f"{browser['memory_1_session']['peak'] / 1024:,.0f} MiB peak; "
            f"{browser['sessions']} sessions (each opened every page): "
            f"{browser['memory_10_sessions']['rss'] / 1024:,.0f} MiB now, "
            f"{browser['memory_10_sessions']['peak'] / 1024:,.0f} MiB peak.",
        ]
    else:
        lines += ["", "## In the browser", "", "Not measured in this run (`--no-browser`)."]
    return "\n".join(lines) + "\n"


def kept_load_section(path: Path) -> str:
    """The sections other runners write between `<!-- name:start -->` and `<!-- name:end -->` (load_test,
    deep_link, ws_load, live_bench, ...) survive a rerun of this runner, whichever they are."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    return "".join("\n" + m.group(0) + "\n"
                   for m in re.finditer(r"<!-- ([\w-]+):start -->.*?<!-- \1:end -->", old, flags=re.S))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=3,
                        help="passes through the filter settings per page (default 3: 1 cold, 2 warm)")
    parser.add_argument("--processes", type=int, default=5,
                        help="server processes per page at 1x, their reruns pooled (default 5: a single cold pass "
                             "of 9 reruns moved by 20 percent between two runs of the same code)")
    parser.add_argument("--browser-runs", type=int, default=5, help="browser runs per page (default 5)")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser measurements")
    parser.add_argument("--pages", help="comma-separated url paths to measure (default: every page)")
    parser.add_argument("--scales", default=",".join(map(str, SCALES)), help="data sizes (default 1,10,100)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from benchmarks.scaled_data import write_scaled

    info = machine()
    reruns = {}
    with tempfile.TemporaryDirectory(prefix="coopdata-bench-") as tmp:
        scales = sorted({1, *map(int, args.scales.split(","))})
        only = set(args.pages.split(",")) if args.pages else None
        data_dirs = {s: ROOT / "data" if s == 1 else write_scaled(ROOT / "data", Path(tmp), s) for s in scales}
        for scale, data_dir in data_dirs.items():
            print(f"server reruns at {scale}x ...", flush=True)
            reruns[scale] = server_reruns(data_dir, args.cycles, only, args.processes if scale == 1 else 1)
        features = feature_benchmarks(data_dirs)
    browser = None
    if not args.no_browser:
        from benchmarks.browser import measure

        print("browser ...", flush=True)
        try:
            browser = measure(runs=args.browser_runs, only=only)
        except Exception as exc:  # keep the server-side numbers: say what failed instead
            browser = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0]}"}
    text = report(info, reruns, features, browser, args) + kept_load_section(args.out)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0
