"""analysis/actions on a tiny hand-made table: exact answers checkable by eye."""

import pandas as pd

from coopdata.analysis import actions as act

# P1 plans energy (cross-border) and digital (EU-wide); P2 plans energy (sea basin, countries);
# P3 plans nothing; P4 is a 2014-2020 programme planning energy.
ACTIONS = pd.DataFrame([
    ("P1", "2021-2027", "energy", True, ["cross-border"]),
    ("P1", "2021-2027", "digital", True, ["EU-wide"]),
    ("P1", "2021-2027", "health", False, []),
    ("P2", "2021-2027", "energy", True, ["sea basin", "countries"]),
    ("P2", "2021-2027", "energy", True, ["sea basin"]),   # a second energy objective of P2
    ("P3", "2021-2027", "energy", False, ["cross-border"]),
    ("P4", "2014-2020", "energy", True, ["EU-wide"]),
], columns=["cci", "period", "topic_id", "planned", "scopes"])


def test_programmes_planning():
    assert act.programmes_planning(ACTIONS) == {"P1", "P2", "P4"}
    assert act.programmes_planning(ACTIONS, period="2021-2027") == {"P1", "P2"}
    assert act.programmes_planning(ACTIONS, topics=["digital"]) == {"P1"}
    assert act.programmes_planning(ACTIONS, scopes=["cross-border", "sea basin"]) == {"P1", "P2"}
    assert act.programmes_planning(ACTIONS, topics=["health"]) == set()
    assert act.programmes_planning(None) == set()


def test_programmes_planning_by_topic_counts_each_programme_once():
    got = act.programmes_planning_by_topic(ACTIONS, period="2021-2027")
    assert got.to_dict("records") == [{"topic_id": "energy", "programmes": 2},
                                      {"topic_id": "digital", "programmes": 1}]


def test_planned_topics_and_summary():
    assert act.planned_topics(ACTIONS, period="2021-2027") == {"P1": {"energy", "digital"}, "P2": {"energy"}}
    assert act.summary(ACTIONS) == {"rows": 7, "programmes": 4, "programmes_planning": 3, "topics_planned": 2}


# As the importer writes it: generic scopes, and the strategies / basins named (scope_ids).
# Q1 plans energy with EUSAIR and digital cross-border; Q2 plans energy in the Black Sea basin and names
# no strategy for its macro-regional health action; Q3 plans nothing; Q4 (2014-2020) plans energy EU-wide.
NAMED = pd.DataFrame([
    ("Q1", "2021-2027", "RSO2.1", "energy", True, "dedicated call", ["macro-regional"], ["EUSAIR"], [],
     "launched", "note <b>1</b>"),
    ("Q1", "2021-2027", "RSO1.2", "digital", True, "other", ["cross-border", "countries"], [], ["EL", "SI"],
     None, None),
    ("Q1", "2021-2027", "RSO4.1", "employment", False, None, [], [], [], None, None),
    ("Q2", "2021-2027", "RSO2.2", "energy", True, "strategic project", ["sea basin"], ["BLACKSEA"], [],
     "planned", None),
    ("Q2", "2021-2027", None, "health", True, None, ["macro-regional"], [], [], None, None),
    ("Q3", "2021-2027", "RSO2.1", "energy", False, None, [], [], [], None, None),
    ("Q4", "2014-2020", "TO04", "energy", True, None, ["EU-wide"], [], [], None, None),
], columns=["cci", "period", "objective_code", "topic_id", "planned", "approach", "scopes", "scope_ids",
            "partner_countries", "status", "notes"])
PROGRAMMES = pd.DataFrame({"cci": ["Q1", "Q2", "Q3", "Q4", "Q5"], "title": list("abcde")})


def test_scope_filter_takes_generic_scopes_and_named_ones():
    assert act.programmes_planning(NAMED, scopes=["macro-regional"]) == {"Q1", "Q2"}
    assert act.programmes_planning(NAMED, scopes=["EUSAIR"]) == {"Q1"}
    assert act.programmes_planning(NAMED, scopes=["BLACKSEA", "cross-border"]) == {"Q1", "Q2"}
    assert act.programmes_planning(NAMED, topics=["energy"], scopes=["sea basin"]) == {"Q2"}
    assert act.programmes_planning(NAMED, scopes=["EUSALP"]) == set()
    assert act.scope_choices()[:5] == ["cross-border", "macro-regional", "sea basin", "EU-wide", "countries"]
    assert set(act.scope_choices()[5:]) == {"EUSBSR", "EUSDR", "EUSAIR", "EUSALP", "ATLANTIC", "BALTIC",
                                            "BLACKSEA", "WESTMED"}


