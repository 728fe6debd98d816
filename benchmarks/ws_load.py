"""Workshop load: many sessions following a facilitator's link and changing filters, over Streamlit's own protocol.

    python -m benchmarks.ws_load [--sessions 100 --seconds 120 --setups one,two --browsers 2]

A facilitator projects a link (LINK: a partner search around Basilicata's Potenza, ITF51, on energy) and a room
of 60-100 laptops opens it. Each session here is a light client (benchmarks/ws_client.py: the WebSocket and
protobuf messages the browser's frontend uses) that opens the link, then every few seconds (a person reading the
answer: --think) changes a filter as a participant would (the topics, the scope of partnership) until the time
is up. Every answer is checked against the same search run here with the pure code. A few real browsers
(Playwright, Debian's chromium) open the link with other topics meanwhile and check what they show.

Setups: `one` = one app server, the clients on its port; `two` = two app servers of this checkout behind Debian's
nginx with deploy/nginx.conf (sticky sessions by cookie), the clients on nginx's port. Both share one throwaway
PostgreSQL (tests/postgres.py), as a deployment with several servers does; its store is empty (no import).
Before the load, one session alone on a quiet server gives the reference rerun time.

Measured per setup: reruns, errors (exception messages, failed or timed-out runs, lost connections), wrong
answers, rerun latency as the client sees it (from sending the rerun BackMsg to the `script_finished`
ForwardMsg; the first load of the link apart), the servers' memory (RSS) and CPU time, and the machine's load
average (the machine is shared: figures from a loaded machine are slower). Prints a table and writes it into
BENCHMARKS.md between <!-- ws_load:start --> and <!-- ws_load:end -->.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import functools
import itertools
import os
import random
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import sections
from benchmarks.ws_client import RunView, Session

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
START_MARK, END_MARK = "<!-- ws_load:start -->", "<!-- ws_load:end -->"
REGION, PERIOD = "ITF51", "2021-2027"
LINK = f"partners?p_region={REGION}&p_topic=energy&period={PERIOD}"
TOPICS = ("energy", "digital", "research_innovation", "employment", "social_inclusion", "climate_risk",
          "environment", "mobility", "education", "smes", "health", "culture_tourism")
SCOPES = ("eu-wide", "cross-border", "macro-regional", "sea-basin")
ALONE_RERUNS = 20
SAMPLE_EVERY = 2.0  # seconds between memory samples
BROWSER_TIMEOUT = 120_000  # ms


@functools.cache
def _dataset():
    from coopdata.analysis.partners import programme_areas
    from coopdata.load import load_dataset

    ds = load_dataset()
    return ds, programme_areas(ds)


@functools.cache
def expected(topics: tuple[str, ...], scope: str) -> str:
    """The answer's heading (or message) the partner search page must show for these settings."""
    from coopdata.analysis.partners import Query, search

    ds, areas = _dataset()
    result = search(ds, Query("", topics, scope, region=REGION, period=PERIOD), None, areas)
    n = len(result.matches)
    return result.message or f"{n} programme{'s' if n > 1 else ''} match, best first"


def work_out_every_answer() -> None:
    """expected() for every setting a session can choose (1 or 2 topics, any scope), before the load: worked out
    during it, they would hold up the load generator's reading of the servers' replies (and its clock)."""
    settings = [(tuple(sorted(t)), s) for t in [*itertools.combinations(TOPICS, 1), *itertools.combinations(TOPICS, 2)]
                for s in SCOPES]
    for topics, scope in settings:
        expected(topics, scope)


def shows(view: RunView, answer: str) -> bool:
    return answer in view.headings or any(answer[:60] in t for t in view.texts)


@dataclass
class Tally:
    reruns: list[float] = field(default_factory=list)  # seconds, filter changes
    loads: list[float] = field(default_factory=list)  # seconds, the link's first run
    errors: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    browser: list[float] = field(default_factory=list)  # seconds, browser navigation to the checked answer
    browser_errors: list[str] = field(default_factory=list)


