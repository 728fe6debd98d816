"""Side-by-side comparison on a tiny hand-made fixture (fictional programmes), then IT vs ES on real data.

Fixture: Austria A1 research 30 + energy 10, A2 employment 60 (AT total 100); Germany D1 research 50 +
employment 50 (DE total 100); Interreg T1 (AT and DE) energy 1000, which belongs to neither country;
France F1 energy with no amount.
"""

import math

import pandas as pd
import pytest

from coopdata.amounts import format_eur
from coopdata.analysis import compare
from coopdata.analysis.compare import Entity, parse_entity
from coopdata.vocabularies import country_names, topic_labels
from tests.conftest import with_cents

NAN = float("nan")
PROGRAMMES = pd.DataFrame({
    "cci": ["A1", "A2", "D1", "T1", "F1"],
    "title": ["Austria one", "Austria two", "Germany one", "Interreg AT-DE", "France one"],
    "country": ["AT", "AT", "DE", "TC", "FR"],
    "countries": [["AT"], ["AT"], ["DE"], ["AT", "DE"], ["FR"]],
})
ALLOCATIONS = with_cents(pd.DataFrame([
    ("A1", "research_innovation", "ERDF", 30.0), ("A1", "energy", "ERDF", 10.0),
    ("A2", "employment", "ESF+", 60.0),
    ("D1", "research_innovation", "ERDF", 50.0), ("D1", "employment", "ESF+", 50.0),
    ("T1", "energy", "Interreg", 1000.0),
    ("F1", "energy", "ERDF", NAN),
], columns=["cci", "topic_id", "fund", "eu_amount"]))
COVERAGE = pd.DataFrame({"cci": ["A1", "A2", "D1"], "nuts_id": ["AT13", "AT", "DE21"],
                         "nuts_version": ["2021"] * 3, "level": [2, 0, 2], "approximate": [False] * 3,
                         "basis": ["fixture"] * 3})
REGIONS = pd.DataFrame({"nuts_id": ["AT1", "AT13"], "nuts_version": ["2021", "2021"], "name": ["Ostösterreich", "Wien"]})


def bd(tokens, allocations=ALLOCATIONS, by="topic_id"):
    entities = [parse_entity(t) for t in tokens]
    labels = compare.entity_labels([e.token for e in entities], PROGRAMMES, REGIONS, country_names())
    return compare.breakdown(entities, labels, PROGRAMMES, allocations, COVERAGE, by=by, key_labels=topic_labels())


def test_entity_tokens_parse_and_bad_ones_say_how_to_write_them():
    assert parse_entity("country:IT") == Entity("country", "IT")
    assert parse_entity(" Country : gr ") == Entity("country", "EL")
    assert parse_entity("region:at13") == Entity("region", "AT13")
    assert parse_entity("programme:2014IT16RFOP007").token == "programme:2014IT16RFOP007"
    with pytest.raises(ValueError, match="'city:Rome' is not a comparison entity: write country:CODE"):
        parse_entity("city:Rome")
    with pytest.raises(ValueError):
        parse_entity("IT")


def test_what_each_entity_is_made_of():
    assert compare.entity_ccis(Entity("country", "AT"), PROGRAMMES, COVERAGE) == ["A1", "A2"]  # not Interreg T1
    assert compare.entity_ccis(Entity("programme", "T1"), PROGRAMMES, COVERAGE) == ["T1"]
    # Regions nest by prefix: AT1 contains A1's AT13 and lies within A2's AT.
    assert compare.entity_ccis(Entity("region", "AT1"), PROGRAMMES, COVERAGE) == ["A1", "A2"]
    assert compare.entity_ccis(Entity("region", "AT130"), PROGRAMMES, COVERAGE) == ["A1", "A2"]
    assert compare.entity_ccis(Entity("region", "AT2"), PROGRAMMES, COVERAGE) == ["A2"]
    assert compare.entity_ccis(Entity("region", "DE2"), PROGRAMMES, COVERAGE) == ["D1"]
    assert compare.entity_ccis(Entity("region", "FR1"), PROGRAMMES, COVERAGE.iloc[:0]) == []


