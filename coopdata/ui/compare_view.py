"""The Compare page's work, done once per distinct filters and choices and shared by every session
(coopdata.ui.data.shared): a rerun with choices seen before costs lookups, whatever the data size.

`f` is the page's filters (the sidebar's, without its Member States). Everything returned is shared:
read it, never change it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from coopdata.analysis import compare, mapdata, themes
from coopdata.analysis import filters as analysis_filters
from coopdata.analysis.filters import Filters
from coopdata.load import Dataset
from coopdata.ui import data, listing
from coopdata.vocabularies import country_names, topic_labels


def _shown(labels: dict[str, str]) -> dict[str, str]:
    return {t: f"{compare.KINDS[t.split(':')[0]]}: {label}" for t, label in labels.items()}


@data.shared(max_entries=2)
def _places(ds: Dataset, period: str) -> dict[str, str]:
    in_period = ds.programmes[ds.programmes["period"] == period]
    # The regions of the period's Member States (the UK's in 2014-2020 only).
    return _shown(compare.place_choices(in_period, mapdata.period_regions(ds.regions, period), ds.coverage,
                                        country_names()))


@data.shared(max_entries=16)
def choices(ds: Dataset, f: Filters) -> listing.Listing:
    """token -> its line in the list ('Member State: Italy'): every Member State and region of the period,
    then the programmes the filters select (one they leave out would have no figures here; the first
    MAX_LISTED)."""
    offered = analysis_filters.filter_programmes(ds.programmes, ds.allocations, f, ds.prepared)
    listed = offered.head(listing.MAX_LISTED)
    lines = {**_places(ds, f.period), **_shown(compare.programme_choices(listed))}
    return listing.Listing(lines, len(offered), len(listed))


@data.shared(max_entries=2)
def every_choice(ds: Dataset, period: str) -> frozenset[str]:
    """Every token of the period, whatever the filters: what a link may choose."""
    in_period = ds.programmes[ds.programmes["period"] == period]
    return frozenset(_places(ds, period)) | frozenset(compare.programme_choices(in_period))


@data.shared(max_entries=16)
def shown_lines(ds: Dataset, tokens: tuple[str, ...]) -> dict[str, str]:
    """Lines of a few tokens outside the list (a choice kept while the filters changed)."""
    return _shown(compare.entity_labels(tokens, ds.programmes, ds.regions, country_names()))


@dataclass(frozen=True)
class Comparison:
    breakdown: pd.DataFrame  # compare.breakdown
    differences: pd.DataFrame  # compare.differences
    table: pd.DataFrame  # compare.comparison_table, largest difference first
    note: str  # themes.amount_note of the filters' selection
    shares: bool  # compare.shares_comparable: False -> compared by programmes (differences, table)


@data.shared(max_entries=16)
def comparison(ds: Dataset, f: Filters, chosen: tuple[str, ...], by: str) -> Comparison:
    progs, allocs = analysis_filters.apply(ds.programmes, ds.allocations, f, ds.prepared)
    key_labels = topic_labels() if by == "topic_id" else None
    if by == "objective_code":
        key_labels = ds.objectives.drop_duplicates("objective_code").set_index("objective_code")[
            "objective_name"].to_dict()
    labels = compare.entity_labels(chosen, ds.programmes, ds.regions, country_names())
    bd = compare.breakdown([compare.parse_entity(t) for t in chosen], labels, progs, allocs, ds.coverage, by=by,
                           key_labels=key_labels)
    shares = compare.shares_comparable(bd)
    diffs = compare.differences(bd, by_programmes=not shares)
    return Comparison(bd, diffs, compare.comparison_table(bd, order=list(diffs["key"]), shares=shares),
                      themes.amount_note(f.period, progs, allocs), shares)


def normalise_token(value: str) -> str:
    """A choice as a link may write it ('Country:gr ') as the list's token ('country:EL'); unchanged if unreadable."""
    try:
        entity = compare.parse_entity(value)
    except ValueError:
        return value
    return f"{entity.kind}:{entity.code}"
