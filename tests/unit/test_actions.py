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
