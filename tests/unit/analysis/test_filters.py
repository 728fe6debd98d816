"""Shared filters on a tiny hand-made fixture (fictional programmes): exact answers checkable by eye."""

import numpy as np
import pandas as pd
import pytest

from coopdata.analysis.filters import (
    Filters,
    allocation_mask,
    apply,
    funds_unstated,
    programme_mask,
    programme_rows,
)
from coopdata.prepared import Prepared
from tests.conftest import with_cents

PROGRAMMES = pd.DataFrame({
    "cci": ["P1", "P2", "P3", "P4"],
    "period": ["2021-2027", "2021-2027", "2021-2027", "2014-2020"],
    "title": ["Alpha region", "Beta national", "Interreg Alpha-Beta", "Old alpha"],
    "countries": [["AT"], ["DE"], ["AT", "DE"], ["AT"]],
    "funds": [["ERDF"], ["ESF+"], ["Interreg"], ["ERDF"]],
    "kind": ["regional", "national", "Interreg", "regional"],
})
ALLOCATIONS = with_cents(pd.DataFrame({
    "cci": ["P1", "P1", "P2", "P3", "P4"],
    "fund": ["ERDF", "ERDF", "ESF+", "Interreg", "ERDF"],
    "topic_id": ["digital", "energy", "employment", "energy", "digital"],
    "eu_amount": [10.0, 20.0, 5.0, 7.0, 1.0],
}))


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


# ---- the fast filtering gives exactly what the plain pandas filtering gave ------------------------------------

def _plain_apply(programmes, allocations, f):
    """The filtering as first written (row by row sets, pandas isin): the reference for the fast one."""
    def any_in(values, wanted):
        return values.map(lambda vs: bool(set(wanted).intersection(vs)))

    keep = programmes["period"].eq(f.period) if f.period else pd.Series(True, index=programmes.index)
    if f.funds:
        keep &= any_in(programmes["funds"], f.funds)
    if f.countries:
        keep &= any_in(programmes["countries"], f.countries)
    if f.kinds:
        keep &= programmes["kind"].isin(f.kinds)
    if f.search:
        keep &= programmes["title"].str.contains(f.search.strip(), case=False, regex=False, na=False)
    if f.topics:
        keep &= programmes["cci"].isin(allocations.loc[allocations["topic_id"].isin(f.topics), "cci"].unique())
    kept = programmes[keep]
    rows = allocations["cci"].isin(kept["cci"])
    if f.funds:
        rows &= allocations["fund"].isin(f.funds)
    if f.topics:
        rows &= allocations["topic_id"].isin(f.topics)
    return kept, allocations[rows]


FILTER_CASES = [
    Filters(), Filters(period="2014-2020"), Filters(period=""), Filters(funds=("ERDF",)),
    Filters(funds=("ESF+", "CF")), Filters(period="2014-2020", countries=("IT",)), Filters(countries=("AT", "DE")),
    Filters(topics=("energy",)), Filters(topics=("energy", "digital"), funds=("ERDF",)), Filters(search="interreg"),
    Filters(kinds=("national", "Interreg"), countries=("FR",)), Filters(funds=("no such fund",)),
    Filters(period="2014-2020", topics=("employment",), search="  Italia "),
]


def _assert_same(programmes, allocations, f, prepared=None, among=None):
    fast_p, fast_a = apply(programmes, allocations, f, prepared, among)
    plain_p, plain_a = _plain_apply(programmes if among is None else programmes[among], allocations, f)
    pd.testing.assert_frame_equal(fast_p, plain_p)
    pd.testing.assert_frame_equal(fast_a, plain_a)


def test_fast_filtering_matches_the_plain_one_on_the_fixture():
    for f in FILTER_CASES + [Filters(search="alpha"), Filters(funds=("Interreg",), topics=("energy",))]:
        _assert_same(PROGRAMMES, ALLOCATIONS, f)


