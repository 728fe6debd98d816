"""The Themes page's work, done once per distinct filters and page choices and shared by every session
(coopdata.ui.data.shared): a rerun with choices seen before costs lookups, whatever the data size.

`f` is the page's filters (the focused topic already in them); `kept` the CCIs an action filter keeps, as a
sorted tuple (None: every programme). Figures come styled for the presentation mode they are asked for, so
they are never styled again in place. Everything returned is shared: read it, never change it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from coopdata import charts, charts_style
from coopdata.analysis import themes
from coopdata.analysis.filters import Filters
from coopdata.charts_style import ReadyFigure
from coopdata.load import Dataset
from coopdata.ui import data, narrowed

MEASURE_WORDS = {"eu_amount": "EU amount", "programmes": "programmes"}


@data.shared(max_entries=16)
def focus_topics(ds: Dataset, f: Filters) -> tuple[str, ...]:
    """The topics of the allocation rows in the sidebar filters, by label."""
    _, in_filters = narrowed.apply(ds, f, None, ["cci", "fund", "topic_id"])
    labels = dict(zip(ds.topics["topic_id"], ds.topics["label"], strict=True))
    return tuple(sorted(in_filters["topic_id"].unique(), key=lambda t: labels.get(t, t)))


# The allocation columns the page's tables read: a filter change copies these only.
ALLOCATION_COLUMNS = ["cci", "fund", "topic_id", "policy_objective", "objective_code", "eu_amount"]


# Two entries: the filtered frames are large (at 100 times the data, tens of MB), and only the tables made
# from them are kept for longer.
@data.shared(max_entries=2)
def _selection(ds: Dataset, f: Filters, kept: tuple[str, ...] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    return narrowed.apply(ds, f, kept, ALLOCATION_COLUMNS)


@dataclass(frozen=True)
class Topics:
    programmes: int  # programmes in the selection
    with_objectives: int  # of which with allocation rows
    dist: pd.DataFrame  # themes.topic_distribution
    table: pd.DataFrame  # themes.figures_table
    note: str  # themes.amount_note


@data.shared(max_entries=16)
def topics(ds: Dataset, f: Filters, kept: tuple[str, ...] | None, exclude: tuple[str, ...]) -> Topics:
    progs, allocs = _selection(ds, f, kept)
    dist = themes.topic_distribution(allocs, ds.topics, exclude)
    return Topics(len(progs), themes.amount_coverage(allocs)[0], dist, themes.figures_table(dist),
                  themes.amount_note(f.period, progs, allocs))


@data.shared(max_entries=16)
def topic_bars(ds: Dataset, f: Filters, kept: tuple[str, ...] | None, exclude: tuple[str, ...], measure: str,
               scope: str, present: bool) -> tuple[ReadyFigure, str]:
    dist = topics(ds, f, kept, exclude).dist
    alt = charts_style.alt_text(f"Bar chart of topics ranked by {MEASURE_WORDS[measure]}, {scope}", dist, "topic",
                                measure, themes.format_eur if measure == "eu_amount" else "{:,} programmes".format)
    return charts.topic_bars(dist, measure, present=present), alt


@data.shared(max_entries=16)
def objectives(ds: Dataset, f: Filters, kept: tuple[str, ...] | None, exclude: tuple[str, ...],
               parent: str) -> pd.DataFrame:
    _, allocs = _selection(ds, f, kept)
    return themes.objective_distribution(allocs, ds.objectives, ds.topics, parent, exclude)


@data.shared(max_entries=16)
def objective_treemap(ds: Dataset, f: Filters, kept: tuple[str, ...] | None, exclude: tuple[str, ...],
                      parent: str, scope: str, present: bool) -> tuple[ReadyFigure, str]:
    table = objectives(ds, f, kept, exclude, parent)
    alt = charts_style.alt_text(f"Treemap of EU amount per objective, {scope}", table, "objective", "eu_amount",
                                themes.format_eur)
    return charts.objective_treemap(table, present=present), alt


@data.shared(max_entries=16)
def topic_split(ds: Dataset, f: Filters, kept: tuple[str, ...] | None, exclude: tuple[str, ...], by: str,
                measure: str, present: bool) -> tuple[pd.DataFrame, ReadyFigure]:
    progs, allocs = _selection(ds, f, kept)
    split = themes.topic_split(allocs, progs, ds.topics, by, exclude)
    return split, charts.topic_split(split, by, measure, present=present)


@dataclass(frozen=True)
class Shift:
    table: pd.DataFrame  # themes.period_shift
    figure: ReadyFigure
    programmes_2021: int  # 2021-2027 programmes under the counterpart filters
    with_objectives_2021: int  # of which with allocation rows
    with_amounts_2021: int  # of which with an EU amount


@data.shared(max_entries=16)
def period_shift(ds: Dataset, f: Filters, kept: tuple[str, ...] | None, present: bool) -> Shift:
    progs21, allocs21 = narrowed.apply(ds, themes.counterpart_filters(f, "2021-2027"), kept, ALLOCATION_COLUMNS)
    table = themes.period_shift(narrowed.programmes(ds, kept), ds.allocations, ds.topics, f)
    figure = charts.period_shift(table, "programme_share", present=present)
    return Shift(table, figure, len(progs21), *themes.amount_coverage(allocs21))
