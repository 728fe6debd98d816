"""The partner-search map (candidates by rank, the start in red) and the profile's coverage map, on a
tiny hand-made fixture: three countries AA, BB, CC with NUTS regions, ZZ outside the EU (no NUTS row);
the start is in AA."""

import json
from collections import namedtuple

import pandas as pd

from coopdata import maps
from coopdata.analysis.mapdata import candidate_regions
from coopdata.geography.coverage import covered_regions

Candidate = namedtuple("Candidate", "cci title offered")
# Ranked best first. I (Interreg, AA-BB-CC-ZZ) offers BB, CC and ZZ: AA is the start's own country.
MATCHES = [Candidate("R", "Regional CC1", ("CC",)), Candidate("I", "Interreg AA-BB-CC", ("BB", "CC", "ZZ")),
           Candidate("N", "National BB", ("BB",))]


def _regions() -> pd.DataFrame:
    codes = {"AA": "Aland", "AA1": "Anorth", "BB": "Beeland", "BB1": "Bee", "CC": "Ceeland", "CC1": "Cee one",
             "CC2": "Cee two"}
    return pd.DataFrame([{"nuts_id": c, "nuts_version": 2021, "level": len(c) - 2, "name": n, "country": c[:2],
                          "extra_regio": False} for c, n in codes.items()])


def _coverage() -> pd.DataFrame:
    rows = [("N", "BB", False, "national programme"), ("R", "CC1", False, "regional: title match"),
            *[("I", c, True, "Interreg participating country (approximate)") for c in ("AA", "BB", "CC", "ZZ")]]
    return pd.DataFrame([{"cci": cci, "nuts_id": c, "nuts_version": 2021, "level": len(c) - 2, "approximate": a,
                          "basis": b} for cci, c, a, b in rows])


