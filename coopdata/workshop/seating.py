"""Seating workshop participants at tables so that each table shares as many topics as possible.

The objective is the sum, over every table, of the pair weights of the people seated together
(`pairs.seating_weights`: shared topics of pairs from different Member States). Table sizes are
as equal as possible (they differ by at most one).

Method: recursive Kernighan-Lin bisection (networkx) splits the participants into groups of the planned
sizes while cutting as little weight as possible (every other start is a random seating instead), then a
swap search improves it: the gain of swapping any two people at different tables is worked out for all
pairs at once from a weight matrix (numpy), and the best swap is made until none helps. The best of a few
seeded starts is kept. Empty seats (when the tables do not divide evenly) are placeholder people.

The work is bounded whatever the list: at most RESTARTS starts and MAX_SWAPS swaps in all (the search stops
early when they are spent), every swap one n x n array step (n <= 100 participants plus empty seats); each
start is improved, then shaken KICKS times (a few random swaps) and improved again, kept when not worse. Guarantee, stated honestly: the result is
optimal on the brute-force cases tested (tests/unit/workshop/test_seating.py); in general it is a heuristic.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd
from networkx.algorithms.community import kernighan_lin_bisection

from coopdata.vocabularies import topic_labels

RESTARTS = 24
MAX_SWAPS = 20_000  # in the whole search: each is one n x n array step (about 0.1 ms for 100 people)
KICKS = 60  # per start: shake the seating a little (KICK_SIZE random swaps), improve again, keep it if not worse
KICK_SIZE = 3


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


def _subgraph(g: nx.Graph, nodes: list[str]) -> nx.Graph:
    """`nodes` and the edges between them, in list order. Not g.subgraph(): a view of less than half the graph
    walks its nodes in set order, which changes with each process's string hashing, and Kernighan-Lin breaks
    ties in walking order: the same list then got other tables on another server or in another test run."""
    keep = set(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from((u, v, d) for u in nodes for v, d in g.adj[u].items() if v in keep)
    return sub


def _split(g: nx.Graph, nodes: list[str], sizes: list[int], rng: random.Random) -> list[list[str]]:
    """Recursive bisection into groups of `sizes` (Kernighan-Lin keeps both sides' sizes)."""
    if len(sizes) == 1:
        return [nodes]
    left_sizes, right_sizes = sizes[:len(sizes) // 2], sizes[len(sizes) // 2:]
    shuffled = rng.sample(nodes, len(nodes))
    n_left = sum(left_sizes)
    part1, part2 = kernighan_lin_bisection(_subgraph(g, nodes), partition=(shuffled[:n_left], shuffled[n_left:]),
                                           weight="weight")
    left, right = (part1, part2) if len(part1) == n_left else (part2, part1)
    order = {c: i for i, c in enumerate(g)}
    return (_split(g, sorted(left, key=order.get), left_sizes, rng)
            + _split(g, sorted(right, key=order.get), right_sizes, rng))


def _improve(w: np.ndarray, table: np.ndarray, n_tables: int, max_swaps: int) -> tuple[np.ndarray, int]:
    """Best-swap search: (tables, swaps made). `w` is the symmetric weight matrix (zero diagonal), `table`
    each person's table. affinity[i, t] = weight between i and the people at table t, so the gain of swapping
    i and j (at tables s != t) is affinity[i, t] - affinity[i, s] + affinity[j, s] - affinity[j, t] - 2 w[i, j]."""
    table = table.copy()
    n = len(table)
    onehot = np.zeros((n, n_tables))
    onehot[np.arange(n), table] = 1
    affinity = w @ onehot
    people = np.arange(n)
    for swaps in range(max_swaps):
        towards = affinity[:, table]                 # towards[i, j]: i's weight to j's table
        own = affinity[people, table]
        gain = towards - own[:, None] + towards.T - own[None, :] - 2 * w
        gain[table[:, None] == table[None, :]] = -np.inf
        best = int(np.argmax(gain))
        i, j = divmod(best, n)
        if gain[i, j] <= 1e-9:
            return table, swaps
        s, t = table[i], table[j]
        affinity[:, s] += w[:, j] - w[:, i]
        affinity[:, t] += w[:, i] - w[:, j]
        table[i], table[j] = t, s
    return table, max_swaps


@dataclass(frozen=True)
class Search:
    """A proposed seating and the work the search did (what tests assert instead of timing it)."""

    seating: dict[str, int]
    starts: int
    swaps: int
    score: float


def _score(w: np.ndarray, table: np.ndarray) -> float:
    return float((w * (table[:, None] == table[None, :])).sum() / 2)


def search_seating(codes: list[str], weights: dict[tuple[str, str], float], table_size: int,
                   restarts: int = RESTARTS, seed: int = 0, max_swaps: int = MAX_SWAPS, kicks: int = KICKS) -> Search:
    """The seating search, with what it did: see propose_seating."""
    if not codes:
        return Search({}, 0, 0, 0)
    sizes = table_sizes(len(codes), table_size)
    # Empty seats as placeholder people make all tables the same size, so that a swap can also move a person
    # to a free seat; a strongly negative weight between two empty seats keeps them at different tables
    # (sizes then differ by at most one).
    empty = [f"\x00empty{i}" for i in range(len(sizes) * max(sizes) - len(codes))]
    nodes = list(codes) + empty
    g = weight_graph(nodes, weights)
    apart = -(sum(abs(w) for w in weights.values()) + 1)
    g.add_weighted_edges_from((a, b, apart) for a, b in combinations(empty, 2))
    position = {c: i for i, c in enumerate(nodes)}
    w = nx.to_numpy_array(g, nodelist=nodes, weight="weight")
    n_tables = len(sizes)
    best, best_score, total_swaps, starts = None, -math.inf, 0, 0
    for r in range(restarts):
        if total_swaps >= max_swaps and best is not None:
            break
        starts += 1
        rng = random.Random(seed + r)
        if r % 2:  # every other start from a random seating: swaps alone can miss 3-way moves
            order = rng.sample(nodes, len(nodes))
            start = [order[i::n_tables] for i in range(n_tables)]
        else:
            start = _split(g, nodes, [max(sizes)] * n_tables, rng)
        table = np.empty(len(nodes), dtype=int)
        for t, members in enumerate(start):
            table[[position[c] for c in members]] = t
        table, swaps = _improve(w, table, n_tables, max(1, max_swaps - total_swaps))
        total_swaps += swaps
        score = _score(w, table)
        for _ in range(kicks):  # iterated local search: escapes what single swaps cannot
            if total_swaps >= max_swaps:
                break
            shaken = table.copy()
            for _ in range(KICK_SIZE):
                i, j = rng.sample(range(len(nodes)), 2)
                shaken[i], shaken[j] = shaken[j], shaken[i]
            shaken, swaps = _improve(w, shaken, n_tables, max_swaps - total_swaps)
            total_swaps += swaps
            if (new := _score(w, shaken)) >= score - 1e-9:
                table, score = shaken, new
        if score > best_score + 1e-9:
            best, best_score = table, score
    seated = {c: int(best[position[c]]) for c in codes}
    first_seen: dict[int, int] = {}
    for c in codes:  # tables numbered in the order of their first participant
        first_seen.setdefault(seated[c], len(first_seen) + 1)
    return Search({c: first_seen[seated[c]] for c in codes}, starts, total_swaps, best_score)


def propose_seating(codes: list[str], weights: dict[tuple[str, str], float], table_size: int,
                    restarts: int = RESTARTS, seed: int = 0) -> dict[str, int]:
    """participant code -> table number (1, 2, ...); every participant seated exactly once.
    Deterministic for a given seed; tables are numbered in the order of their first participant."""
    return search_seating(codes, weights, table_size, restarts, seed).seating


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
