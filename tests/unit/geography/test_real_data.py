"""Exact answers on the real, committed data/ (built from Eurostat, GISCO and the programme list)."""

import pandas as pd
import pytest

from coopdata.analysis import mapdata
from coopdata.analysis.filters import Filters
from coopdata.geography.coverage import covered_regions
from coopdata.geography.scopes import scopes_of_region
from coopdata.load import read_geometry
from coopdata.maps import choropleth_geojson, payload_bytes
from coopdata.vocabularies import eu_members
from tests.conftest import DATA

MAX_NUTS3_PAYLOAD = 1_500_000


def _nuts3(ds, version):
    """The EU27's NUTS 3 regions (the UK's, drawn for 2014-2020, are left out)."""
    r = ds.regions
    return r[(r["nuts_version"] == version) & (r["level"] == 3) & ~r["extra_regio"] & r["country"].isin(eu_members())]


def test_eu_nuts3_counts_per_version(dataset):
    assert len(_nuts3(dataset, 2024)) == 1165
    assert len(_nuts3(dataset, 2021)) == 1166


def test_every_eu_nuts3_2021_is_covered_by_a_2021_2027_programme(dataset):
    p21 = dataset.programmes[dataset.programmes["period"] == "2021-2027"]
    cov = dataset.coverage[dataset.coverage["cci"].isin(p21["cci"])]
    covered = set(covered_regions(cov, dataset.regions, 3)["nuts_id"])
    assert set(_nuts3(dataset, 2021)["nuts_id"]) - covered == set()
    # ... and not only by country-wide programmes: Potenza is reached by its region's programme.
    assert "2021IT16FFPR004" in set(covered_regions(cov, dataset.regions, 3).query("nuts_id == 'ITF51'")["cci"])


@pytest.mark.parametrize("nuts3", ["ITF51", "ITF52"])  # Potenza, Matera (Basilicata)
def test_a_basilicata_region_lists_its_regional_and_the_national_programmes(dataset, nuts3):
    p21 = dataset.programmes[dataset.programmes["period"] == "2021-2027"]
    got = mapdata.programmes_covering(p21, dataset.coverage, nuts3).set_index("cci")
    assert got.loc["2021IT16FFPR004", "title"] == "RP Basilicata ERDF ESF+ 2021-2027"
    assert got.loc["2021IT16FFPR004", "kind"] == "regional"
    national = p21[(p21["country"] == "IT") & (p21["kind"] == "national")]["cci"]
    assert len(national) == 10 and set(national) <= set(got.index)
    other_regions = p21[(p21["country"] == "IT") & (p21["kind"] == "regional") & (p21["cci"] != "2021IT16FFPR004")]
    assert not set(other_regions["cci"]) & set(got.index)
    interreg = got[got["kind"] == "Interreg"]
    # Before the areas were derived, every Interreg programme with Italy covered it (14 in 2021-2027, among them
    # 6 cross-border ones); now: the EU-wide ones, Euro-MED and NEXT MED (Italy takes part in part, regions
    # not found), Adriatic-Ionian and Italy-Tunisia (listed at country level). No cross-border programme: the
    # rule keeps Basilicata's short Tyrrhenian coast out of every 150 km reach (Greece-Italy is 2021TC16RFCB019).
    assert sorted(interreg.index) == ["2021TC16FFIR001", "2021TC16FFTN001", "2021TC16IPTN001", "2021TC16NXCB013",
                                      "2021TC16NXTN001", "2021TC16RFIR001", "2021TC16RFIR002", "2021TC16RFIR004"]
    assert interreg.loc["2021TC16RFIR001", "basis"].startswith("whole EU") and not interreg.loc[
        "2021TC16RFIR001", "approximate"]
    assert interreg.loc["2021TC16FFTN001", "approximate"]  # Euro-MED: Italy in part, at country level
    assert got.index[0] == "2021IT16FFPR004"  # the region's own programme first


def test_basilicata_is_in_eusair_and_westmed(dataset):
    assert scopes_of_region(dataset.scope_members, "ITF51")["scope_id"].tolist() == ["EUSAIR", "WESTMED"]
    # Bayern: EUSDR and EUSALP by their listed German regions, and the whole of Germany in EUSBSR.
    assert scopes_of_region(dataset.scope_members, "DE212")["scope_id"].tolist() == ["EUSALP", "EUSBSR", "EUSDR",
                                                                                    "BALTIC"]


