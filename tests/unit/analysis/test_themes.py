"""Thematic distribution on a tiny hand-made fixture (fictional programmes), then on the real data.

Fixture, 2021-2027: P1 (AT, ERDF) research 60 + energy 40; P2 (DE, ESF+) employment 50 + social inclusion
with no amount; P3 (AT, ERDF) research with no amount. 2014-2020: P4 (AT, ERDF) research 40 + energy 10;
P5 (DE, ESF) employment 40 + technical assistance 10.
"""

import math

import pandas as pd
import pytest

from coopdata.amounts import format_eur, format_share
from coopdata.analysis import themes
from coopdata.analysis.filters import Filters, allocation_mask, apply, filter_programmes
from coopdata.vocabularies import NON_THEMATIC_TOPICS, VOCAB_DIR, objective_topics, topics
from tests.conftest import with_cents

NAN = float("nan")
PROGRAMMES = pd.DataFrame({
    "cci": ["P1", "P2", "P3", "P4", "P5"],
    "period": ["2021-2027"] * 3 + ["2014-2020"] * 2,
    "title": ["One", "Two", "Three", "Four", "Five"],
    "country": ["AT", "DE", "AT", "AT", "DE"],
    "countries": [["AT"], ["DE"], ["AT"], ["AT"], ["DE"]],
    "funds": [["ERDF"], ["ESF+"], ["ERDF"], ["ERDF"], ["ESF"]],
    "kind": ["regional", "national", "regional", "regional", "national"],
})
ALLOCATIONS = with_cents(pd.DataFrame([
    ("P1", "2021-2027", "ERDF", "RSO1.1", "PO1", "research_innovation", 60.0),
    ("P1", "2021-2027", "ERDF", "RSO2.1", "PO2", "energy", 40.0),
    ("P2", "2021-2027", "ESF+", "ESO4.1", "PO4", "employment", 50.0),
    ("P2", "2021-2027", "ESF+", "ESO4.8", "PO4", "social_inclusion", NAN),
    ("P3", "2021-2027", "ERDF", "RSO1.1", "PO1", "research_innovation", NAN),
    ("P4", "2014-2020", "ERDF", "TO01", None, "research_innovation", 40.0),
    ("P4", "2014-2020", "ERDF", "TO04", None, "energy", 10.0),
    ("P5", "2014-2020", "ESF", "TO08", None, "employment", 40.0),
    ("P5", "2014-2020", "ESF", "TA", None, "technical_assistance", 10.0),
], columns=["cci", "period", "fund", "objective_code", "policy_objective", "topic_id", "eu_amount"]))


def selection(f: Filters | None = None):
    return apply(PROGRAMMES, ALLOCATIONS, f or Filters())


def test_topics_count_programmes_once_and_keep_unknown_amounts_unknown():
    _, a = selection()
    d = themes.topic_distribution(a, topics()).set_index("topic_id")
    assert list(d.index) == ["research_innovation", "employment", "energy", "social_inclusion"]
    assert d["programmes"].to_dict() == {"research_innovation": 2, "employment": 1, "energy": 1,
                                         "social_inclusion": 1}
    assert d.loc["research_innovation", "eu_amount"] == 60.0
    assert d.loc["research_innovation", "programmes_with_amount"] == 1
    assert math.isnan(d.loc["social_inclusion", "eu_amount"])  # listed, no amount: not a 0
    assert d.loc["research_innovation", "share"] == pytest.approx(40.0)  # 60 of 150
    assert d.loc["research_innovation", "programme_share"] == pytest.approx(200 / 3)  # 2 of 3 programmes
    assert d["share"].sum() == pytest.approx(100.0)
    assert d.loc["research_innovation", "topic"] == "Research & innovation"


def test_leaving_out_non_thematic_topics_reshapes_the_total():
    _, a = selection(Filters(period="2014-2020"))
    d = themes.topic_distribution(a, topics(), exclude=NON_THEMATIC_TOPICS).set_index("topic_id")
    assert "technical_assistance" not in d.index
    assert d["share"].to_dict() == pytest.approx({"research_innovation": 40 / 90 * 100, "employment": 40 / 90 * 100,
                                                  "energy": 10 / 90 * 100})


