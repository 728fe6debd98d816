"""Measures per region, programmes covering a region and click selection, on a tiny fixture."""

import math

import pandas as pd
import pytest

from coopdata.analysis import mapdata
from coopdata.analysis.filters import Filters
from tests.conftest import with_cents


def _data():
    regions = pd.DataFrame([
        {"nuts_id": c, "nuts_version": 2021, "level": len(c) - 2, "name": n, "name_latin": n, "country": c[:2],
         "extra_regio": False}
        for c, n in [("AA", "Aland"), ("AA1", "North"), ("AA2", "South"), ("BB", "Beeland"), ("BB1", "Bee")]])
    programmes = pd.DataFrame([
        {"cci": "N", "period": "2021-2027", "title": "National AA", "kind": "national", "interreg_strand": None,
         "funds": ["ERDF"], "countries": ["AA"]},
        {"cci": "R", "period": "2021-2027", "title": "Regional North", "kind": "regional", "interreg_strand": None,
         "funds": ["ESF+"], "countries": ["AA"]},
        {"cci": "I", "period": "2021-2027", "title": "Interreg AA-BB", "kind": "Interreg",
         "interreg_strand": "cross-border", "funds": ["Interreg"], "countries": ["AA", "BB"]},
    ])
    coverage = pd.DataFrame([
        {"cci": "N", "nuts_id": "AA", "nuts_version": 2021, "level": 0, "approximate": False, "basis": "national"},
        {"cci": "R", "nuts_id": "AA1", "nuts_version": 2021, "level": 1, "approximate": False, "basis": "title"},
        {"cci": "I", "nuts_id": "AA", "nuts_version": 2021, "level": 0, "approximate": True, "basis": "Interreg"},
        {"cci": "I", "nuts_id": "BB", "nuts_version": 2021, "level": 0, "approximate": True, "basis": "Interreg"},
    ])
    allocations = with_cents(pd.DataFrame([
        {"cci": "N", "fund": "ERDF", "topic_id": "digital", "eu_amount": 100.0},
        {"cci": "N", "fund": "ERDF", "topic_id": "energy", "eu_amount": 50.0},
        {"cci": "R", "fund": "ESF+", "topic_id": "digital", "eu_amount": 10.0},
        {"cci": "I", "fund": "Interreg", "topic_id": "energy", "eu_amount": float("nan")},
    ]))
    return programmes, allocations, coverage, regions


def test_programme_counts_per_region_overlap_by_design():
    p, a, c, r = _data()
    m = mapdata.region_measures(p, a, c, r, Filters(), 1, "programmes").set_index("nuts_id")
    assert m["programmes"].to_dict() == {"AA1": 3, "AA2": 2, "BB1": 1}
    assert m["approximate_programmes"].to_dict() == {"AA1": 1, "AA2": 1, "BB1": 1}
    c0 = mapdata.region_measures(p, a, c, r, Filters(), 0, "programmes").set_index("nuts_id")
    assert c0["value"].to_dict() == {"AA": 3.0, "BB": 1.0}


def test_eu_amounts_whole_and_for_the_chosen_topics():
    p, a, c, r = _data()
    whole = mapdata.region_measures(p, a, c, r, Filters(topics=("digital",)), 1, "eu_amount").set_index("nuts_id")
    assert whole["value"].to_dict()["AA1"] == 160.0  # N 150 + R 10; I has no amount
    assert whole["programmes"].to_dict() == {"AA1": 2, "AA2": 1, "BB1": 0}  # I has no digital allocation
    topics = mapdata.region_measures(p, a, c, r, Filters(topics=("digital",)), 1, "eu_amount_topics")
    assert topics.set_index("nuts_id")["value"].to_dict()["AA1"] == 110.0
    assert math.isnan(topics.set_index("nuts_id").at["BB1", "value"])
    funds = mapdata.region_measures(p, a, c, r, Filters(funds=("ESF+",)), 1, "eu_amount").set_index("nuts_id")
    assert funds.at["AA1", "value"] == 10.0 and funds.at["AA1", "programmes_with_amounts"] == 1


