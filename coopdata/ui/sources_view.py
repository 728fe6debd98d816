"""The Data & sources page's work, done once per distinct filters and shared by every session
(coopdata.ui.data.shared): a rerun with filters seen before costs lookups, whatever the data size.
Everything returned is shared: read it, never change it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from coopdata import charts_style
from coopdata.analysis import datasummary, filters
from coopdata.analysis.filters import Filters
from coopdata.load import Dataset
from coopdata.ui import data


@dataclass(frozen=True)
class Counts:
    programmes: int  # programmes in the filters
    per_fund: pd.DataFrame  # datasummary.programmes_per_fund
    per_country: pd.DataFrame  # datasummary.programmes_per_country


@data.shared(max_entries=16)
def counts(ds: Dataset, f: Filters) -> Counts:
    kept = filters.programme_mask(ds.programmes, ds.allocations, f, ds.prepared)
    return Counts(int(np.count_nonzero(kept)),
                  datasummary.programmes_per_fund(ds.programmes, f.period, kept, ds.prepared),
                  datasummary.programmes_per_country(ds.programmes, f.period, kept, ds.prepared))


@data.shared(max_entries=16)
def per_fund_chart(ds: Dataset, f: Filters, present: bool) -> tuple[go.Figure, str]:
    """The programmes-per-fund bars in the shared style for `present`, and their text alternative."""
    per_fund = counts(ds, f).per_fund
    fig = charts_style.hbar(per_fund, "fund", "programmes", f"Programmes per fund, {f.period}", present,
                            colours=charts_style.fund_colour)
    alt = (f"Bar chart of programmes per fund, {f.period}: "
           + ", ".join(f"{r.fund} {r.programmes}" for r in per_fund.itertuples()) + ".")
    return fig, alt


@data.shared(max_entries=2)
def sources(ds: Dataset) -> pd.DataFrame:
    return datasummary.sources_table(ds.manifest)


def coverage(ds: Dataset) -> pd.DataFrame:
    return datasummary.coverage_table(ds.manifest)
