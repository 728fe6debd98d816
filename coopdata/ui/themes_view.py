"""The Themes page's work, done once per distinct filters and page choices and shared by every session
(coopdata.ui.data.shared): a rerun with choices seen before costs lookups, whatever the data size.

`f` is the page's filters (the focused topic already in them); `kept` the CCIs an action filter keeps, as a
sorted tuple (None: every programme). Figures come styled for the presentation mode they are asked for, so
they are never styled again in place. Everything returned is shared: read it, never change it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from coopdata import charts, charts_style, vocabularies
from coopdata.amounts import format_eur
from coopdata.analysis import themes
from coopdata.analysis.filters import Filters, funds_unstated
from coopdata.load import Dataset
from coopdata.ui import data, narrowed

MEASURE_WORDS = {"eu_amount": "EU amount", "programmes": "programmes"}
# The page's tabs below the ranked topics, in order: code (the link's ?section=..., which takes the label too)
# -> label.
SECTIONS = {"figures": "The figures", "objectives": "Objectives within topics",
            "split": "Split by fund or Member State", "shift": "Shift between 2014-2020 and 2021-2027"}


@dataclass(frozen=True)
class Selection:
    programmes: int  # programmes in the filters
    rows: np.ndarray  # the allocation rows they keep: a boolean mask over ds.allocations (read-only)


# A mask is a byte per allocation row (0.6 MB at 100 times the data): the period shift's settings fit too.
@data.shared(max_entries=16)
def _selection(ds: Dataset, f: Filters, kept: tuple[str, ...] | None) -> Selection:
    programmes, rows = narrowed.selection(ds, f, kept)
    rows.flags.writeable = False  # shared between sessions
    return Selection(programmes, rows)


@data.shared(max_entries=8)
def _groups(ds: Dataset, columns: tuple[str, ...]) -> themes.RowGroups:
    """The dataset's allocation rows grouped by `columns` (themes.group_rows), made once per load."""
    return themes.group_rows(_allocations(ds, columns), columns, ds.prepared.allocations)


def _allocations(ds: Dataset, columns: tuple[str, ...]) -> pd.DataFrame:
    """The allocation table a grouping reads: by country, with each row's programme country (same rows)."""
    return _with_country(ds) if "country" in columns else ds.allocations


@data.shared(max_entries=2)
def _with_country(ds: Dataset) -> pd.DataFrame:
    return themes.with_country(ds.allocations, ds.programmes)


@data.shared(max_entries=2)
def topic_labels(ds: Dataset) -> dict[str, str]:
    """topic_id -> label of the dataset's topics, made once per load (shared: read it, never change it)."""
    return vocabularies.topic_labels(ds.topics)


@data.shared(max_entries=16)
def focus_topics(ds: Dataset, f: Filters) -> tuple[str, ...]:
    """The topics of the allocation rows in the sidebar filters, by label."""
    labels = topic_labels(ds)
    in_filters = themes.topics_of(ds.allocations, _selection(ds, f, None).rows, ds.prepared.allocations)
    return tuple(sorted(in_filters, key=lambda t: labels.get(t, t)))


@dataclass(frozen=True)
class Topics:
    programmes: int  # programmes in the selection
    with_objectives: int  # of which with allocation rows
    dist: pd.DataFrame  # themes.topic_distribution
    table: pd.DataFrame  # themes.figures_table
    note: str  # themes.amount_note
    with_amounts: int  # programmes of the selection with at least one EU amount
    eu_total: float  # the EU amount of the rows shown (exact; NaN when none is known)

    @property
    def amounts_rankable(self) -> bool:
        return themes.amounts_rankable(self.programmes, self.with_amounts)


@data.shared(max_entries=16)
def topics(ds: Dataset, f: Filters, kept: tuple[str, ...] | None, exclude: tuple[str, ...]) -> Topics:
    chosen = _selection(ds, f, kept)
    dist = themes.topic_distribution(ds.allocations, ds.topics, exclude, chosen.rows, _groups(ds, themes.TOPIC),
                                     ds.prepared.allocations)
    with_objectives, with_amounts = themes.amount_coverage(ds.allocations, chosen.rows, ds.prepared.allocations)
    return Topics(chosen.programmes, with_objectives, dist, themes.figures_table(dist),
                  themes.amount_sentence(f.period, chosen.programmes, with_amounts), with_amounts,
                  themes.eu_total(ds.allocations, chosen.rows, exclude, ds.prepared.allocations))


