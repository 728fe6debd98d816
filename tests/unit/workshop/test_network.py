"""The pairs network: a deterministic layout that spreads the nodes (one ring per table, tables on a grid) and a
colour legend naming the tables (issue #19)."""

from __future__ import annotations

import itertools
import math

import pandas as pd

from coopdata.workshop.network import layout, network_figure


def _people(n: int) -> pd.DataFrame:
    return pd.DataFrame({"code": [f"P{i:03d}" for i in range(1, n + 1)], "country": ["EE", "LV"] * (n // 2),
                         "topics": [("energy",)] * n})


def _pairs(codes: list[str]) -> pd.DataFrame:
    rows = [{"a": a, "b": b, "score": 2 if i % 7 == 0 else 1} for i, (a, b) in enumerate(itertools.combinations(codes, 2))]
    return pd.DataFrame(rows)


def test_every_node_has_its_own_place_far_from_the_others():
    codes = [f"P{i:03d}" for i in range(1, 101)]
    seating = {c: i // 4 + 1 for i, c in enumerate(codes)}
    pos = layout(codes, seating)
    assert set(pos) == set(codes)
    closest = min(math.dist(pos[a], pos[b]) for a, b in itertools.combinations(codes, 2))
    assert closest > 0.3  # four on a ring of radius 0.32 are 0.45 apart; two tables' rings at least 0.36
    xs, ys = zip(*pos.values(), strict=True)
    assert max(xs) - min(xs) > max(ys) - min(ys)  # spread wide, for a wide screen
    assert layout(codes, seating) == pos  # the same picture every run


def test_without_seating_everyone_is_evenly_on_one_ring():
    pos = layout(["a", "b", "c", "d"])
    assert [tuple(round(v, 6) + 0 for v in pos[c]) for c in "abcd"] == [(0, 1), (1, 0), (0, -1), (-1, 0)]


def test_the_legend_names_each_table_with_its_colour_and_the_pair_scores():
    people = _people(8)
    seating = {c: 1 + i % 2 for i, c in enumerate(people["code"])}
    fig = network_figure(people, _pairs(list(people["code"])), seating)
    assert fig.layout.showlegend
    tables = [t for t in fig.data if t.legendgroup == "tables"]
    assert [t.name for t in tables] == ["Table 1", "Table 2"]
    assert list(tables[0].text) == ["P001", "P003", "P005", "P007"]
    assert tables[0].marker.color != tables[1].marker.color
    assert [t.name for t in fig.data if t.legendgroup == "pairs"] == ["pair score 1", "pair score 2"]
