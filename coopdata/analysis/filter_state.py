"""The shared filters <-> URL query parameters, and the filters in words (pure: no streamlit).

A URL only ever carries plain strings (codes, ids, a search text), never pickled or executable state.
Whatever a URL holds is checked against the allowed options: a value that does not match is dropped and
named in a notice, so a mistyped or stale link opens with the rest of its filters and says what it ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import quote, urlencode

import pandas as pd

from coopdata import PERIODS
from coopdata.analysis.filters import Filters
from coopdata.vocabularies import fold

# Query-parameter names of the shared filters, in the order they appear in a link.
PERIOD, FUND, COUNTRY, TOPIC, KIND, SEARCH, PRESENT = "period", "fund", "country", "topic", "kind", "q", "present"
FILTER_PARAMS = (PERIOD, FUND, COUNTRY, TOPIC, KIND, SEARCH)
ALL_PARAMS = (*FILTER_PARAMS, PRESENT)

DEFAULT_PERIOD = Filters().period
MAX_SEARCH_CHARS = 200
MAX_VALUES = 100  # more values than any option list holds: the rest of such a URL is noise
SHOWN_CHARS = 40  # a dropped value is quoted in a notice up to this length

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class FilterOptions:
    """What each filter may hold: codes with their labels for people."""

    funds: tuple[str, ...]
    countries: dict[str, str]  # code -> name
    topics: dict[str, str]  # topic_id -> label
    kinds: tuple[str, ...]
    periods: tuple[str, ...] = PERIODS


def options_from(programmes: pd.DataFrame, country_names: Mapping[str, str], topic_labels: Mapping[str, str],
                 kinds: Sequence[str]) -> FilterOptions:
    """Options offered by the data: funds and countries that occur in at least one programme."""
    funds = sorted({f for fs in programmes["funds"] for f in fs})
    codes = sorted({c for cs in programmes["countries"] for c in cs}, key=lambda c: country_names.get(c, c))
    return FilterOptions(funds=tuple(funds), countries={c: country_names.get(c, c) for c in codes},
                         topics=dict(topic_labels), kinds=tuple(kinds))


def _values(params: Mapping[str, str | Sequence[str]], name: str) -> list[str]:
    raw = params.get(name, [])
    return [raw] if isinstance(raw, str) else [str(v) for v in raw]


def shown(value: str) -> str:
    """A value as quoted in a notice: printable and short."""
    text = re.sub(r"[\x00-\x1f\x7f]", "?", value)
    return f"“{text[:SHOWN_CHARS]}…”" if len(text) > SHOWN_CHARS else f"“{text}”"


def _matcher(options: Iterable[str], labels: Mapping[str, str] | None = None) -> Callable[[str], str | None]:
    """Match a URL value to an option by code (any case) or by its label."""
    lookup = {fold(o): o for o in options}
    for code, label in (labels or {}).items():
        lookup.setdefault(fold(label), code)

    def match(value: str) -> str | None:
        # An unescaped '+' in a hand-typed URL arrives as a space: 'fund=ESF+' reads 'ESF '.
        if value != value.rstrip() and fold(value) + "+" in lookup:
            return lookup[fold(value) + "+"]
        return lookup.get(fold(value))

    return match


def _pick(values: list[str], match: Callable[[str], str | None], what: str, notices: list[str]) -> tuple[str, ...]:
    kept: list[str] = []
    dropped: list[str] = []
    for value in values[:MAX_VALUES]:
        if not value.strip():
            continue  # 'country=' is how a link says "no country filter"
        code = match(value)
        if code is None:
            dropped.append(value)
        elif code not in kept:
            kept.append(code)
    if dropped:
        notices.append(f"{what}: {', '.join(shown(v) for v in dropped)} not known, ignored.")
    if len(values) > MAX_VALUES:
        notices.append(f"{what}: only the first {MAX_VALUES} values of the link were read.")
    return tuple(kept)


def _period(values: list[str], periods: Sequence[str], notices: list[str]) -> str:
    def match(value: str) -> str | None:
        v = re.sub(r"\s*[-‐‑‒–—/]\s*", "-", value.strip())  # en dash, slash...
        return next((p for p in periods if v in (p, p[:4])), None)  # '2014' reads as 2014-2020

    picked = _pick(values, match, "Period", notices)
    if len(picked) > 1:
        notices.append(f"Period: one period at a time; showing {picked[0]}, ignored {', '.join(picked[1:])}.")
    return picked[0] if picked else DEFAULT_PERIOD


def _search(values: list[str], notices: list[str]) -> str:
    text = re.sub(r"[\x00-\x1f\x7f]", " ", " ".join(v for v in values if v.strip())).strip()
    if len(text) > MAX_SEARCH_CHARS:
        notices.append(f"Programme title search: cut to its first {MAX_SEARCH_CHARS} characters.")
        text = text[:MAX_SEARCH_CHARS].strip()
    return text


def parse_query(params: Mapping[str, str | Sequence[str]], options: FilterOptions,
                normalise_country: Callable[[str], str | None] = lambda v: v) -> tuple[Filters, list[str]]:
    """The filters a URL asks for, and one notice per filter whose values were dropped or changed.

    normalise_country turns what people type (GR, names, lower case) into the code the data uses.
    """
    notices: list[str] = []

    def country(value: str) -> str | None:
        labelled = re.fullmatch(r".*\(\s*([A-Za-z]{2})\s*\)\s*", value)  # 'Italy (IT)', as older links wrote it
        value = labelled.group(1) if labelled else value
        code = normalise_country(value.strip()) or value.strip().upper()
        return code if code in options.countries else None

    f = Filters(
        period=_period(_values(params, PERIOD), options.periods, notices),
        funds=_pick(_values(params, FUND), _matcher(options.funds), "Funds", notices),
        countries=_pick(_values(params, COUNTRY), country, "Member States", notices),
        topics=_pick(_values(params, TOPIC), _matcher(options.topics, options.topics), "Topics", notices),
        kinds=_pick(_values(params, KIND), _matcher(options.kinds), "Programme kind", notices),
        search=_search(_values(params, SEARCH), notices),
    )
    return f, notices


def match_choices(values: Sequence[str], options: Iterable[str] | Mapping[str, str], what: str,
                  normalise: Callable[[str], str] | None = None) -> tuple[tuple[str, ...], list[str]]:
    """A page parameter's URL values as option codes, and a notice naming the values dropped.

    A value matches an option by its code or its label, in any case, with spaces folded; a label that ends in
    its code in brackets ('Potenza (ITF51)', as older links wrote it) by that code. `normalise` may rewrite a
    value first (e.g. 'GR' -> 'EL'). `options` is the codes, or a mapping code -> label."""
    labels = options if isinstance(options, Mapping) else None
    by_code = _matcher(options, labels)
    # A label's name without its bracketed code ('Potenza'), when only one option has that name.
    names: dict[str, list[str]] = {}
    for code, label in (labels or {}).items():
        names.setdefault(fold(re.sub(r"\s*\([^()]*\)\s*$", "", label)), []).append(code)

    def match(value: str) -> str | None:
        value = normalise(value) if normalise else value
        code = by_code(value)
        if code is None and (bracketed := re.fullmatch(r".*\(\s*([^(),]+?)\s*(?:,[^()]*)?\)\s*", value)):
            code = by_code(bracketed.group(1))
        if code is None and len(names.get(fold(value), ())) == 1:
            code = names[fold(value)][0]
        return code

    notices: list[str] = []
    return _pick(list(values), match, what, notices), notices


def parse_flag(params: Mapping[str, str | Sequence[str]], name: str, what: str) -> tuple[bool, list[str]]:
    """An on/off URL parameter such as present=1; anything else is off, with a notice."""
    values = _values(params, name)
    if not values:
        return False, []
    value = values[0].strip().casefold()
    if value in _TRUE | _FALSE:
        return value in _TRUE, []
    return False, [f"{what}: {shown(values[0])} is not on/off (use {name}=1), ignored."]


def to_query(f: Filters, present: bool = False) -> dict[str, list[str]]:
    """The URL query parameters that reproduce the filters. The period is always written, so a link keeps
    its meaning even if the default period changes."""
    params: dict[str, list[str]] = {PERIOD: [f.period]}
    for name, values in ((FUND, f.funds), (COUNTRY, f.countries), (TOPIC, f.topics), (KIND, f.kinds)):
        if values:
            params[name] = list(values)
    if f.search:
        params[SEARCH] = [f.search]
    if present:
        params[PRESENT] = ["1"]
    return params


def view_link(base_url_or_path: str, page_url_path: str, f: Filters,
              extra_params: Mapping[str, str | Sequence[str]] | None = None, present: bool = False) -> str:
    """The link that reopens a page with these filters (and a page's own extra parameters)."""
    params = to_query(f, present)
    for name, value in (extra_params or {}).items():
        if name not in ALL_PARAMS:
            params[name] = [value] if isinstance(value, str) else list(value)
    page = page_url_path.strip("/")
    url = base_url_or_path.rstrip("/") + "/" + (page if page else "")
    # quote (not quote_plus): '+' in 'ESF+' becomes %2B, spaces %20; every reader decodes that the same way.
    return url + "?" + urlencode([(k, v) for k, vs in params.items() for v in vs], quote_via=quote, safe="")


def describe(f: Filters, options: FilterOptions) -> list[tuple[str, str]]:
    """The filters in words, one (filter, value) pair per filter, for exports and captions."""
    def listed(values: tuple[str, ...], labels: Mapping[str, str] | None = None, code: bool = False) -> str:
        if not values:
            return "all"
        if labels is None:
            return ", ".join(values)
        return ", ".join(f"{labels.get(v, v)} ({v})" if code else labels.get(v, v) for v in values)

    return [
        ("Period", f.period),
        ("Funds", listed(f.funds)),
        ("Member States", listed(f.countries, options.countries, code=True)),
        ("Topics", listed(f.topics, options.topics)),
        ("Programme kind", listed(f.kinds)),
        ("Programme title contains", f"“{f.search}”" if f.search else "(any title)"),
    ]


def active_chips(f: Filters, options: FilterOptions) -> list[tuple[str, str, str]]:
    """Each removable filter value as (param, value, label): what the chips above a page show."""
    chips = [(FUND, v, v) for v in f.funds]
    chips += [(COUNTRY, v, f"{options.countries.get(v, v)} ({v})") for v in f.countries]
    chips += [(TOPIC, v, options.topics.get(v, v)) for v in f.topics]
    chips += [(KIND, v, v) for v in f.kinds]
    if f.search:
        chips.append((SEARCH, f.search, f"title contains “{f.search}”"))
    return chips


def without(f: Filters, param: str, value: str) -> Filters:
    """The filters with one chip removed."""
    field = {FUND: "funds", COUNTRY: "countries", TOPIC: "topics", KIND: "kinds"}.get(param)
    if field:
        return replace(f, **{field: tuple(v for v in getattr(f, field) if v != value)})
    if param == SEARCH:
        return replace(f, search="")
    raise ValueError(f"{param!r} is not a removable filter")
