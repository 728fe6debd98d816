"""Boundaries made light enough for a browser: simplified per level, rounded, few properties."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import shapely

# Simplification tolerance per NUTS level, in degrees (0.01 deg is about 1 km): coarser levels are
# drawn at Europe scale, NUTS 3 needs more detail to keep small regions recognisable.
TOLERANCE = {0: 0.02, 1: 0.012, 2: 0.008, 3: 0.006}
DECIMALS = 4  # about 10 m: far below what a 1:20 million boundary can tell apart
PROPERTIES = ["nuts_id", "name", "country", "level"]


def _round(geom, decimals: int):
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def web_features(regions: gpd.GeoDataFrame, level: int, decimals: int = DECIMALS) -> dict:
    """A GeoJSON FeatureCollection of one level, simplified and rounded, with only PROPERTIES."""
    part = regions[regions["level"] == level].sort_values("nuts_id")
    geoms = part.geometry.simplify(TOLERANCE[level], preserve_topology=True)
    features = []
    for props, geom in zip(part[PROPERTIES].to_dict("records"), geoms, strict=True):
        geom = shapely.make_valid(_round(geom, decimals))
        geom = shapely.geometry.mapping(geom)
        features.append({"type": "Feature", "properties": {k: _plain(v) for k, v in props.items()},
                         "geometry": geom})
    return {"type": "FeatureCollection", "features": features}


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def dumps(collection: dict) -> str:
    """Compact JSON (no spaces), the form written to data/geo/ and sent to the browser."""
    return json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