@data.shared(max_entries=16)
def topic_bars(ds: Dataset, f: Filters, kept: tuple[str, ...] | None, exclude: tuple[str, ...], measure: str,
               scope: str, present: bool) -> tuple[go.Figure, str]:
    dist = topics(ds, f, kept, exclude).dist
    alt = charts_style.alt_text(f"Bar chart of topics ranked by {MEASURE_WORDS[measure]}, {scope}", dist, "topic",
                                measure, format_eur if measure == "eu_amount" else "{:,} programmes".format)
    # Projected, the chart carries its heading itself: one line less above it on the first screen.
    return charts.topic_bars(dist, measure, title=f"Topics ranked, {scope}" if present else "", present=present), alt


@data.shared(max_entries=16)
def objectives(ds: Dataset, f: Filters, kept: tuple[str, ...] | None, exclude: tuple[str, ...],
               parent: str) -> pd.DataFrame:
    columns = themes.objective_groups(parent)
    return themes.objective_distribution(ds.allocations, ds.objectives, ds.topics, parent, exclude,
                                         _selection(ds, f, kept).rows, _groups(ds, columns), ds.prepared.allocations)


@data.shared(max_entries=16)
def objective_treemap(ds: Dataset, f: Filters, kept: tuple[str, ...] | None, exclude: tuple[str, ...],
                      parent: str, scope: str, present: bool) -> tuple[go.Figure, str]:
    table = objectives(ds, f, kept, exclude, parent)
    alt = charts_style.alt_text(f"Treemap of EU amount per objective, {scope}", table, "objective", "eu_amount",
                                format_eur)
    return charts.objective_treemap(table, present=present), alt


@data.shared(max_entries=16)
def topic_split(ds: Dataset, f: Filters, kept: tuple[str, ...] | None, exclude: tuple[str, ...], by: str,
                measure: str, present: bool) -> tuple[pd.DataFrame, go.Figure]:
    columns = ("topic_id", by)
    split = themes.topic_split(_allocations(ds, columns), ds.programmes, ds.topics, by, exclude,
                               _selection(ds, f, kept).rows, _groups(ds, columns), ds.prepared.allocations)
    if by == "country":  # one name per thing: the data's "TC" is what people call Interreg
        split = split.assign(country=split["country"].replace(charts_style.INTERREG_CODE, charts_style.INTERREG))
    return split, charts.topic_split(split, by, measure, present=present)


@dataclass(frozen=True)
class Shift:
    table: pd.DataFrame  # themes.period_shift
    figure: go.Figure
    programmes_2021: int  # 2021-2027 programmes under the counterpart filters
    with_objectives_2021: int  # of which with allocation rows
    with_amounts_2021: int  # of which with an EU amount
    funds_unstated_2021: int  # left out by the counterpart fund filter: no source states their funds


@data.shared(max_entries=16)
def period_shift(ds: Dataset, f: Filters, kept: tuple[str, ...] | None, present: bool) -> Shift:
    chosen = {period: _selection(ds, themes.counterpart_filters(f, period), kept)
              for period in ("2014-2020", "2021-2027")}
    # The rows of both periods are given (narrowed to `kept` already): the programmes are not read again.
    table = themes.period_shift(ds.programmes, ds.allocations, ds.topics, f, _groups(ds, themes.TOPIC),
                                {period: c.rows for period, c in chosen.items()}, ds.prepared)
    figure = charts.period_shift(table, "programme_share", present=present)
    unstated = funds_unstated(ds.programmes, ds.allocations, themes.counterpart_filters(f, "2021-2027"),
                              ds.prepared, narrowed.among(ds, kept))
    return Shift(table, figure, chosen["2021-2027"].programmes,
                 *themes.amount_coverage(ds.allocations, chosen["2021-2027"].rows, ds.prepared.allocations),
                 len(unstated))
