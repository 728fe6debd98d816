"""Loading the built tables from data/ (pure: no streamlit; the ui layer adds caching).

A missing or unreadable file raises DataFileError naming the file and the command that rebuilds it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from coopdata.build import DATA_DIR

REBUILD_COMMAND = "python -m coopdata build --mirror ../shared/data"


class DataFileError(Exception):
    def __init__(self, path: Path, problem: str):
        self.path = path
        super().__init__(f"data/{path.name}: {problem}. Rebuild it with: {REBUILD_COMMAND}")


def read_table(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    path = Path(data_dir) / f"{name}.parquet"
    if not path.exists():
        raise DataFileError(path, "file is missing")
    try:
        return pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several kinds for a damaged file
        raise DataFileError(path, f"file cannot be read ({type(exc).__name__})") from exc


def read_manifest(data_dir: Path = DATA_DIR) -> dict:
    path = Path(data_dir) / "MANIFEST.json"
    if not path.exists():
        raise DataFileError(path, "file is missing")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(path, "file is not valid JSON") from exc


# Geography tables (coverage, cross-border neighbours, macro-regional and sea-basin members) have a
# fixed shape (the build may add columns); a missing one is a DataFileError like any other table.
GEOGRAPHY_TABLES = {
    "coverage": ["cci", "nuts_id", "nuts_version", "level", "approximate", "basis"],
    "neighbours": ["nuts_id", "neighbour_id", "nuts_version", "country", "neighbour_country"],
    "scope_members": ["scope_id", "scope_type", "scope_name", "country", "nuts_id", "nuts_version", "source"],
}


def read_geography_table(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    df = read_table(name, data_dir)
    missing = [c for c in GEOGRAPHY_TABLES[name] if c not in df.columns]
    if missing:
        raise DataFileError(Path(data_dir) / f"{name}.parquet", f"missing column(s) {', '.join(missing)}")
    return df


def read_geometry(version: int, level: int, data_dir: Path = DATA_DIR) -> dict:
    """The simplified NUTS boundaries of one version and level (a GeoJSON FeatureCollection)."""
    path = Path(data_dir) / "geo" / f"nuts{version}_l{level}.geojson"
    if not path.exists():
        raise DataFileError(path, "file is missing")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(path, "file is not valid GeoJSON") from exc


@dataclass(frozen=True)
class Dataset:
    """The public tables the pages work on. Treat the frames as read-only."""

    programmes: pd.DataFrame
    allocations: pd.DataFrame
    regions: pd.DataFrame
    topics: pd.DataFrame
    objectives: pd.DataFrame
    manifest: dict
    coverage: pd.DataFrame
    neighbours: pd.DataFrame
    scope_members: pd.DataFrame


def load_dataset(data_dir: Path = DATA_DIR) -> Dataset:
    return Dataset(
        programmes=read_table("programmes", data_dir),
        allocations=read_table("allocations", data_dir),
        regions=read_table("regions", data_dir),
        topics=read_table("topics", data_dir),
        objectives=read_table("objectives", data_dir),
        manifest=read_manifest(data_dir),
        **{name: read_geography_table(name, data_dir) for name in GEOGRAPHY_TABLES},
    )
