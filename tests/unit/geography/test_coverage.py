"""Programme coverage and kind on a tiny hand-made fixture; region lookups by prefix."""

import pandas as pd

from coopdata.geography import coverage as cv
from coopdata.geography import crossborder


def _regions():
    rows = [("IT", 0, "Italia"), ("ITF", 1, "Sud"), ("ITF5", 2, "Basilicata"), ("ITF51", 3, "Potenza"),
            ("ITF52", 3, "Matera"), ("ITF6", 2, "Calabria"), ("ITF61", 3, "Cosenza"), ("ITC", 1, "Nord-Ovest"),
            ("ITC4", 2, "Lombardia"), ("ITC41", 3, "Varese"), ("ITC1", 2, "Piemonte"), ("ITC11", 3, "Torino"),
            ("ITZ", 1, "Extra-Regio NUTS 1"), ("ITZZ", 2, "Extra-Regio NUTS 2")]
    return pd.DataFrame([{"nuts_id": c, "nuts_version": 2021, "level": lv, "name": n, "name_latin": n,
                          "country": "IT", "extra_regio": c.endswith("Z")} for c, lv, n in rows])


def _programmes():
    return pd.DataFrame([
        {"cci": "P1", "title": "RP Basilicata ERDF", "managing_authority": "Regione", "country": "IT",
         "goal": "IJG", "countries": ["IT"]},
        {"cci": "P2", "title": "NP Culture", "managing_authority": "Ministero", "country": "IT",
         "goal": "IJG", "countries": ["IT"]},
        {"cci": "P3", "title": "Programme Lombardy", "managing_authority": "x", "country": "IT",
         "goal": "IJG", "countries": ["IT"]},
        {"cci": "P4", "title": "Interreg Italy-Austria", "managing_authority": "x", "country": "TC",
         "goal": "ETC", "countries": ["IT", "AT"]},
        {"cci": "P5", "title": "Regional programme Atlantis", "managing_authority": "x", "country": "IT",
         "goal": "IJG", "countries": ["IT"]},
        {"cci": "P6", "title": "Calabria and Basilicata ESF", "managing_authority": "x", "country": "IT",
         "goal": "IJG", "countries": ["IT"]},
    ])


ALIASES = pd.DataFrame([{"country": "IT", "alias": "Lombardy", "nuts_id": "ITC4", "note": "English"}])
NO_OVERRIDES = pd.DataFrame(columns=["cci", "nuts_ids", "kind", "approximate", "reason"])
NO_AREAS = pd.DataFrame(columns=["cci", "areas", "source", "confidence"])


def test_coverage_kinds_and_unmatched():
    cov, kinds, unmatched = cv.programme_coverage(_programmes(), _regions(), ALIASES, NO_OVERRIDES, NO_AREAS)
    got = {cci: sorted(g["nuts_id"]) for cci, g in cov.groupby("cci")}
    assert got == {"P1": ["ITF5"], "P2": ["IT"], "P3": ["ITC4"], "P4": ["AT", "IT"], "P5": ["IT"],
                   "P6": ["ITF5", "ITF6"]}
    assert kinds.to_dict() == {"P1": "regional", "P2": "national", "P3": "regional", "P4": "Interreg",
                               "P5": "regional", "P6": "multi-regional"}
    assert unmatched["cci"].tolist() == ["P5"]
    assert cov.set_index("cci").loc["P4", "approximate"].all()
    assert cov.set_index("cci").loc["P5", "basis"] == "regional title not matched: country (approximate)"
    assert cov.set_index("cci").loc["P1", "level"] == 2


def test_override_wins_and_interreg_areas_expand_eu27():
    overrides = pd.DataFrame([{"cci": "P2", "nuts_ids": "ITC1;ITC4", "kind": "multi-regional",
                               "approximate": "true", "reason": "test"}])
    areas = pd.DataFrame([{"cci": "P4", "areas": "EU27;NO", "source": "s", "confidence": "c"}])
    cov, kinds, _ = cv.programme_coverage(_programmes(), _regions(), ALIASES, overrides, areas)
    p2 = cov[cov["cci"] == "P2"]
    assert p2["nuts_id"].tolist() == ["ITC1", "ITC4"] and p2["approximate"].all() and kinds["P2"] == "multi-regional"
    assert len(cov[cov["cci"] == "P4"]) == 28