def test_labels_name_the_entity():
    assert compare.entity_labels(["country:AT", "region:AT13", "programme:D1"], PROGRAMMES, REGIONS,
                                 country_names()) == {"country:AT": "Austria", "region:AT13": "Wien (AT13)",
                                                      "programme:D1": "Germany one (D1)"}


def test_breakdown_gives_every_entity_every_topic_with_shares_adding_to_100():
    b = bd(["country:AT", "country:DE"]).set_index(["entity", "key"])
    assert b.loc[("country:AT", "research_innovation"), "share"] == pytest.approx(30.0)
    assert b.loc[("country:AT", "employment"), "share"] == pytest.approx(60.0)
    assert b.loc[("country:DE", "energy"), "eu_amount"] == 0.0  # no row: a real zero
    assert b.loc[("country:DE", "energy"), "programmes"] == 0
    assert b.loc[("country:AT", "energy"), "entity_eu_amount"] == 100.0  # Interreg's 1000 left out
    assert b.groupby("entity")["share"].sum().to_dict() == pytest.approx({"country:AT": 100.0, "country:DE": 100.0})


def test_an_entity_without_amounts_stays_unknown():
    b = bd(["country:AT", "country:FR"]).set_index(["entity", "key"])
    assert math.isnan(b.loc[("country:FR", "energy"), "eu_amount"])
    assert math.isnan(b.loc[("country:FR", "research_innovation"), "share"])
    assert b.loc[("country:FR", "energy"), "programmes"] == 1


def test_regions_compare_the_programmes_covering_them():
    b = bd(["region:AT2", "region:DE2"]).set_index(["entity", "key"])
    assert b.loc[("region:AT2", "employment"), "share"] == pytest.approx(100.0)  # A2 only
    assert b.loc[("region:DE2", "research_innovation"), "eu_amount"] == 50.0


def test_differences_spelled_out_largest_first():
    d = compare.differences(bd(["country:AT", "country:DE"]))
    assert list(d["key"]) == ["research_innovation", "employment", "energy"]  # spreads 20, 10, 10 (tie by key)
    assert d.loc[0, "spread"] == pytest.approx(20.0)
    assert d.loc[0, "sentence"] == ("Austria puts 30.0% of its EU amount into Research & innovation (€30), "
                                    "Germany 50.0% (€50).")


def test_partial_amounts_say_known_and_for_how_many_programmes():
    extra = with_cents(pd.DataFrame([("A3", "energy", "ERDF", NAN)], columns=ALLOCATIONS.columns.drop("eu_cents")))
    programmes = pd.concat([PROGRAMMES, pd.DataFrame({"cci": ["A3"], "title": ["Austria three"], "country": ["AT"],
                                                      "countries": [["AT"]]})], ignore_index=True)
    entities = [parse_entity("country:AT"), parse_entity("country:DE")]
    b = compare.breakdown(entities, {"country:AT": "Austria", "country:DE": "Germany"}, programmes,
                          pd.concat([ALLOCATIONS, extra], ignore_index=True), COVERAGE, key_labels=topic_labels())
    assert compare.difference_sentence(b, "energy") == (
        "Austria puts 10.0% of its known EU amount into Energy & low carbon (€10; amounts known for 2 of 3 "
        "programmes), Germany 0.0% (€0).")
    fr = bd(["country:FR", "country:AT"])
    assert compare.difference_sentence(fr, "energy") == (
        "France has no EU amount in the loaded source, Austria 10.0% (€10).")


