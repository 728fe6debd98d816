"""Measures per NUTS region for the map, the programmes covering a region, and where partner candidates are.

Pure pandas. A programme counts in every region it covers all or part of (a national programme in
every region of its country), so regional figures overlap and do not add up to a national total.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from coopdata import amounts as money
from coopdata.analysis.actions import PLANNING
from coopdata.analysis.filters import Filters, programme_mask
from coopdata.geography.coverage import NUTS_VERSION, covered_regions, covering
from coopdata.prepared import AllocationCodes, Prepared, allocation_codes, prepared_for
from coopdata.vocabularies import former_members


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str


MEASURES = {m.key: m for m in (
    Measure("programmes", "Number of programmes", "programmes"),
    Measure("eu_amount", "EU amount planned by the programmes", "EUR"),
    Measure("eu_amount_topics", "EU amount for the chosen topics", "EUR"),
    Measure("planning", "Programmes planning cooperation actions", "programmes"),
)}
# Measures drawn from the imported cooperation-action database: offered only when one is loaded.
IMPORTED_MEASURES = ("planning",)
REGION_PLANNING_RULE = (f"Programmes planning cooperation actions: {PLANNING}; a region counts the planning "
                        "programmes covering it (all or part), each once.")


def measure_keys(database_loaded: bool) -> list[str]:
    return [k for k in MEASURES if database_loaded or k not in IMPORTED_MEASURES]

LEVELS = {0: "NUTS 0 (countries)", 1: "NUTS 1", 2: "NUTS 2", 3: "NUTS 3"}
MEASURE_COLUMNS = ["nuts_id", "name", "country", "value", "programmes", "approximate_programmes",
                   "programmes_with_amounts"]
KIND_ORDER = {"regional": 0, "multi-regional": 1, "national": 2, "Interreg": 3}


def regions_of_level(regions: pd.DataFrame, level: int, version: int = NUTS_VERSION) -> pd.DataFrame:
    return regions[(regions["nuts_version"] == version) & (regions["level"] == level) & ~regions["extra_regio"]]


def period_regions(regions: pd.DataFrame, period: str | None) -> pd.DataFrame:
    """The regions a period's map draws: a former Member State's only in its periods (the UK's in 2014-2020, or
    with no period chosen), not for 2021-2027."""
    gone = set(former_members()) - set(former_members(period))
    return regions[~regions["country"].isin(gone)] if gone else regions


def cci_amounts(allocations: pd.DataFrame, funds: tuple[str, ...] = (), topics: tuple[str, ...] = (),
                codes: AllocationCodes | None = None) -> np.ndarray:
    """Per CCI of the allocations, numbered by their codes (`codes`: Dataset.prepared.allocations): the EU cents of its rows in `funds` and
    `topics` (none chosen: all), NaN where no such row has an amount, and one more place, NaN, for a programme
    without allocation rows (number -1).

    Amounts are in whole cents (coopdata.amounts), so the sums are exact. A programme's amount depends on the
    chosen funds and topics only: the other filters choose programmes, not their rows, so these sums serve
    every period, country, kind and title search."""
    codes = allocation_codes(allocations, codes)
    cci = codes.cci.codes
    cents = money.cents_array(allocations["eu_cents"])
    rows = cci >= 0
    if funds:
        rows &= codes.fund.isin(funds)
    if topics:
        rows &= codes.topic_id.isin(topics)
    sums = np.append(money.group_cents(cci[rows], cents[rows], len(codes.cci.uniques)), np.nan)
    sums.flags.writeable = False  # may be shared (see programme_amounts)
    return sums


def programme_amounts(programmes: pd.DataFrame, allocations: pd.DataFrame, f: Filters,
                      sums: Callable[[tuple[str, ...], tuple[str, ...]], np.ndarray] | None = None,
                      prepared: Prepared | None = None, among: np.ndarray | None = None) -> pd.DataFrame:
    """cci, eu_amount (chosen funds, every topic), eu_amount_topics (chosen funds and topics), in whole cents.

    NaN where a programme has no amount in the source (2021-2027 amounts are partial). `sums(funds, topics)`:
    cci_amounts(allocations, funds, topics), e.g. kept from an earlier call (the default computes it).
    `prepared`: the tables' codes (Dataset.prepared); `among`: as in filters.programme_mask."""
    p = prepared_for(programmes, allocations, prepared)
    sums = sums or (lambda funds, topics: cci_amounts(allocations, funds, topics, p.allocations))
    passing = programme_mask(programmes, allocations, f, p, among)
    ccis = programmes["cci"][passing]
    where = p.numbers[passing]  # -1: no allocation row (the last place, NaN)
    topics_total = sums(f.funds, f.topics)[where]
    # No topic chosen: every topic is a chosen one.
    all_total = sums(f.funds, ())[where] if f.topics else topics_total
    # The CCIs' own (arrow) array: to_numpy would make Python strings that the frame turns back into arrow.
    return pd.DataFrame({"cci": ccis.array, "eu_amount": all_total, "eu_amount_topics": topics_total})


