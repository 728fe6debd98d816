"""Cross-border (Interreg VI-A) areas by the rule of Regulation (EU) 2021/1059, Article 9(2).

The regions supported are the NUTS 3 regions along the land borders between the participating countries,
and the NUTS 3 regions along maritime borders separated by at most 150 km. Read on the NUTS 3 boundaries:

- land: a region of one country whose boundary touches a region of the other (the cross-border
  neighbours the build already derives);
- maritime: a region with a coastline within 150 km of a coastline of the other country, measured between
  the coastlines (not whole polygons: an inland corner of a large coastal region must not bring it in), in
  the equal-area projection EPSG:3035, in metres.

A region's coastline is the part of its boundary shared with no other NUTS region and facing the sea: a
point of that part is coast when a probe a few kilometres outside the region lies at sea by the
land mask of the PyPI package `global-land-mask` (GLOBE, 1 km). Without that check a land border with a
country that has no NUTS regions (Belarus, Russia, Moldova, ...) would read as coast.

The adopted areas (Commission Implementing Decision (EU) 2022/75) can be larger, since regions of
2014-2020 were kept for continuity: an area derived by the rule can miss regions, but adds none the rule
excludes. Pure geometry (geopandas, shapely); the build calls `maritime_neighbours` and `rule_area`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

METRIC_CRS = "EPSG:3035"
MARITIME_KM = 150
STEP_M = 2_000  # points along a coastline, every 2 km
PROBE_M = (4_000, 8_000)  # probes outside the region, at these distances in 8 directions
SHARED_TOLERANCE_M = 200  # GISCO draws shared borders with the same vertices: a small tolerance suffices
MARITIME_COLUMNS = ["nuts_id", "neighbour_id", "country", "neighbour_country", "distance_km"]
BASIS_LAND = "regulation rule: NUTS 3 on the land border (Reg. 2021/1059 Art. 9(2))"
BASIS_SEA = "regulation rule: NUTS 3 within 150 km across the sea (Reg. 2021/1059 Art. 9(2))"

LandMask = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (lat, lon) -> True on land


def default_land_mask(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    from global_land_mask import globe  # only the build needs it

    return globe.is_land(lat, lon)


def coast_points(regions: gpd.GeoDataFrame, is_land: LandMask = default_land_mask) -> dict[str, np.ndarray]:
    """nuts_id -> (n, 2) array of points (EPSG:3035 metres) on the region's coastline; regions of `regions`
    (one NUTS level, any CRS) without coastline are left out."""
    proj = regions.to_crs(METRIC_CRS).reset_index(drop=True)
    land = shapely.union_all(proj.geometry.to_numpy())
    shapely.prepare(land)
    tree = shapely.STRtree(proj.geometry.to_numpy())
    to_lonlat = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    angles = np.linspace(0, 2 * np.pi, 8, endpoint=False)
    directions = np.column_stack([np.cos(angles), np.sin(angles)])
    out: dict[str, np.ndarray] = {}
    for i, (nuts_id, geom) in enumerate(zip(proj["nuts_id"], proj.geometry, strict=True)):
        others = [j for j in tree.query(geom) if j != i]
        free = geom.boundary
        if others:
            shared = shapely.union_all([proj.geometry.iloc[j].boundary for j in others]).buffer(SHARED_TOLERANCE_M)
            free = free.difference(shared)
        if free.is_empty:
            continue
        points = shapely.get_coordinates(shapely.segmentize(free, STEP_M))
        probes = (points[:, None, None, :] + np.asarray(PROBE_M)[None, :, None, None]
                  * directions[None, None, :, :]).reshape(-1, 2)
        outside = ~shapely.contains_xy(land, probes[:, 0], probes[:, 1])
        lon, lat = to_lonlat.transform(probes[:, 0], probes[:, 1])
        at_sea = (outside & ~is_land(lat, lon)).reshape(len(points), -1).any(axis=1)
        if at_sea.any():
            out[nuts_id] = points[at_sea]
    return out


def maritime_neighbours(regions: gpd.GeoDataFrame, is_land: LandMask = default_land_mask,
                        km: float = MARITIME_KM) -> pd.DataFrame:
    """Pairs (both directions) of regions of different countries whose coastlines come within `km` of each
    other, with the shortest distance between the coastlines."""
    coasts = coast_points(regions, is_land)
    country = dict(zip(regions["nuts_id"], regions["country"], strict=True))
    ids = list(coasts)
    shapes = [shapely.multipoints(coasts[i]) for i in ids]
    tree = shapely.STRtree(shapes)
    left, right = tree.query(shapes, predicate="dwithin", distance=km * 1000)
    rows = []
    for a, b in zip(left, right, strict=True):
        if country[ids[a]] != country[ids[b]]:
            distance = shapely.distance(shapes[a], shapes[b]) / 1000
            rows.append((ids[a], ids[b], country[ids[a]], country[ids[b]], round(float(distance), 1)))
    out = pd.DataFrame(rows, columns=MARITIME_COLUMNS)
    return out.sort_values(["nuts_id", "neighbour_id"], ignore_index=True)


def rule_area(countries: Iterable[str], land: pd.DataFrame, sea: pd.DataFrame) -> dict[str, str]:
    """nuts_id -> basis: the NUTS 3 regions the rule gives a programme of these participating countries.

    `land`: cross-border neighbours (nuts_id, neighbour_id, country, neighbour_country) at NUTS 3;
    `sea`: maritime_neighbours. A region on a land border keeps that basis even if it is also coastal."""
    countries = set(countries)
    area: dict[str, str] = {}
    for table, basis in ((land, BASIS_LAND), (sea, BASIS_SEA)):
        hit = table["country"].isin(countries) & table["neighbour_country"].isin(countries)
        for nuts_id in table.loc[hit, "nuts_id"]:
            area.setdefault(nuts_id, basis)
    return dict(sorted(area.items()))