def _record(tally: Tally, into: list[float], timed, answer: str, what: str) -> None:
    view = timed.view
    if view.exceptions or not view.ok:
        tally.errors.append(f"{what}: {view.exceptions or f'finished with status {view.finished}'}")
        return
    into.append(timed.seconds)
    if not shows(view, answer):
        tally.wrong.append(f"{what}: expected {answer!r}, shown {view.headings}")


async def user(base_url: str, deadline: float, think: tuple[float, float], rng: random.Random, tally: Tally,
               max_changes: int | None = None) -> None:
    """One participant: open the link, then change a filter every `think` seconds until `deadline`."""
    from coopdata.vocabularies import SCOPE_LABELS, topic_labels

    labels = topic_labels()
    topics, scope = ("energy",), "eu-wide"
    changes = 0
    try:
        # A cookie of its own per session, as each browser gets one from nginx (its routing key).
        async with Session(base_url, cookie=f"coopdata_route={uuid.uuid4().hex}") as s:
            _record(tally, tally.loads, await s.load(LINK), expected(topics, scope), "open the link")
            while time.monotonic() < deadline and (max_changes is None or changes < max_changes):
                await asyncio.sleep(min(rng.uniform(*think), max(0.0, deadline - time.monotonic())))
                if time.monotonic() >= deadline:
                    break
                if rng.random() < 0.6:
                    topics = tuple(sorted(rng.sample(TOPICS, rng.choice((1, 1, 2)))))
                    timed = await s.change("p_topic", [labels[t] for t in topics])
                else:
                    scope = rng.choice([x for x in SCOPES if x != scope])
                    timed = await s.change("p_scope", SCOPE_LABELS[scope])
                changes += 1
                _record(tally, tally.reruns, timed, expected(topics, scope), f"topics {topics}, scope {scope}")
    except Exception as exc:  # a lost connection or a run that never ended is an error of the run, not a crash
        tally.errors.append(f"session: {type(exc).__name__}: {str(exc)[:200]}")


async def browsers(base_url: str, count: int, deadline: float, think: tuple[float, float], tally: Tally) -> None:
    """A few real browsers opening the link with another topic, each answer checked on screen, pausing as the
    light sessions do (a headless chromium drawing the map in software costs the shared cores much more than
    a light session)."""
    if count <= 0:
        return
    from playwright.async_api import async_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    async def one(browser, i: int) -> None:
        context = await browser.new_context(viewport={"width": 1280, "height": 720})
        page = await context.new_page()
        n, rng = i, random.Random(i)
        try:
            while time.monotonic() < deadline:
                topic = TOPICS[n % len(TOPICS)]
                n += 1
                answer = expected((topic,), "eu-wide")
                began = time.monotonic()
                try:
                    await page.goto(f"{base_url}/partners?p_region={REGION}&p_topic={topic}&period={PERIOD}",
                                    timeout=BROWSER_TIMEOUT)
                    shown = page.get_by_test_id("stMain").get_by_text(answer, exact=True)
                    await shown.or_(page.get_by_test_id("stException")).first.wait_for(timeout=BROWSER_TIMEOUT)
                    if await page.get_by_test_id("stException").count():
                        tally.browser_errors.append(f"browser, topic {topic}: an exception is shown")
                    else:
                        tally.browser.append(time.monotonic() - began)
                except Exception as exc:
                    tally.browser_errors.append(f"browser, topic {topic}: {type(exc).__name__}")
                await asyncio.sleep(min(rng.uniform(*think), max(0.0, deadline - time.monotonic())))
        finally:
            await context.close()

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            await asyncio.gather(*(one(browser, i) for i in range(count)))
        finally:
            await browser.close()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