def test_scope_regions_are_the_ones_the_sources_name(dataset):
    names = dataset.regions[dataset.regions["nuts_version"] == 2021].set_index("nuts_id")["name"]
    m = dataset.scope_members
    alp = m[(m["scope_id"] == "EUSALP") & m["nuts_id"].notna()]
    assert sorted(names[alp["nuts_id"]]) == sorted([
        "Baden-Württemberg", "Bayern", "Auvergne-Rhône-Alpes", "Provence-Alpes-Côte d’Azur",
        "Bourgogne-Franche-Comté", "Piemonte", "Valle d’Aosta/Vallée d’Aoste", "Liguria", "Lombardia",
        "Provincia Autonoma di Bolzano/Bozen", "Provincia Autonoma di Trento", "Veneto", "Friuli-Venezia Giulia"])
    eu = m[m["eu_member"]]
    assert eu.groupby("scope_type")["country"].nunique()["macro-regional strategy"] == 19  # COM(2025) 196
    assert m[~m["eu_member"] & (m["scope_type"] == "macro-regional strategy")]["country"].nunique() == 10


def test_cross_border_neighbours_of_luxembourg(dataset):
    n = dataset.neighbours
    lu = n[(n["nuts_id"] == "LU000") & (n["nuts_version"] == 2021)]
    assert sorted(lu["neighbour_id"]) == ["BE336", "BE341", "BE342", "DEB23", "DEB25", "DEC02", "FRF31", "FRF33"]
    assert (n["country"] != n["neighbour_country"]).all()
    pairs = set(zip(n["nuts_id"], n["neighbour_id"], n["nuts_version"], strict=True))
    assert all((b, a, v) in pairs for a, b, v in pairs)


def test_nuts3_payload_sent_to_the_browser_is_at_most_1_5_mb(dataset):
    values = mapdata.region_measures(dataset.programmes, dataset.allocations, dataset.coverage, dataset.regions,
                                     Filters(), 3, "eu_amount")
    payload = choropleth_geojson(read_geometry(2021, 3, DATA), values, "EUR")
    assert len(payload["features"]) == 1512  # every NUTS 3 of the GISCO 2021 file, EU and neighbours
    assert payload_bytes(payload) <= MAX_NUTS3_PAYLOAD


def test_programme_kinds_and_manifest_geography(dataset):
    p21 = dataset.programmes[dataset.programmes["period"] == "2021-2027"]
    assert p21["kind"].value_counts().to_dict() == {"regional": 176, "national": 106, "Interreg": 83,
                                                    "multi-regional": 3}
    geo = dataset.manifest["geography"]
    assert geo["programmes_per_kind"]["2021-2027"] == {"Interreg": 83, "multi-regional": 3, "national": 106,
                                                      "regional": 176}
    assert [r["cci"] for r in geo["regional_titles_not_matched"]] == [
        "2014FR16RFOP001", "2014FR16RFOP002", "2014FR16RFOP003", "2014FR16RFOP004", "2014FR16RFOP005",
        "2014IE16RFOP001"]
    cov = dataset.coverage
    regional = cov[~cov["approximate"] & (cov["level"] > 0)]
    assert geo["programmes_with_region_level_coverage"]["2021-2027"] == regional["cci"].str.startswith("2021").pipe(
        lambda s: regional.loc[s, "cci"].nunique())
    assert all(v["attribution"] == "© EuroGeographics for the administrative boundaries"
               for v in dataset.manifest["geometries"].values())


def test_geography_tables_keep_the_contract_columns(dataset):
    from coopdata.load import GEOGRAPHY_TABLES

    for name, cols in GEOGRAPHY_TABLES.items():
        df = getattr(dataset, name)
        assert cols == [c for c in df.columns if c in cols], name
    assert dataset.coverage["nuts_version"].eq(2021).all()
    assert pd.api.types.is_bool_dtype(dataset.coverage["approximate"])


def test_the_nuts2_map_serialised_once_is_pydecks_text_without_indentation(dataset):
    """The Map page's deck, serialised once for its setting, says what pydeck's own serialisation says (parsed
    equal: orjson writes a few floats in another notation), without indentation, with a region of the map or a
    NUTS 3 region outlined."""
    import json

    from pydeck.bindings.json_tools import default_serialize

    from coopdata import maps

    values = mapdata.region_measures(dataset.programmes, dataset.allocations, dataset.coverage, dataset.regions,
                                     Filters(period="2014-2020", funds=("ERDF",)), 2, "eu_amount")
    nuts0, nuts2, nuts3 = (read_geometry(2021, level, DATA) for level in (0, 2, 3))
    regions = choropleth_geojson(nuts2, values, "EUR")
    for highlight in (None, maps.only(nuts2, "ITF5"), maps.only(nuts3, "ITF51")):
        deck = maps.region_deck(regions, nuts0, highlight)
        expected = json.dumps(deck, sort_keys=True, default=default_serialize)
        text = deck.serialised().to_json()
        assert json.loads(text) == json.loads(expected) and "\n" not in text
        assert len(text) > 400_000  # the whole map, boundaries included