def test_an_entity_without_amounts_is_told_apart_from_one_the_filters_empty():
    def sentence(programmes, allocations, france="country:FR"):
        entities = [parse_entity(france), parse_entity("country:AT")]
        b = compare.breakdown(entities, {france: "France", "country:AT": "Austria"}, programmes, allocations,
                              COVERAGE, key_labels=topic_labels())
        return compare.difference_sentence(b, "energy")

    austria = "Austria 10.0% (€10)."
    # F1's one row has no amount: the source is the cause.
    assert sentence(PROGRAMMES, ALLOCATIONS) == f"France has no EU amount in the loaded source, {austria}"
    # Filters that keep F1 but none of its rows (as a fund filter can), or leave F1 out altogether.
    without_f1_rows = ALLOCATIONS[ALLOCATIONS["cci"].ne("F1")]
    assert sentence(PROGRAMMES, without_f1_rows) == f"France has no allocation rows under the current filters, {austria}"
    assert sentence(PROGRAMMES[PROGRAMMES["cci"].ne("F1")], without_f1_rows) == (
        f"France has no programme under the current filters, {austria}")
    assert sentence(PROGRAMMES[PROGRAMMES["cci"].ne("F1")], without_f1_rows, "programme:F1") == (
        f"France is not among the programmes the current filters select, {austria}")


def test_rows_without_a_value_in_the_breakdown_still_count():
    no_fund = ALLOCATIONS.assign(fund=ALLOCATIONS["fund"].where(ALLOCATIONS["cci"] != "A2"))
    b = bd(["country:AT", "country:DE"], allocations=no_fund, by="fund").set_index(["entity", "key"])
    assert b.loc[("country:AT", compare.NOT_STATED), "share"] == pytest.approx(60.0)
    assert b.groupby("entity")["share"].sum().to_dict() == pytest.approx({"country:AT": 100.0, "country:DE": 100.0})


def test_breakdown_by_fund_and_wide_table():
    b = bd(["country:AT", "country:DE"], by="fund")
    assert sorted(b["key"].unique()) == ["ERDF", "ESF+"]
    t = compare.comparison_table(b).set_index("code")
    assert list(t.columns) == ["category", "Austria: EU amount (EUR)", "Austria: share (%)", "Austria: programmes",
                               "Germany: EU amount (EUR)", "Germany: share (%)", "Germany: programmes"]
    assert t.loc["ESF+", "Austria: share (%)"] == pytest.approx(60.0)
    assert t.loc["ERDF", "Germany: programmes"] == 1
    ordered = compare.comparison_table(b, order=["ESF+", "ERDF"])
    assert list(ordered["code"]) == ["ESF+", "ERDF"]


# --- Real data: Italy vs Spain 2014-2020, all funds of their own programmes, against the source CSV.

def source_share_sentence_parts(mirror, topic_codes):
    """Percent and amounts of IT and ES going into the given TO codes, from the raw CSV."""
    from coopdata.sources import esif_2014_2020

    src = pd.read_csv(mirror / "raw" / esif_2014_2020.FILE, dtype={"TO_code": str})
    out = {}
    for ms in ("IT", "ES"):
        rows = src[src["MS"] == ms]
        part = rows.loc[rows["TO_code"].isin(topic_codes), "EU Amount"].sum()
        out[ms] = (part / rows["EU Amount"].sum() * 100, part)
    return out


def test_italy_vs_spain_employment_sentence_has_the_source_percentages(dataset, mirror):
    from coopdata.analysis.filters import Filters, apply

    progs, allocs = apply(dataset.programmes, dataset.allocations, Filters(period="2014-2020"))
    entities = [parse_entity("country:IT"), parse_entity("country:ES")]
    b = compare.breakdown(entities, {"country:IT": "Italy", "country:ES": "Spain"}, progs, allocs,
                          dataset.coverage, key_labels=topic_labels())
    expected = source_share_sentence_parts(mirror, ["08"])  # TO08 is the only 2014-2020 employment objective
    sentence = compare.difference_sentence(b, "employment")
    (it, it_amount), (es, es_amount) = expected["IT"], expected["ES"]
    assert it != es
    assert sentence == (f"Italy puts {it:.1f}% of its EU amount into Employment ({format_eur(it_amount)}), "
                        f"Spain {es:.1f}% ({format_eur(es_amount)}).")
    assert b.groupby("entity")["share"].sum().to_dict() == pytest.approx({"country:IT": 100.0, "country:ES": 100.0})