async def sample(pids: list[int], stop: asyncio.Event, peaks: dict[int, float]) -> None:
    while not stop.is_set():
        for pid in pids:
            peaks[pid] = max(peaks.get(pid, 0.0), rss_mb(pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SAMPLE_EVERY)


@dataclass
class Result:
    setup: str
    sessions: int
    seconds: float
    think: tuple[float, float]
    alone: list[float]
    tally: Tally
    rss_start: list[float]
    rss_peak: list[float]
    cpu: list[float]
    load_before: float
    load_after: float
    client_cpu: float = 0.0  # seconds of CPU the light clients took (this process), browsers not included


async def measure(setup: str, base_url: str, server_urls: list[str], pids: list[int], sessions: int,
                  seconds: float, think: tuple[float, float], ramp: float, browser_count: int,
                  seed: int = 1) -> Result:
    """Warm every server, time one session alone, then run the load; see the module docstring."""
    work_out_every_answer()
    warm = Tally()
    for url in server_urls:  # every server has run the app once (its caches, a deep link's first routing)
        await user(url, time.monotonic() + 60, (0, 0), random.Random(0), warm, max_changes=3)
    alone = Tally()
    await user(base_url, time.monotonic() + 120, (0, 0), random.Random(seed), alone, max_changes=ALONE_RERUNS)
    load_before = os.getloadavg()[0]
    rss_start = [rss_mb(p) for p in pids]
    cpu_start = [cpu_seconds(p) for p in pids]
    client_cpu = time.process_time()
    tally, peaks, stop = Tally(), {}, asyncio.Event()
    sampler = asyncio.create_task(sample(pids, stop, peaks))
    t0 = time.monotonic()
    deadline = t0 + seconds

    async def later(i: int):
        await asyncio.sleep(ramp * i / max(1, sessions))  # the room does not click in the same millisecond
        await user(base_url, deadline, think, random.Random(seed * 1000 + i), tally)

    await asyncio.gather(*(later(i) for i in range(sessions)), browsers(base_url, browser_count, deadline, think, tally))
    stop.set()
    await sampler
    return Result(setup, sessions, seconds, think, alone.reruns, tally, rss_start, [peaks[p] for p in pids],
                  [cpu_seconds(p) - c for p, c in zip(pids, cpu_start, strict=True)], load_before,
                  os.getloadavg()[0], time.process_time() - client_cpu)


@contextlib.contextmanager
def servers(setup: str, database_url: str, folder: Path):
    """(base URL the clients use, each server's URL, each server's pid) for `one` or `two`."""
    from coopdata.settings import DATABASE_URL_ENV, IMPORT_DIR_ENV
    from tests.e2e.proxy import running_nginx
    from tests.e2e.server import running_server

    env = {DATABASE_URL_ENV: database_url, IMPORT_DIR_ENV: str(folder / "imports")}
    with contextlib.ExitStack() as stack:
        count = 1 if setup == "one" else 2
        started = [stack.enter_context(running_server(folder / f"{setup}-server-{i}.log", env=env))
                   for i in range(count)]
        urls = [s.url for s in started]
        base = urls[0]
        if setup == "two":
            base = stack.enter_context(running_nginx([u.removeprefix("http://") for u in urls])).url
        yield base, urls, [s.pid for s in started]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def table(results: list[Result]) -> str:
    def row(name, fn):
        return f"| {name} | " + " | ".join(fn(r) for r in results) + " |"

    def ms(values, q):
        return f"{percentile(values, q) * 1000:.0f} ms" if values else "-"

    head = "| measure | " + " | ".join(
        "one server" if r.setup == "one" else "two servers behind nginx" for r in results) + " |"
    rows = [
        head, "|---|" + "---|" * len(results),
        row("sessions x duration", lambda r: f"{r.sessions} x {r.seconds:.0f} s"),
        row("pause between a session's filter changes", lambda r: f"{r.think[0]:.0f}-{r.think[1]:.0f} s"),
        row("filter changes (reruns) done", lambda r: f"{len(r.tally.reruns):,} ({len(r.tally.reruns) / r.seconds:.1f}/s)"),
        row("errors (exception, failed run, lost connection)", lambda r: f"{len(r.tally.errors):,}"),
        row("wrong answers", lambda r: f"{len(r.tally.wrong):,}"),
        row("rerun p50 / p95, one session alone", lambda r: f"{ms(r.alone, 50)} / {ms(r.alone, 95)}"),
        row("rerun p50 / p95, under load", lambda r: f"{ms(r.tally.reruns, 50)} / {ms(r.tally.reruns, 95)}"),
        row("opening the link p50 / p95, under load", lambda r: f"{ms(r.tally.loads, 50)} / {ms(r.tally.loads, 95)}"),
        row("browsers: answers checked, errors, p50",
            lambda r: f"{len(r.tally.browser)}, {len(r.tally.browser_errors)}, {ms(r.tally.browser, 50)}"),
        row("server memory (RSS) before / peak", lambda r: " + ".join(
            f"{a:.0f} / {b:.0f} MB" for a, b in zip(r.rss_start, r.rss_peak, strict=True))),
        row("server CPU time during the load", lambda r: " + ".join(f"{c:.0f} s" for c in r.cpu)),
        row("load generator CPU time (light clients; answers worked out before)", lambda r: f"{r.client_cpu:.0f} s"),
        row("machine load average (1 min) before / after", lambda r: f"{r.load_before:.1f} / {r.load_after:.1f}"),
    ]
    return "\n".join(rows)


def section(results: list[Result], when: str, machine: str) -> str:
    return (f"{START_MARK}\n## Workshop load: light WebSocket clients (`python -m benchmarks.ws_load`)\n\n"
            f"Measured {when} on {machine}. Every session opens the facilitator's link `/{LINK}`, then changes "
            "the topics or the scope of partnership after each pause, its answer checked against the pure search; "
            "two headless browsers open the link with other topics meanwhile, pausing likewise. Rerun latency is the client's: from sending the rerun "
            "message to the end of the script run (the whole page is sent on each rerun). The load generator, the "
            "browsers, the servers, PostgreSQL and nginx share the machine's cores, and other work ran on it: "
            "see the load average.\n\n" + table(results) + "\n" + END_MARK)


def main(argv: list[str] | None = None) -> int:
    from tests.postgres import new_database, running_postgres, why_not

    parser = argparse.ArgumentParser(prog="python -m benchmarks.ws_load")
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 25.0), metavar=("MIN", "MAX"),
                        help="seconds a participant reads before changing a filter (uniform between)")
    parser.add_argument("--ramp", type=float, default=20, help="seconds over which the sessions open the link")
    parser.add_argument("--setups", default="one,two", help="one, two, or one,two")
    parser.add_argument("--browsers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md as it is")
    args = parser.parse_args(argv)
    if why_not():
        raise SystemExit(f"needs PostgreSQL: {why_not()}")
    machine = f"{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f} at the start"
    results = []
    with tempfile.TemporaryDirectory() as tmp, running_postgres() as server_url:
        for setup in args.setups.split(","):
            folder = Path(tmp) / setup
            database = new_database(server_url, f"coopdata_load_{setup}")
            with servers(setup, database, folder) as (base, urls, pids):
                result = asyncio.run(measure(setup, base, urls, pids, args.sessions, args.seconds,
                                             tuple(args.think), args.ramp, args.browsers))
            results.append(result)
            for line in (result.tally.errors + result.tally.wrong + result.tally.browser_errors)[:10]:
                print("  ", setup, line)
    print(table(results))
    if not args.no_write:
        sections.write_section(section(results, dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), machine),
                               START_MARK, END_MARK, BENCHMARKS)
        print(f"written to {BENCHMARKS.name}")
    return 1 if any(r.tally.errors or r.tally.wrong for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
