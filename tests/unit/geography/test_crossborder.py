"""Cross-border areas by the Interreg Regulation's Article 9(2) rule: a tiny hand-made map, then the real NUTS 3
boundaries of the mirror."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from coopdata.geography import crossborder as cb
from coopdata.sources import gisco


def _lonlat_map():
    """Four countries in central Europe (1 degree of latitude ~ 111 km): A1, A2 (country AA) and B1 (BB) side by
    side, B1 touching A2 at lon 12; island C1 lies 0.3 degrees (33 km) south of A1; island D1 1.4 degrees (156 km)
    south of C1. Land east of lon 13 belongs to a country with no NUTS regions."""
    rows = [("A1", "AA", box(10, 50, 11, 51)), ("A2", "AA", box(11, 50, 12, 51)), ("B1", "BB", box(12, 50, 13, 51)),
            ("C1", "CC", box(10, 48.7, 11, 49.7)), ("D1", "DD", box(10, 46.3, 11, 47.3))]
    return gpd.GeoDataFrame({"nuts_id": [r[0] for r in rows], "country": [r[1] for r in rows]},
                            geometry=[r[2] for r in rows], crs="EPSG:4326")


def _land_east_of_13(lat, lon):
    """Sea everywhere but east of lon 13 (a country without NUTS regions: Belarus, say)."""
    return np.asarray(lon) > 12.999


def test_coastlines_leave_out_shared_borders_and_borders_with_land_outside_nuts():
    coasts = cb.coast_points(_lonlat_map(), _land_east_of_13)
    assert set(coasts) == {"A1", "A2", "B1", "C1", "D1"}
    to_lonlat = cb.Transformer.from_crs(cb.METRIC_CRS, "EPSG:4326", always_xy=True)
    lon, lat = to_lonlat.transform(*coasts["B1"].T)
    # B1's east side (lon 13) borders land outside NUTS: not coast, but within a probe's reach of its corners.
    # Its north and south sides are coast.
    assert not ((lon > 12.99) & (lat > 50.1) & (lat < 50.9)).any()
    assert ((lat > 50.99) & (lon > 12.5)).any() and ((lat < 50.01) & (lon > 12.5)).any()
    lon, _ = to_lonlat.transform(*coasts["A2"].T)
    assert lon.min() > 11.0 and lon.max() < 12.0  # nothing of A2's borders with A1 and B1


def test_maritime_neighbours_within_150_km_of_coast_to_coast():
    sea = cb.maritime_neighbours(_lonlat_map(), _land_east_of_13)
    pairs = set(zip(sea["nuts_id"], sea["neighbour_id"], strict=True))
    # A1-C1: 0.3 degrees (~33 km); C1-D1: 1.4 degrees (~156 km): too far; A1-D1 further still.
    assert ("A1", "C1") in pairs and ("C1", "A1") in pairs
    assert ("C1", "D1") not in pairs and ("A1", "D1") not in pairs
    assert ("A1", "A2") not in pairs  # same country
    assert ("A2", "B1") in pairs  # both coastal, a few km apart along the coast (the land rule takes them too)


def test_rule_area_takes_both_sides_of_each_border_between_the_participants():
    land = pd.DataFrame({"nuts_id": ["A2", "B1"], "neighbour_id": ["B1", "A2"], "country": ["AA", "BB"],
                         "neighbour_country": ["BB", "AA"]})
    sea = pd.DataFrame({"nuts_id": ["A1", "C1", "A2"], "neighbour_id": ["C1", "A1", "B1"],
                        "country": ["AA", "CC", "AA"], "neighbour_country": ["CC", "AA", "BB"]})
    assert cb.rule_area(["AA", "BB"], land, sea) == {"A2": cb.BASIS_LAND, "B1": cb.BASIS_LAND}
    assert cb.rule_area(["AA", "CC"], land, sea) == {"A1": cb.BASIS_SEA, "C1": cb.BASIS_SEA}
    assert cb.rule_area(["BB", "CC"], land, sea) == {}


@pytest.fixture(scope="module")
def nuts3(mirror):
    b = gisco.read({2021: [mirror / "nuts" / "NUTS_RG_20M_2021_4326_LEVL_3.geojson"]})
    return b[b["level"] == 3]


@pytest.mark.slow
def test_malta_sicily_150_km_coast_to_coast_on_the_real_boundaries(nuts3):
    coasts = cb.coast_points(nuts3[nuts3["country"].isin(["IT", "MT"])])
    malta = shapely.multipoints(np.vstack([coasts["MT001"], coasts["MT002"]]))

    def km(region):
        return shapely.distance(shapely.multipoints(coasts[region]), malta) / 1000

    assert "ITG16" not in coasts  # Enna: Sicily's one landlocked province
    assert km("ITG14") == pytest.approx(113.7, abs=0.1)  # Agrigento: inside 150 km
    assert km("ITG17") == pytest.approx(159.5, abs=0.1)  # Catania: just outside
    sea = cb.maritime_neighbours(nuts3[nuts3["country"].isin(["IT", "MT"])])
    assert sorted(set(sea.loc[sea["neighbour_country"] == "MT", "nuts_id"])) == ["ITG14", "ITG15", "ITG18", "ITG19"]


def test_austria_czechia_is_the_land_border_regions_listed_by_hand(dataset):
    """From the NUTS 3 map: Waldviertel, Weinviertel and Mühlviertel touch Czechia; Jihočeský and Jihomoravský
    kraj touch Austria. Vienna, the Innviertel, Vysočina (no Austrian border) and everything further are out."""
    cov = dataset.coverage[dataset.coverage["cci"] == "2021TC16RFCB002"]
    assert cov["nuts_id"].tolist() == ["AT124", "AT125", "AT313", "CZ031", "CZ064"]
    assert set(cov["basis"]) == {cb.BASIS_LAND} and not cov["approximate"].any()