def test_objectives_under_topics_or_policy_objectives():
    _, a = selection()
    by_po = themes.objective_distribution(a, objective_topics(), topics(), parent="policy_objective")
    assert list(zip(by_po["parent_id"], by_po["objective_code"], by_po["programmes"], strict=True)) == [
        ("PO1", "RSO1.1", 2), ("PO2", "RSO2.1", 1), ("PO4", "ESO4.1", 1), ("PO4", "ESO4.8", 1)]
    assert by_po.loc[0, "parent"] == "PO1 A more competitive and smarter Europe"
    assert by_po.loc[0, "objective"] == "Enhancing research and innovation"
    by_topic = themes.objective_distribution(a, objective_topics(), topics(), parent="topic")
    assert by_topic.set_index("objective_code").loc["RSO2.1", "parent"] == "Energy & low carbon"
    assert by_topic["share"].sum() == pytest.approx(100.0)


def test_topics_of_the_selected_rows_each_once():
    assert sorted(themes.topics_of(ALLOCATIONS, ALLOCATIONS["cci"].isin(["P1", "P3", "P4"]).to_numpy())) == [
        "energy", "research_innovation"]
    assert themes.topics_of(ALLOCATIONS, (ALLOCATIONS["cci"] == "none").to_numpy()) == []


def test_amount_note_says_how_partial_2021_amounts_are():
    p, a = selection()
    assert themes.amount_note("2021-2027", p, a).startswith("EU amounts are known for 2 of 3 programmes: the "
                                                             "published 2021-2027 finances loaded here are a partial")
    p, a = selection(Filters(period="2014-2020"))
    assert "complete" in themes.amount_note("2014-2020", p, a)


def test_topic_split_by_fund_and_country():
    p, a = selection()
    by_fund = themes.topic_split(a, p, topics(), "fund")
    assert set(zip(by_fund["topic_id"], by_fund["fund"], by_fund["programmes"], strict=True)) == {
        ("research_innovation", "ERDF", 2), ("energy", "ERDF", 1), ("employment", "ESF+", 1),
        ("social_inclusion", "ESF+", 1)}
    by_country = themes.topic_split(a, p, topics(), "country").set_index(["topic_id", "country"])
    assert by_country.loc[("research_innovation", "AT"), "eu_amount"] == 60.0


def test_counterpart_funds_for_the_other_period():
    assert themes.counterpart_filters(Filters(funds=("ESF+",)), "2014-2020").funds == ("ESF", "YEI")
    assert themes.counterpart_filters(Filters(period="2014-2020", funds=("EMFF", "ERDF")), "2021-2027").funds == (
        "EMFAF", "ERDF")
    # JTF has no 2014-2020 counterpart: the other period must come out empty, not unfiltered.
    jtf = themes.counterpart_filters(Filters(funds=("JTF",)), "2014-2020")
    assert apply(PROGRAMMES, ALLOCATIONS, jtf)[0].empty


def test_period_shift_on_programme_and_amount_shares():
    s = themes.period_shift(PROGRAMMES, ALLOCATIONS, topics(), Filters()).set_index("topic_id")
    assert list(s.index) == ["research_innovation", "energy", "employment", "social_inclusion",
                             "technical_assistance"]
    assert s.loc["research_innovation", "programme_share_2014"] == pytest.approx(50.0)  # P4 of P4, P5
    assert s.loc["research_innovation", "programme_share_2021"] == pytest.approx(200 / 3)  # P1, P3 of 3
    assert s.loc["energy", "share_change"] == pytest.approx(40 / 150 * 100 - 10.0)
    assert s.loc["social_inclusion", "programmes_2014"] == 0
    assert s.loc["technical_assistance", "share_2021"] == 0.0
    rural = with_cents(pd.DataFrame([("P6", "2014-2020", "EAFRD", "TO04", None, "energy", 500.0)],
                                    columns=ALLOCATIONS.columns.drop("eu_cents")))
    programmes = pd.concat([PROGRAMMES, pd.DataFrame({"cci": ["P6"], "period": ["2014-2020"], "title": ["Rural"],
                                                      "country": ["AT"], "countries": [["AT"]], "funds": [["EAFRD"]],
                                                      "kind": ["regional"]})], ignore_index=True)
    with_rural = themes.period_shift(programmes, pd.concat([ALLOCATIONS, rural], ignore_index=True), topics(),
                                     Filters()).set_index("topic_id")
    pd.testing.assert_frame_equal(with_rural, s)  # EAFRD has no 2021-2027 counterpart: left out
    esf = themes.period_shift(PROGRAMMES, ALLOCATIONS, topics(), Filters(funds=("ESF+",))).set_index("topic_id")
    assert esf["programmes_2014"].to_dict() == {"employment": 1, "social_inclusion": 0, "technical_assistance": 1}