def test_a_name_inside_a_longer_name_and_a_named_parent_are_not_counted_twice():
    names = pd.DataFrame([("DE", "sachsen", "DED", 1), ("DE", "sachsen anhalt", "DEE", 1),
                          ("FI", "aland", "FI2", 1), ("FI", "aland", "FI20", 2)],
                         columns=["country", "name", "nuts_id", "level"])
    assert cv.find_regions("Sachsen-Anhalt - ESF", "DE", names) == ("DEE",)
    assert cv.find_regions("Sachsen - ESF", "DE", names) == ("DED",)
    assert cv.find_regions("Åland – FI – ERDF", "FI", names) == ("FI2",)


def test_covering_and_covered_regions_follow_the_nuts_hierarchy():
    cov, _, _ = cv.programme_coverage(_programmes(), _regions(), ALIASES, NO_OVERRIDES, NO_AREAS)
    assert sorted(set(cv.covering(cov, "ITF51")["cci"])) == ["P1", "P2", "P4", "P5", "P6"]
    assert sorted(set(cv.covering(cov, "ITF")["cci"])) == ["P1", "P2", "P4", "P5", "P6"]  # part of ITF
    assert sorted(set(cv.covering(cov, "ITC11")["cci"])) == ["P2", "P4", "P5"]
    lvl3 = cv.covered_regions(cov, _regions(), 3)
    assert sorted(lvl3.loc[lvl3["cci"] == "P1", "nuts_id"]) == ["ITF51", "ITF52"]
    assert len(lvl3[lvl3["cci"] == "P2"]) == 5  # every NUTS 3 of the fixture, Extra-Regio aside
    lvl1 = cv.covered_regions(cov, _regions(), 1)
    assert sorted(lvl1.loc[lvl1["cci"] == "P6", "nuts_id"]) == ["ITF"]


def test_interreg_areas_say_how_they_were_obtained():
    programmes = pd.DataFrame([
        {"cci": "CB", "title": "Interreg Alpha-Beta", "managing_authority": "x", "country": "TC", "goal": "ETC",
         "countries": ["AT", "IT"], "interreg_strand": "cross-border"},
        {"cci": "TN", "title": "Interreg Middle", "managing_authority": "x", "country": "TC", "goal": "ETC",
         "countries": ["IT"], "interreg_strand": "transnational"},
        {"cci": "XB", "title": "Interreg Gamma", "managing_authority": "x", "country": "TC", "goal": "ETC",
         "countries": ["IT", "UA"], "interreg_strand": "NEXT"},
    ]).assign(cci=["2021TC16RFCB999", "2021TC16RFTN999", "2021TC16NXCB999"])
    land = pd.DataFrame({"nuts_id": ["AT333", "ITH10"], "neighbour_id": ["ITH10", "AT333"],
                         "country": ["AT", "IT"], "neighbour_country": ["IT", "AT"]})
    leads = pd.DataFrame({"cci": ["2021TC16RFTN999"], "prefixes": [["ITC4", "SI"]], "partial_countries": [["FR"]],
                          "non_eu": [["CH"]]})
    inputs = cv.InterregInputs(land=land, transnational=leads)
    cov, _, _ = cv.programme_coverage(programmes, _regions(), ALIASES, NO_OVERRIDES, NO_AREAS, inputs)
    got = {(r.cci[8:], r.nuts_id): (r.basis, r.approximate) for r in cov.itertuples()}
    assert got == {
        ("RFCB999", "AT333"): (crossborder.BASIS_LAND, False),
        ("RFCB999", "ITH10"): (crossborder.BASIS_LAND, False),
        ("RFTN999", "ITC4"): (cv.BASIS_LEAD, False), ("RFTN999", "SI"): (cv.BASIS_LEAD, False),
        ("RFTN999", "FR"): (cv.BASIS_LEAD_PART, True), ("RFTN999", "CH"): (cv.BASIS_NON_EU, True),
        # No NUTS region of Ukraine and no Italian region on a border with it: both at country level.
        ("NXCB999", "IT"): (cv.BASIS_COUNTRY, True), ("NXCB999", "UA"): (cv.BASIS_COUNTRY, True)}
