"""Seating workshop participants at tables so that each table shares as many topics as possible.

The objective is the sum, over every table, of the pair weights of the people seated together
(`pairs.seating_weights`: shared topics of pairs from different Member States). Table sizes are
as equal as possible (they differ by at most one).

Method (networkx does the optimisation): recursive Kernighan-Lin bisection splits the participants
into groups of the planned sizes while cutting as little weight as possible, then every pair of
tables is re-balanced with Kernighan-Lin again until no swap helps; the best of a few seeded starts
is kept. Empty seats (when the tables do not divide evenly) are placeholder nodes. Guarantee, stated honestly: the result is optimal on the brute-force cases tested
(tests/unit/workshop/test_seating.py); in general it is a heuristic.
"""

from __future__ import annotations

import math
import random
from itertools import combinations

import networkx as nx
import pandas as pd
from networkx.algorithms.community import kernighan_lin_bisection

from coopdata.vocabularies import topic_labels

RESTARTS = 24
MAX_REFINE_ROUNDS = 50  # each round strictly improves the score, so this is only a safety bound


def table_sizes(n_participants: int, table_size: int) -> list[int]:
    """Sizes of the fewest tables of at most `table_size` seats, as equal as possible."""
    if table_size < 1:
        raise ValueError("a table needs at least one seat")
    n_tables = max(1, math.ceil(n_participants / table_size))
    base, extra = divmod(n_participants, n_tables)
    return [base + 1] * extra + [base] * (n_tables - extra)


def weight_graph(codes: list[str], weights: dict[tuple[str, str], float]) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(codes)
    g.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items() if w)
    return g


def seating_score(seating: dict[str, int], weights: dict[tuple[str, str], float]) -> float:
    return sum(w for (a, b), w in weights.items() if seating.get(a) is not None and seating.get(a) == seating.get(b))


def _within(g: nx.Graph, group) -> float:
    return g.subgraph(group).size(weight="weight")


def _split(g: nx.Graph, nodes: list[str], sizes: list[int], rng: random.Random) -> list[list[str]]:
    """Recursive bisection into groups of `sizes` (Kernighan-Lin keeps both sides' sizes)."""
    if len(sizes) == 1:
        return [nodes]
    left_sizes, right_sizes = sizes[:len(sizes) // 2], sizes[len(sizes) // 2:]
    shuffled = rng.sample(nodes, len(nodes))
    n_left = sum(left_sizes)
    part1, part2 = kernighan_lin_bisection(g.subgraph(nodes), partition=(shuffled[:n_left], shuffled[n_left:]),
                                           weight="weight")
    left, right = (part1, part2) if len(part1) == n_left else (part2, part1)
    order = {c: i for i, c in enumerate(g)}
    return (_split(g, sorted(left, key=order.get), left_sizes, rng)
            + _split(g, sorted(right, key=order.get), right_sizes, rng))


def _refine(g: nx.Graph, tables: list[list[str]]) -> list[list[str]]:
    """Re-balance every two tables with Kernighan-Lin until no pair of tables improves."""
    order = {c: i for i, c in enumerate(g)}
    tables = [list(t) for t in tables]
    for _ in range(MAX_REFINE_ROUNDS):
        improved = False
        for i, j in combinations(range(len(tables)), 2):
            before = _within(g, tables[i]) + _within(g, tables[j])
            p1, p2 = kernighan_lin_bisection(g.subgraph(tables[i] + tables[j]), partition=(tables[i], tables[j]),
                                             weight="weight")
            new_i, new_j = (p1, p2) if len(p1) == len(tables[i]) else (p2, p1)
            if _within(g, new_i) + _within(g, new_j) > before:
                tables[i], tables[j] = sorted(new_i, key=order.get), sorted(new_j, key=order.get)
                improved = True
        if not improved:
            break
    return tables


def propose_seating(codes: list[str], weights: dict[tuple[str, str], float], table_size: int,
                    restarts: int = RESTARTS, seed: int = 0) -> dict[str, int]:
    """participant code -> table number (1, 2, ...); every participant seated exactly once.
    Deterministic for a given seed; tables are numbered in the order of their first participant."""
    if not codes:
        return {}
    sizes = table_sizes(len(codes), table_size)
    # Empty seats as placeholder nodes make all tables the same size, so that Kernighan-Lin's swaps
    # can also move a person to a free seat; a strongly negative weight between two empty seats
    # keeps them at different tables (sizes then differ by at most one).
    empty = [f"\x00empty{i}" for i in range(len(sizes) * max(sizes) - len(codes))]
    g = weight_graph(list(codes) + empty, weights)
    apart = -(sum(abs(w) for w in weights.values()) + 1)
    g.add_weighted_edges_from((a, b, apart) for a, b in combinations(empty, 2))
    best, best_score = None, -math.inf
    for r in range(restarts):
        rng = random.Random(seed + r)
        nodes = list(g)
        if r % 2:  # every other start from a random seating: pairwise swaps alone can miss 3-way moves
            nodes = rng.sample(nodes, len(nodes))
            start = [nodes[i::len(sizes)] for i in range(len(sizes))]
        else:
            start = _split(g, nodes, [max(sizes)] * len(sizes), rng)
        tables = _refine(g, start)
        score = sum(_within(g, t) for t in tables)
        if score > best_score:
            best, best_score = tables, score
    position = {c: i for i, c in enumerate(codes)}
    best = sorted(([c for c in t if c in position] for t in best), key=lambda t: min(position[c] for c in t))
    return {c: n for n, table in enumerate(best, start=1) for c in table}


def move(seating: dict[str, int], code: str, table: int) -> dict[str, int]:
    """A new seating with one participant moved to another table (sizes may then differ)."""
    if code not in seating:
        raise KeyError(f"no participant {code}")
    return {**seating, code: table}


def table_summary(seating: dict[str, int], participants: pd.DataFrame, pairs: pd.DataFrame,
                  weights: dict[tuple[str, str], float]) -> pd.DataFrame:
    """One row per table: table, members, size, score, common_topics (topics of 2+ members, most
    shared first), reasons (who shares which topic; same-country neighbours)."""
    labels = topic_labels()
    order = list(labels)
    info = participants.set_index("code")
    same_country = pairs[~pairs["eligible"]]
    rows = []
    for table in sorted(set(seating.values())):
        members = [c for c in participants["code"] if seating.get(c) == table]
        holders: dict[str, list[str]] = {}
        for c in members:
            for t in info.at[c, "topics"]:
                holders.setdefault(t, []).append(c)
        common = sorted((t for t in holders if len(holders[t]) > 1), key=lambda t: (-len(holders[t]), order.index(t)))
        reasons = [f"{labels.get(t, t)}: {', '.join(holders[t])}" for t in common]
        for a, b in zip(same_country["a"], same_country["b"], strict=True):
            if a in members and b in members:
                reasons.append(f"{a} and {b} are both from {info.at[a, 'country']}: no cooperation action between them")
        if not common:
            reasons.insert(0, "no topic shared at this table")
        rows.append({"table": table, "members": tuple(members), "size": len(members),
                     "score": seating_score({c: table for c in members}, weights),
                     "common_topics": tuple(common), "reasons": tuple(reasons)})
    return pd.DataFrame(rows, columns=["table", "members", "size", "score", "common_topics", "reasons"])
