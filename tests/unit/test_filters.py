"""Shared filters on a tiny hand-made fixture (fictional programmes): exact answers checkable by eye."""

import pandas as pd

from coopdata.analysis.filters import Filters, apply

PROGRAMMES = pd.DataFrame({
    "cci": ["P1", "P2", "P3", "P4"],
    "period": ["2021-2027", "2021-2027", "2021-2027", "2014-2020"],
    "title": ["Alpha region", "Beta national", "Interreg Alpha-Beta", "Old alpha"],
    "countries": [["AT"], ["DE"], ["AT", "DE"], ["AT"]],
    "funds": [["ERDF"], ["ESF+"], ["Interreg"], ["ERDF"]],
    "kind": ["regional", "national", "Interreg", "regional"],
})
ALLOCATIONS = pd.DataFrame({
    "cci": ["P1", "P1", "P2", "P3", "P4"],
    "fund": ["ERDF", "ERDF", "ESF+", "Interreg", "ERDF"],
    "topic_id": ["digital", "energy", "employment", "energy", "digital"],
    "eu_amount": [10.0, 20.0, 5.0, 7.0, 1.0],
})


def ccis(f):
    p, a = apply(PROGRAMMES, ALLOCATIONS, f)
    return list(p["cci"]), a["eu_amount"].sum()


def test_period_only():
    assert ccis(Filters(period="2021-2027")) == (["P1", "P2", "P3"], 42.0)


def test_country_matches_any_of_a_multi_valued_field():
    assert ccis(Filters(countries=("DE",))) == (["P2", "P3"], 12.0)


def test_topic_keeps_programmes_and_only_their_rows_in_that_topic():
    assert ccis(Filters(topics=("energy",))) == (["P1", "P3"], 27.0)


def test_fund_kind_and_search_combine():
    assert ccis(Filters(funds=("ERDF", "Interreg"), kinds=("Interreg",))) == (["P3"], 7.0)
    assert ccis(Filters(search="alpha")) == (["P1", "P3"], 37.0)
    assert ccis(Filters(period="2014-2020", search="ALPHA")) == (["P4"], 1.0)
