"""The shared filters every page applies, as plain data.

A programme passes when it matches every filter that is set. Multi-valued fields (funds, countries)
match when any of their values is selected. The topic filter keeps programmes with at least one
allocation row in a chosen topic, and keeps only those allocation rows.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.arrays import ArrowExtensionArray, NumpyExtensionArray


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


# Columns are read through integer codes made once per column and kept while the column's data lives (the
# dataset's tables live as long as the app), so a filter change compares small integers instead of strings.
_CODES: dict[tuple, tuple[weakref.ref, object]] = {}


def _owner(values: pd.Series) -> tuple[object, tuple]:
    """The object holding a column's data (the same one at every access, and in a frame of some of the
    columns) and where the column lies in it.

    Arrow-backed columns are held by their arrow array; numpy-backed ones are views of a block shared with
    other columns, told apart by their address in it."""
    array = values.array
    if not isinstance(array, NumpyExtensionArray):
        return (array.__arrow_array__() if isinstance(array, ArrowExtensionArray) else array), ()
    view = values.to_numpy()
    owner = view if view.base is None else view.base
    return owner, (view.__array_interface__["data"][0], view.shape, view.strides)


def _memo(values: pd.Series, kind: str, build):
    owner, place = _owner(values)
    key = (id(owner), place, kind)
    hit = _CODES.get(key)
    if hit is not None and hit[0]() is owner:
        return hit[1]
    value = build(values.array)
    # Dropped with the data, so later data at the same address never finds it.
    _CODES[key] = (weakref.ref(owner, lambda _, key=key: _CODES.pop(key, None)), value)
    return value


def column_codes(values: pd.Series) -> tuple[np.ndarray, object]:
    """(code per row, the distinct values as an array): -1 for a missing value."""
    def build(array):
        codes, uniques = pd.factorize(array, use_na_sentinel=True)
        # Kept for the life of the table: int32 halves the memory (500,000 rows: 2 MB a column).
        return codes.astype(np.int32), uniques
    return _memo(values, "factorized", build)


def in_set(values, wanted) -> np.ndarray:
    """values.isin(wanted) as a numpy mask, by arrow's hash set (on strings many times faster than pandas')."""
    values = pa.array(values, from_pandas=True)
    wanted = pa.array(wanted, from_pandas=True).cast(values.type)
    return pc.is_in(values, value_set=wanted).to_numpy(zero_copy_only=False)


def _chosen(positions: dict, size: int, wanted) -> np.ndarray:
    """A mask over `size` codes, True at the codes of `wanted` (by a dict of value -> code: building a pandas
    Index to ask isin cost 0.3 ms a call, and a filter change makes a dozen such calls)."""
    chosen = np.zeros(size, dtype=bool)
    for value in wanted:
        code = positions.get(value)
        if code is not None:
            chosen[code] = True
    return chosen


def _positions(uniques) -> dict:
    return {value: code for code, value in enumerate(uniques)}


def isin(values: pd.Series, wanted) -> np.ndarray:
    """values.isin(wanted) as a numpy mask, through the column's codes."""
    codes, uniques = column_codes(values)
    positions = _memo(values, "positions", lambda _: _positions(uniques))
    return _chosen(positions, len(uniques) + 1, wanted)[codes]  # the last place, code -1 (missing): never chosen


def exploded(values: pd.Series) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """A multi-valued column as (row position, value code) pairs, and the distinct values."""
    def build(array):
        lists = [v if isinstance(v, list | tuple | np.ndarray) else () for v in array]
        rows = np.repeat(np.arange(len(lists)), [len(v) for v in lists])
        codes, uniques = pd.factorize(np.array([x for v in lists for x in v], dtype=object))
        return rows, codes, pd.Index(uniques)
    return _memo(values, "exploded", build)


def _any_in(values: pd.Series, wanted: tuple[str, ...]) -> np.ndarray:
    """Rows of a multi-valued column with at least one of `wanted`."""
    rows, codes, uniques = exploded(values)
    positions = _memo(values, "exploded positions", lambda _: _positions(uniques))
    keep = np.zeros(len(values), dtype=bool)
    keep[rows[_chosen(positions, len(uniques) + 1, wanted)[codes]]] = True  # code -1 (missing): never
    return keep


def prepare(programmes: pd.DataFrame, allocations: pd.DataFrame) -> None:
    """Make the codes of every column the filters read, ahead of the first filter change that needs them
    (about 0.3 s for 100 times the real tables), so no later change of filters pays for them."""
    for column in ("funds", "countries"):
        exploded(programmes[column])
    for column in ("period", "kind"):
        column_codes(programmes[column])
    for column in ("cci", "fund", "topic_id"):
        column_codes(allocations[column])


