"""Partner search: which programmes elsewhere fund my topic, in the kind of place I want to cooperate with.

Pure pandas, no streamlit. `search()` takes the tables of a Dataset (or anything with the same
attributes) and a `Query`, and returns the candidate programmes ranked, each with its reasons as data
(`Reason`); `reason_text()` turns a reason into plain words.

Rules (issue #8):
- The starting point is a programme (CCI, or a part of its title that names one programme) and/or a
  NUTS region. The region, when given, is the start's geography; else the programme's coverage.
- A programme's NUTS 3 regions are the NUTS 3 descendants (prefix match, same NUTS version) of the
  regions the `coverage` table lists for it. A programme absent from `coverage` is taken to cover its
  countries, and every reason drawn from that is marked approximate.
- Scopes: cross-border (a candidate's NUTS 3 region is adjacent across a national border to one of the
  start's), macro-regional strategy and sea basin (candidate and start are members of the same one,
  by country or, where the membership row names a region, by region), EU-wide (any Member State), and
  a list of countries.
- Cooperation actions need beneficiaries in another Member State, so the countries a candidate offers
  are its countries minus the start's own (unless allowed) and minus the countries left out; a
  candidate with none left is dropped, and geography only counts in the countries it offers.
- Ranking, best first: (1) plans cooperation actions in a chosen topic, in the imported database, and
  seeks partners where the start is; (2) number of chosen topics it funds; (3) EU amount in those
  topics, known amounts before unknown ones; (4) CCI, so ties always come out in the same order.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pandas as pd

from coopdata import amounts as money
from coopdata.prepared import AllocationCodes, allocation_codes
from coopdata.vocabularies import (
    GENERIC_SCOPE_OF_TYPE,
    SCOPE_LABELS,
    country_names,
    eu_members,
    official_code,
    scope_key,
    topic_labels,
)

# Scope (as the search writes it, SCOPE_LABELS) -> scope_type in the scope_members table.
SCOPE_TYPES = {scope_key(generic): kind for kind, generic in GENERIC_SCOPE_OF_TYPE.items()}
DEFAULT_NUTS_VERSION = 2021
NO_MATCH_MESSAGE = "No programme matches; try a wider scope (for example EU-wide) or more topics."
AMOUNT_NOT_PUBLISHED = "amount not published in the loaded source"
APPROXIMATE_NOTE = "approximate: its area is known by country only"
LINE_CCI = re.compile(r"\(([^()]+)\)\s*$")  # the CCI closing a programme's line, 'title (CCI)'


class StartError(ValueError):
    """The starting point cannot be found, or names more than one programme."""


@dataclass(frozen=True)
class Query:
    start: str = ""  # a CCI or part of a programme title; may be empty when `region` is given
    topics: tuple[str, ...] = ()
    scope: str = "eu-wide"
    region: str = ""  # a NUTS code: the start's geography when given
    countries: tuple[str, ...] = ()  # for scope "countries"
    funds: tuple[str, ...] = ()
    period: str | None = "2021-2027"
    leave_out: tuple[str, ...] = ()
    allow_own_country: bool = False
    nuts_version: int = DEFAULT_NUTS_VERSION


@dataclass(frozen=True)
class Start:
    cci: str | None
    label: str
    countries: tuple[str, ...]
    nuts3: frozenset[str]
    approximate: bool
    nuts_version: int
    region: str | None = None


@dataclass(frozen=True)
class Reason:
    """Why a candidate matches, as data. `kind` is "action", "topic" or one of SCOPE_LABELS."""

    kind: str
    topic_id: str | None = None
    eu_amount: float = math.nan
    share: float = math.nan  # of the candidate's EU amount over all its objectives
    scope_id: str | None = None
    scope_name: str | None = None
    region: str | None = None  # the candidate's region (cross-border)
    region_name: str | None = None
    start_region: str | None = None
    start_region_name: str | None = None
    border: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    more: int = 0  # further border pairs not spelled out
    approximate: bool = False
    fictional: bool = False


@dataclass(frozen=True)
class Match:
    cci: str
    title: str
    countries: tuple[str, ...]
    managing_authority: str | None
    url: str | None
    topics: tuple[str, ...]  # chosen topics it funds or plans actions in
    eu_amount: float  # EU amount in those topics (known part), NaN when none is known
    plans_actions: bool
    reasons: tuple[Reason, ...]
    offered: tuple[str, ...] = ()  # its countries where partners can be (own and left-out ones removed)

    @property
    def topic_reasons(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.kind == "topic")

    @property
    def geography_reasons(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.kind in SCOPE_LABELS)

    @property
    def action_reasons(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.kind == "action")


@dataclass(frozen=True)
class SearchResult:
    query: Query
    start: Start | None
    matches: tuple[Match, ...] = ()
    message: str | None = None  # why there is nothing to show, in plain words
    notes: tuple[str, ...] = field(default=())


# ---- plain words ------------------------------------------------------------------------------------

def _names(codes, names: dict[str, str]) -> str:
    return ", ".join(names.get(c, c) for c in codes)


def reason_text(reason: Reason, topics: dict[str, str] | None = None,
                countries: dict[str, str] | None = None) -> str:
    """One reason in plain words."""
    topics = topic_labels() if topics is None else topics
    countries = country_names() if countries is None else countries
    topic = topics.get(reason.topic_id, reason.topic_id)
    if reason.kind == "action":
        text = f"plans cooperation actions in {topic}, seeking partners in {_names(reason.countries, countries)}"
        text += " (imported database"
        return text + (", FICTIONAL data)" if reason.fictional else ")")
    if reason.kind == "topic":
        if pd.isna(reason.eu_amount):
            return f"{topic}: {AMOUNT_NOT_PUBLISHED}"
        share = "" if pd.isna(reason.share) else f", {reason.share:.1%} of its published EU amount"
        return f"{topic}: {money.format_eur(reason.eu_amount)}{share}"
    if reason.kind == "cross-border":
        text = (f"{reason.region_name} ({reason.region}) is adjacent to {reason.start_region_name} "
                f"({reason.start_region}) across the {'-'.join(reason.border)} border")
        if reason.more:
            text += f", and {reason.more} more border pair{'s' if reason.more > 1 else ''}"
    elif reason.kind == "macro-regional":
        text = f"member of {reason.scope_id} ({reason.scope_name}) like you"
    elif reason.kind == "sea-basin":
        text = f"in the {reason.scope_name} sea basin like you"
    elif reason.kind == "eu-wide":
        text = f"in {_names(reason.countries, countries)}"
    elif reason.kind == "countries":
        text = f"covers {_names(reason.countries, countries)}, which you asked for"
    else:
        raise ValueError(f"unknown reason kind {reason.kind!r}")
    return f"{text} ({APPROXIMATE_NOTE})" if reason.approximate else text


# ---- starting point ---------------------------------------------------------------------------------

def resolve_start(query: Query, programmes: pd.DataFrame, regions: pd.DataFrame, areas: ProgrammeAreas) -> Start:
    """The starting point of a query: its programme (if any), countries and NUTS 3 regions."""
    cci, label, countries = None, "", ()
    text = (query.start or "").strip()
    if text:
        row = _find_programme(text, programmes, query.period)
        cci, label, countries = row["cci"], f"{row['title']} ({row['cci']})", tuple(row["countries"])
    if query.region:
        code = official_code(query.region.strip().upper().replace(" ", ""))
        in_version = regions[regions["nuts_version"].eq(query.nuts_version)]
        found = in_version[in_version["nuts_id"].eq(code)]
        if found.empty:
            raise StartError(f"No NUTS {query.nuts_version} region has the code {query.region!r}.")
        region = found.iloc[0]
        region_label = f"{region['name']} ({code})"
        label = f"{label}, from {region_label}" if label else region_label
        nuts3 = in_version["nuts_id"][_nuts3_rows(in_version) & in_version["nuts_id"].str.startswith(code)]
        return Start(cci, label, (region["country"],), frozenset(nuts3), False, query.nuts_version, code)
    if cci is None:
        raise StartError("Choose a programme or a NUTS region to start from.")
    rows = areas.rows[cci]
    return Start(cci, label, countries, areas.nuts3[cci], any(r.approximate for r in rows),
                 rows[0].nuts_version if rows else query.nuts_version)


def _find_programme(text: str, programmes: pd.DataFrame, period: str | None) -> pd.Series:
    """The programme `text` names: its CCI, its line in the start list ('title (CCI)', the form a link
    holds), or a part of its title that only one programme of the period has."""
    line = LINE_CCI.search(text)
    cci = line.group(1) if line else text
    exact = programmes[programmes["cci"].str.upper().eq(cci.strip().upper())]
    if len(exact):
        return exact.iloc[0]
    pool = programmes if not period else programmes[programmes["period"].eq(period)]
    found = pool[pool["title"].str.contains(text, case=False, regex=False, na=False)]
    if found.empty:
        raise StartError(f"No programme{' of ' + period if period else ''} has a CCI or title containing {text!r}.")
    if len(found) > 1:
        listed = "; ".join(f"{t} ({c})" for c, t in zip(found["cci"][:5], found["title"][:5], strict=True))
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        raise StartError(f"{len(found)} programmes match {text!r}: {listed}{more}. Type more of the title or the CCI.")
    return found.iloc[0]


# ---- geography --------------------------------------------------------------------------------------

def _areas(programmes: pd.DataFrame, coverage: pd.DataFrame, version: int = DEFAULT_NUTS_VERSION):
    """(cci, nuts_id, nuts_version) each programme covers, and whether each row is approximate.

    Programmes without coverage rows are taken to cover their countries (approximate)."""
    listed = coverage[coverage["cci"].isin(programmes["cci"])]
    missing = programmes[~programmes["cci"].isin(listed["cci"])]
    by_country = missing[["cci", "countries"]].explode("countries").dropna()
    by_country = pd.DataFrame({"cci": by_country["cci"], "nuts_id": by_country["countries"],
                               "nuts_version": version, "approximate": True})
    rows = pd.concat([listed[["cci", "nuts_id", "nuts_version", "approximate"]].astype({"approximate": bool}),
                      by_country], ignore_index=True)
    rows["nuts_version"] = rows["nuts_version"].astype(int)
    return rows[["cci", "nuts_id", "nuts_version"]], rows["approximate"].astype(bool)


def _nuts3_rows(regions: pd.DataFrame) -> pd.Series:
    """The NUTS 3 rows of a regions table, extra-regio codes left out."""
    return regions["level"].eq(3) & ~regions["extra_regio"].astype(bool)


def _nuts3_below(areas: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """key, nuts3: the NUTS 3 regions (same version) whose code starts with each area's code."""
    nuts3 = regions[_nuts3_rows(regions)][["nuts_id", "nuts_version"]]
    prefixes = pd.concat([pd.DataFrame({"prefix": nuts3["nuts_id"].str[:n], "nuts3": nuts3["nuts_id"],
                                        "nuts_version": nuts3["nuts_version"]}) for n in range(2, 6)])
    out = areas.merge(prefixes, left_on=["nuts_id", "nuts_version"], right_on=["prefix", "nuts_version"])
    return out[["key", "nuts3"]].drop_duplicates()


