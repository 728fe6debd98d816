"""Value normalisation on hand-picked inputs with answers checkable by eye."""

import pandas as pd
import pytest

from coopdata.importer import normalise as norm
from coopdata.importer.columns import auto_mapping, column_letter, fold_header


@pytest.mark.parametrize(("text", "codes"), [
    ("GR", ["EL"]), ("Greece; Ελλάδα", ["EL"]), ("Deutschland, Österreich", ["DE", "AT"]),
    ("česko", ["CZ"]), ("  it ; es ", ["IT", "ES"]), ("Türkiye", ["TR"]),
])
def test_countries_from_codes_and_names(text, codes):
    assert norm.countries(text) == codes


def test_unknown_country_names_the_value():
    with pytest.raises(norm.NotAccepted, match="'Narnia' is not a known country"):
        norm.countries("DE; Narnia")


@pytest.mark.parametrize(("text", "value"), [
    ("1,250,000", 1250000.0), ("1.250.000", 1250000.0), ("1.250.000,50", 1250000.5), ("1,250,000.50", 1250000.5),
    ("EUR 2 500", 2500.0), ("2500 €", 2500.0), ("12,5", 12.5), ("3.75", 3.75), (1500, 1500.0), ("0", 0.0),
])
def test_amounts(text, value):
    assert norm.amount(text) == value


@pytest.mark.parametrize("text", ["about 2 million", "1,25,0", "-5", "12 mio", "1.2.3,4,5"])
def test_bad_amounts(text):
    with pytest.raises(norm.NotAccepted):
        norm.amount(text)


@pytest.mark.parametrize(("text", "value"), [("Yes", True), ("x", True), ("ja", True), ("No", False),
                                             ("0", False), ("non", False)])
def test_yes_no(text, value):
    assert norm.yes_no(text, "Planned") is value


def test_vocabularies():
    assert norm.approach("Bonus points") == "selection criterion or bonus"
    assert norm.approach("Dedicated call") == "dedicated call"
    assert norm.status("ongoing") == "launched"
    assert norm.scopes("Cross border, EUSBSR; EU wide") == ["cross-border", "macro-regional", "EU-wide"]


@pytest.mark.parametrize(("text", "scopes", "ids"), [
    ("EUSBSR", ["macro-regional"], ["EUSBSR"]),
    ("Cross border; eusair, Black Sea", ["cross-border", "macro-regional", "sea basin"], ["EUSAIR", "BLACKSEA"]),
    ("Danube region; EU Strategy for the Alpine Region", ["macro-regional"], ["EUSDR", "EUSALP"]),
    ("Baltic Sea Region; Baltic Sea", ["macro-regional", "sea basin"], ["EUSBSR", "BALTIC"]),
    ("Western Mediterranean; atlantic", ["sea basin"], ["WESTMED", "ATLANTIC"]),
    ("macro-regional; sea basin", ["macro-regional", "sea basin"], []),  # generic: no strategy named
    ("countries", ["countries"], []),
])
def test_named_strategies_and_sea_basins_keep_their_id(text, scopes, ids):
    assert norm.scope_parts(text) == (scopes, ids)


def test_objective_codes_by_period():
    obj = norm.Objectives.from_vocab()
    assert obj.code("to 1", "2014-2020") == "TO01"
    assert obj.code("TO08 Sustainable employment", "2014-2020") == "TO08"
    assert obj.code("rso 2.1", "2021-2027") == "RSO2.1"
    assert obj.code("ESO4,1", "2021-2027") == "ESO4.1"
    with pytest.raises(norm.NotAccepted, match="'RSO2.1' is not an objective of the 2014-2020 period"):
        obj.code("RSO2.1", "2014-2020")


def test_topics_by_label_or_id():
    assert norm.topic("Research and innovation") == "research_innovation"
    assert norm.topic("DIGITAL") == "digital"
    assert norm.topic("culture_tourism") == "culture_tourism"


def test_cci_and_period():
    assert norm.cci(" 2021el16rfpr001 ") == "2021EL16RFPR001"
    assert norm.period_of_cci("2014AT05SFOP001") == "2014-2020"
    assert norm.period("2021–27") == "2021-2027"
    with pytest.raises(norm.NotAccepted, match="is not a programme code"):
        norm.cci("2021EL16RFPR01")


def tiny_nuts():
    regions = pd.DataFrame({"nuts_id": ["NL33", "NL332", "NL36", "NL361", "EL30", "DEG04", "DE212"],
                            "nuts_version": [2021, 2021, 2024, 2024, 2024, 2021, 2024]})
    changes = pd.DataFrame({"nuts_id_2021": ["NL33", "NL332", "DEG04"], "nuts_id_2024": [None, "NL361", None],
                            "change": ["Boundary shift", "Code change", "Boundary shift"]})
    return norm.NutsIndex.from_tables(regions, changes)


def test_nuts_case_spaces_greece_and_2021_codes():
    nuts, notes = tiny_nuts(), []
    assert nuts.codes(" el 30; gr30 ; de.212 ", notes) == ["EL30", "DE212"]
    assert notes == []
    assert nuts.code("nl332", notes) == "NL361"
    assert notes == [("NUTS region", "NUTS 2021 code 'NL332' is 'NL361' in NUTS 2024; 'NL361' was used",
                      "a NUTS 2024 code")]
    with pytest.raises(norm.NotAccepted, match="no single NUTS 2024 equivalent"):
        nuts.code("NL33", notes)
    with pytest.raises(norm.NotAccepted, match="'123' is not a NUTS code"):
        nuts.code("123", notes)


def test_nuts_index_from_built_data_uses_the_eurostat_correspondence(dataset):
    from coopdata.load import read_table
    from tests.conftest import DATA

    nuts = norm.NutsIndex.from_tables(dataset.regions, read_table("nuts_changes", DATA))
    # The 16 code changes of Eurostat's NUTS 2021 -> 2024 table map one to one; e.g. Portugal's Oeste.
    assert sum(new is not None for new, _ in nuts.changes.values()) == 16
    assert nuts.code("PT16B", []) == "PT1D1"


def test_headers_and_letters():
    assert fold_header("Partner countries (sought)*") == "partner countries sought"
    assert auto_mapping(["Programme CCI", "Planned (yes/no)", "Comments", "Foo"]) == {
        "cci": "Programme CCI", "planned": "Planned (yes/no)", "notes": "Comments"}
    assert [column_letter(i) for i in (0, 25, 26, 59)] == ["A", "Z", "AA", "BH"]


def test_html_detection():
    assert norm.has_html("<b>bold</b>") and norm.has_html("<script src=x>")
    assert not norm.has_html("budget < 5 and > 2")