@dataclass(frozen=True)
class CoverageIndex:
    """The coverage pre-aggregated once per dataset and level: programmes with the same coverage rows (same
    codes, same approximate flags) form a group, and the regions of the level each group covers are found
    once for the group. A filter change then sums over groups (a few hundred, however many programmes)
    instead of over every (programme, region) pair (2.5 million at NUTS 3 with 100 times the programmes).

    The sums run over integer positions (np.bincount), no labels: `group_of`'s numbers, and each hit's
    position in `regions`."""

    group_of: pd.Series  # cci -> group number (0 .. groups - 1)
    hits: pd.DataFrame  # group, nuts_id, approximate: every region of the level a group covers
    regions: pd.DataFrame  # nuts_id, name, country: the level's regions, sorted by nuts_id
    hit_region: np.ndarray  # each hit's row in `regions`
    groups: int  # how many groups
    group_by_cci: dict[str, int]  # group_of as a dict: looking a few hundred CCIs up in it beats an Index's
    hit_group: np.ndarray  # hits' columns as arrays, read on every filter change
    hit_approximate: np.ndarray


def coverage_groups(coverage: pd.DataFrame, version: int = NUTS_VERSION) -> pd.Series:
    """cci -> group number; programmes share a number when their coverage rows of `version` are the same."""
    cov = coverage[coverage["nuts_version"] == version].sort_values(["cci", "nuts_id", "approximate"])
    row = pd.factorize(pd.MultiIndex.from_arrays([cov["nuts_id"], cov["approximate"]]))[0]
    cci = cov["cci"].to_numpy()
    starts = np.flatnonzero(np.r_[True, cci[1:] != cci[:-1]]) if len(cci) else np.array([], dtype=int)
    # A programme's rows, sorted, as one bytes value: equal bytes, equal coverage.
    signatures = pd.Series([rows.tobytes() for rows in np.split(row, starts[1:])] if len(cci) else [], dtype=object)
    return pd.Series(pd.factorize(signatures)[0], index=pd.Index(cci[starts], name="cci"), name="group")


def coverage_index(coverage: pd.DataFrame, regions: pd.DataFrame, level: int, version: int = NUTS_VERSION,
                   group_of: pd.Series | None = None) -> CoverageIndex:
    """`group_of`: coverage_groups(coverage, version), when already made (it serves every level)."""
    group_of = coverage_groups(coverage, version) if group_of is None else group_of
    first = group_of.groupby(group_of.to_numpy()).head(1)  # one programme stands for its group
    cov = coverage[coverage["cci"].isin(first.index)]
    hits = covered_regions(cov, regions, level, version)
    hits = pd.DataFrame({"group": hits["cci"].map(first).to_numpy(dtype="int64"),
                         "nuts_id": hits["nuts_id"].to_numpy(), "approximate": hits["approximate"].to_numpy()})
    table = regions_of_level(regions, level, version)[["nuts_id", "name", "country"]].sort_values(
        "nuts_id", ignore_index=True)
    return CoverageIndex(group_of, hits, table, pd.Index(table["nuts_id"]).get_indexer(hits["nuts_id"]),
                         int(group_of.max()) + 1 if len(group_of) else 0,
                         dict(zip(group_of.index.tolist(), group_of.tolist(), strict=True)),
                         hits["group"].to_numpy(), hits["approximate"].to_numpy(dtype=bool))