def _square(code: str, west: float) -> dict:
    ring = [[west, 50], [west + 1, 50], [west + 1, 51], [west, 51], [west, 50]]
    return {"type": "Feature", "properties": {"nuts_id": code, "name": f"<b>{code}</b>", "country": code[:2]},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _geometry(*codes) -> dict:
    return {"type": "FeatureCollection", "features": [_square(c, i) for i, c in enumerate(codes)]}


def test_candidate_regions_best_rank_count_and_approximate():
    got = candidate_regions(MATCHES, _coverage(), _regions(), level=1,
                            country_names={"ZZ": "Zedland"}).set_index("nuts_id")
    # AA1 is left out: the only candidate there (I) covers it in the start's own country. ZZ has no
    # NUTS region: it is there as a country.
    assert got.index.tolist() == ["BB1", "CC1", "CC2", "ZZ"]
    assert got["best_rank"].tolist() == [2, 1, 2, 2]
    assert got["best_cci"].tolist() == ["I", "R", "I", "I"]
    assert got["candidates"].tolist() == [2, 2, 1, 1]
    # BB1 is covered exactly by N; CC2 and ZZ only by the Interreg programme known by country.
    assert got["approximate"].tolist() == [False, False, True, True]
    assert got.at["CC1", "name"] == "Cee one" and got.at["CC1", "best_title"] == "Regional CC1"
    assert got.at["ZZ", "name"] == "Zedland"


def test_candidate_regions_with_the_coverage_worked_out_once_for_every_programme():
    covered = covered_regions(_coverage(), _regions(), level=1)
    assert set(covered["cci"]) == {"N", "R", "I"}  # every programme's, not only the ranked ones'
    ranked = MATCHES[:2]  # N is not among them: its region BB1 is then I's alone
    once = candidate_regions(ranked, _coverage(), _regions(), level=1, covered=covered)
    pd.testing.assert_frame_equal(once, candidate_regions(ranked, _coverage(), _regions(), level=1))
    assert once.set_index("nuts_id").at["BB1", "candidates"] == 1


def test_candidate_regions_at_country_level_and_with_no_candidates():
    countries = candidate_regions(MATCHES, _coverage(), _regions(), level=0)
    assert countries.set_index("nuts_id")["best_rank"].to_dict() == {"BB": 2, "CC": 1, "ZZ": 2}
    assert countries.set_index("nuts_id").at["ZZ", "name"] == "ZZ"  # no name given: the code
    assert candidate_regions([], _coverage(), _regions(), level=1).empty


def test_candidates_geojson_colours_by_rank_and_says_who_is_there():
    found = candidate_regions(MATCHES, _coverage(), _regions(), level=1)
    out = maps.candidates_geojson(_geometry("AA1", "BB1", "CC1", "CC2", "ZZ"), found, worst=3)
    props = {f["properties"]["nuts_id"]: f["properties"] for f in out["features"]}
    assert list(props) == ["BB1", "CC1", "CC2", "ZZ"]  # AA1 has no candidate: not drawn
    assert props["CC1"]["fill"] == maps.colour(0.0) == [68, 1, 84]  # rank 1 of 3: darkest
    assert props["BB1"]["fill"] == maps.colour(0.5)
    assert props["CC2"]["fill"] == [*maps.colour(0.5), maps.APPROXIMATE_ALPHA]  # approximate: lighter
    assert props["CC1"]["value"] == "best match #1: Regional CC1 (R)\n1 more candidate here"
    assert props["ZZ"]["fill"] == props["CC2"]["fill"]
    assert props["CC2"]["value"] == ("best match #2: Interreg AA-BB-CC (I)\napproximate: the candidates' areas "
                                     "are known by country only")
    assert props["BB1"]["name"] == "<b>BB1</b>"  # names travel as data; the tooltip shows them as text


def test_partner_deck_start_in_red_on_top_no_basemap_text_tooltip():
    found = candidate_regions(MATCHES, _coverage(), _regions(), level=1)
    geometry = _geometry("AA1", "BB1", "CC1", "CC2")
    start = maps.start_geojson(geometry, frozenset({"AA1"}))
    assert [f["properties"]["value"] for f in start["features"]] == ["your starting point"]
    deck = maps.partner_deck(maps.candidates_geojson(geometry, found, 3), start, geometry)
    spec = json.loads(deck.to_json())
    assert [la["id"] for la in spec["layers"]] == ["countries", "regions", "borders", "start"]
    assert spec["layers"][-1]["data"]["features"][0]["properties"]["fill"] == maps.START_RGBA
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec and "http" not in json.dumps(spec)
    assert deck._tooltip == {"text": "{name} ({nuts_id})\n{value}"}  # plain text, never HTML (pydeck keeps it apart)
    assert all(la.get("_subLayerProps") == {"polygons-stroke": {"pickable": False}}
               for la in spec["layers"] if la.get("pickable"))


def test_rank_legend_steps_and_marks():
    texts = [t for _, t in maps.rank_legend(21)]
    assert texts[:5] == ["#1 (best)", "#6", "#11", "#16", "#21"]
    assert texts[5:] == ["lighter: area known by country only (approximate)", "your starting point", "no candidate"]
    assert [t for _, t in maps.rank_legend(3)][:3] == ["#1 (best)", "#2", "#3"]
    assert maps.rank_legend(1)[0] == ("rgb(68,1,84)", "#1 (best)")
    assert maps.css([230, 30, 30, 153]) == "rgba(230,30,30,0.60)"


def test_coverage_geojson_draws_each_code_at_its_level_approximate_lighter():
    rows = _coverage()
    interreg = rows[rows["cci"] == "I"]  # its first row: AA
    regional = rows[rows["cci"] == "R"]
    geometries = {0: _geometry("AA", "BB", "CC"), 1: _geometry("AA1", "BB1", "CC1", "CC2")}
    out = maps.coverage_geojson(geometries, pd.concat([regional, interreg.head(1)]))
    props = {f["properties"]["nuts_id"]: f["properties"] for f in out["features"]}
    assert list(props) == ["AA", "CC1"]  # level 0 first, then level 1
    assert props["CC1"]["fill"] == maps.COVERED_RGB and props["CC1"]["value"] == "regional: title match"
    assert props["AA"]["fill"] == [*maps.COVERED_RGB, maps.APPROXIMATE_ALPHA]
    assert props["AA"]["value"] == "Interreg participating country (approximate)"


def test_coverage_deck_is_fitted_to_the_programme():
    geometries = {1: _geometry("AA1", "BB1", "CC1", "CC2")}
    covered = maps.coverage_geojson(geometries, _coverage().query("cci == 'R'"))
    spec = json.loads(maps.coverage_deck(covered, geometries[1], 450, 380).to_json())
    # CC1 is the square from 2°E to 3°E.
    assert spec["initialViewState"]["longitude"] == 2.5
    assert [la["id"] for la in spec["layers"]] == ["countries", "regions", "borders"]
