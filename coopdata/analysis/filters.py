"""The shared filters every page applies, as plain data.

A programme passes when it matches every filter that is set. Multi-valued fields (funds, countries)
match when any of their values is selected. The topic filter keeps programmes with at least one
allocation row in a chosen topic, and keeps only those allocation rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Filters:
    period: str = "2021-2027"
    funds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    search: str = ""

    def is_default(self) -> bool:
        return not (self.funds or self.countries or self.topics or self.kinds or self.search)


def _any_in(values: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    wanted_set = set(wanted)
    return values.map(lambda vs: bool(wanted_set.intersection(vs)))


def filter_programmes(programmes: pd.DataFrame, allocations: pd.DataFrame, f: Filters) -> pd.DataFrame:
    keep = programmes["period"].eq(f.period) if f.period else pd.Series(True, index=programmes.index)
    if f.funds:
        keep &= _any_in(programmes["funds"], f.funds)
    if f.countries:
        keep &= _any_in(programmes["countries"], f.countries)
    if f.kinds:
        keep &= programmes["kind"].isin(f.kinds)
    if f.search:
        keep &= programmes["title"].str.contains(f.search.strip(), case=False, regex=False, na=False)
    if f.topics:
        with_topic = allocations.loc[allocations["topic_id"].isin(f.topics), "cci"].unique()
        keep &= programmes["cci"].isin(with_topic)
    return programmes[keep]


def filter_allocations(allocations: pd.DataFrame, programmes_kept: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Allocation rows of the kept programmes, narrowed to the chosen funds and topics."""
    keep = allocations["cci"].isin(programmes_kept["cci"])
    if f.funds:
        keep &= allocations["fund"].isin(f.funds)
    if f.topics:
        keep &= allocations["topic_id"].isin(f.topics)
    return allocations[keep]


def apply(programmes: pd.DataFrame, allocations: pd.DataFrame, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    kept = filter_programmes(programmes, allocations, f)
    return kept, filter_allocations(allocations, kept, f)