def test_programme_amounts_per_cci_by_funds_and_topics():
    p, a, c, r = _data()
    a = with_cents(pd.concat([a, pd.DataFrame([{"cci": "N", "fund": "CF", "topic_id": "digital", "eu_amount": 0.25},
                                               {"cci": None, "fund": "ERDF", "topic_id": "digital", "eu_amount": 9.0}])],
                             ignore_index=True))
    from coopdata.prepared import AllocationCodes

    numbers = {cci: i for i, cci in enumerate(AllocationCodes.of(a).cci.uniques)}

    def by_cci(sums):  # the last place is for a programme without allocation rows
        assert math.isnan(sums[-1])
        return {cci: sums[i] for cci, i in numbers.items()}

    # In cents. N: 100 + 50 + 0.25 euros; R: 10; I: its one row has no amount (NaN, never 0); the row without a
    # CCI counts nowhere.
    every = by_cci(mapdata.cci_amounts(a))
    assert (every["N"], every["R"]) == (15_025, 1_000) and math.isnan(every["I"])
    assert by_cci(mapdata.cci_amounts(a, funds=("ERDF",)))["N"] == 15_000
    digital = by_cci(mapdata.cci_amounts(a, topics=("digital",)))
    assert (digital["N"], digital["R"]) == (10_025, 1_000) and math.isnan(digital["I"])
    assert math.isnan(by_cci(mapdata.cci_amounts(a, funds=("CF",), topics=("energy",)))["N"])
    # Sums kept per funds and topics serve any other filters, and give what computing them afresh gives.
    kept = {}

    def sums(funds, topics):
        return kept.setdefault((funds, topics), mapdata.cci_amounts(a, funds, topics))

    for f in (Filters(), Filters(kinds=("national",)), Filters(topics=("digital",)), Filters(search="north")):
        pd.testing.assert_frame_equal(mapdata.programme_amounts(p, a, f, sums=sums), mapdata.programme_amounts(p, a, f))
    assert sorted(kept) == [((), ()), ((), ("digital",))]


def test_a_programme_amount_does_not_change_with_the_other_filters(dataset):
    """Sums of whole cents: pandas' grouped float sum gave this programme 155,952,999.99999997 among Italy's
    programmes and 155,953,000.00 over the whole table."""
    def amount(f):
        out = mapdata.programme_amounts(dataset.programmes, dataset.allocations, f).set_index("cci")
        return out.loc["2014IT06RDRP002", "eu_amount"]

    assert amount(Filters(period="2014-2020", countries=("IT",))) == amount(Filters(period="2014-2020")) == 15_595_300_000


def test_programmes_planning_cooperation_actions_per_region():
    p, a, c, r = _data()
    # From an imported database: R and I plan actions (in the chosen topic, say); N does not.
    m = mapdata.region_measures(p, a, c, r, Filters(), 1, "planning", planning={"R", "I"}).set_index("nuts_id")
    assert m["value"].to_dict() == {"AA1": 2.0, "AA2": 1.0, "BB1": 1.0}
    assert m["programmes"].to_dict() == {"AA1": 3, "AA2": 2, "BB1": 1}  # covering, planning or not
    # The topic is honoured by `planning`, not by the public allocations: I plans digital actions though
    # the public data gives it no digital allocation.
    digital = mapdata.region_measures(p, a, c, r, Filters(topics=("digital",)), 0, "planning", planning={"I"})
    assert digital.set_index("nuts_id")["value"].to_dict() == {"AA": 1.0, "BB": 1.0}
    other = mapdata.region_measures(p, a, c, r, Filters(kinds=("regional",)), 1, "planning", planning={"R", "I"})
    assert other.set_index("nuts_id")["value"].to_dict() == {"AA1": 1.0, "AA2": 0.0, "BB1": 0.0}
    assert mapdata.region_measures(p, a, c, r, Filters(), 1, "planning")["value"].tolist() == [0.0, 0.0, 0.0]


def test_planning_measure_offered_only_with_a_database():
    assert "planning" not in mapdata.measure_keys(False)
    assert mapdata.measure_keys(True)[-1] == "planning"
    assert mapdata.MEASURES["planning"].label == "Programmes planning cooperation actions"


