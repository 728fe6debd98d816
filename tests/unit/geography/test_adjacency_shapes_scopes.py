"""Cross-border adjacency, web shapes and scope membership on hand-made squares and rows."""

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from coopdata.geography import adjacency, scopes, shapes


def _squares():
    # A row of unit squares: AA1 | AA2 | BB1, and CC1 alone across a gap ("sea").
    rows = [("AA1", "AA", box(0, 0, 1, 1)), ("AA2", "AA", box(1, 0, 2, 1)), ("BB1", "BB", box(2, 0, 3, 1)),
            ("CC1", "CC", box(3.5, 0, 4.5, 1))]
    return gpd.GeoDataFrame({"nuts_id": [r[0] for r in rows], "country": [r[1] for r in rows],
                             "name": [r[0] for r in rows], "level": 3, "nuts_version": 2021},
                            geometry=[r[2] for r in rows], crs="EPSG:4326")


def test_neighbours_only_across_a_national_border_both_directions():
    n = adjacency.cross_border_neighbours(_squares())
    assert list(zip(n["nuts_id"], n["neighbour_id"], strict=True)) == [("AA2", "BB1"), ("BB1", "AA2")]
    assert n.iloc[0][["country", "neighbour_country", "nuts_version"]].tolist() == ["AA", "BB", 2021]


def test_web_features_keep_only_map_properties_and_round_coordinates():
    g = _squares()
    g.loc[0, "geometry"] = box(0.123456789, 0, 1, 1)
    fc = shapes.web_features(g, 3)
    assert [f["properties"] for f in fc["features"]][0] == {"nuts_id": "AA1", "name": "AA1", "country": "AA",
                                                            "level": 3}
    xs = {x for f in fc["features"] for ring in f["geometry"]["coordinates"] for x, _ in ring}
    assert 0.1235 in xs and all(round(x, 4) == x for x in xs)


def _countries():
    return pd.DataFrame({"code": ["DE", "AT", "CH"], "eu_member": [True, True, False]})


def _regions():
    return pd.DataFrame({"nuts_id": ["DE", "DE1", "DE2", "DE3", "AT"], "nuts_version": 2021})


def _vocab(**change):
    row = {"scope_id": "EUSALP", "scope_type": "macro-regional strategy", "scope_name": "Alpine", "country": "DE",
           "nuts_id": "DE1", "verified": "true", "note": "", "source": "src"}
    rows = [row, {**row, "nuts_id": "DE2"}, {**row, "country": "AT", "nuts_id": ""},
            {**row, "country": "CH", "nuts_id": ""}]
    rows[0].update(change)
    return pd.DataFrame(rows)


def test_scopes_of_a_region_whole_country_listed_region_and_in_part():
    m = scopes.scope_members(_vocab(), _regions(), _countries())
    assert m["nuts_id"].isna().sum() == 2 and m["eu_member"].tolist().count(False) == 1
    assert scopes.scopes_of_region(m, "DE111")["scope_id"].tolist() == ["EUSALP"]
    assert scopes.scopes_of_region(m, "DE3").empty
    de = scopes.scopes_of_region(m, "DE")
    assert de["in_part"].tolist() == [True]
    assert scopes.scopes_of_region(m, "AT332")["in_part"].tolist() == [False]


@pytest.mark.parametrize("change, message", [
    ({"nuts_id": "DE9"}, "row 2, column nuts_id: 'DE9'"),
    ({"country": "XX"}, "row 2, column country: 'XX'"),
    ({"scope_type": "ocean"}, "row 2, column scope_type: 'ocean'"),
])
def test_bad_scope_rows_name_file_row_and_column(change, message):
    with pytest.raises(scopes.ScopeTableError, match=rf"scope_members.csv, {message}"):
        scopes.scope_members(_vocab(**change), _regions(), _countries())