def test_formatting_for_reading_aloud():
    assert format_eur(5_866_106_123.0) == "€5.87 bn"
    assert format_eur(823_263_000.0) == "€823.3 m"
    assert format_eur(30.0) == "€30"
    assert format_eur(NAN) == "no amount"
    assert format_share(13.136) == "13.1%"
    assert format_share(0.02) == "<0.1%"
    assert format_share(0.0) == "0.0%"


# --- Real data: Italy 2014-2020, all funds of its own programmes (Interreg programmes, MS 'TC' in the
# source, are left out by the kind filter), against the source CSV with the TO -> topic mapping.

@pytest.fixture(scope="module")
def italy_from_source(mirror):
    from coopdata.sources import esif_2014_2020

    src = pd.read_csv(mirror / "raw" / esif_2014_2020.FILE, dtype={"TO_code": str})
    src = src[src["MS"] == "IT"]
    mapping = pd.read_csv(VOCAB_DIR / "objective_topics.csv", dtype=str)
    mapping = mapping[mapping["period"] == "2014-2020"].set_index("objective_code")["topic_id"]
    codes = src["TO_code"].map(lambda c: f"TO{c}" if c.isdigit() else c)
    return src.groupby(codes.map(mapping))["EU Amount"].sum()


def test_italy_2014_eu_amount_per_topic_equals_the_source(dataset, italy_from_source):
    f = Filters(period="2014-2020", countries=("IT",), kinds=("national", "regional", "multi-regional"))
    _, a = apply(dataset.programmes, dataset.allocations, f)
    d = themes.topic_distribution(a, dataset.topics).set_index("topic_id")
    assert d["eu_amount"].sort_index().to_dict() == pytest.approx(italy_from_source.sort_index().to_dict(), abs=0.01)
    assert d.loc["employment", "eu_amount"] == pytest.approx(italy_from_source["employment"], abs=0.01)
    assert d["share"].sum() == pytest.approx(100.0)


def test_2021_distribution_counts_programmes_apart_from_amounts(dataset):
    p, a = apply(dataset.programmes, dataset.allocations, Filters(period="2021-2027"))
    d = themes.topic_distribution(a, dataset.topics)
    assert themes.amount_note("2021-2027", p, a).startswith("EU amounts are known for 177 of 368 programmes")
    assert (d["programmes"] >= d["programmes_with_amount"]).all()
    assert d["eu_amount"].sum() == pytest.approx(19_364_887_688.36, abs=0.01)
    assert d["share"].sum() == pytest.approx(100.0)
    # Rows listed without any amount (e.g. the ESF+ objective derived from the fund) have no amount, not 0.
    assert math.isnan(d.set_index("topic_id").loc["not_specified", "eu_amount"])


# ---- the grouped measures give exactly what plain groupby gave ---------------------------------------------------

def _fsum(cents):
    """The integer sum of the known cents, in euros; NaN when none is known: what every figure of Themes shows."""
    known = cents.dropna()
    return int(known.astype("int64").sum()) / 100 if len(known) else float("nan")


def _plain_measures(allocations, keys, programmes_total):
    g = allocations.groupby(keys, dropna=False)
    out = pd.DataFrame({
        "programmes": g["cci"].nunique(),
        "eu_amount": g["eu_cents"].agg(_fsum).astype("float64"),
        "programmes_with_amount": allocations[allocations["eu_amount"].notna()].groupby(keys)["cci"].nunique(),
    })
    out["programmes_with_amount"] = out["programmes_with_amount"].fillna(0).astype(int)
    total = _fsum(allocations["eu_cents"])
    out["share"] = out["eu_amount"] / total * 100 if total else float("nan")
    out["programme_share"] = out["programmes"] / programmes_total * 100 if programmes_total else float("nan")
    return out.reset_index()


