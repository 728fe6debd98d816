"""How well two workshop participants fit, with the reasons in words. Pure pandas.

Scoring (kept simple on purpose, and shown on the page):
- a pair from the same Member State scores 0: a cooperation action needs a partner in another one;
- otherwise score = number of shared topics of interest, plus 1 when they share a topic and their
  partnership scopes are compatible and the geography confirms it (see `scope_fit`).
The geography tables (`neighbours`, `scope_members`, as in coopdata.load.GEOGRAPHY_TABLES) may be
empty: a scope that needs them is then reported as "not checked: geography not loaded" and earns
no point, rather than being guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from coopdata.vocabularies import eu_members, fold, topic_labels
from coopdata.workshop.registration import SCOPES

PAIR_COLUMNS = ["a", "b", "eligible", "shared_topics", "scope_fit", "score", "reasons"]
NOT_LOADED = "geography not loaded"


@dataclass(frozen=True)
class Geography:
    neighbours: pd.DataFrame  # nuts_id, neighbour_id, nuts_version, country, neighbour_country
    scope_members: pd.DataFrame  # scope_id, scope_type, scope_name, country, nuts_id, nuts_version, source

    @classmethod
    def from_dataset(cls, ds) -> Geography:
        return cls(ds.neighbours, ds.scope_members)


@lru_cache(maxsize=1)
def _eu() -> frozenset[str]:
    """The EU Member States, looked up once: scope_fit asks for every pair (eu_members() filters a table each
    time, which was most of the time pairs of 100 people took)."""
    return frozenset(eu_members())


def _scope_key(value: str) -> str:
    """'macro_regional', 'Macro-regional', 'sea-basin' -> the SCOPES spelling."""
    folded = fold(str(value)).replace("_", " ").replace("-", " ")
    for scope in SCOPES:
        if folded == fold(scope).replace("-", " ") or folded.replace(" ", "") == fold(scope).replace("-", ""):
            return scope
    return folded


def _nuts(p) -> str | None:
    """The participant's NUTS id, or None (a missing value may come back from pandas as NaN)."""
    return p.nuts_id if isinstance(p.nuts_id, str) and p.nuts_id else None


class GeoIndex:
    """What the geography says about each participant, worked out once per participant (not once per pair):
    the scope areas they are in, and the NUTS 3 regions across a border that touch their area. Pair checks
    are then set look-ups, so scoring a list of n people looks at the geography tables n times, not n²."""

    def __init__(self, geo: Geography, people):
        self.geo = geo
        self._members = {scope: geo.scope_members[geo.scope_members["scope_type"].map(_scope_key).eq(scope)]
                         for scope in SCOPES if scope not in ("cross-border", "EU-wide")}
        self._areas: dict[tuple, dict[str, str]] = {}
        self._reach: dict[tuple, frozenset] = {}
        self._targets: dict[tuple, frozenset] = {}
        nb = geo.neighbours
        self._by_country = {c: rows for c, rows in nb.groupby("country")} if not nb.empty else {}
        self._by_neighbour_country = {c: rows for c, rows in nb.groupby("neighbour_country")} if not nb.empty else {}
        for p in people:
            self._index(p)

    @staticmethod
    def _key(p) -> tuple:
        return p.country, _nuts(p)

    def _index(self, p) -> None:
        key = self._key(p)
        if key in self._reach:
            return
        for scope, members in self._members.items():
            self._areas[(scope, *key)] = _memberships(p, members)
        mine = _nuts(p)
        rows = self._by_country.get(p.country)
        if rows is not None and mine:
            rows = rows[rows["nuts_id"].str.startswith(mine)]
        # (neighbour country, neighbour id) of every border pair leaving p's area
        self._reach[key] = frozenset() if rows is None else frozenset(zip(rows["neighbour_country"], rows["neighbour_id"],
                                                                         strict=True))
        rows = self._by_neighbour_country.get(p.country)
        if rows is not None and mine:
            rows = rows[rows["neighbour_id"].str.startswith(mine)]
        # (its country, neighbour id) of every border pair arriving in p's area
        self._targets[key] = frozenset() if rows is None else frozenset(zip(rows["neighbour_country"],
                                                                           rows["neighbour_id"], strict=True))

    @property
    def places(self) -> int:
        """How many distinct places (country, region) were looked up in the geography: the work done."""
        return len(self._reach)

    def memberships(self, p, scope: str) -> dict[str, str]:
        self._index(p)
        return self._areas[(scope, *self._key(p))]

    def has_members(self, scope: str) -> bool:
        return not self._members[scope].empty

    def neighbours_across(self, a, b) -> bool:
        """Whether a's and b's areas touch across a border (NUTS 3 neighbour pairs, either direction)."""
        self._index(a)
        self._index(b)
        return any(not self._reach[self._key(x)].isdisjoint(self._targets[self._key(y)]) for x, y in ((a, b), (b, a)))


