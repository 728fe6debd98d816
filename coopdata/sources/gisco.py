"""Eurostat GISCO NUTS boundaries ("NUTS_RG" GeoJSON, EPSG:4326, 1:20 million).

NUTS 2021 comes as one file per level, NUTS 2024 as one file with every level. Both are read into the
same shape: nuts_id, nuts_version, level, country, name (Latin script), geometry.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from coopdata.sources.common import SourceError, fix_country

# Files per NUTS version, as named in GISCO's distribution (and in the mirror's nuts/ folder).
FILES = {
    2021: [f"NUTS_RG_20M_2021_4326_LEVL_{level}.geojson" for level in range(4)],
    2024: ["NUTS_RG_20M_2024_4326.geojson"],
}
PROPERTIES = ["NUTS_ID", "LEVL_CODE", "CNTR_CODE", "NAME_LATN"]
COLUMNS = ["nuts_id", "nuts_version", "level", "country", "name", "geometry"]


def read_file(path: Path, version: int) -> gpd.GeoDataFrame:
    if not path.exists():
        raise SourceError(f"{path.name}: file not found (looked in {path.parent.name}/)")
    try:
        raw = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several kinds for a damaged file
        raise SourceError(f"{path.name}: cannot be read as GeoJSON ({exc})") from exc
    missing = [c for c in PROPERTIES if c not in raw.columns]
    if missing:
        raise SourceError(f"{path.name}: features lack the propert(ies) {', '.join(missing)}")
    if raw.crs is None or raw.crs.to_epsg() != 4326:
        raise SourceError(f"{path.name}: coordinates are not in EPSG:4326 (found {raw.crs})")
    empty = raw["NUTS_ID"].isna() | raw.geometry.isna() | raw.geometry.is_empty
    if empty.any():
        raise SourceError(f"{path.name}: feature {int(empty.idxmax()) + 1} has no NUTS_ID or no geometry")
    return gpd.GeoDataFrame({
        "nuts_id": raw["NUTS_ID"].str.strip(),
        "nuts_version": version,
        "level": raw["LEVL_CODE"].astype(int),
        "country": raw["CNTR_CODE"].map(fix_country),
        "name": raw["NAME_LATN"],
    }, geometry=raw.geometry.make_valid(), crs=raw.crs)


def read(paths: dict[int, list[Path]]) -> gpd.GeoDataFrame:
    """Every NUTS region of every version, one row per (nuts_id, nuts_version)."""
    frames = [read_file(p, version) for version, files in paths.items() for p in files]
    out = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)
    dup = out.duplicated(["nuts_id", "nuts_version"])
    if dup.any():
        row = out[dup].iloc[0]
        raise SourceError(f"GISCO NUTS {row['nuts_version']}: region {row['nuts_id']} appears twice")
    return out[COLUMNS].sort_values(["nuts_version", "level", "nuts_id"], ignore_index=True)


def regions_table(boundaries: gpd.GeoDataFrame, countries: tuple[str, ...], version: int) -> pd.DataFrame:
    """Rows in the shape of the NUTS workbook's regions table (sources.nuts.regions) for `countries` the workbook
    does not list: the UK, whose regions GISCO's NUTS 2021 files still draw (its NUTS 2016 regions)."""
    part = boundaries[boundaries["country"].isin(countries) & boundaries["nuts_version"].eq(version)]
    return pd.DataFrame({
        "nuts_id": part["nuts_id"], "nuts_version": version, "level": part["level"], "name": part["name"],
        "country": part["country"], "parent": part["nuts_id"].where(part["level"] > 0).str[:-1],
        "extra_regio": False, "name_latin": part["name"],
    }).reset_index(drop=True)
