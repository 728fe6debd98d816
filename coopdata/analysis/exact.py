"""Sums of euro amounts that do not depend on the order of their terms: the exact sum, rounded once.

A plain float sum of amounts with cents differs in its last bit with the order of its terms, and so does
pandas' grouped sum with the rows it is given (compensated or plain): one programme's 13 rows summed to
155,953,000.00 over the whole allocation table and to 155,952,999.99999997 over Italy's programmes. Summed
here, a figure is the same on every page and under every filter that keeps the same rows.
"""

from __future__ import annotations

import numpy as np


def exact_sums(keys: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Sums of `values` (no NaN) by `keys` (0 .. n - 1) as whole units, exact in any order, and the fractions
    left, whose plain sum errs by a millionth of a unit at most over 100,000 terms: for euro amounts (totals
    far above that error) adding the two gives the exact sum rounded once, whatever the order of the terms; not
    for small totals (0.1 + 0.2 + 0.3: group_sums is exact there too). Summing the wholes and the fractions of
    such sums apart again keeps this (region sums of group sums)."""
    whole = np.floor(values)
    return (np.bincount(keys, weights=whole, minlength=n),
            np.bincount(keys, weights=values - whole, minlength=n))


_STEP = 2.0**-26  # a fraction's part above this step sums exactly: multiples of it, fewer than 2**27 terms


def group_sums(keys: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Per key 0 .. n - 1: the exact sum of its values rounded once (as math.fsum), NaN values left out; NaN
    where a key has no value at all (a partial source never reads as 0).

    Each value is cut, without error, into its whole units, the multiples of 2**-26 of its fraction and a
    rest below 2**-26: the first two parts sum exactly (whole numbers; multiples of a power of two), the rests'
    sum errs far below the result's last bit, and the parts are added with their rounding error kept (TwoSum)
    so the result is rounded once. Order-free, unlike exact_sums' two parts for small totals (0.1 + 0.2 + 0.3)."""
    known = ~np.isnan(values)
    keys, values = keys[known], values[known]
    whole = np.trunc(values)  # toward 0: value - whole is then exact for negative values too
    fraction = values - whole
    high = np.trunc(fraction / _STEP) * _STEP
    wholes = np.bincount(keys, weights=whole, minlength=n)
    highs = np.bincount(keys, weights=high, minlength=n)
    rests = np.bincount(keys, weights=fraction - high, minlength=n)
    first = wholes + highs
    back = first - wholes
    error = (wholes - (first - back)) + (highs - back)  # TwoSum: wholes + highs == first + error exactly
    return np.where(np.bincount(keys, minlength=n) > 0, first + (error + rests), np.nan)


def total(values: np.ndarray) -> float:
    """The exact sum of the values rounded once, NaN values left out; NaN when none is left."""
    return float(group_sums(np.zeros(len(values), dtype=np.intp), values, 1)[0])