def test_labels_of_many_tokens_keep_their_order_and_say_what_is_unknown():
    tokens = ["programme:D1", "country:AT", "region:AT13", "country:XX", "region:ZZ9", "programme:NOPE"]
    assert list(compare.entity_labels(tokens, PROGRAMMES, REGIONS, country_names()).items()) == [
        ("programme:D1", "Germany one (D1)"), ("country:AT", "Austria"), ("region:AT13", "Wien (AT13)"),
        ("country:XX", "XX"), ("region:ZZ9", "unknown region (ZZ9)"), ("programme:NOPE", "unknown programme (NOPE)")]
    # A NUTS code kept by a later NUTS version is named as in the latest (its last row).
    renamed = pd.concat([REGIONS, pd.DataFrame({"nuts_id": ["AT13"], "nuts_version": ["2024"], "name": ["Vienna"]})])
    assert compare.entity_labels(["region:AT13"], PROGRAMMES, renamed, country_names()) == {"region:AT13": "Vienna (AT13)"}


def test_places_to_compare_are_the_periods_states_then_covered_regions():
    # Levels 1-3 of the coverage's NUTS version: not the country (level 0), not an older version's code.
    regions = pd.concat([REGIONS.assign(level=[1, 2]), pd.DataFrame(
        {"nuts_id": ["AT", "AT12"], "nuts_version": ["2021", "2016"], "name": ["Österreich", "Old"], "level": [0, 2]})])
    # States by name, Interreg's TC left out; regions by code.
    assert list(compare.place_choices(PROGRAMMES, regions, COVERAGE, country_names()).items()) == [
        ("country:AT", "Austria"), ("country:FR", "France"), ("country:DE", "Germany"),
        ("region:AT1", "Ostösterreich (AT1)"), ("region:AT13", "Wien (AT13)")]
    # Without a coverage table no region can be compared.
    assert list(compare.place_choices(PROGRAMMES.iloc[:2], regions, COVERAGE.iloc[:0], country_names())) == [
        "country:AT"]


def test_programme_choices_keep_the_programmes_order():
    assert list(compare.programme_choices(PROGRAMMES.iloc[[2, 0]]).items()) == [
        ("programme:D1", "Germany one (D1)"), ("programme:A1", "Austria one (A1)")]


def test_an_entity_without_rows_under_the_filters_keeps_its_name_and_unknown_amounts():
    # D1's rows filtered away (as by a fund filter): it is still shown, by name, with no amount (not 0).
    out = bd(["country:AT", "programme:D1"], allocations=ALLOCATIONS[ALLOCATIONS["cci"] != "D1"])
    d1 = out[out["entity"] == "programme:D1"]
    assert d1["name"].tolist() == ["Germany one (D1)"] * 3
    assert d1["key"].tolist() == ["employment", "energy", "research_innovation"]
    assert d1["programmes"].tolist() == [0, 0, 0]
    assert d1[["eu_amount", "share", "entity_eu_amount"]].isna().all().all()
    assert (d1["entity_programmes"].iloc[0], d1["entity_programmes_with_amount"].iloc[0]) == (1, 0)
    assert bd(["programme:D1", "programme:A2"], allocations=ALLOCATIONS.iloc[:0]).empty


def test_shares_are_compared_only_when_each_ones_amounts_cover_half_its_programmes():
    both = bd(["country:AT", "country:DE"])  # every programme with amounts
    assert compare.shares_comparable(both)
    with_france = bd(["country:AT", "country:FR"])  # France: 0 of 1 programme with an amount
    assert not compare.shares_comparable(with_france)
    assert compare.why_programmes(with_france) == (
        "Compared by programmes, not by shares of EU amounts: amounts are known for too few programmes (fewer "
        "than half) of France 0 of 1.")
    diffs = compare.differences(with_france, by_programmes=True).set_index("key")
    # Energy: A1 of Austria's two programmes (50%), France's one (100%): 50 points apart.
    assert diffs.loc["energy", "spread"] == pytest.approx(50.0)
    assert diffs.loc["energy", "sentence"] == ("1 of 2 programmes of Austria fund Energy & low carbon (50.0%), "
                                               "1 of 1 of France (100.0%).")
    table = compare.comparison_table(with_france, shares=False)
    assert "Austria: programmes (% of its programmes)" in table.columns
    assert not any(c.endswith("share (%)") for c in table.columns)
