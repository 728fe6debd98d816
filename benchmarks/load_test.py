"""Load test: N browser sessions against one server, each changing filters and running partner searches.

    python -m benchmarks.load_test [--sessions 20 --seconds 120]

Starts one server of this checkout, opens N Playwright contexts in one chromium (Debian's, headless), and
in each, until the time is up, opens a partner search with its own filters through the URL (start
programme, topic, fund) and waits for the answer. Every answer is checked against the same search run
here with the pure code: the count shown must be this session's count (a leak of another session's
filters would show another count or another starting point), and no error may show. The server's memory
(RSS) is sampled every few seconds. Prints a table and writes it into BENCHMARKS.md between
<!-- load:start --> and <!-- load:end --> (the rest of the file is left as it is).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

from benchmarks import sections
from coopdata.analysis.partners import Query, search
from coopdata.load import load_dataset
from coopdata.vocabularies import topic_labels

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
START_MARK, END_MARK = "<!-- load:start -->", "<!-- load:end -->"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
STEP_TIMEOUT = 180_000  # ms: one update on a loaded 2-core machine
CAPTION_TIMEOUT = 30_000  # ms: the rest of an answer after its heading
SAMPLE_EVERY = 3  # seconds between memory samples
TOPICS = ("employment", "education", "digital", "energy", "research_innovation", "social_inclusion")
FUNDS = ("", "ERDF", "ESF+")


@dataclass(frozen=True)
class Step:
    """One search a session runs: the URL that sets its filters and what the page must then show."""
    path: str
    heading: str  # the result heading, or the message when nothing matches
    start_label: str


@dataclass
class SessionLog:
    updates: list[float] = field(default_factory=list)  # seconds from navigation to the checked answer
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)


@dataclass
class LoadResult:
    sessions: int
    seconds: float
    updates: list[float]
    errors: list[str]
    leaks: list[str]
    memory_mb: list[tuple[float, float]]  # (seconds since start, RSS MB)
    per_session: list[int] = field(default_factory=list)  # answers checked in each session
    idle_mb: float | None = None  # RSS after the sessions closed and the server sat idle


def steps(seed: int = 1, count: int = 60) -> list[Step]:
    """Searches over real programmes, with the answer the pure code gives for each."""
    ds = load_dataset()
    labels = topic_labels()
    rng = random.Random(seed)
    p21 = ds.programmes[ds.programmes["period"].eq("2021-2027")
                        & ds.programmes["cci"].isin(ds.allocations["cci"])].sort_values("cci")
    out = []
    for _ in range(count):
        row = p21.iloc[rng.randrange(len(p21))]
        topic, fund = rng.choice(TOPICS), rng.choice(FUNDS)
        result = search(ds, Query(row["cci"], (topic,), "eu-wide", funds=(fund,) if fund else ()), None)
        n = len(result.matches)
        heading = result.message or f"{n} programme{'s' if n > 1 else ''} match, best first"
        start_label = f"{row['title']} ({row['cci']})"
        params = {"p_start": start_label, "p_topic": labels[topic]} | ({"fund": fund} if fund else {})
        out.append(Step("partners?" + urlencode(params), heading, start_label))
    return out


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


async def _session(browser, base_url: str, plan: list[Step], offset: int, deadline: float, log: SessionLog):
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    try:
        i = offset
        while time.monotonic() < deadline:
            step = plan[i % len(plan)]
            i += 1
            began = time.monotonic()
            try:
                await page.goto(f"{base_url}/{step.path}", timeout=STEP_TIMEOUT)
                main = page.get_by_test_id("stMain")
                answer = main.get_by_text(step.heading, exact=True)
                other = main.get_by_text(" match, best first")
                await answer.or_(page.get_by_test_id("stException")).first.wait_for(timeout=STEP_TIMEOUT)
                elapsed = time.monotonic() - began
                if await page.get_by_test_id("stException").count():
                    log.errors.append(f"{step.path}: {await page.get_by_test_id('stException').first.inner_text()}")
                    continue
                headings = await other.all_inner_texts()
                if headings and headings != [step.heading]:
                    log.leaks.append(f"{step.path}: shows {headings}, expected {step.heading!r}")
                if headings:  # the caption under the heading names the start (it may render a moment later)
                    try:
                        await main.get_by_text(f"From {step.start_label}.").wait_for(timeout=CAPTION_TIMEOUT)
                    except PlaywrightTimeout:
                        log.leaks.append(f"{step.path}: the answer is not from {step.start_label!r}")
                log.updates.append(elapsed)
            except Exception as exc:  # a timeout or a crash of this session is an error of the run
                log.errors.append(f"{step.path}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        await context.close()


async def _sample_memory(pid: int | None, t0: float, stop: asyncio.Event, out: list[tuple[float, float]]):
    while pid is not None:
        out.append((time.monotonic() - t0, rss_mb(pid)))
        try:
            await asyncio.wait_for(stop.wait(), timeout=SAMPLE_EVERY)
            out.append((time.monotonic() - t0, rss_mb(pid)))
            return
        except TimeoutError:
            continue


async def run_sessions(base_url: str, sessions: int, seconds: float, server_pid: int | None = None,
                       plan: list[Step] | None = None, idle: float = 0) -> LoadResult:
    """Drive `sessions` browser contexts against `base_url` for `seconds`; see the module docstring."""
    plan = plan or steps()
    logs = [SessionLog() for _ in range(sessions)]
    memory: list[tuple[float, float]] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            warm = await browser.new_page()  # the router first: deep links work once st.navigation ran
            await warm.goto(base_url, timeout=STEP_TIMEOUT)
            await warm.get_by_test_id("stSidebarNav").get_by_text("Partner search").wait_for(timeout=STEP_TIMEOUT)
            await warm.close()
            t0 = time.monotonic()
            stop = asyncio.Event()
            sampler = asyncio.create_task(_sample_memory(server_pid, t0, stop, memory))
            deadline = t0 + seconds
            await asyncio.gather(*(_session(browser, base_url, plan, i * 7, deadline, log)
                                   for i, log in enumerate(logs)))
            stop.set()
            await sampler
        finally:
            await browser.close()
    idle_mb = None
    if server_pid is not None and idle:  # does the server give back what the closed sessions held?
        await asyncio.sleep(idle)
        idle_mb = rss_mb(server_pid)
    return LoadResult(sessions, seconds, [u for log in logs for u in log.updates],
                      [e for log in logs for e in log.errors], [x for log in logs for x in log.leaks], memory,
                      [len(log.updates) for log in logs], idle_mb)


def _at(memory: list[tuple[float, float]], fraction: float) -> float:
    return memory[min(len(memory) - 1, int(fraction * (len(memory) - 1)))][1] if memory else float("nan")


def table(result: LoadResult) -> str:
    """The result as a Markdown table."""
    ups = sorted(result.updates)
    p95 = statistics.quantiles(ups, n=20)[-1] if len(ups) >= 2 else (ups[0] if ups else float("nan"))
    median = statistics.median(ups) if ups else float("nan")
    peak = max((m for _, m in result.memory_mb), default=float("nan"))
    rows = [
        ("sessions x duration", f"{result.sessions} x {result.seconds:.0f} s"),
        ("updates checked", f"{len(ups):,}"),
        ("errors shown or timed out", f"{len(result.errors):,}"),
        ("filter leaks between sessions", f"{len(result.leaks):,}"),
        ("update time, median", f"{median:.2f} s"),
        ("update time, 95th percentile", f"{p95:.2f} s"),
        ("server memory (RSS) at start / middle / end",
         f"{_at(result.memory_mb, 0):.0f} / {_at(result.memory_mb, 0.5):.0f} / {_at(result.memory_mb, 1):.0f} MB"),
        ("server memory, peak", f"{peak:.0f} MB"),
    ]
    if result.idle_mb is not None:
        rows.append(("server memory after the sessions closed (idle)", f"{result.idle_mb:.0f} MB"))
    return "\n".join(["| measure | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])


def section(result: LoadResult, when: str, machine: str) -> str:
    return (f"{START_MARK}\n## Load: concurrent sessions (`python -m benchmarks.load_test`)\n\n"
            f"Measured {when} on {machine}: one server, {result.sessions} Playwright contexts in one headless "
            "chromium on the same machine (so the browsers take most of the CPU: update times are an upper "
            "bound), each opening partner searches with its own start programme, topic and fund through "
            "the URL, every answer checked against the pure search. Update time: from navigation to the "
            "checked answer on screen.\n\n" + table(result) + "\n" + END_MARK)


def write_section(text: str, path: Path = BENCHMARKS) -> None:
    sections.write_section(text, START_MARK, END_MARK, path)


def main(argv: list[str] | None = None) -> int:
    from tests.e2e.server import running_server  # the e2e tests' server start-up

    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_test")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--idle", type=float, default=30, help="seconds idle before the last memory sample")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md as it is")
    args = parser.parse_args(argv)
    plan = steps()
    machine = f"{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f} at the start"
    with tempfile.TemporaryDirectory() as tmp, running_server(Path(tmp) / "streamlit.log") as server:
        result = asyncio.run(run_sessions(server.url, args.sessions, args.seconds, server.pid, plan,
                                                  args.idle))
    print(table(result))
    for line in (result.errors + result.leaks)[:20]:
        print("  ", line)
    if not args.no_write:
        write_section(section(result, dt.date.today().isoformat(), machine))
        print(f"written to {BENCHMARKS.name}")
    return 1 if result.errors or result.leaks else 0


if __name__ == "__main__":
    raise SystemExit(main())
