"""The shared filters every page applies, as plain data.

A programme passes when it matches every filter that is set. Multi-valued fields (funds, countries)
match when any of their values is selected. The topic filter keeps programmes with at least one
allocation row in a chosen topic, and keeps only those allocation rows.

Columns are compared through integer codes (coopdata.prepared). The pages pass the codes made when the dataset
was loaded (`prepared`, `codes`: Dataset.prepared); without them a function makes the codes of the tables it
is given, so any table (a test's fixture, a subset) is filtered as itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from coopdata.prepared import AllocationCodes, Prepared, allocation_codes, prepared_for


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


def programme_mask(programmes: pd.DataFrame, allocations: pd.DataFrame, f: Filters,
                   prepared: Prepared | None = None, among: np.ndarray | None = None) -> np.ndarray:
    """Which programmes pass the filters, as a boolean mask over `programmes`; `among`: a mask of the programmes
    that may pass (an action filter's, None: all)."""
    p = prepared_for(programmes, allocations, prepared)
    keep = p.period.isin((f.period,)) if f.period else np.ones(len(programmes), dtype=bool)
    if among is not None:
        keep &= among
    if f.funds:
        keep &= p.funds.any_in(f.funds)
    if f.countries:
        keep &= p.countries.any_in(f.countries)
    if f.kinds:
        keep &= p.kind.isin(f.kinds)
    if f.search:
        keep &= programmes["title"].str.contains(f.search.strip(), case=False, regex=False,
                                                 na=False).to_numpy(dtype=bool)
    if f.topics:
        cci = p.allocations.cci.codes
        with_topic = np.zeros(len(p.allocations.cci.uniques) + 1, dtype=bool)  # the last place: no allocation row
        with_topic[cci[p.allocations.topic_id.isin(f.topics) & (cci >= 0)]] = True
        keep &= with_topic[p.numbers]
    return keep


def funds_unstated(programmes: pd.DataFrame, allocations: pd.DataFrame, f: Filters,
                   prepared: Prepared | None = None, among: np.ndarray | None = None) -> pd.Series:
    """The CCIs a fund filter leaves out only because no loaded source states their funds (2021-2027 multi-fund
    programmes that neither the finances, their titles nor the sourced funds table name funds for): they pass
    every other filter and list no fund. Empty when no fund is chosen. `among` as in programme_mask."""
    if not f.funds:
        return programmes["cci"].iloc[:0]
    p = prepared_for(programmes, allocations, prepared)
    return programmes["cci"][p.funds.listing_none() & programme_mask(programmes, allocations, replace(f, funds=()),
                                                                     p, among)]


def filter_programmes(programmes: pd.DataFrame, allocations: pd.DataFrame, f: Filters,
                      prepared: Prepared | None = None) -> pd.DataFrame:
    return programmes[programme_mask(programmes, allocations, f, prepared)]


def _rows_in(codes: AllocationCodes, numbers: np.ndarray, f: Filters) -> np.ndarray:
    """The allocation rows of the programmes whose CCI codes are `numbers` (Prepared.numbers) in the chosen funds
    and topics."""
    kept = np.zeros(len(codes.cci.uniques) + 1, dtype=bool)  # the last place: code -1, a row without a CCI
    kept[numbers[numbers >= 0]] = True
    keep = kept[codes.cci.codes]
    if f.funds:
        keep &= codes.fund.isin(f.funds)
    if f.topics:
        keep &= codes.topic_id.isin(f.topics)
    return keep


def allocation_mask(allocations: pd.DataFrame, kept_ccis: pd.Series, f: Filters,
                    codes: AllocationCodes | None = None) -> np.ndarray:
    """Which allocation rows belong to the kept programmes (their CCIs) and the chosen funds and topics, as a
    boolean mask over `allocations`."""
    codes = allocation_codes(allocations, codes)
    return _rows_in(codes, codes.cci.uniques.get_indexer(kept_ccis), f)


def programme_rows(programmes: pd.DataFrame, allocations: pd.DataFrame, passing: np.ndarray, f: Filters,
                   prepared: Prepared | None = None) -> np.ndarray:
    """allocation_mask(allocations, programmes["cci"][passing], f) by the programmes' CCI codes (no string looked
    up)."""
    p = prepared_for(programmes, allocations, prepared)
    return _rows_in(p.allocations, p.numbers[passing], f)


def filter_allocations(allocations: pd.DataFrame, programmes_kept: pd.DataFrame, f: Filters,
                       codes: AllocationCodes | None = None) -> pd.DataFrame:
    """Allocation rows of the kept programmes, narrowed to the chosen funds and topics."""
    return allocations[allocation_mask(allocations, programmes_kept["cci"], f, codes)]


def apply(programmes: pd.DataFrame, allocations: pd.DataFrame, f: Filters, prepared: Prepared | None = None,
          among: np.ndarray | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The programmes passing the filters (among `among`, as in programme_mask) and their allocation rows in the
    chosen funds and topics."""
    p = prepared_for(programmes, allocations, prepared)
    passing = programme_mask(programmes, allocations, f, p, among)
    return programmes[passing], allocations[programme_rows(programmes, allocations, passing, f, p)]
