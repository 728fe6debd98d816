"""Benchmark of the work an upload causes (issue #20): the files of tests/fixtures/big_uploads.py through the
readers the Import and Workshop pages use. The tests assert the work done (rows read, places looked up,
swaps); this measures the seconds. `python -m benchmarks.upload_bench` prints the full data and the data
repeated 10 times (FICTIONAL copies: only the programme matching of the registration list grows with it)."""

from __future__ import annotations

import statistics
import time

from coopdata.importer.read import UnreadableFile, read_file
from coopdata.importer.validate import Reference, validate
from coopdata.workshop.pairs import Geography, pair_scores, seating_weights
from coopdata.workshop.registration import UPLOAD_LIMITS, read_registrations
from coopdata.workshop.seating import search_seating
from tests.fixtures.big_uploads import gap_bomb_xlsx, participants_csv, rows_csv, rows_xlsx

REPEATS = 3


def _median(work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(REPEATS):
        began = time.perf_counter()
        try:
            result = work()
        except UnreadableFile as exc:
            result = exc
        times.append(time.perf_counter() - began)
    return round(statistics.median(times), 4), result


def run(dataset) -> dict:
    out = {}
    bomb = gap_bomb_xlsx()
    out["gap_bomb_bytes"] = len(bomb)
    out["gap_bomb_import_read_seconds"], sheets = _median(lambda: read_file(bomb, "gap.xlsx"))
    out["gap_bomb_rows_visited"] = sheets[0].rows_visited
    out["gap_bomb_workshop_read_seconds"], _ = _median(lambda: read_file(bomb, "gap.xlsx", UPLOAD_LIMITS))
    reference = Reference.load()  # the Import page checks against the built data/
    big_xlsx, big_csv = rows_xlsx(25_000), rows_csv(25_000)
    out["rows_25000_xlsx_refused_seconds"], refused = _median(lambda: read_file(big_xlsx, "big.xlsx"))
    out["rows_25000_xlsx_rows_visited"] = refused.rows_visited
    out["rows_25000_xlsx_import_page_seconds"], _ = _median(lambda: validate(big_xlsx, "big.xlsx", reference))
    out["rows_25000_csv_refused_seconds"], refused = _median(lambda: read_file(big_csv, "big.csv"))
    out["rows_25000_csv_rows_visited"] = refused.rows_visited
    people = participants_csv(100)
    out["participants_100_read_seconds"], reg = _median(
        lambda: read_registrations(people, "hundred_FICTIONAL.csv", dataset.programmes, dataset.regions))
    geo = Geography.from_dataset(dataset)
    out["participants_100_pairs_seconds"], pairs = _median(lambda: pair_scores(reg.participants, geo))
    weights, codes = seating_weights(pairs), reg.participants["code"].tolist()
    for size in (4, 6):
        out[f"participants_100_seating_{size}_seconds"], found = _median(lambda s=size: search_seating(codes, weights, s))
        out[f"participants_100_seating_{size}_score"] = found.score
        out[f"participants_100_seating_{size}_swaps"] = found.swaps
    return out


if __name__ == "__main__":
    from benchmarks.partners_bench import repeated
    from coopdata.load import load_dataset

    full = load_dataset()
    for label, ds in [("full data", full), ("data x10 (fictional copies)", repeated(full))]:
        print(label, run(ds))
