"""The Partner search page's work, done once per distinct criteria and shared by every session
(coopdata.ui.data.shared): a rerun with criteria seen before costs lookups, whatever the data size.
A search ranked with a session's own imported actions is that session's: computed on each run.
Everything returned is shared: read it, never change it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import pandas as pd

from coopdata.analysis import actions as act
from coopdata.analysis import mapdata
from coopdata.analysis import partners as pt
from coopdata.load import Dataset
from coopdata.ui import data, listing
from coopdata.vocabularies import SCOPE_LABELS, country_names


@data.shared(max_entries=4)
def countries_in(ds: Dataset, period: str) -> tuple[str, ...]:
    """Country codes of the period's programmes, by name."""
    names = country_names()
    in_period = ds.programmes[ds.programmes["period"].eq(period)]
    return tuple(sorted({c for cs in in_period["countries"] for c in cs}, key=lambda c: names.get(c, c)))


@data.shared(max_entries=16)
def start_programmes(ds: Dataset, period: str, country: str | None) -> listing.Listing:
    """CCI -> 'title (CCI)' of the period's programmes (in the country, when one is given): the first
    MAX_LISTED. Any other can be typed (see starts_typed)."""
    lines = pt.programme_lines(ds.programmes, period, country)
    listed = dict(islice(lines.items(), listing.MAX_LISTED))
    return listing.Listing(listed, len(lines), len(listed))


def starts_typed(ds: Dataset, period: str) -> bool:
    """Whether the programme box takes a typed CCI or title (pt.resolve_start reads it): when the period's
    list is cut. Decided per period, not per country, because turning it on or off gives the box a new
    identity, which would drop the chosen programme whenever a country shortens the list."""
    return start_programmes(ds, period, None).cut


@data.shared(max_entries=16)
def start_regions(ds: Dataset, country: str | None, period: str | None = None) -> dict[str, str]:
    """NUTS 3 id -> 'name (id)' (in the country, when one is given; of the period's Member States, when one is
    given: the UK's regions in 2014-2020 only)."""
    return pt.nuts3_lines(mapdata.period_regions(ds.regions, period), country)


@dataclass(frozen=True)
class Found:
    result: pt.SearchResult
    table: pd.DataFrame | None  # pt.matches_table; None when the result is a message
    per_country: pd.DataFrame | None  # pt.candidates_per_country


def _found(result: pt.SearchResult) -> Found:
    if result.message:
        return Found(result, None, None)
    return Found(result, pt.matches_table(result), pt.candidates_per_country(result))


@data.shared(max_entries=4)
def _areas(ds: Dataset) -> pt.ProgrammeAreas:
    """Every programme's area as the search reads it: made once per dataset (about 0.2 s)."""
    return pt.programme_areas(ds)


# A workshop's room asks a few hundred distinct searches (topics x scopes around one start); a result takes
# about 40 KB (around Potenza), so 256 of them take about 10 MB.
@data.shared(max_entries=256)
def _public_search(ds: Dataset, query: pt.Query) -> Found:
    return _found(pt.search(ds, query, areas=_areas(ds)))


def search(ds: Dataset, query: pt.Query, actions: pd.DataFrame | None,
           action_filter: act.ActionFilter | None) -> Found:
    """The search ranked with the imported actions (if any), kept to what the action filter keeps."""
    found = (_public_search(ds, query) if actions is None
             else _found(pt.search(ds, query, actions, _areas(ds))))
    narrowed = act.narrow_search(found.result, actions, action_filter, query.topics, query.period)
    return found if narrowed is found.result else _found(narrowed)


def settings_line(ds: Dataset, period: str, state, topic_names: dict[str, str], countries: dict[str, str]) -> str:
    """The search settings in one line (the folded settings' label): start, topics, scope."""
    parts = []
    if state.get("p_start"):
        parts.append(start_programmes(ds, period, None).lines.get(state["p_start"], state["p_start"]))
    if state.get("p_region"):
        parts.append(start_regions(ds, None).get(state["p_region"], state["p_region"]))
    parts.append(", ".join(topic_names.get(t, t) for t in state.get("p_topic") or ()) or "any topic")
    scope = state.get("p_scope") or "eu-wide"
    if scope == "countries" and state.get("p_partners"):
        parts.append(", ".join(countries.get(c, c) for c in state["p_partners"]))
    else:
        parts.append(SCOPE_LABELS.get(scope, scope))
    return " · ".join(parts)
