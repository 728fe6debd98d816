"""Loading the built tables from data/ (pure: no streamlit; the ui layer adds caching).

A missing or unreadable file raises DataFileError naming the file and the command that rebuilds it.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from coopdata import amounts, settings
from coopdata.model import ALLOCATION_COLUMNS, PROGRAMME_COLUMNS
from coopdata.prepared import Prepared

REBUILD_COMMAND = ".venv/bin/python -m coopdata build --mirror ../shared/data"


def data_folder() -> Path:
    """The built tables the app reads (settings.data_dir)."""
    return settings.data_dir()


class DataFileError(Exception):
    def __init__(self, path: Path, problem: str):
        self.path = path
        # Named from the data folder down (data/programmes.parquet, data/geo/...), never by its full path.
        shown = f"{path.parent.name}/{path.name}" if path.parent.name != "geo" else f"data/geo/{path.name}"
        super().__init__(f"{shown}: {problem}. Rebuild it with: {REBUILD_COMMAND}")


def read_table(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    path = Path(data_dir or data_folder()) / f"{name}.parquet"
    if not path.exists():
        raise DataFileError(path, "file is missing")
    try:
        table = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several kinds for a damaged file
        raise DataFileError(path, f"file cannot be read ({type(exc).__name__})") from exc
    # A file from another build (or edited by hand) would fail deep inside a page: name it here instead.
    missing = [c for c in EXPECTED_COLUMNS.get(name, ()) if c not in table.columns]
    if missing:
        raise DataFileError(path, f"missing column(s) {', '.join(missing)}")
    return table


# What the app reads of MANIFEST.json (the build writes more): the footer's attribution, the Data page's
# coverage figures, and each source's name, file, vintage, licence and checksum (Data page, exports).
MANIFEST_KEYS = {"inputs": dict, "coverage": dict, "attribution": list}
MANIFEST_COVERAGE_KEYS = ("programmes_2014_2020", "programmes_2021_2027",
                          "finances_2021_2027_programmes_with_objective_amounts", "finances_2021_2027_note")
MANIFEST_INPUT_KEYS = ("source", "file", "vintage", "licence", "sha256")


def manifest_problems(manifest) -> list[str]:
    """What the app needs from a manifest and does not find in it, in words ([] when it has everything)."""
    if not isinstance(manifest, dict):
        return [f"holds a {type(manifest).__name__}, not an object of keys"]
    problems = [f"key '{key}' is missing" if key not in manifest else f"key '{key}' is not a {kind.__name__}"
                for key, kind in MANIFEST_KEYS.items() if not isinstance(manifest.get(key), kind)]
    coverage = manifest.get("coverage")
    if isinstance(coverage, dict):
        problems += [f"key 'coverage.{key}' is missing" for key in MANIFEST_COVERAGE_KEYS if key not in coverage]
    inputs = manifest.get("inputs")
    if isinstance(inputs, dict):
        for name, source in inputs.items():
            missing = [k for k in MANIFEST_INPUT_KEYS if not isinstance(source, dict) or k not in source]
            if missing:
                problems.append(f"source '{name}' lacks {', '.join(repr(k) for k in missing)}")
    return problems


def read_manifest(data_dir: Path | None = None) -> dict:
    path = Path(data_dir or data_folder()) / "MANIFEST.json"
    manifest = _read_json(path, "JSON")
    problems = manifest_problems(manifest)
    if problems:  # valid JSON, but not what the build writes: say what is missing, not fail on a page
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise DataFileError(path, f"not a manifest the app can use ({shown})")
    return manifest


def _read_json(path: Path, kind: str) -> dict:
    if not path.exists():
        raise DataFileError(path, "file is missing")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"file is not valid {kind}") from exc


# Geography tables (coverage, cross-border neighbours, macro-regional and sea-basin members) have a
# fixed shape (the build may add columns); a missing one is a DataFileError like any other table.
GEOGRAPHY_TABLES = {
    "coverage": ["cci", "nuts_id", "nuts_version", "level", "approximate", "basis"],
    "neighbours": ["nuts_id", "neighbour_id", "nuts_version", "country", "neighbour_country"],
    "scope_members": ["scope_id", "scope_type", "scope_name", "country", "nuts_id", "nuts_version", "source"],
}
EXPECTED_COLUMNS = {"programmes": PROGRAMME_COLUMNS, "allocations": ALLOCATION_COLUMNS, **GEOGRAPHY_TABLES}


def read_geometry(version: int, level: int, data_dir: Path | None = None) -> dict:
    """The simplified NUTS boundaries of one version and level (a GeoJSON FeatureCollection)."""
    return _read_json(Path(data_dir or data_folder()) / "geo" / f"nuts{version}_l{level}.geojson", "GeoJSON")


@dataclass(frozen=True)
class Dataset:
    """The public tables the pages work on, and the codes the filters read made from them once (`prepared`).
    Treat the frames as read-only: `prepared` describes them as loaded."""

    programmes: pd.DataFrame
    allocations: pd.DataFrame
    regions: pd.DataFrame
    topics: pd.DataFrame
    objectives: pd.DataFrame
    manifest: dict
    coverage: pd.DataFrame
    neighbours: pd.DataFrame
    scope_members: pd.DataFrame
    # Which load this is (its folder and a number per load): results kept for a dataset are kept under this value,
    # so a reload (a new number) never meets results of the tables it replaced.
    key: str
    prepared: Prepared


def with_euros(allocations: pd.DataFrame) -> pd.DataFrame:
    """The stored cents with their euro values beside them (eu_amount, total_amount), for showing rows: every
    sum is made over the cents (coopdata.amounts)."""
    return allocations.assign(eu_amount=amounts.euros(allocations["eu_cents"]),
                              total_amount=amounts.euros(allocations["total_cents"]))


_LOADS = itertools.count()


def load_dataset(data_dir: Path | None = None) -> Dataset:
    data_dir = Path(data_dir or data_folder())
    programmes = read_table("programmes", data_dir)
    allocations = with_euros(read_table("allocations", data_dir))
    return Dataset(
        key=f"{data_dir.name}#{next(_LOADS)}",
        programmes=programmes,
        allocations=allocations,
        prepared=Prepared.of(programmes, allocations),
        regions=read_table("regions", data_dir),
        topics=read_table("topics", data_dir),
        objectives=read_table("objectives", data_dir),
        manifest=read_manifest(data_dir),
        **{name: read_table(name, data_dir) for name in GEOGRAPHY_TABLES},
    )