def test_fast_filtering_matches_the_plain_one_on_the_real_data(dataset):
    for f in FILTER_CASES:
        _assert_same(dataset.programmes, dataset.allocations, f)
    # A frame of some of the columns (as pages pass, to copy less) is filtered as the whole one.
    for f in FILTER_CASES:
        _assert_same(dataset.programmes, dataset.allocations[["cci", "fund", "topic_id", "eu_amount"]], f)
    # A subset of the programmes (as an action filter passes) is filtered as itself, not as the whole table.
    subset = dataset.programmes.iloc[::3]
    for f in FILTER_CASES[:6]:
        _assert_same(subset, dataset.allocations, f)


def test_the_codes_made_at_load_filter_as_the_tables_own_codes(dataset):
    p, a = dataset.programmes, dataset.allocations
    for f in FILTER_CASES:
        _assert_same(p, a, f, dataset.prepared)
        _assert_same(p, a[["cci", "fund", "topic_id", "eu_amount"]], f, dataset.prepared)
    # Narrowed by a mask (as an action filter narrows), with the codes of the whole table.
    among = np.arange(len(p)) % 3 == 0
    for f in FILTER_CASES[:6]:
        _assert_same(p, a, f, dataset.prepared, among)


def test_codes_made_for_other_tables_are_refused(dataset):
    # A subset read through the whole table's codes would get other rows' values: refused, not silently wrong.
    with pytest.raises(ValueError, match="programmes"):
        apply(dataset.programmes.iloc[::3], dataset.allocations, Filters(), dataset.prepared)
    with pytest.raises(ValueError, match="allocation rows"):
        allocation_mask(ALLOCATIONS, PROGRAMMES["cci"], Filters(), dataset.prepared.allocations)


def test_the_codes_made_at_load_are_read_only(dataset):
    with pytest.raises(ValueError, match="read-only"):
        dataset.prepared.allocations.cci.codes[0] = 1
    with pytest.raises(ValueError, match="read-only"):
        dataset.prepared.numbers[0] = 1


def test_a_column_replaced_in_place_is_read_afresh():
    programmes = PROGRAMMES.copy()
    assert ccis_of(programmes, Filters(countries=("DE",))) == ["P2", "P3"]
    programmes["countries"] = [["DE"], ["AT"], ["AT"], ["AT"]]  # the codes made for the old column must not be used
    assert ccis_of(programmes, Filters(countries=("DE",))) == ["P1"]


def test_programmes_rows_by_their_numbers_are_the_rows_of_their_ccis():
    # P1..P4 are the allocations' CCIs 0..3 (in order of appearance); a programme without rows is -1.
    programmes = pd.concat([PROGRAMMES, pd.DataFrame({"cci": ["P5"], "period": ["2021-2027"], "title": ["No rows"],
                                                      "countries": [["AT"]], "funds": [["CF"]], "kind": ["national"]})],
                           ignore_index=True)
    assert Prepared.of(programmes, ALLOCATIONS).numbers.tolist() == [0, 1, 2, 3, -1]
    for f in FILTER_CASES + [Filters(search="alpha"), Filters(countries=("AT",), funds=("ERDF",))]:
        passing = programme_mask(programmes, ALLOCATIONS, f)
        assert (programme_rows(programmes, ALLOCATIONS, passing, f)
                == allocation_mask(ALLOCATIONS, programmes["cci"][passing], f)).all(), f
    # The numbers belong to that allocation table: another one (here P3's rows first) is numbered afresh.
    reordered = ALLOCATIONS.iloc[[3, 0, 1, 2, 4]].reset_index(drop=True)
    assert Prepared.of(programmes, reordered).numbers.tolist() == [1, 2, 0, 3, -1]
    assert Prepared.of(programmes, ALLOCATIONS).numbers.tolist() == [0, 1, 2, 3, -1]


def test_programme_rows_match_allocation_mask_on_the_real_data(dataset):
    p, a = dataset.programmes, dataset.allocations
    for f in FILTER_CASES:
        passing = programme_mask(p, a, f)
        assert (programme_rows(p, a, passing, f) == allocation_mask(a, p["cci"][passing], f)).all(), f


def ccis_of(programmes, f):
    return list(apply(programmes, ALLOCATIONS, f)[0]["cci"])