def test_keep_planning_honours_topic_scope_and_period_and_does_nothing_when_inactive():
    only = act.ActionFilter(only_planning=True)
    assert act.keep_planning(PROGRAMMES, NAMED, None) is PROGRAMMES
    assert act.keep_planning(PROGRAMMES, NAMED, act.ActionFilter()) is PROGRAMMES
    assert act.keep_planning(PROGRAMMES, NAMED, only)["cci"].tolist() == ["Q1", "Q2", "Q4"]
    assert act.keep_planning(PROGRAMMES, NAMED, only, period="2021-2027")["cci"].tolist() == ["Q1", "Q2"]
    assert act.keep_planning(PROGRAMMES, NAMED, only, topics=["health"])["cci"].tolist() == ["Q2"]
    # A scope alone implies planning: scopes are only written for planned actions.
    assert act.keep_planning(PROGRAMMES, NAMED, act.ActionFilter(scopes=("EU-wide",)))["cci"].tolist() == ["Q4"]
    assert act.keep_planning(PROGRAMMES, None, only).empty


def test_filter_sentence():
    af = act.ActionFilter(True, ("cross-border", "EUSAIR"))
    assert act.filter_sentence(af, {"energy": "Energy"}, ["energy"]) == (
        "Only programmes planning cooperation actions in Energy, with the partnership scope cross-border or "
        "EUSAIR (imported database).")
    assert act.filter_sentence(act.ActionFilter(True), {}) == \
        "Only programmes planning cooperation actions (imported database)."


def test_programme_actions_as_plain_text_planned_first():
    got = act.programme_actions(NAMED, "Q1", {"energy": "Energy", "digital": "Digital"}, {"EL": "Greece"})
    assert got.columns.tolist() == act.PROGRAMME_ACTION_COLUMNS
    assert got.values.tolist() == [
        ["RSO1.2", "Digital", "yes", "other", "cross-border; countries", "Greece, SI", "", ""],
        ["RSO2.1", "Energy", "yes", "dedicated call", "macro-regional: EUSAIR", "", "launched", "note <b>1</b>"],
        ["RSO4.1", "employment", "no", "", "", "", "", ""],
    ]
    assert act.programme_actions(NAMED, "Q5", {}, {}).empty


def test_planning_beside_funding_counts_each_programme_once_per_topic():
    funding = pd.DataFrame({"topic_id": ["energy", "digital", "mobility"], "programmes": [3, 1, 2]})
    labels = {"energy": "Energy", "digital": "Digital", "mobility": "Mobility", "health": "Health"}
    got = act.planning_beside_funding(NAMED, ["Q1", "Q2", "Q3"], funding, labels, period="2021-2027")
    assert got.values.tolist() == [["energy", "Energy", 3, 2], ["digital", "Digital", 1, 1],
                                   ["health", "Health", 0, 1], ["mobility", "Mobility", 2, 0]]
    only_q1 = act.planning_beside_funding(NAMED, ["Q1"], funding, labels, topics=["energy", "health"])
    assert only_q1.values.tolist() == [["energy", "Energy", 3, 1]]  # health: in neither, left out


def test_narrow_search_keeps_candidates_planning_in_the_searched_topics():
    from coopdata.analysis.partners import Query, search
    from tests.unit.analysis import fictional_partners_fixture as fx

    acts = fx.actions([
        (fx.SI1, "energy", True, ["MED"], []),
        (fx.FR1, "energy", True, ["cross-border"], []),   # plans energy, seeks no one near the start
        (fx.AT1, "digital", True, ["EU-wide"], []),       # plans, but not in the searched topic
        (fx.TC1, "energy", False, [], []),                # does not plan
    ])
    full = search(fx.dataset(), Query(fx.IT1, ("energy",), "eu-wide"), acts)
    assert [m.cci for m in full.matches] == [fx.SI1, fx.FR1, fx.AT1, fx.TC1, fx.DE1]
    assert act.narrow_search(full, acts, None, ("energy",)) is full
    only = act.narrow_search(full, acts, act.ActionFilter(True), ("energy",))
    assert [m.cci for m in only.matches] == [fx.SI1, fx.FR1]
    med = act.narrow_search(full, acts, act.ActionFilter(scopes=("MED",)), ("energy",))
    assert [m.cci for m in med.matches] == [fx.SI1]
    none = act.narrow_search(full, acts, act.ActionFilter(scopes=("EUSBSR",)), ("energy",))
    assert none.matches == () and none.message == act.NO_MATCH_WITH_ACTION_FILTER
