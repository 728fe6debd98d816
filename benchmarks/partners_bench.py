"""Benchmark of the partner search: one query over a dataset, the full data and the data repeated 10 times.
`python -m benchmarks.partners_bench` prints both. The programmes' areas are made once per dataset, as the page
does (partners_view), and timed apart."""

from __future__ import annotations

import dataclasses
import statistics
import time

import pandas as pd

from coopdata.analysis.partners import Query, programme_areas, search
from coopdata.prepared import Prepared

START = "Basilicata"  # a 2021-2027 regional programme of the real data
TOPICS = ("employment", "education")
SCOPES = ("eu-wide", "countries")
REPEATS = 5


def run(dataset) -> dict:
    """Median seconds of one search per scope over `dataset`, and how many candidates it returned."""
    out = {"programmes": len(dataset.programmes), "allocation_rows": len(dataset.allocations)}
    p = dataset.programmes
    start = p.loc[p["period"].eq("2021-2027") & p["title"].str.contains(START), "cci"].min()
    began = time.perf_counter()
    areas = programme_areas(dataset)
    out["partners_areas_seconds"] = round(time.perf_counter() - began, 4)
    for scope in SCOPES:
        query = Query(start, TOPICS, scope, countries=("FR", "ES", "PL") if scope == "countries" else ())
        times, result = [], None
        for _ in range(REPEATS):
            began = time.perf_counter()
            result = search(dataset, query, areas=areas)
            times.append(time.perf_counter() - began)
        out[f"partners_{scope}_seconds"] = round(statistics.median(times), 4)
        out[f"partners_{scope}_candidates"] = len(result.matches)
    return out


def repeated(dataset, times: int = 10):
    """The dataset with every programme copied `times` times under new CCIs (copies are FICTIONAL, for
    timing only; the start programme keeps its CCI in the first copy)."""
    def copies(frame: pd.DataFrame) -> pd.DataFrame:
        parts = [frame.assign(cci=frame["cci"] + ("" if i == 0 else f"-COPY{i}")) for i in range(times)]
        return pd.concat(parts, ignore_index=True)
    programmes, allocations = copies(dataset.programmes), copies(dataset.allocations)
    return dataclasses.replace(dataset, programmes=programmes, allocations=allocations,
                               coverage=copies(dataset.coverage), prepared=Prepared.of(programmes, allocations),
                               key=f"{dataset.key} x{times}")


if __name__ == "__main__":
    from coopdata.load import load_dataset

    full = load_dataset()
    for label, ds in [("full data", full), ("data x10 (fictional copies)", repeated(full))]:
        print(label, run(ds))