def test_programmes_covering_a_region_regional_first():
    p, a, c, r = _data()
    got = mapdata.programmes_covering(p, c, "AA1")
    assert got["cci"].tolist() == ["R", "N", "I"]
    assert got["approximate"].tolist() == [False, False, True]
    assert mapdata.programmes_covering(p, c, "AA2")["cci"].tolist() == ["N", "I"]
    assert mapdata.covering_sentence(got, "North") == ("**3 programmes** cover North under the current "
                                                       "filters (2 mainstream, 1 Interreg).")


def test_region_options_label_names_code_and_level():
    *_, r = _data()
    opts = mapdata.region_options(r)
    assert list(opts)[:3] == ["AA1", "AA2", "BB1"]
    assert opts["AA1"] == "North (AA1, NUTS 1)"


def test_deck_has_no_tile_basemap():
    import json

    from coopdata.maps import choropleth_geojson, region_deck

    p, a, c, r = _data()
    values = mapdata.region_measures(p, a, c, r, Filters(), 1, "programmes")
    geo = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nuts_id": code, "name": "<b>x</b>"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}
        for code in ("AA1", "CH1")]}
    payload = choropleth_geojson(geo, values, "programmes")
    assert [f["properties"]["value"] for f in payload["features"]] == ["3 programmes", "outside the EU: no data"]
    spec = json.loads(region_deck(payload, geo).to_json())
    # pydeck's "default style" sentinel: Streamlit drops it and loads no tiles (None would load Carto's).
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec
    assert "http" not in json.dumps(spec)
    assert spec["layers"][1]["id"] == "regions" and spec["layers"][1]["pickable"] is True


# ---- the coverage pre-aggregated by groups of programmes gives what the programme by programme sum gave -----

def _plain_amounts(programmes, allocations, f):
    """programme_amounts written plainly (the reference): a programme's amount is the exact sum of its rows in the
    chosen funds and topics, rounded once."""
    from dataclasses import replace

    from coopdata.analysis.filters import apply

    kept, alloc_topics = apply(programmes, allocations, f)
    _, alloc_all = apply(programmes, allocations, replace(f, topics=()))

    def exact(rows):  # whole cents, summed as integers
        return rows.dropna(subset=["eu_cents"]).groupby("cci")["eu_cents"].sum().astype("float64")

    # The CCIs keep the programmes' string dtype, also when no programme passes (to_numpy made that empty column
    # object, an artefact the fast version no longer has).
    return pd.DataFrame({"cci": kept["cci"].array}).assign(
        eu_amount=lambda d: d["cci"].map(exact(alloc_all)).astype("float64"),
        eu_amount_topics=lambda d: d["cci"].map(exact(alloc_topics)).astype("float64"))


def _per_programme(programmes, allocations, coverage, regions, f, level, measure, planning=None):
    """region_measures as first written: every (programme, region) pair summed, no groups (the reference)."""
    from dataclasses import replace

    from coopdata.geography.coverage import covered_regions

    if measure == "planning":
        f = replace(f, topics=())
    amounts = _plain_amounts(programmes, allocations, f)
    hits = covered_regions(coverage[coverage["cci"].isin(amounts["cci"])], regions, level).merge(
        amounts, on="cci", how="left")
    grouped = hits.groupby("nuts_id")
    if measure == "programmes":
        value = grouped["cci"].nunique()
    elif measure == "planning":
        value = hits[hits["cci"].isin(planning or set())].groupby("nuts_id")["cci"].nunique()
    else:  # whole cents summed as integers, then euros
        value = grouped[measure].sum(min_count=1) / 100
    amount = measure if measure in ("eu_amount", "eu_amount_topics") else "eu_amount"
    per_region = pd.DataFrame({"programmes": grouped["cci"].nunique(), "approximate_programmes": grouped[
        "approximate"].sum(), "programmes_with_amounts": grouped[amount].count(), "amount": value})
    out = mapdata.regions_of_level(regions, level)[["nuts_id", "name", "country"]].merge(
        per_region.reset_index(), on="nuts_id", how="left")
    for col in ("programmes", "approximate_programmes", "programmes_with_amounts"):
        out[col] = out[col].fillna(0).astype("int64")
    out["value"] = {"programmes": out["programmes"].astype("float64"),
                    "planning": out["amount"].fillna(0).astype("float64")}.get(measure, out["amount"])
    return out[mapdata.MEASURE_COLUMNS].sort_values("nuts_id", ignore_index=True)


