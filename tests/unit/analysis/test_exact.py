"""Exact sums of amounts (coopdata.analysis.exact), on numbers whose float sums are known to drift."""

import math

import numpy as np

from coopdata.analysis import exact

NAN = float("nan")


def test_group_sums_are_exact_and_rounded_once_whatever_the_order():
    # 0.1 + 0.2 + 0.3 in float is 0.6000000000000001, 0.3 + 0.2 + 0.1 is 0.6; the exact sum of the three doubles
    # rounds to 0.6. Key 1 has only a missing amount: NaN, never 0. Key 2 has no row: NaN.
    keys = np.array([0, 0, 0, 1])
    values = np.array([0.1, 0.2, 0.3, NAN])
    assert (0.1 + 0.2) + 0.3 != (0.3 + 0.2) + 0.1
    sums = exact.group_sums(keys, values, 3)
    assert sums[0] == 0.6 == math.fsum([0.1, 0.2, 0.3])
    assert math.isnan(sums[1]) and math.isnan(sums[2])
    assert exact.group_sums(keys[::-1], values[::-1], 3)[0] == 0.6


def test_amounts_with_cents_sum_as_fsum_does():
    # The 13 rows of a real programme (2014IT06RDRP002): pandas' grouped sum gave 155,952,999.99999997 for them
    # among Italy's programmes.
    rows = [172480.00, 17343250.36, 107800.00, 776160.00, 14663612.40, 237160.00, 44384860.00, 44384860.00,
            129360.00, 17204880.00, 129360.00, 6588349.64, 9830867.60]
    assert sum(rows) == 155_952_999.99999997
    assert exact.total(np.array(rows)) == math.fsum(rows) == 155_953_000.0
    rng = np.random.default_rng(7)
    cents = rng.integers(0, 10**11, 5000) / 100  # amounts up to a billion, with cents
    keys = rng.integers(0, 40, 5000)
    sums = exact.group_sums(keys, cents, 40)
    assert [sums[k] for k in range(40)] == [math.fsum(cents[keys == k]) for k in range(40)]


def test_total_of_nothing_known_is_nan():
    assert math.isnan(exact.total(np.array([NAN, NAN])))
    assert math.isnan(exact.total(np.array([])))
    assert exact.total(np.array([-0.5, 1.25, NAN])) == 0.75


def test_small_and_negative_amounts_sum_as_fsum_does():
    rng = np.random.default_rng(11)
    for scale in (1.0, 1e-3, 1e4):
        values = rng.normal(0, scale, 3000)
        keys = rng.integers(0, 25, 3000)
        sums = exact.group_sums(keys, values, 25)
        assert [sums[k] for k in range(25)] == [math.fsum(values[keys == k]) for k in range(25)], scale


def test_parts_of_group_sums_summed_again_stay_exact():
    # Region sums of group sums, as the Map makes them: 0.1 and 0.2 in one group, 0.3 in another, both covering
    # the region. Adding the two groups' rounded sums would give 0.30000000000000004 + 0.3 = 0.6000000000000001.
    values, group = np.array([0.1, 0.2, 0.3]), np.array([0, 0, 1])
    parts = exact.exact_parts(group, values, 2)
    assert exact.combine(*parts).tolist() == [0.30000000000000004, 0.3] == [0.1 + 0.2, 0.3]
    region_of_group = np.array([0, 0])
    regions = exact.combine(*(np.bincount(region_of_group, weights=p, minlength=1) for p in parts))
    assert regions.tolist() == [0.6] == [math.fsum(values)]
    rng = np.random.default_rng(3)
    values = rng.normal(0, 1e-3, 4000)
    group = rng.integers(0, 60, 4000)
    region_of_group = rng.integers(0, 7, 60)
    parts = exact.exact_parts(group, values, 60)
    regions = exact.combine(*(np.bincount(region_of_group, weights=p, minlength=7) for p in parts))
    assert regions.tolist() == [math.fsum(values[region_of_group[group] == r]) for r in range(7)]
