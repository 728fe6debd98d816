"""Live workshop (issue #22): what the projector works out when its list changes, for 100 participants.

    python -m benchmarks.live_bench [--no-write]

100 invented entries (FICTIONAL: real countries and NUTS 3 regions, random topics and scopes, fixed seed) are
stored in a live workshop of a temporary SQLite database; then timed, median of REPEATS: reading the entries
(what each refresh does when nothing changed), the participants frame, the pairs, the seating (4 per table) and
the table summary, as coopdata.ui.live does them. The sum must fit in the projector's refresh interval
(coopdata.ui.live.REFRESH_SECONDS). Writes its section of BENCHMARKS.md between <!-- live:start --> and
<!-- live:end --> (the rest of the file is left as it is).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import sections
from coopdata.importer.store import ImportStore
from coopdata.load import load_dataset
from coopdata.ui.live import REFRESH_SECONDS
from coopdata.vocabularies import NON_THEMATIC_TOPICS, eu_members, topic_labels
from coopdata.workshop import live, seating
from coopdata.workshop.pairs import Geography, pair_scores, seating_weights
from coopdata.workshop.registration import SCOPES

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
START_MARK, END_MARK = "<!-- live:start -->", "<!-- live:end -->"
REPEATS = 3
TABLE_SIZE = 4


def fictional_entries(ds, n: int = 100, seed: int = 22) -> list[live.Entry]:
    rng = random.Random(seed)
    nuts3 = ds.regions[ds.regions["level"].eq(3) & ds.regions["nuts_version"].eq(2021) & ~ds.regions["extra_regio"]]
    by_country = {c: sorted(g["nuts_id"]) for c, g in nuts3.groupby("country")}
    countries = [c for c in eu_members() if c in by_country]
    topics = [t for t in topic_labels() if t not in NON_THEMATIC_TOPICS]
    out = []
    for _ in range(n):
        country = rng.choice(countries)
        out.append(live.Entry(country=country, topics=tuple(rng.sample(topics, rng.randint(1, 3))),
                              scopes=tuple(rng.sample(SCOPES, rng.randint(0, 2))),
                              nuts_id=rng.choice(by_country[country]) if rng.random() < 0.7 else None))
    return out


SLOWEST: dict[str, float] = {}  # step -> its slowest run, reported beside the median (the machine is shared)


def _median(work, step: str) -> tuple[float, object]:
    times, result = [], None
    for _ in range(REPEATS):
        began = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - began)
    SLOWEST[step] = max(times)
    return statistics.median(times), result


def measure(n: int = 100) -> dict:
    ds = load_dataset()
    titles = dict(zip(ds.programmes["cci"], ds.programmes["title"], strict=True))
    geo = Geography.from_dataset(ds)
    with tempfile.TemporaryDirectory() as folder:
        s = ImportStore(Path(folder))
        o = live.open_workshop(s, "Benchmark (fictional)", dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
        for i, entry in enumerate(fictional_entries(ds, n)):
            live.add_entry(s, o.workshop.join_token, entry, f"bench{i}")
        out = {"participants": n}
        out["read_entries"], found = _median(lambda: live.entries(s, o.workshop.id), "read_entries")
    out["participants_frame"], people = _median(lambda: live.participants(found, titles), "participants_frame")
    out["pairs"], pairs = _median(lambda: pair_scores(people, geo), "pairs")
    weights = seating_weights(pairs)
    codes = list(people["code"])
    out["seating"], table_of = _median(lambda: seating.propose_seating(codes, weights, TABLE_SIZE), "seating")
    out["tables"], summary = _median(lambda: seating.table_summary(table_of, people, pairs, weights), "tables")
    steps = ("read_entries", "participants_frame", "pairs", "seating", "tables")
    out["total"] = sum(out[k] for k in steps)
    out["slowest"] = {k: SLOWEST[k] for k in steps} | {"total": sum(SLOWEST[k] for k in steps)}
    out["n_tables"] = len(summary)
    out["score"] = seating.seating_score(table_of, weights)
    return out


def section(m: dict, when: str, machine: str) -> str:
    rows = [("read the entries (each refresh)", "read_entries"), ("participants frame", "participants_frame"),
            ("pairs (pair_scores)", "pairs"), (f"seating, {TABLE_SIZE} per table", "seating"),
            ("table summary", "tables"), ("**total, when the list changed**", "total")]
    verdict = "fits" if m["total"] < REFRESH_SECONDS else "does NOT fit"
    return (f"{START_MARK}\n## Live workshop: pairs and tables for {m['participants']} participants "
            f"(`python -m benchmarks.live_bench`)\n\n"
            f"Measured {when} on {machine}: {m['participants']} FICTIONAL entries in a live workshop (SQLite), "
            f"median (and slowest) of {REPEATS} runs of each step as the projector does it when its list changed; "
            f"{m['n_tables']} tables, total score {m['score']:g}. The projector looks at the list every "
            f"{REFRESH_SECONDS} s: the total {verdict} in that interval.\n\n"
            "| step | seconds (median) | slowest run |\n|---|---|---|\n"
            + "\n".join(f"| {name} | {m[k]:.3f} | {m['slowest'][k]:.3f} |" for name, k in rows) + f"\n{END_MARK}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.live_bench")
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md as it is")
    args = parser.parse_args(argv)
    machine = f"{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f} at the start"
    text = section(measure(args.participants), dt.date.today().isoformat(), machine)
    print(text)
    if not args.no_write:
        sections.write_section(text, START_MARK, END_MARK, BENCHMARKS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
