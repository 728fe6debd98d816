import pandas as pd
import pytest

from coopdata.load import GEOGRAPHY_TABLES
from coopdata.workshop.pairs import (
    Geography,
    pair_scores,
    ranked_matches,
    scope_fit,
    seating_weights,
    top_matches,
)
from tests.unit.workshop.conftest import NO_GEOGRAPHY


def person(code, country, nuts=None, scopes=(), topics=("digital",)):
    return pd.DataFrame([{"code": code, "country": country, "nuts_id": nuts, "scopes": tuple(scopes),
                          "topics": tuple(topics)}])


def people(*rows):
    return pd.concat(rows, ignore_index=True)


def one(frame):
    return next(frame.itertuples(index=False))


@pytest.fixture(scope="module")
def geography():
    """Hand-made geography in the shape of data/neighbours and data/scope_members."""
    neighbours = pd.DataFrame([["ES114", "PT111", "2024", "ES", "PT"]], columns=GEOGRAPHY_TABLES["neighbours"])
    members = pd.DataFrame([
        ["EUSAIR", "macro_regional", "EUSAIR", "EL", None, None, "hand-made"],
        ["EUSAIR", "macro_regional", "EUSAIR", "IT", None, None, "hand-made"],
        ["EUSDR", "Macro-regional", "EUSDR", "BG", None, None, "hand-made"],
        ["EUSDR", "Macro-regional", "EUSDR", "DE", "DE2", "2024", "hand-made"],
        ["BALTIC", "sea basin", "Baltic Sea", "PL", None, None, "hand-made"],
        ["BALTIC", "sea basin", "Baltic Sea", "EE", None, None, "hand-made"],
    ], columns=GEOGRAPHY_TABLES["scope_members"])
    return Geography(neighbours, members)


def test_exact_pairs_of_the_fictional_list_without_geography(fictional):
    pairs = pair_scores(fictional.participants, NO_GEOGRAPHY)
    assert len(pairs) == 16 * 15 // 2
    by_pair = pairs.set_index(["a", "b"])
    # Score 2: two shared topics, or one shared topic and an EU-wide fit both sides asked for.
    assert set(pairs.loc[pairs["score"].eq(2), ["a", "b"]].itertuples(index=False, name=None)) == {
        ("P01", "P02"), ("P01", "P03"), ("P02", "P03"), ("P01", "P14"), ("P04", "P11")}
    assert set(pairs.loc[pairs["score"].eq(1), ["a", "b"]].itertuples(index=False, name=None)) == {
        ("P02", "P14"), ("P03", "P14"), ("P05", "P06"), ("P05", "P12"), ("P06", "P12"), ("P05", "P07"),
        ("P05", "P08"), ("P05", "P13"), ("P07", "P08"), ("P07", "P13"), ("P08", "P13"), ("P07", "P15"),
        ("P08", "P09"), ("P08", "P10"), ("P09", "P10"), ("P04", "P10"), ("P10", "P11"), ("P09", "P11"),
        ("P12", "P13")}
    assert by_pair.loc[("P01", "P02"), "reasons"] == (
        "1 shared topic: Research & innovation", "different Member States (BE, DE)",
        "EU-wide: both in EU Member States (BE, DE)")
    # Same Member State: they share a topic but score 0.
    assert by_pair.loc[("P04", "P09"), "shared_topics"] == ("social_inclusion",)
    assert by_pair.loc[("P04", "P09"), "score"] == 0
    assert by_pair.loc[("P04", "P09"), "reasons"][1] == (
        "same Member State (EL): a cooperation action needs a partner in another one")
    assert by_pair.loc[("P04", "P11"), "reasons"][-1] == "macro-regional not checked: geography not loaded"
    assert by_pair.loc[("P08", "P13"), "reasons"][-1] == "scopes differ: P08 wants cross-border; P13 wants sea basin"


def test_ranked_list_and_top_matches(fictional):
    pairs = pair_scores(fictional.participants, NO_GEOGRAPHY)
    ranked = ranked_matches(pairs, "P01")
    assert ranked["partner"].head(4).tolist() == ["P14", "P02", "P03", "P04"]
    assert ranked["score"].head(4).tolist() == [2, 2, 2, 0]
    top = top_matches(pairs, ["P01", "P16"])
    assert top[["participant", "rank", "partner"]].values.tolist() == [["P01", 1, "P14"], ["P01", 2, "P02"],
                                                                      ["P01", 3, "P03"]]  # P16 shares no topic


def test_seating_weights_count_shared_topics_between_countries_only(fictional):
    weights = seating_weights(pair_scores(fictional.participants, NO_GEOGRAPHY))
    assert len(weights) == 24 and sum(weights.values()) == 26
    assert weights[("P01", "P14")] == 2 and ("P04", "P09") not in weights


def test_cross_border_uses_neighbouring_regions_in_either_direction(geography):
    pt = one(person("P2", "PT", "PT11"))
    assert scope_fit(one(person("P1", "ES", "ES11", ["cross-border"])), pt, geography) == (
        True, ["cross-border: P1 (ES11) and P2 (PT11) are neighbours across a border"])
    assert scope_fit(pt, one(person("P1", "ES", None, ["cross-border"])), geography)[0] is True
    assert scope_fit(one(person("P1", "ES", "ES12", ["cross-border"])), pt, geography) == (
        False, ["cross-border: P1 (ES12) and P2 (PT11) are not neighbours"])


def test_macro_regions_and_sea_basins_from_scope_members(geography):
    el, it, bg = (one(person(c, c, None, ["macro-regional"])) for c in ("EL", "IT", "BG"))
    assert scope_fit(el, it, geography) == (True, ["macro-regional: both in EUSAIR"])
    assert scope_fit(el, bg, geography) == (False, ["macro-regional: no macro-regional area in common"])
    # Only Bavaria (DE2) of Germany is in the hand-made EUSDR.
    assert scope_fit(bg, one(person("DE", "DE", "DE21", ["macro-regional"])), geography)[0] is True
    assert scope_fit(bg, one(person("DE", "DE", "DE30", ["macro-regional"])), geography)[0] is False
    pl, ee = one(person("PL", "PL", None, ["sea basin"])), one(person("EE", "EE", None, ["EU-wide"]))
    assert scope_fit(pl, ee, geography) == (True, ["sea basin: both in Baltic Sea"])


def test_scopes_without_geography_are_not_checked_and_earn_no_point():
    a, b = person("A", "EL", None, ["macro-regional"]), person("B", "IT", None, ["macro-regional"])
    pairs = pair_scores(people(a, b), NO_GEOGRAPHY)
    assert pairs.loc[0, "scope_fit"] is None and pairs.loc[0, "score"] == 1


def test_eu_wide_needs_two_member_states_and_a_shared_topic_for_the_point():
    no, de = person("NO1", "NO", scopes=["EU-wide"]), person("DE1", "DE")
    assert pair_scores(people(no, de), NO_GEOGRAPHY).loc[0, "reasons"][-1] == "EU-wide: NO is not an EU Member State"
    assert pair_scores(people(no, de), NO_GEOGRAPHY).loc[0, "score"] == 1
    fr = person("FR1", "FR", topics=["health"])
    assert pair_scores(people(de, fr), NO_GEOGRAPHY).loc[0, "score"] == 0  # scopes fit, but nothing shared