def _plain_topic_distribution(allocations, topics, exclude=()):
    """The distributions as first written (groupby on the filtered rows): the reference for the grouped ones."""
    rows = allocations[~allocations["topic_id"].isin(exclude)]
    out = _plain_measures(rows, ["topic_id"], rows["cci"].nunique())
    out.insert(1, "topic", out["topic_id"].map(dict(zip(topics["topic_id"], topics["label"], strict=True))))
    out = out.sort_values(["eu_amount", "programmes", "topic_id"], ascending=[False, False, True],
                          na_position="last", ignore_index=True)
    return out[["topic_id", "topic", "programmes", "programme_share", "eu_amount", "share", "programmes_with_amount"]]


def _plain_objective_distribution(allocations, objectives, topics, parent="topic", exclude=()):
    rows = allocations[~allocations["topic_id"].isin(exclude)]
    parent_col = "topic_id" if parent == "topic" else "policy_objective"
    out = _plain_measures(rows, [parent_col, "objective_code"], rows["cci"].nunique())
    out = out.rename(columns={parent_col: "parent_id"})
    labels = dict(zip(topics["topic_id"], topics["label"], strict=True)) if parent == "topic" else \
        themes.POLICY_OBJECTIVES
    out.insert(1, "parent", out["parent_id"].map(labels).fillna(out["parent_id"]))
    names = objectives.drop_duplicates("objective_code").set_index("objective_code")["objective_name"]
    out.insert(3, "objective", out["objective_code"].map(names).fillna(out["objective_code"]))
    out = out.sort_values(["parent_id", "eu_amount", "programmes", "objective_code"],
                          ascending=[True, False, False, True], na_position="last", ignore_index=True)
    return out[["parent_id", "parent", "objective_code", "objective", "programmes", "eu_amount", "share"]]


def _plain_topic_split(allocations, programmes, topics, by, exclude=()):
    rows = allocations[~allocations["topic_id"].isin(exclude)]
    if by == "country":
        rows = rows.assign(country=rows["cci"].map(programmes.set_index("cci")["country"]))
    out = _plain_measures(rows, ["topic_id", by], rows["cci"].nunique())
    out.insert(1, "topic", out["topic_id"].map(dict(zip(topics["topic_id"], topics["label"], strict=True))))
    return out[["topic_id", "topic", by, "programmes", "eu_amount", "share"]]


def _plain_period_shift(programmes, allocations, topics, f):
    parts, has_amounts = [], {}
    allocations = allocations[["cci", "fund", "topic_id", "eu_amount", "eu_cents"]]
    for period in ("2014-2020", "2021-2027"):
        _, allocs = apply(programmes, allocations, themes.counterpart_filters(f, period))
        allocs = allocs[~allocs["fund"].isin(themes.FUNDS_WITHOUT_COUNTERPART)]
        has_amounts[period[:4]] = allocs["eu_amount"].notna().any()
        d = _plain_topic_distribution(allocs, topics, exclude=("not_specified",)).set_index("topic_id")
        parts.append(d[["programmes", "programme_share", "eu_amount", "share"]].add_suffix(f"_{period[:4]}"))
    out = pd.concat(parts, axis=1)
    labels = dict(zip(topics["topic_id"], topics["label"], strict=True))
    out = out.reindex([t for t in topics["topic_id"] if t != "not_specified"])
    counts = [c for c in out.columns if c.startswith("programmes_")]
    out[counts] = out[counts].fillna(0).astype(int)
    for year, known in has_amounts.items():
        out[f"programme_share_{year}"] = out[f"programme_share_{year}"].fillna(0.0)
        if known:
            out[f"share_{year}"] = out[f"share_{year}"].fillna(0.0)
    out["programme_share_change"] = out["programme_share_2021"] - out["programme_share_2014"]
    out["share_change"] = out["share_2021"] - out["share_2014"]
    out.insert(0, "topic", out.index.map(labels))
    keep = (out["programmes_2014"] > 0) | (out["programmes_2021"] > 0)
    return out[keep].rename_axis("topic_id").reset_index()


