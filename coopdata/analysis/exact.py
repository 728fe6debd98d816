"""Sums of euro amounts that do not depend on the order of their terms: the exact sum, rounded once.

A plain float sum of amounts with cents differs in its last bit with the order of its terms, and so does
pandas' grouped sum with the rows it is given (compensated or plain): one programme's 13 rows summed to
155,953,000.00 over the whole allocation table and to 155,952,999.99999997 over Italy's programmes. Summed
here, a figure is the same on every page and under every filter that keeps the same rows.
"""

from __future__ import annotations

import numpy as np

_STEP = 2.0**-26  # a fraction's part above this step sums exactly: multiples of it, fewer than 2**27 terms


def exact_parts(keys: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sums of `values` (no NaN) by `keys` (0 .. n - 1) in three parts, to be added by `combine`.

    Each value is cut, without error, into its whole units, the multiples of 2**-26 of its fraction and a
    rest below 2**-26: the first two parts sum exactly in any order (whole numbers; multiples of a power of
    two), the rests' sum errs far below the result's last bit. Parts of such sums can be summed again by other
    keys (region sums of group sums) and stay exact."""
    whole = np.trunc(values)  # toward 0: value - whole is then exact for negative values too
    fraction = values - whole
    high = np.trunc(fraction / _STEP) * _STEP
    return (np.bincount(keys, weights=whole, minlength=n), np.bincount(keys, weights=high, minlength=n),
            np.bincount(keys, weights=fraction - high, minlength=n))


def combine(wholes: np.ndarray, highs: np.ndarray, rests: np.ndarray) -> np.ndarray:
    """The sums whose parts exact_parts gave, rounded once: the two exact parts are added with their rounding
    error kept (TwoSum), then the rests."""
    first = wholes + highs
    back = first - wholes
    error = (wholes - (first - back)) + (highs - back)  # wholes + highs == first + error exactly
    return first + (error + rests)


def group_sums(keys: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Per key 0 .. n - 1: the exact sum of its values rounded once (as math.fsum), NaN values left out; NaN
    where a key has no value at all (a partial source never reads as 0)."""
    known = ~np.isnan(values)
    keys, values = keys[known], values[known]
    return np.where(np.bincount(keys, minlength=n) > 0, combine(*exact_parts(keys, values, n)), np.nan)


def total(values: np.ndarray) -> float:
    """The exact sum of the values rounded once, NaN values left out; NaN when none is left."""
    return float(group_sums(np.zeros(len(values), dtype=np.intp), values, 1)[0])
