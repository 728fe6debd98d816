"""Money as integer cents: the build stores every amount in cents, so every sum on every page is plain integer
arithmetic, exact whatever the order of its terms or the rows around them; euros are for showing only.

(A float sum of amounts with cents differs in its last bit with the order of its terms: one programme's 13 rows
summed to 155,953,000.00 over the whole table and to 155,952,999.99999997 over Italy's programmes.)

Cents travel as float64 arrays holding whole numbers, NaN for an unknown amount: whole numbers below 2**53
(90 trillion euros) add exactly in float64, and NaN keeps "unknown" apart from 0.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def to_cents(euros: pd.Series) -> pd.Series:
    """Euro amounts as whole cents (nullable Int64, <NA> where unknown), rounded half to even."""
    return pd.Series(np.round(euros.to_numpy(dtype="float64") * 100), index=euros.index).astype("Int64")


def euros(cents: pd.Series) -> pd.Series:
    """Whole cents as euros (float64, NaN where unknown): for showing a row, never for summing."""
    return pd.Series(cents_array(cents) / 100, index=cents.index)


def cents_array(cents: pd.Series) -> np.ndarray:
    """An Int64 column of cents as a float64 array of whole numbers, NaN where unknown."""
    return cents.to_numpy(dtype="float64", na_value=np.nan)


def total(cents) -> float:
    """The euro sum of the known cents; NaN when none is known (a partial source never reads as 0)."""
    values = np.asarray(cents, dtype="float64")
    known = values[~np.isnan(values)]
    return float(known.sum()) / 100 if len(known) else math.nan


def group_cents(keys: np.ndarray, cents: np.ndarray, n: int) -> np.ndarray:
    """Per key 0 .. n - 1: the sum of its known cents (whole numbers); NaN where a key has no known amount."""
    known = ~np.isnan(cents)
    keys, cents = keys[known], cents[known]
    sums = np.bincount(keys, weights=cents, minlength=n)
    return np.where(np.bincount(keys, minlength=n) > 0, sums, np.nan)


def group_totals(keys: np.ndarray, cents: np.ndarray, n: int) -> np.ndarray:
    """Per key 0 .. n - 1: the euro sum of its known cents; NaN where a key has no known amount."""
    return group_cents(keys, cents, n) / 100


def series_total(cents: pd.Series) -> float:
    """total() of an Int64 column of cents."""
    return total(cents_array(cents))


def sums_by(groups) -> pd.Series:
    """Euro sums of a grouped Int64 column of cents (df.groupby(keys)["eu_cents"]): float64, NaN where a group
    has no known amount."""
    sums = groups.sum(min_count=1)  # Int64: integer sums, <NA> where none is known
    return pd.Series(cents_array(sums) / 100, index=sums.index, name=sums.name)


def format_eur(amount: float) -> str:
    """A euro amount for reading aloud: €1.23 bn, €45.6 m, €7,890; 'no amount' when unknown."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "no amount"
    if abs(amount) >= 1e9:
        return f"€{amount / 1e9:,.2f} bn"
    if abs(amount) >= 1e6:
        return f"€{amount / 1e6:,.1f} m"
    return f"€{amount:,.0f}"


def format_share(share: float) -> str:
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "no amount"
    if 0 < share < 0.05:
        return "<0.1%"  # a real amount must not read as nothing
    return f"{share:.1f}%"
