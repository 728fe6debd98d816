"""The Programme profile page's work, done once per distinct filters or programme and shared by every session
(coopdata.ui.data.shared): a rerun with choices seen before costs lookups, whatever the data size.
Everything returned is shared: read it, never change it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from coopdata.analysis import filters as analysis_filters
from coopdata.analysis import profile
from coopdata.analysis.filters import Filters
from coopdata.load import Dataset
from coopdata.ui import data, listing


@data.shared(max_entries=2)
def every_programme(ds: Dataset) -> dict[str, str]:
    """CCI -> its line in the list ('CCI — title'), for every programme of both periods."""
    return profile.programme_lines(ds.programmes)


@data.shared(max_entries=16)
def programmes_in(ds: Dataset, f: Filters) -> listing.Listing:
    """CCI -> its line in the list, for the programmes the sidebar filters select (the first MAX_LISTED)."""
    kept = analysis_filters.filter_programmes(ds.programmes, ds.allocations, f, ds.prepared)
    listed = kept.head(listing.MAX_LISTED)
    return listing.Listing(profile.programme_lines(listed), len(kept), len(listed))


@dataclass(frozen=True)
class Profile:
    row: pd.Series  # profile.programme
    facts: dict[str, str]  # profile.facts
    topics: pd.DataFrame  # profile.by_topic
    note: str  # profile.period_amount_note of the programme's period
    objectives: pd.DataFrame  # profile.by_objective
    regions: pd.DataFrame  # profile.covered_regions
    similar: pd.DataFrame  # profile.similar_programmes
    eu_total: float  # profile.programme_total


@data.shared(max_entries=32)
def of(ds: Dataset, cci: str) -> Profile:
    """Everything the page shows of one programme that is in the data."""
    row = profile.programme(ds.programmes, cci)
    return Profile(row, profile.facts(row), profile.by_topic(ds.allocations, ds.topics, cci),
                   profile.period_amount_note(ds.programmes, ds.allocations, row["period"]),
                   profile.by_objective(ds.allocations, ds.objectives, ds.topics, cci),
                   profile.covered_regions(ds.coverage, ds.regions, cci),
                   profile.similar_programmes(ds.programmes, ds.allocations, ds.topics, cci),
                   profile.programme_total(ds.allocations, cci))