MEASURE_KEYS = ["programmes", "eu_amount", "eu_amount_topics", "planning"]


def test_programmes_with_the_same_coverage_share_a_group():
    p, a, c, r = _data()
    # N2: another national programme of AA, covering exactly what N covers.
    c = pd.concat([c, c[c["cci"] == "N"].assign(cci="N2")], ignore_index=True)
    groups = mapdata.coverage_groups(c)
    assert groups["N"] == groups["N2"]
    assert len({groups["N"], groups["R"], groups["I"]}) == 3
    # Same codes, one approximate: not the same coverage.
    approximate_n = c[c["cci"] == "N"].assign(cci="N3", approximate=True)
    more = mapdata.coverage_groups(pd.concat([c, approximate_n]))
    assert len({more["N"], more["N3"], more["R"], more["I"]}) == 4 and more["N2"] == more["N"]
    index = mapdata.coverage_index(c, r, 1)
    assert sorted(index.hits.loc[index.hits["group"] == groups["N"], "nuts_id"]) == ["AA1", "AA2"]


def test_grouped_measures_match_the_per_programme_sum_on_the_fixture():
    p, a, c, r = _data()
    p = pd.concat([p, p[p["cci"] == "N"].assign(cci="N2")], ignore_index=True)
    c = pd.concat([c, c[c["cci"] == "N"].assign(cci="N2")], ignore_index=True)
    a = with_cents(pd.concat([a, pd.DataFrame([{"cci": "N2", "fund": "ERDF", "topic_id": "energy", "eu_amount": 7.5}])],
                             ignore_index=True))
    for level in (0, 1):
        for f in (Filters(), Filters(topics=("digital",)), Filters(funds=("ERDF",)), Filters(kinds=("Interreg",))):
            pd.testing.assert_frame_equal(mapdata.programme_amounts(p, a, f), _plain_amounts(p, a, f))
            for measure in MEASURE_KEYS:
                pd.testing.assert_frame_equal(
                    mapdata.region_measures(p, a, c, r, f, level, measure, planning={"N2", "I"}),
                    _per_programme(p, a, c, r, f, level, measure, planning={"N2", "I"}), check_exact=True)


@pytest.mark.slow
def test_grouped_measures_match_the_per_programme_sum_on_the_real_data(dataset):
    planning = set(dataset.programmes["cci"].iloc[::4])
    filters = [Filters(), Filters(period="2014-2020", countries=("IT",)), Filters(topics=("energy",)),
               Filters(period="2014-2020", funds=("ERDF", "CF"), topics=("digital", "energy")),
               Filters(search="no programme has this title")]
    for level in range(4):
        index = mapdata.coverage_index(dataset.coverage, dataset.regions, level)
        for f in filters:
            pd.testing.assert_frame_equal(mapdata.programme_amounts(dataset.programmes, dataset.allocations, f),
                                          _plain_amounts(dataset.programmes, dataset.allocations, f), check_exact=True)
            for measure in MEASURE_KEYS:
                args = (dataset.programmes, dataset.allocations, dataset.coverage, dataset.regions, f, level, measure)
                pd.testing.assert_frame_equal(mapdata.region_measures(*args, planning=planning, index=index),
                                              _per_programme(*args, planning=planning), check_exact=True)


def test_region_amounts_are_the_sum_of_the_covering_programmes_cents(dataset):
    """A region's amount is the integer sum of its programmes' whole cents, in euros, whatever order the groups
    come in."""
    from coopdata.geography.coverage import covered_regions

    f = Filters(period="2014-2020", topics=("energy",))
    amounts = mapdata.programme_amounts(dataset.programmes, dataset.allocations, f)
    for level in range(4):
        hits = covered_regions(dataset.coverage, dataset.regions, level).merge(amounts, on="cci")
        for measure in ("eu_amount", "eu_amount_topics"):
            exact = hits.dropna(subset=[measure]).groupby("nuts_id")[measure].agg(
                lambda cents: int(cents.astype("int64").sum()) / 100)
            got = mapdata.region_measures(dataset.programmes, dataset.allocations, dataset.coverage, dataset.regions,
                                          f, level, measure).set_index("nuts_id")["value"].dropna()
            pd.testing.assert_series_equal(got, exact.rename("value"), check_exact=True, check_index_type=False)