def _memberships(p, members: pd.DataFrame) -> dict[str, str]:
    """scope_id -> scope_name of the areas a participant is in: the whole country listed, or the
    participant's region inside a listed region, or (region unknown) any region of the country."""
    rows = members[members["country"].eq(p.country)]
    mine = _nuts(p)
    if mine:
        nuts = rows["nuts_id"].fillna("")
        # astype(bool): mapped over no rows, the result keeps the string dtype, which `|` will refuse.
        rows = rows[nuts.eq("") | nuts.map(lambda n: mine.startswith(n) or n.startswith(mine)).astype(bool)]
    return dict(zip(rows["scope_id"], rows["scope_name"], strict=True))


def _where(p) -> str:
    return f"{p.code} ({_nuts(p) or p.country})"


def scope_fit(a, b, geo: Geography, index: GeoIndex | None = None) -> tuple[bool | None, list[str]]:
    """(True/False/None = not checked, reasons) for the scopes two participants want. `index` (made once for
    a whole list by pair_scores) saves looking the geography up again for every pair."""
    index = index or GeoIndex(geo, (a, b))
    # Wanting "EU-wide" (or nothing) accepts a partner anywhere, so the other side's wish decides.
    flexible_a, flexible_b = (not p.scopes or "EU-wide" in p.scopes for p in (a, b))
    if flexible_a and flexible_b:
        candidates = ["EU-wide"]
    elif flexible_a or flexible_b:
        candidates = list(b.scopes if flexible_a else a.scopes)
    else:
        candidates = [s for s in SCOPES if s in a.scopes and s in b.scopes]
        if not candidates:
            return False, [f"scopes differ: {a.code} wants {', '.join(a.scopes)}; {b.code} wants {', '.join(b.scopes)}"]
    reasons: list[str] = []
    unchecked = False
    for scope in candidates:
        if scope == "EU-wide":
            outside = [p.country for p in (a, b) if p.country not in _eu()]
            if not outside:
                return True, [f"EU-wide: both in EU Member States ({a.country}, {b.country})"]
            reasons.append(f"EU-wide: {', '.join(outside)} is not an EU Member State")
        elif scope == "cross-border":
            if geo.neighbours.empty:
                unchecked = True
                reasons.append(f"cross-border not checked: {NOT_LOADED}")
            elif index.neighbours_across(a, b):
                return True, [f"cross-border: {_where(a)} and {_where(b)} are neighbours across a border"]
            else:
                reasons.append(f"cross-border: {_where(a)} and {_where(b)} are not neighbours")
        else:
            if not index.has_members(scope):
                unchecked = True
                reasons.append(f"{scope} not checked: {NOT_LOADED}")
                continue
            in_a, in_b = index.memberships(a, scope), index.memberships(b, scope)
            common = [in_a[s] for s in in_a if s in in_b]
            if common:
                return True, [f"{scope}: both in {', '.join(sorted(common))}"]
            reasons.append(f"{scope}: no {scope} area in common")
    return (None if unchecked else False), reasons