def programme_mask(programmes: pd.DataFrame, allocations: pd.DataFrame, f: Filters) -> np.ndarray:
    """Which programmes pass the filters, as a boolean mask over `programmes`."""
    keep = isin(programmes["period"], (f.period,)) if f.period else np.ones(len(programmes), dtype=bool)
    if f.funds:
        keep &= _any_in(programmes["funds"], f.funds)
    if f.countries:
        keep &= _any_in(programmes["countries"], f.countries)
    if f.kinds:
        keep &= isin(programmes["kind"], f.kinds)
    if f.search:
        keep &= programmes["title"].str.contains(f.search.strip(), case=False, regex=False,
                                                 na=False).to_numpy(dtype=bool)
    if f.topics:
        cci, uniques = column_codes(allocations["cci"])
        with_topic = uniques[np.unique(cci[isin(allocations["topic_id"], f.topics) & (cci >= 0)])]
        keep &= in_set(programmes["cci"], with_topic)
    return keep


def funds_unstated(programmes: pd.DataFrame, allocations: pd.DataFrame, f: Filters) -> pd.Series:
    """The CCIs a fund filter leaves out only because no loaded source states their funds (2021-2027 multi-fund
    programmes that neither the finances, their titles nor the sourced funds table name funds for): they pass
    every other filter and list no fund. Empty when no fund is chosen."""
    if not f.funds:
        return programmes["cci"].iloc[:0]
    rows, _codes, _uniques = exploded(programmes["funds"])
    no_fund = np.bincount(rows, minlength=len(programmes)) == 0
    return programmes["cci"][no_fund & programme_mask(programmes, allocations, replace(f, funds=()))]


def filter_programmes(programmes: pd.DataFrame, allocations: pd.DataFrame, f: Filters) -> pd.DataFrame:
    return programmes[programme_mask(programmes, allocations, f)]


def cci_codes(allocations: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    """(each allocation row's CCI as a number, -1 for none; the CCIs in number order, an Index whose lookup
    table is made once per table)."""
    codes, uniques = column_codes(allocations["cci"])
    return codes, _memo(allocations["cci"], "index", lambda _: pd.Index(uniques))


def programme_numbers(programmes: pd.DataFrame, allocations: pd.DataFrame) -> np.ndarray:
    """Each programme's CCI by its number among the allocations' CCIs (cci_codes), -1 for a programme without
    allocation rows: made once per pair of tables, so a filter change looks up no string."""
    _codes, index = cci_codes(allocations)
    owner, _ = _owner(allocations["cci"])
    ref, numbers = _memo(programmes["cci"], ("allocation numbers", id(owner)),
                         lambda values: (weakref.ref(owner), index.get_indexer(values)))
    # Another allocation table at the address of one gone: not the numbers kept.
    return numbers if ref() is owner else index.get_indexer(programmes["cci"])


def _rows_in(allocations: pd.DataFrame, numbers: np.ndarray, f: Filters) -> np.ndarray:
    """The allocation rows of the programmes numbered `numbers` (programme_numbers) in the chosen funds and topics."""
    cci, uniques = column_codes(allocations["cci"])
    kept = np.zeros(len(uniques) + 1, dtype=bool)  # the last place: code -1, a row without a CCI
    kept[numbers[numbers >= 0]] = True
    keep = kept[cci]
    if f.funds:
        keep &= isin(allocations["fund"], f.funds)
    if f.topics:
        keep &= isin(allocations["topic_id"], f.topics)
    return keep


def allocation_mask(allocations: pd.DataFrame, kept_ccis: pd.Series, f: Filters) -> np.ndarray:
    """Which allocation rows belong to the kept programmes (their CCIs) and the chosen funds and topics, as a
    boolean mask over `allocations`."""
    _codes, index = cci_codes(allocations)
    return _rows_in(allocations, index.get_indexer(kept_ccis), f)


def programme_rows(programmes: pd.DataFrame, allocations: pd.DataFrame, passing: np.ndarray, f: Filters) -> np.ndarray:
    """allocation_mask(allocations, programmes["cci"][passing], f) by the programmes' numbers (programme_numbers)."""
    return _rows_in(allocations, programme_numbers(programmes, allocations)[passing], f)


def filter_allocations(allocations: pd.DataFrame, programmes_kept: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Allocation rows of the kept programmes, narrowed to the chosen funds and topics."""
    return allocations[allocation_mask(allocations, programmes_kept["cci"], f)]


def apply(programmes: pd.DataFrame, allocations: pd.DataFrame, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    kept = filter_programmes(programmes, allocations, f)
    return kept, filter_allocations(allocations, kept, f)