# ---- programmes a fund filter leaves out because no source states their funds -------------------------------

def test_funds_unstated_lists_programmes_without_funds_that_pass_the_other_filters():
    programmes = pd.concat([PROGRAMMES, pd.DataFrame({
        "cci": ["P5", "P6"], "period": ["2021-2027", "2021-2027"], "title": ["Gamma multi-fund", "Delta multi-fund"],
        "countries": [["AT"], ["DE"]], "funds": [[], []], "kind": ["regional", "national"]})], ignore_index=True)
    assert list(funds_unstated(programmes, ALLOCATIONS, Filters())) == []  # no fund chosen: nothing left out
    assert list(funds_unstated(programmes, ALLOCATIONS, Filters(funds=("ERDF",)))) == ["P5", "P6"]
    assert list(funds_unstated(programmes, ALLOCATIONS, Filters(funds=("ERDF",), countries=("DE",)))) == ["P6"]
    assert list(funds_unstated(programmes, ALLOCATIONS, Filters(period="2014-2020", funds=("ERDF",)))) == []


def test_funds_unstated_on_the_real_data_are_the_13_multi_fund_programmes_no_source_names_funds_for(dataset):
    left_out = funds_unstated(dataset.programmes, dataset.allocations, Filters(funds=("ERDF",)))
    # Before the sourced funds table and the short titles were read: 42.
    assert sorted(left_out) == ["2021CZ05FFPR001", "2021CZ16FFTA001", "2021EL16FFPR001", "2021EL16FFPR002",
                                "2021EL16FFPR007", "2021EL16FFPR010", "2021EL16FFPR014", "2021EL16FFPR017",
                                "2021EL16FFTA001", "2021HU16FFPR002", "2021HU16FFTA001", "2021PL16FFPR014",
                                "2021RO16FFPR001"]
    assert len(funds_unstated(dataset.programmes, dataset.allocations,
                              Filters(funds=("ERDF",), countries=("EL",)))) == 7
    assert len(funds_unstated(dataset.programmes, dataset.allocations,
                              Filters(period="2014-2020", funds=("ERDF",)))) == 0


def _passing(dataset, **kw):
    p = dataset.programmes
    return set(p.loc[programme_mask(p, dataset.allocations, Filters(**kw)), "cci"])


def test_fund_filters_keep_the_programmes_the_sources_name_the_fund_for(dataset):
    p = dataset.programmes.set_index("cci")
    assert list(p.loc["2021SI16FFPR001", "funds"]) == ["CF", "ERDF", "ESF+", "JTF"]
    assert {"2021CZ16FFPR002", "2021HR16FFPR001"} <= _passing(dataset, funds=("CF",))
    p21 = dataset.programmes[dataset.programmes["period"] == "2021-2027"]
    naming_esf = set(p21.loc[p21["title"].str.contains(r"ESF", regex=True), "cci"])
    assert len(naming_esf) == 81 and naming_esf <= _passing(dataset, funds=("ESF+",))
    assert p.loc["2021SI16FFPR001", "funds_basis"].startswith("CF: short title in the finances, sourced table")


def test_member_state_filter_keeps_interreg_programmes_whose_area_covers_the_country(dataset):
    italy = _passing(dataset, countries=("IT",))
    # Alpine Space, Central Europe, Euro-MED, NEXT MED: the managing authority is elsewhere, Italy is in the area.
    assert {"2021TC16RFTN001", "2021TC16RFTN003", "2021TC16FFTN001", "2021TC16NXTN001"} <= italy
    assert "2014TC16RFIR001" in _passing(dataset, period="2014-2020", countries=("DE",))  # Interreg Europe
    p = dataset.programmes.set_index("cci")
    assert list(p.loc["2021TC16RFTN001", "countries"]) == ["AT", "CH", "DE", "FR", "IT", "LI", "SI"]
    interreg = dataset.programmes[dataset.programmes["goal"] == "ETC"]
    assert interreg["countries"].map(len).gt(0).all()  # before: 43 of 169 listed no or too few countries