def shared_topic_counts(participants: pd.DataFrame) -> np.ndarray:
    """n x n matrix: how many topics participants i and j share (one matrix product, not a loop over pairs)."""
    topics = sorted({t for ts in participants["topics"] for t in ts})
    column = {t: j for j, t in enumerate(topics)}
    holds = np.zeros((len(participants), len(topics)), dtype=np.int32)
    for i, ts in enumerate(participants["topics"]):
        holds[i, [column[t] for t in set(ts)]] = 1
    return holds @ holds.T


def pair_scores(participants: pd.DataFrame, geo: Geography) -> pd.DataFrame:
    """One row per unordered pair (a < b in list order): PAIR_COLUMNS, reasons as a tuple of sentences.
    Shared-topic counts and eligibility come from whole-list arrays; the geography is looked up once per
    participant (GeoIndex); only the scope of eligible pairs sharing a topic or wanting a scope is checked."""
    labels = topic_labels()
    people = list(participants.itertuples(index=False))
    if len(people) < 2:
        return pd.DataFrame({c: pd.Series(dtype=bool if c == "eligible" else int if c == "score" else object)
                             for c in PAIR_COLUMNS})
    counts = shared_topic_counts(participants)
    countries = participants["country"].to_numpy()
    first, second = np.triu_indices(len(people), k=1)
    eligible_pairs = countries[first] != countries[second]
    index = GeoIndex(geo, people)
    records = []
    for i, j, eligible in zip(first.tolist(), second.tolist(), eligible_pairs.tolist(), strict=True):
        a, b = people[i], people[j]
        shared = tuple(t for t in a.topics if t in b.topics) if counts[i, j] else ()
        reasons = []
        if shared:
            reasons.append(f"{len(shared)} shared topic{'s' if len(shared) > 1 else ''}: "
                           + ", ".join(labels.get(t, t) for t in shared))
        else:
            reasons.append("no shared topic")
        if not eligible:
            reasons.append(f"same Member State ({a.country}): a cooperation action needs a partner in another one")
            fit: bool | None = False
        else:
            reasons.append(f"different Member States ({a.country}, {b.country})")
            fit, scope_reasons = scope_fit(a, b, geo, index)
            reasons += scope_reasons
        # The scope point rewards a fit between partners who share a topic, never replaces one.
        score = len(shared) + (1 if fit and shared else 0) if eligible else 0
        records.append({"a": a.code, "b": b.code, "eligible": eligible, "shared_topics": shared, "scope_fit": fit,
                        "score": score, "reasons": tuple(reasons)})
    return pd.DataFrame.from_records(records, columns=PAIR_COLUMNS)


def ranked_matches(pairs: pd.DataFrame, code: str) -> pd.DataFrame:
    """The pairs of one participant, best first (score, then shared topics, then list order):
    partner, score, shared_topics, scope_fit, reasons."""
    mine = pairs[pairs["a"].eq(code) | pairs["b"].eq(code)].copy()
    mine["partner"] = mine["b"].where(mine["a"].eq(code), mine["a"])
    mine["n_shared"] = mine["shared_topics"].map(len)
    mine = mine.sort_values(["score", "n_shared", "partner"], ascending=[False, False, True])
    return mine[["partner", "score", "shared_topics", "scope_fit", "reasons"]].reset_index(drop=True)


def top_matches(pairs: pd.DataFrame, codes: list[str], n: int = 3) -> pd.DataFrame:
    """Each participant's n best partners with a score above 0: participant, rank, partner, score, ..."""
    frames = []
    for code in codes:
        best = ranked_matches(pairs, code)
        best = best[best["score"] > 0].head(n)
        best.insert(0, "rank", range(1, len(best) + 1))
        best.insert(0, "participant", code)
        frames.append(best)
    return pd.concat(frames, ignore_index=True)


def seating_weights(pairs: pd.DataFrame) -> dict[tuple[str, str], int]:
    """What seating maximises: shared topics of pairs from different Member States (same-country
    pairs share a table at no gain, since they cannot form a cooperation action together)."""
    eligible = pairs[pairs["eligible"]]
    weights = {(a, b): len(t) for a, b, t in zip(eligible["a"], eligible["b"], eligible["shared_topics"], strict=True)}
    return {k: w for k, w in weights.items() if w > 0}
