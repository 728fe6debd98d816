"""Programmes per fund and per country on a tiny hand-made fixture (fictional programmes), then against the plain
explode-and-group counting on the real data."""

import numpy as np
import pandas as pd

from coopdata.analysis import datasummary
from coopdata.analysis.filters import filter_programmes, programme_mask
from tests.unit.analysis.test_themes import FILTER_SETTINGS

# P1 two funds, P2 none listed, P3 no list at all, P4 another period; P5 an Interreg programme naming AT and DE.
PROGRAMMES = pd.DataFrame({
    "cci": ["P1", "P2", "P3", "P4", "P5"],
    "period": ["2021-2027"] * 3 + ["2014-2020", "2021-2027"],
    "countries": [["AT"], [], None, ["AT"], ["AT", "DE"]],
    "funds": [["ERDF", "JTF"], [], None, ["ERDF"], ["ERDF"]],
})


def _plain_per_fund(programmes, period):
    """The counting as first written (explode, group, sort): the reference for the counting over pairs."""
    p = programmes[programmes["period"] == period].explode("funds")
    p["funds"] = p["funds"].fillna(datasummary.NO_FUND)
    out = p.groupby("funds").size().rename("programmes").reset_index().rename(columns={"funds": "fund"})
    return out.sort_values(["programmes", "fund"], ascending=[False, True], ignore_index=True)


def _plain_per_country(programmes, period):
    from coopdata.vocabularies import country_names

    p = programmes[programmes["period"] == period].explode("countries")
    out = p.groupby("countries").size().rename("programmes").reset_index().rename(columns={"countries": "code"})
    out.insert(1, "country", out["code"].map(country_names()).fillna(out["code"]))
    return out.sort_values(["programmes", "code"], ascending=[False, True], ignore_index=True)


def test_a_programme_counts_under_each_of_its_funds_and_countries():
    per_fund = datasummary.programmes_per_fund(PROGRAMMES, "2021-2027")
    assert list(zip(per_fund["fund"], per_fund["programmes"], strict=True)) == [
        (datasummary.NO_FUND, 2), ("ERDF", 2), ("JTF", 1)]  # ties by name: "(" sorts first
    per_country = datasummary.programmes_per_country(PROGRAMMES, "2021-2027")
    assert list(zip(per_country["code"], per_country["country"], per_country["programmes"], strict=True)) == [
        ("AT", "Austria", 2), ("DE", "Germany", 1)]  # no country listed: not counted
    only_p5 = datasummary.programmes_per_fund(PROGRAMMES, "2021-2027", (PROGRAMMES["cci"] == "P5").to_numpy())
    assert only_p5.to_dict("list") == {"fund": ["ERDF"], "programmes": [1]}


def test_counts_over_a_mask_equal_the_plain_counting():
    equal = lambda a, b: pd.testing.assert_frame_equal(a, b, check_exact=True)  # noqa: E731
    for period in ("2021-2027", "2014-2020", "2000-2006"):
        equal(datasummary.programmes_per_fund(PROGRAMMES, period), _plain_per_fund(PROGRAMMES, period))
        equal(datasummary.programmes_per_country(PROGRAMMES, period), _plain_per_country(PROGRAMMES, period))


def test_counts_over_a_mask_equal_the_plain_counting_on_the_real_data(dataset):
    p, a = dataset.programmes, dataset.allocations
    for f in FILTER_SETTINGS:
        kept, plain = programme_mask(p, a, f), filter_programmes(p, a, f)
        assert np.count_nonzero(kept) == len(plain)
        pd.testing.assert_frame_equal(datasummary.programmes_per_fund(p, f.period, kept),
                                      _plain_per_fund(plain, f.period), check_exact=True)
        pd.testing.assert_frame_equal(datasummary.programmes_per_country(p, f.period, kept),
                                      _plain_per_country(plain, f.period), check_exact=True)


def test_the_codes_made_at_load_count_as_the_tables_own(dataset):
    p = dataset.programmes
    for f in FILTER_SETTINGS:
        kept = programme_mask(p, dataset.allocations, f, dataset.prepared)
        for per in (datasummary.programmes_per_fund, datasummary.programmes_per_country):
            pd.testing.assert_frame_equal(per(p, f.period, kept, dataset.prepared), per(p, f.period, kept))