def _members(areas: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """key, scope_id: which scopes each area (key, nuts_id, nuts_version) belongs to.

    A membership row without nuts_id covers its whole country; with one, it overlaps an area when
    either code is a prefix of the other (same NUTS version)."""
    areas = areas.assign(country=areas["nuts_id"].str[:2])
    whole = members[members["nuts_id"].isna()]
    out = [areas.merge(whole[["scope_id", "country"]], on="country")[["key", "scope_id"]]]
    part = members[members["nuts_id"].notna()]
    if len(part):
        both = areas.merge(part[["scope_id", "country", "nuts_id", "nuts_version"]], on="country",
                           suffixes=("", "_m"))
        same_version = both["nuts_version"].astype(int).eq(both["nuts_version_m"].astype(int))
        overlap = [a.startswith(m) or m.startswith(a) for a, m in zip(both["nuts_id"], both["nuts_id_m"], strict=True)]
        out.append(both[same_version & pd.Series(overlap, index=both.index, dtype=bool)][["key", "scope_id"]])
    return pd.concat(out).drop_duplicates()


@dataclass(frozen=True)
class Area:
    """One area a programme covers, with what the search asks of it."""

    nuts_id: str
    nuts_version: int
    approximate: bool
    scopes: frozenset[str]  # the strategies and sea basins (scope_id) it belongs to


@dataclass(frozen=True, eq=False)
class ProgrammeAreas:
    """Every programme's area as the search reads it, made once per dataset (programme_areas): a search then
    looks up sets instead of joining tables, so a new set of criteria costs milliseconds, not tens of them."""

    rows: dict[str, tuple[Area, ...]]  # cci -> its areas (see _areas), in the coverage table's order
    nuts3: dict[str, frozenset[str]]  # cci -> the NUTS 3 codes below its areas
    scope_types: dict[str, str]  # scope_id -> scope_type
    scope_names: dict[str, str]  # scope_id -> scope_name
    region_scopes: dict[tuple[str, int], frozenset[str]]  # (NUTS code, version) -> the scopes it belongs to
    region_names: dict[str, str]  # NUTS code -> name
    size: int  # programmes

    def fits(self, programmes: pd.DataFrame) -> ProgrammeAreas:
        """Itself, after checking it was made for a programme table of this length."""
        if self.size != len(programmes):
            raise ValueError(f"areas of {self.size} programmes given for {len(programmes)}")
        return self


def programme_areas(ds) -> ProgrammeAreas:
    """The areas of every programme of `ds` (programmes, coverage, regions, scope_members)."""
    areas, approximate = _areas(ds.programmes, ds.coverage)
    keyed = areas.rename(columns={"cci": "key"})
    nuts3: dict[str, set[str]] = {}
    for key, code in _nuts3_below(keyed, ds.regions).itertuples(index=False):
        nuts3.setdefault(key, set()).add(code)
    # Which strategies and sea basins each area and each region belongs to: one join for all of them.
    places = pd.concat([keyed[["nuts_id", "nuts_version"]], ds.regions[["nuts_id", "nuts_version"]]],
                       ignore_index=True)
    scopes: dict[int, set[str]] = {}
    if len(ds.scope_members):
        for place, scope_id in _members(places.assign(key=range(len(places))), ds.scope_members).itertuples(index=False):
            scopes.setdefault(place, set()).add(scope_id)
    rows: dict[str, list[Area]] = {cci: [] for cci in ds.programmes["cci"]}
    for i, (cci, nuts_id, version, approx) in enumerate(zip(areas["cci"], areas["nuts_id"], areas["nuts_version"],
                                                            approximate, strict=True)):
        rows[cci].append(Area(nuts_id, int(version), bool(approx), frozenset(scopes.get(i, ()))))
    members = ds.scope_members.drop_duplicates("scope_id")
    return ProgrammeAreas(
        rows={cci: tuple(r) for cci, r in rows.items()},
        nuts3={cci: frozenset(nuts3.get(cci, ())) for cci in rows},
        scope_types=dict(zip(members["scope_id"], members["scope_type"], strict=True)),
        scope_names=dict(zip(members["scope_id"], members["scope_name"], strict=True)),
        region_scopes={(code, int(version)): frozenset(scopes.get(len(keyed) + i, ()))
                       for i, (code, version) in enumerate(zip(ds.regions["nuts_id"], ds.regions["nuts_version"],
                                                               strict=True))},
        region_names=dict(zip(ds.regions["nuts_id"], ds.regions["name"], strict=True)),
        size=len(ds.programmes))


def _cross_border(start: Start, ccis, areas: ProgrammeAreas, neighbours: pd.DataFrame,
                  offered: dict[str, set[str]]) -> dict[str, Reason]:
    pairs = neighbours[neighbours["nuts_id"].isin(start.nuts3) & neighbours["nuts_version"].eq(start.nuts_version)]
    by_neighbour: dict[str, set[tuple[str, str, str, str]]] = {}
    for pair in zip(pairs["nuts_id"], pairs["neighbour_id"], pairs["country"], pairs["neighbour_country"],
                    strict=True):
        by_neighbour.setdefault(pair[1], set()).add(pair)
    reasons = {}
    for cci in sorted(ccis):
        found = sorted(pair for code in areas.nuts3[cci] & by_neighbour.keys() for pair in by_neighbour[code]
                       if pair[3] in offered.get(cci, ()))
        if not found:
            continue
        start_region, region, country, neighbour_country = found[0]
        n_pairs = len({(a, b) for a, b, _, _ in found})
        reasons[cci] = Reason(
            "cross-border", region=region, region_name=areas.region_names.get(region),
            start_region=start_region, start_region_name=areas.region_names.get(start_region),
            border=(country, neighbour_country), more=n_pairs - 1,
            approximate=any(r.approximate for r in areas.rows[cci]) or start.approximate)
    return reasons


def _shared_scope(scope: str, start: Start, start_scopes: set[str], ccis, areas: ProgrammeAreas,
                  offered: dict[str, set[str]]) -> dict[str, list[Reason]]:
    wanted = {s for s in start_scopes if areas.scope_types.get(s) == SCOPE_TYPES[scope]}
    reasons: dict[str, list[Reason]] = {}
    for cci in sorted(ccis):
        # Only its areas in the countries it offers (not the start's own country, nor those left out).
        rows = [r for r in areas.rows[cci] if r.nuts_id[:2] in offered.get(cci, ())]
        hits = sorted(set().union(*(r.scopes & wanted for r in rows)))
        if hits:
            approximate = any(r.approximate for r in rows) or start.approximate
            reasons[cci] = [Reason(scope, scope_id=s, scope_name=areas.scope_names[s], approximate=approximate)
                            for s in hits]
    return reasons


# ---- topics and actions -----------------------------------------------------------------------------

def _topic_reasons(allocations: pd.DataFrame, codes: AllocationCodes, ccis: pd.Series, topics: tuple[str, ...],
                   funds: tuple[str, ...]) -> pd.DataFrame:
    """cci, topic_id, eu_cents, eu_amount, share for every candidate that funds a chosen topic (`codes`: the
    allocations' codes, Dataset.prepared)."""
    in_pool = codes.cci.isin(ccis)
    chosen = in_pool & codes.topic_id.isin(topics)
    if funds:
        chosen &= codes.fund.isin(funds)
    per = allocations[chosen].groupby(["cci", "topic_id"])["eu_cents"].sum(min_count=1).reset_index()  # Int64: exact
    # The share is of the candidate's EU amount over all its objectives and funds.
    total = money.sums_by(allocations[in_pool & codes.cci.isin(per["cci"])].groupby("cci")["eu_cents"])
    per["eu_amount"] = money.euros(per["eu_cents"])
    # astype: with no row left, map() keeps the key's string dtype and the division would fail
    per["share"] = per["eu_amount"] / per["cci"].map(total).astype(float).where(lambda t: t > 0)
    return per


def _action_reasons(actions: pd.DataFrame | None, start: Start, start_scopes: set[str], topics: tuple[str, ...],
                    period: str | None) -> dict[str, list[Reason]]:
    """Planned actions in a chosen topic whose sought scope includes the start's country.

    Sought scope includes the start when its partner countries name one of the start's countries, or
    its scopes say EU-wide, or its scope_ids name a strategy or sea basin the start belongs to (a generic
    'macro-regional' or 'sea basin' names none, so it does not count)."""
    if actions is None or actions.empty:
        return {}
    rows = actions[actions["planned"].astype(bool) & actions["topic_id"].isin(topics)]
    if period:
        rows = rows[rows["period"].eq(period)]
    reasons: dict[str, list[Reason]] = {}
    for row in rows.sort_values(["cci", "topic_id"]).itertuples(index=False):
        sought = set(row.partner_countries if row.partner_countries is not None else ())
        scopes = {str(s).strip().lower() for s in (row.scopes if row.scopes is not None else ())}
        named = set(getattr(row, "scope_ids", None) if getattr(row, "scope_ids", None) is not None else ())
        includes = sought & set(start.countries) or "eu-wide" in scopes or named & start_scopes
        if includes and row.cci != start.cci:
            shown = tuple(c for c in start.countries if c in sought) or start.countries
            reasons.setdefault(row.cci, []).append(
                Reason("action", topic_id=row.topic_id, countries=shown, fictional=bool(row.fictional)))
    return reasons


# ---- the search -------------------------------------------------------------------------------------

def search(ds, query: Query, actions: pd.DataFrame | None = None, areas: ProgrammeAreas | None = None) -> SearchResult:
    """Candidate programmes for `query`, best first. `ds` has programmes, allocations, regions, coverage,
    neighbours and scope_members (a coopdata Dataset); `actions` is an imported cooperation-action table;
    `areas` is programme_areas(ds), made now when not given."""
    if query.scope not in SCOPE_LABELS:
        raise ValueError(f"unknown scope {query.scope!r}; expected one of {', '.join(SCOPE_LABELS)}")
    areas = programme_areas(ds) if areas is None else areas.fits(ds.programmes)
    try:
        start = resolve_start(query, ds.programmes, ds.regions, areas)
    except StartError as exc:
        return SearchResult(query, None, message=str(exc))
    if not query.topics:
        return SearchResult(query, start, message="Choose at least one topic.")
    if query.scope == "countries" and not query.countries:
        return SearchResult(query, start, message="Choose the countries you want partners in.")
    missing = _missing_geography(ds, query.scope)
    if missing:
        return SearchResult(query, start, message=missing)

    pool = ds.programmes
    if query.period:
        pool = pool[pool["period"].eq(query.period)]
    if query.funds:
        pool = pool[pool["funds"].map(lambda fs: bool(set(query.funds) & set(fs)))]
    pool = pool[pool["cci"].ne(start.cci)]
    blocked = set(query.leave_out) | (set() if query.allow_own_country else set(start.countries))
    offered = {c: set(cs) - blocked for c, cs in zip(pool["cci"], pool["countries"], strict=True)}
    offered = {c: cs for c, cs in offered.items() if cs}

    codes = allocation_codes(ds.allocations, ds.prepared.allocations)
    topic_rows = _topic_reasons(ds.allocations, codes, pool["cci"], query.topics, query.funds)
    start_scopes = _start_scopes(start, areas)
    action_reasons = _action_reasons(actions, start, start_scopes, query.topics, query.period)
    with_topic = set(topic_rows["cci"]) | set(action_reasons)
    offered = {c: cs for c, cs in offered.items() if c in with_topic}
    pool = pool[pool["cci"].isin(offered)]

    geography = _geography(query, start, start_scopes, pool["cci"], ds, areas, offered)
    pool = pool[pool["cci"].isin(geography)]
    if pool.empty:
        return SearchResult(query, start, message=NO_MATCH_MESSAGE)

    # Each candidate's topic rows, read once as plain values (a pandas lookup per candidate cost more than
    # the rest of the search).
    funded: dict[str, list[Reason]] = {}
    cents: dict[str, list[float]] = {}
    for cci, topic, amount, share, cent in zip(topic_rows["cci"], topic_rows["topic_id"], topic_rows["eu_amount"],
                                               topic_rows["share"], money.cents_array(topic_rows["eu_cents"]),
                                               strict=True):
        funded.setdefault(cci, []).append(Reason("topic", topic_id=topic, eu_amount=amount, share=share))
        cents.setdefault(cci, []).append(cent)
    matches = []
    for row in pool.itertuples(index=False):
        topic_reasons = list(funded.get(row.cci, ()))
        acts = action_reasons.get(row.cci, [])
        with_amount = {r.topic_id for r in topic_reasons}
        topic_reasons += [Reason("topic", topic_id=r.topic_id) for r in acts if r.topic_id not in with_amount]
        topic_reasons.sort(key=lambda r: query.topics.index(r.topic_id))
        topic_reasons = list({r.topic_id: r for r in topic_reasons}.values())
        matches.append(Match(
            cci=row.cci, title=row.title, countries=tuple(row.countries),
            managing_authority=None if pd.isna(row.managing_authority) else row.managing_authority,
            url=None if pd.isna(row.url) else row.url, topics=tuple(r.topic_id for r in topic_reasons),
            eu_amount=money.total(cents.get(row.cci, [])), plans_actions=bool(acts),
            reasons=(*acts, *topic_reasons, *geography[row.cci]), offered=tuple(sorted(offered[row.cci]))))
    matches.sort(key=rank_key)
    return SearchResult(query, start, tuple(matches))


def rank_key(m: Match) -> tuple:
    known = not math.isnan(m.eu_amount)
    return (not m.plans_actions, -len(m.topics), not known, -m.eu_amount if known else 0.0, m.cci)


def _missing_geography(ds, scope: str) -> str | None:
    needs = {"cross-border": ("coverage", "neighbours"), "macro-regional": ("scope_members",),
             "sea-basin": ("scope_members",)}.get(scope, ())
    empty = [name for name in needs if getattr(ds, name).empty]
    if not empty:
        return None
    return (f"The scope '{SCOPE_LABELS[scope]}' needs the geography table{'s' if len(empty) > 1 else ''} "
            f"{' and '.join(empty)}, which the loaded data does not have yet. "
            f"Use EU-wide or a list of countries.")


def _start_scopes(start: Start, areas: ProgrammeAreas) -> set[str]:
    """The strategies and sea basins (scope_id) the start belongs to."""
    if start.region:
        return set(areas.region_scopes.get((start.region, start.nuts_version), ()))
    return set().union(*(r.scopes for r in areas.rows[start.cci]))


def _geography(query: Query, start: Start, start_scopes: set[str], ccis: pd.Series, ds, areas: ProgrammeAreas,
               offered: dict[str, set[str]]) -> dict[str, list[Reason]]:
    """cci -> geography reasons, for the candidates that fit the scope."""
    if query.scope == "eu-wide":
        eu = set(eu_members())
        return {c: [Reason("eu-wide", countries=tuple(sorted(offered[c] & eu)))]
                for c in ccis if offered[c] & eu}
    if query.scope == "countries":
        wanted = set(query.countries)
        return {c: [Reason("countries", countries=tuple(sorted(offered[c] & wanted)))]
                for c in ccis if offered[c] & wanted}
    if query.scope == "cross-border":
        return {c: [r] for c, r in _cross_border(start, ccis, areas, ds.neighbours, offered).items()}
    return _shared_scope(query.scope, start, start_scopes, ccis, areas, offered)


# ---- tables for the page and the shortlist ----------------------------------------------------------

RESULT_COLUMNS = ["rank", "programme", "cci", "countries", "topics", "eu_amount_in_topics", "why_here",
                  "managing_authority", "programme_page"]


def matches_table(result: SearchResult, topics: dict[str, str] | None = None,
                  countries: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per candidate, best first, reasons in plain words."""
    def words(reasons):
        return "; ".join(reason_text(r, topics, countries) for r in reasons)

    rows = [{"rank": i, "programme": m.title, "cci": m.cci, "countries": ", ".join(m.countries),
             "topics": words(m.topic_reasons), "eu_amount_in_topics": m.eu_amount,
             "why_here": words((*m.action_reasons, *m.geography_reasons)),
             "managing_authority": m.managing_authority, "programme_page": m.url}
            for i, m in enumerate(result.matches, start=1)]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def candidates_per_country(result: SearchResult, countries: dict[str, str] | None = None) -> pd.DataFrame:
    """code, country, programmes: where partners can be found. An Interreg programme counts in each of its
    countries except the start's own and those left out."""
    countries = country_names() if countries is None else countries
    codes = pd.Series([c for m in result.matches for c in m.offered], dtype=str)
    out = codes.value_counts().rename_axis("code").rename("programmes").reset_index()
    out.insert(1, "country", out["code"].map(countries).fillna(out["code"]))
    return out.sort_values(["programmes", "code"], ascending=[False, True], ignore_index=True)


def criteria_table(result: SearchResult, topics: dict[str, str] | None = None,
                   countries: dict[str, str] | None = None) -> pd.DataFrame:
    q = result.query
    topics = topic_labels() if topics is None else topics
    countries = country_names() if countries is None else countries
    rows = [("Starting point", result.start.label if result.start else q.start or q.region),
            ("Topics", ", ".join(topics.get(t, t) for t in q.topics)),
            ("Scope of partnership", SCOPE_LABELS[q.scope]),
            ("Countries asked for", _names(q.countries, countries) if q.scope == "countries" else ""),
            ("Countries left out", _names(q.leave_out, countries)),
            ("Own country allowed", "yes" if q.allow_own_country else "no"),
            ("Funds", ", ".join(q.funds) or "all"),
            ("Period", q.period or "all")]
    return pd.DataFrame(rows, columns=["criterion", "value"])


def criteria_line(result: SearchResult, topics: dict[str, str] | None = None,
                  countries: dict[str, str] | None = None) -> str:
    """What was asked, in one line (projected, where the settings are folded away): the start, topics, scope and
    countries of criteria_table, those given."""
    asked = ("Starting point", "Topics", "Scope of partnership", "Countries asked for", "Countries left out")
    table = criteria_table(result, topics, countries)
    return " · ".join(f"{criterion}: {value}" for criterion, value in table.itertuples(index=False)
                      if criterion in asked and value)


def search_link(page_url: str, params: dict[str, list[str]]) -> str:
    """The address that reopens a search: the page's address with its URL-bound criteria."""
    query = urlencode([(k, v) for k, vs in params.items() for v in vs])
    return page_url.split("?")[0] + (f"?{query}" if query else "")


def shortlist_tables(table: pd.DataFrame, criteria: pd.DataFrame, link: str, sources: pd.DataFrame,
                     actions: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The shortlist export's parts, one per XLSX sheet (and CSV section). `actions` is the imported
    cooperation-action table the search used, if any: it is named among the sources."""
    shortlist = table.copy()
    if actions is not None:
        fictional = bool(actions["fictional"].any())
        name = "Imported cooperation-action database" + (" (FICTIONAL)" if fictional else "")
        sources = pd.concat([sources, pd.DataFrame({"source": [name]})], ignore_index=True)
        if fictional:  # every export made from fictional data says so
            shortlist.insert(0, "data", "includes FICTIONAL imported cooperation actions")
    return {"Shortlist": shortlist, "Criteria": criteria, "Link": pd.DataFrame({"link": [link]}),
            "Sources": sources}


def programme_lines(programmes: pd.DataFrame, period: str, country: str | None = None) -> dict[str, str]:
    """CCI -> 'title (CCI)' of the period's programmes, in their order; only those in `country` when given."""
    p = programmes[programmes["period"].eq(period)]
    if country:
        p = p[p["countries"].map(lambda cs: country in cs)]
    return dict(zip(p["cci"], p["title"] + " (" + p["cci"] + ")", strict=True))


def nuts3_lines(regions: pd.DataFrame, country: str | None = None,
                version: int = DEFAULT_NUTS_VERSION) -> dict[str, str]:
    """NUTS 3 id -> 'name (id)' of a NUTS version, extra-regio codes left out; only `country`'s when given."""
    r = regions[regions["level"].eq(3) & regions["nuts_version"].eq(version) & ~regions["extra_regio"]]
    if country:
        r = r[r["country"].eq(country)]
    return dict(zip(r["nuts_id"], r["name"] + " (" + r["nuts_id"] + ")", strict=True))