def _assert_same_as_plain(programmes, allocations, objectives, topic_table, f, exclude, grouped):
    """Every table from the dataset's groups and a row mask equals the plain groupby on the filtered frame."""
    equal = lambda a, b: pd.testing.assert_frame_equal(a, b, check_exact=True)  # noqa: E731
    progs, allocs = apply(programmes, allocations, f)
    rows = allocation_mask(allocations, progs["cci"], f)
    dist = _plain_topic_distribution(allocs, topic_table, exclude)
    equal(themes.topic_distribution(allocations, topic_table, exclude, rows, grouped["topic"]), dist)
    equal(themes.figures_table(dist), dist.drop(columns="topic_id").rename(columns=themes.FIGURE_COLUMNS))
    equal(themes.topic_distribution(allocs, topic_table, exclude), dist)  # a filtered frame, no groups given
    for parent in ("topic", "policy_objective"):
        equal(themes.objective_distribution(allocations, objectives, topic_table, parent, exclude, rows,
                                            grouped[f"objective by {parent}"]),
              _plain_objective_distribution(allocs, objectives, topic_table, parent, exclude))
    equal(themes.topic_split(allocations, programmes, topic_table, "fund", exclude, rows, grouped["fund"]),
          _plain_topic_split(allocs, progs, topic_table, "fund", exclude))
    equal(themes.topic_split(themes.with_country(allocations, programmes), programmes, topic_table, "country", exclude,
                             rows, grouped["country"]),
          _plain_topic_split(allocs, progs, topic_table, "country", exclude))
    equal(themes.topic_split(allocs, progs, topic_table, "country", exclude),
          _plain_topic_split(allocs, progs, topic_table, "country", exclude))
    shift = _plain_period_shift(programmes, allocations, topic_table, f)
    equal(themes.period_shift(programmes, allocations, topic_table, f, grouped["topic"]), shift)
    counterparts = {period: themes.counterpart_filters(f, period) for period in ("2014-2020", "2021-2027")}
    selected = {period: allocation_mask(allocations, filter_programmes(programmes, allocations, g)["cci"], g)
                for period, g in counterparts.items()}
    equal(themes.period_shift(programmes, allocations, topic_table, f, grouped["topic"], selected), shift)
    assert themes.amount_coverage(allocations, rows) == (allocs["cci"].nunique(),
                                                         allocs.loc[allocs["eu_amount"].notna(), "cci"].nunique())


def _groups(programmes, allocations):
    return {"topic": themes.group_rows(allocations, themes.TOPIC),
            **{f"objective by {parent}": themes.group_rows(allocations, themes.objective_groups(parent))
               for parent in ("topic", "policy_objective")},
            "fund": themes.group_rows(allocations, ("topic_id", "fund")),
            "country": themes.group_rows(themes.with_country(allocations, programmes), ("topic_id", "country"))}


FILTER_SETTINGS = [Filters(), Filters(period="2014-2020"), Filters(period="2014-2020", funds=("ERDF",)),
                   Filters(period="2014-2020", countries=("IT",)), Filters(topics=("energy",)),
                   Filters(search="interreg"), Filters(funds=("ESF+",)), Filters(kinds=("Interreg",)),
                   Filters(period="2014-2020", funds=("ERDF", "CF"), topics=("digital", "energy")),
                   Filters(search="no programme has this title")]


def test_grouped_tables_match_plain_groupby_on_the_fixture():
    # A row without a policy objective and one without an amount in a topic with amounts: missing keys and
    # amounts must group and sum as groupby(dropna=False) does.
    allocations = pd.concat([ALLOCATIONS, with_cents(pd.DataFrame([
        ("P1", "2021-2027", "ERDF", "RSO2.1", None, "energy", NAN), ("P2", "2021-2027", "ESF+", "TA", "TA",
                                                                       "technical_assistance", 0.1)],
        columns=ALLOCATIONS.columns.drop("eu_cents")))], ignore_index=True)
    grouped = _groups(PROGRAMMES, allocations)
    for f in FILTER_SETTINGS:
        for exclude in ((), NON_THEMATIC_TOPICS):
            _assert_same_as_plain(PROGRAMMES, allocations, objective_topics(), topics(), f, exclude, grouped)


@pytest.mark.slow
def test_grouped_tables_match_plain_groupby_on_the_real_data(dataset):
    grouped = _groups(dataset.programmes, dataset.allocations)
    for f in FILTER_SETTINGS:
        for exclude in ((), NON_THEMATIC_TOPICS):
            _assert_same_as_plain(dataset.programmes, dataset.allocations, dataset.objectives, dataset.topics, f,
                                  exclude, grouped)


def test_amounts_are_ranked_only_when_known_for_at_least_half_the_programmes():
    assert themes.amounts_rankable(368, 184) and not themes.amounts_rankable(368, 183)
    assert not themes.amounts_rankable(0, 0)
    assert themes.known_for(177, 368) == "known for 177 of 368 programmes"
