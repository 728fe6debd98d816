"""Programme profile and similar programmes on a tiny hand-made fixture (fictional programmes).

Q (AT) funds research 50 + energy 50. Candidates, same period and goal, other countries:
R (DE) research 50 + energy 50 -> same shares, similarity 1;
S (FR) research 100 -> weights {research 1} vs {research .5, energy .5}: min-sum .5 / max-sum 1.5 = 1/3;
U (IT) energy + employment with no amounts -> topic sets only: |{energy}| / |{research, energy, employment}| = 1/3.
Left out: V (AT, same country), W (DE, Interreg goal), Y (ES, only technical assistance), Z (PL, 2014-2020).
"""

import math

import pandas as pd
import pytest

from coopdata.analysis import profile
from coopdata.vocabularies import objective_topics, topics
from tests.conftest import with_cents

NAN = float("nan")
PROGRAMMES = pd.DataFrame({
    "cci": ["Q", "R", "S", "U", "V", "W", "Y", "Z"],
    "period": ["2021-2027"] * 7 + ["2014-2020"],
    "title": ["Q prog", "R prog", "S prog", "U prog", "V prog", "W prog", "Y prog", "Z prog"],
    "countries": [["AT"], ["DE"], ["FR"], ["IT"], ["AT"], ["DE", "CZ"], ["ES"], ["PL"]],
    "goal": ["IJG"] * 5 + ["ETC", "IJG", "IJG"],
    "funds": [["ERDF"]] * 8,
    "kind": ["national"] * 5 + ["Interreg", "national", "national"],
    "interreg_strand": [None] * 5 + ["cross-border", None, None],
    "managing_authority": ["Q authority"] + [None] * 7,
    "url": ["https://example.org/q"] + [None] * 7,
    "source": ["fixture"] * 8,
})
ALLOCATIONS = with_cents(pd.DataFrame([
    ("Q", "RSO1.1", "ERDF", "research_innovation", 50.0, 60.0, "b"),
    ("Q", "RSO2.1", "ERDF", "energy", 50.0, 70.0, "b"),
    ("R", "RSO1.1", "ERDF", "research_innovation", 50.0, 50.0, "b"),
    ("R", "RSO2.1", "ERDF", "energy", 50.0, 50.0, "b"),
    ("S", "RSO1.1", "ERDF", "research_innovation", 100.0, 100.0, "b"),
    ("U", "RSO2.1", "ERDF", "energy", NAN, NAN, "no amount"),
    ("U", "RSO4.1", "ERDF", "employment", NAN, NAN, "no amount"),
    ("V", "RSO1.1", "ERDF", "research_innovation", 50.0, 50.0, "b"),
    ("V", "RSO2.1", "ERDF", "energy", 50.0, 50.0, "b"),
    ("W", "RSO1.1", "ERDF", "research_innovation", 50.0, 50.0, "b"),
    ("Y", "TA", "ERDF", "technical_assistance", 5.0, 5.0, "b"),
    ("Z", "TO01", "ERDF", "research_innovation", 5.0, 5.0, "b"),
], columns=["cci", "objective_code", "fund", "topic_id", "eu_amount", "total_amount", "amount_basis"]))


def test_weighted_jaccard():
    assert profile.weighted_jaccard({"a": 0.5, "b": 0.5}, {"a": 0.5, "b": 0.5}) == 1.0
    assert profile.weighted_jaccard({"a": 0.5, "b": 0.5}, {"a": 1.0}) == pytest.approx(1 / 3)
    assert profile.weighted_jaccard({"a": 1, "b": 1}, {"b": 1, "c": 1}) == pytest.approx(1 / 3)
    assert profile.weighted_jaccard({"a": 1}, {"c": 1}) == 0.0
    assert profile.weighted_jaccard({}, {}) == 0.0


def test_similar_programmes_in_other_countries_in_order():
    s = profile.similar_programmes(PROGRAMMES, ALLOCATIONS, topics(), "Q")
    assert list(s["cci"]) == ["R", "S", "U"]
    assert list(s["similarity"]) == [1.0, 0.3333, 0.3333]
    assert list(s["basis"]) == ["topics weighted by EU share", "topics weighted by EU share",
                                "topics only (no amounts)"]
    assert s.loc[0, "shared_topics"] == "Energy & low carbon, Research & innovation"
    assert list(profile.similar_programmes(PROGRAMMES, ALLOCATIONS, topics(), "Q", n=1)["cci"]) == ["R"]
    assert profile.similar_programmes(PROGRAMMES, ALLOCATIONS, topics(), "nope").empty


def test_facts_say_what_the_sources_lack():
    f = profile.facts(profile.programme(PROGRAMMES, "Q"))
    assert f["Managing authority"] == "Q authority"
    assert f["Programme page"] == "https://example.org/q"
    assert f["Countries"] == "Austria (AT)"
    g = profile.facts(profile.programme(PROGRAMMES, "W"))
    assert g["Managing authority"] == "not in the loaded sources"
    assert g["Kind"] == "Interreg (cross-border)"
    assert profile.programme(PROGRAMMES, "nope") is None


def test_allocations_by_topic_and_objective():
    t = profile.by_topic(ALLOCATIONS, topics(), "Q")
    assert list(zip(t["topic_id"], t["share"], strict=True)) == [("energy", 50.0), ("research_innovation", 50.0)]
    u = profile.by_topic(ALLOCATIONS, topics(), "U")
    assert u["eu_amount"].isna().all()  # no amount in the source: unknown, not 0
    o = profile.by_objective(ALLOCATIONS, objective_topics(), topics(), "Q")
    assert list(o["objective_code"]) == ["RSO1.1", "RSO2.1"]
    assert o.loc[1, "total_amount"] == 70.0
    assert o.loc[0, "objective"] == "Enhancing research and innovation"
    assert math.isnan(profile.by_objective(ALLOCATIONS, objective_topics(), topics(), "U").loc[0, "eu_amount"])


def test_covered_regions_with_names():
    coverage = pd.DataFrame({"cci": ["Q", "Q", "R"], "nuts_id": ["AT13", "AT12", "DE21"],
                             "nuts_version": ["2021"] * 3, "level": [2, 2, 2], "approximate": [False, True, False],
                             "basis": ["title", "title", "title"]})
    regions = pd.DataFrame({"nuts_id": ["AT12", "AT13"], "nuts_version": ["2021", "2021"],
                            "name": ["Niederösterreich", "Wien"]})
    r = profile.covered_regions(coverage, regions, "Q")
    assert list(zip(r["nuts_id"], r["name"], r["approximate"], strict=True)) == [
        ("AT12", "Niederösterreich", True), ("AT13", "Wien", False)]


def test_programme_lines_name_each_programme_by_cci_and_title_in_order():
    assert list(profile.programme_lines(PROGRAMMES.iloc[[7, 0]]).items()) == [("Z", "Z — Z prog"), ("Q", "Q — Q prog")]
    assert profile.programme_lines(PROGRAMMES.iloc[:0]) == {}
