"""What the shared filters read, made once from the tables when they are loaded (pure: no streamlit).

Filtering compares small integer codes instead of strings: each column the filters read is factorised once,
here, and the result travels with the dataset (Dataset.prepared) to the functions that need it. Nothing is
looked up by the identity of a frame: a function given other tables (a test's fixture, a subset) makes
their codes itself (Prepared.of), and codes given for tables of another length are refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False  # shared by every session: a change in place would change every page
    return array


def _mask(positions: dict, size: int, wanted: Iterable) -> np.ndarray:
    """A mask over `size` codes plus one more place (code -1, missing: never chosen), True at `wanted`'s codes.
    A dict lookup per wanted value: building a pandas Index to ask isin cost 0.3 ms a call."""
    chosen = np.zeros(size + 1, dtype=bool)
    for value in wanted:
        code = positions.get(value)
        if code is not None:
            chosen[code] = True
    return chosen


@dataclass(frozen=True, eq=False)
class Codes:
    """A single-valued column as integer codes: -1 for a missing value."""

    codes: np.ndarray  # int32 per row: half the memory of int64 (500,000 rows: 2 MB a column)
    uniques: pd.Index  # the distinct values, in order of first appearance (code i is uniques[i])
    positions: dict  # value -> code

    @classmethod
    def of(cls, values: pd.Series) -> Codes:
        codes, uniques = pd.factorize(values.array, use_na_sentinel=True)
        return cls(_read_only(codes.astype(np.int32)), pd.Index(uniques),
                   {value: code for code, value in enumerate(uniques)})

    def isin(self, wanted: Iterable) -> np.ndarray:
        """values.isin(wanted) as a numpy mask."""
        return _mask(self.positions, len(self.uniques), wanted)[self.codes]


@dataclass(frozen=True, eq=False)
class Pairs:
    """A multi-valued column (lists) as (row, value code) pairs."""

    rows: np.ndarray  # the row of each pair
    codes: np.ndarray  # the value code of each pair (-1: a missing value in a list)
    uniques: pd.Index
    positions: dict
    size: int  # rows in the column

    @classmethod
    def of(cls, values: pd.Series) -> Pairs:
        lists = [v if isinstance(v, list | tuple | np.ndarray) else () for v in values.array]
        rows = np.repeat(np.arange(len(lists)), [len(v) for v in lists])
        codes, uniques = pd.factorize(np.array([x for v in lists for x in v], dtype=object))
        return cls(_read_only(rows), _read_only(codes), pd.Index(uniques),
                   {value: code for code, value in enumerate(uniques)}, len(lists))

    def any_in(self, wanted: Iterable) -> np.ndarray:
        """Rows listing at least one of `wanted`, as a numpy mask."""
        keep = np.zeros(self.size, dtype=bool)
        keep[self.rows[_mask(self.positions, len(self.uniques), wanted)[self.codes]]] = True
        return keep

    def listing_none(self) -> np.ndarray:
        """Rows whose list is empty (or not a list)."""
        return np.bincount(self.rows, minlength=self.size) == 0


@dataclass(frozen=True, eq=False)
class AllocationCodes:
    """The allocation columns the filters and the per-programme sums read."""

    cci: Codes
    fund: Codes
    topic_id: Codes
    size: int

    @classmethod
    def of(cls, allocations: pd.DataFrame) -> AllocationCodes:
        return cls(Codes.of(allocations["cci"]), Codes.of(allocations["fund"]), Codes.of(allocations["topic_id"]),
                   len(allocations))

    def fits(self, allocations: pd.DataFrame) -> AllocationCodes:
        """Itself, after checking it was made for a table of this length (a frame of some of its columns fits;
        a subset of its rows or another table is refused: its rows would be read through the wrong codes)."""
        if self.size != len(allocations):
            raise ValueError(f"codes of {self.size} allocation rows given for {len(allocations)}")
        return self


@dataclass(frozen=True, eq=False)
class Prepared:
    """The codes of one pair of programme and allocation tables, made once (about 0.3 s for 100 times the real
    tables, 3 ms for the real ones), so no change of filters pays for them."""

    period: Codes
    kind: Codes
    funds: Pairs
    countries: Pairs
    allocations: AllocationCodes
    # Each programme's CCI as its code among the allocations' CCIs (-1: a programme without allocation rows),
    # so a filter change looks up no string.
    numbers: np.ndarray
    size: int  # programmes

    @classmethod
    def of(cls, programmes: pd.DataFrame, allocations: pd.DataFrame) -> Prepared:
        codes = AllocationCodes.of(allocations)
        return cls(Codes.of(programmes["period"]), Codes.of(programmes["kind"]), Pairs.of(programmes["funds"]),
                   Pairs.of(programmes["countries"]), codes,
                   _read_only(codes.cci.uniques.get_indexer(programmes["cci"])), len(programmes))

    def fits(self, programmes: pd.DataFrame, allocations: pd.DataFrame) -> Prepared:
        """Itself, after checking it was made for tables of these lengths (as AllocationCodes.fits)."""
        if self.size != len(programmes):
            raise ValueError(f"codes of {self.size} programmes given for {len(programmes)}")
        self.allocations.fits(allocations)
        return self


def prepared_for(programmes: pd.DataFrame, allocations: pd.DataFrame, given: Prepared | None) -> Prepared:
    """`given` when it fits these tables (see Prepared.fits), else their codes made now."""
    return Prepared.of(programmes, allocations) if given is None else given.fits(programmes, allocations)


def allocation_codes(allocations: pd.DataFrame, given: AllocationCodes | None) -> AllocationCodes:
    """`given` when it fits this table (see AllocationCodes.fits), else its codes made now."""
    return AllocationCodes.of(allocations) if given is None else given.fits(allocations)