def amount_filters(f: Filters, measure: str) -> Filters:
    """The filters a measure's programmes and amounts are found with: "planning" takes its topics from the
    imported database, not from the public allocations."""
    return replace(f, topics=()) if measure == "planning" else f


def region_measures(programmes: pd.DataFrame, allocations: pd.DataFrame, coverage: pd.DataFrame,
                    regions: pd.DataFrame, f: Filters, level: int, measure: str,
                    version: int = NUTS_VERSION, planning: set[str] | None = None,
                    index: CoverageIndex | None = None, amounts: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per region of `level`: the measure's value, the programmes covering it (how many only
    approximately, e.g. Interreg by country) and how many of them have an amount in the source.

    Measure "planning" counts the covering programmes among `planning` (CCIs planning cooperation actions,
    from the imported database, already narrowed to the chosen topics); the topic filter then does not also
    require a public allocation in the topic, which 2021-2027 data often lacks.

    Made once and passed again (built here when not given): `index`, coverage_index(coverage, regions, level,
    version); `amounts`, programme_amounts(programmes, allocations, amount_filters(f, measure))."""
    index = index or coverage_index(coverage, period_regions(regions, f.period), level, version)
    if amounts is None:
        amounts = programme_amounts(programmes, allocations, amount_filters(f, measure))
    amount_column = measure if measure in ("eu_amount", "eu_amount_topics") else "eu_amount"
    # Per group of identical coverage: its programmes in the filters, those with an amount, the sum of their
    # amounts and those planning cooperation actions. Programmes covering nothing have no group.
    ccis = amounts["cci"].tolist()
    group = np.fromiter((index.group_by_cci.get(c, -1) for c in ccis), dtype=np.intp, count=len(ccis))
    known = group >= 0
    group = group[known]
    cents = amounts[amount_column].to_numpy(dtype="float64")[known]
    has_amount = ~np.isnan(cents)
    groups = index.groups
    programmes_g = np.bincount(group, minlength=groups)
    with_amounts_g = np.bincount(group[has_amount], minlength=groups)
    # Whole cents: exact sums, whatever order a region's groups come in.
    cents_g = np.bincount(group[has_amount], weights=cents[has_amount], minlength=groups)
    if measure == "planning":
        planning_g = np.bincount(group[amounts["cci"].isin(planning or set()).to_numpy()[known]], minlength=groups)
    # Per region: the sums of the groups covering it.
    hit_group, hit_region, approximate = index.hit_group, index.hit_region, index.hit_approximate
    n = len(index.regions)

    def per_region(per_group: np.ndarray, hits=slice(None)) -> np.ndarray:
        return np.bincount(hit_region[hits], weights=per_group[hit_group[hits]], minlength=n)

    programmes_r = per_region(programmes_g).astype("int64")
    with_amounts_r = per_region(with_amounts_g).astype("int64")
    if measure == "programmes":
        value = programmes_r.astype("float64")
    elif measure == "planning":  # a covered region where no programme plans actions has 0, not "no data"
        value = per_region(planning_g)
    else:  # no data where no covering programme has an amount
        value = np.where(with_amounts_r > 0, per_region(cents_g) / 100, np.nan)
    # One frame made from the columns (assign inserted them one by one into a copy: two thirds of this call).
    regions = index.regions
    return pd.DataFrame({"nuts_id": regions["nuts_id"].array, "name": regions["name"].array,
                         "country": regions["country"].array, "value": value, "programmes": programmes_r,
                         "approximate_programmes": per_region(programmes_g, approximate).astype("int64"),
                         "programmes_with_amounts": with_amounts_r}, copy=False)


def programmes_covering(programmes: pd.DataFrame, coverage: pd.DataFrame, nuts_id: str,
                        version: int = NUTS_VERSION) -> pd.DataFrame:
    """Every programme among `programmes` covering all or part of a region, regional ones first."""
    cov = covering(coverage[coverage["cci"].isin(programmes["cci"])], nuts_id, version)
    # A programme reaching the region by several codes keeps its most precise row.
    cov = cov.sort_values(["approximate", "level"], ascending=[True, False]).drop_duplicates("cci")
    out = cov.merge(programmes[["cci", "title", "kind", "interreg_strand", "period"]], on="cci")
    out["covers"] = out["nuts_id"]
    out = out.assign(order=out["kind"].map(KIND_ORDER)).sort_values(["order", "cci"], ignore_index=True)
    return out[["cci", "title", "kind", "interreg_strand", "covers", "basis", "approximate"]]


def covering_sentence(covering: pd.DataFrame, name: str) -> str:
    interreg = int((covering["kind"] == "Interreg").sum())
    return (f"**{len(covering)} programmes** cover {name} under the current filters "
            f"({len(covering) - interreg} mainstream, {interreg} Interreg).")


def region_options(regions: pd.DataFrame, version: int = NUTS_VERSION, period: str | None = None) -> dict[str, str]:
    """nuts_id -> 'Name (CODE, NUTS n)' for the region search, NUTS 3 first then coarser levels; with a period,
    the regions of its Member States only."""
    r = regions[(regions["nuts_version"] == version) & ~regions["extra_regio"]]
    r = period_regions(r, period) if period else r
    r = r.sort_values(["level", "nuts_id"], ascending=[False, True])
    names = r["name_latin"] if "name_latin" in r else r["name"]
    labels = [f"{n} ({c}, NUTS {lv})" if n == m else f"{n} / {m} ({c}, NUTS {lv})"
              for n, m, c, lv in zip(r["name"], names, r["nuts_id"], r["level"], strict=True)]
    return dict(zip(r["nuts_id"], labels, strict=True))


CANDIDATE_COLUMNS = ["nuts_id", "name", "best_rank", "best_cci", "best_title", "candidates", "approximate"]


def candidate_regions(ranked, coverage: pd.DataFrame, regions: pd.DataFrame, level: int = 2,
                      version: int = NUTS_VERSION, country_names: dict[str, str] | None = None,
                      covered: pd.DataFrame | None = None) -> pd.DataFrame:
    """Where partner-search candidates are: one row per region of `level` that a candidate covers in a
    country it offers (its own and left-out countries are no place for partners), with the best rank
    covering it (rank = position in `ranked`, 1 = best), that candidate, how many candidates cover it,
    and whether every one of them covers it only approximately (e.g. Interreg known by country).

    Countries without NUTS regions in `regions` (non-EU partners of Interreg programmes: CH, NO...)
    get one row each, at country level. `ranked`: (cci, title, offered country codes) of each candidate, best
    first, as partners.search's matches give them. `covered`: covered_regions(coverage, regions, level, version) of
    the whole coverage table, when it is made once for many calls.
    """
    ranks = pd.DataFrame([(i, cci, title, c) for i, (cci, title, offered) in enumerate(ranked, start=1)
                          for c in offered], columns=["rank", "cci", "title", "country"])
    cov = coverage[coverage["cci"].isin(ranks["cci"]) & (coverage["nuts_version"] == version)]
    inside = (covered_regions(cov, regions, level, version) if covered is None
              else covered[covered["cci"].isin(ranks["cci"])])
    known = set(regions_of_level(regions, level, version)["country"])
    outside = cov[~cov["nuts_id"].str[:2].isin(known)].assign(nuts_id=lambda d: d["nuts_id"].str[:2])
    outside = outside.groupby(["cci", "nuts_id"], as_index=False)["approximate"].all()
    hits = pd.concat([inside, outside], ignore_index=True)
    hits = hits.assign(country=hits["nuts_id"].str[:2]).merge(ranks, on=["cci", "country"])
    if hits.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    best = hits.sort_values(["nuts_id", "rank"]).drop_duplicates("nuts_id").set_index("nuts_id")
    grouped = hits.groupby("nuts_id")
    out = pd.DataFrame({"best_rank": best["rank"], "best_cci": best["cci"], "best_title": best["title"],
                        "candidates": grouped["cci"].nunique(), "approximate": grouped["approximate"].all()})
    names = {**(country_names or {}), **regions_of_level(regions, level, version).set_index("nuts_id")["name"]}
    out = out.reset_index().assign(name=lambda d: d["nuts_id"].map(lambda c: names.get(c, c)))
    return out[CANDIDATE_COLUMNS].sort_values("nuts_id", ignore_index=True)
