"""Shared chart look (pure: figures in, figures out, no streamlit).

The palette is Okabe-Ito: its eight colours stay distinguishable with the common colour-vision
deficiencies, and on a projector. Presentation mode enlarges every text of a figure for the back of a room.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

# Okabe & Ito (2008), "Color Universal Design"; black last, for a ninth series at most.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
TEXT_COLOUR = "#111111"
FONT_SIZE = 14
PRESENTATION_FONT_SIZE = 22


def style(fig: go.Figure, present: bool = False) -> go.Figure:
    """The figure in the project's look; larger text and thicker marks in presentation mode."""
    size = PRESENTATION_FONT_SIZE if present else FONT_SIZE
    fig.update_layout(
        colorway=list(OKABE_ITO),
        font={"size": size, "color": TEXT_COLOUR},
        title_font={"size": round(size * 1.3)},
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        hoverlabel={"font_size": size},
    )
    fig.update_xaxes(gridcolor="#D0D0D0", linecolor=TEXT_COLOUR)
    fig.update_yaxes(gridcolor="#D0D0D0", linecolor=TEXT_COLOUR)
    return fig


class SharedFigure(go.Figure):
    """A styled figure cached for every session (coopdata.ui.data.shared). Streamlit turns a figure into a
    dict on each rerun (a deep copy, numbers re-encoded); this one makes that dict once and hands out the
    same one, so it must never be changed: not the figure, not its dict."""

    def to_dict(self) -> dict:
        if getattr(self, "_dict_once", None) is None:
            made = super().to_dict()
            for trace in made.get("data", []):
                trace.pop("uid", None)  # plotly.io.to_json drops them from the dict it is given: not from this one
            self._dict_once = made
        return self._dict_once


def shared(fig: go.Figure, present: bool) -> SharedFigure:
    """The figure in the shared style for `present`, ready to be cached and sent again unchanged."""
    style(fig, present)
    # The same object made a SharedFigure, not a copy: a copy would drop empty properties and so not send
    # quite the same JSON as the figure itself.
    fig.__class__ = SharedFigure
    fig.to_dict()  # made here, before any session shares the figure
    return fig


def hbar(df: pd.DataFrame, label: str, value: str, title: str, top: int | None = None) -> go.Figure:
    """A horizontal bar per row, largest on top: readable long labels (programme titles, country names)."""
    shown = df.nlargest(top, value) if top else df
    fig = px.bar(shown.iloc[::-1], x=value, y=label, orientation="h", title=title, text=value,
                 color_discrete_sequence=[OKABE_ITO[0]])
    fig.update_traces(textposition="outside", cliponaxis=False)
    fig.update_layout(yaxis_title=None, margin={"l": 10, "r": 40, "t": 60, "b": 10})
    return fig


def alt_text(description: str, frame: pd.DataFrame, label: str, value: str, fmt: Callable = str,
             top: int = 10) -> str:
    """A chart in words, for screen readers: what it shows, then its largest values (the rest is in its table)."""
    known = frame.dropna(subset=[value]).sort_values(value, ascending=False, kind="stable")
    parts = [f"{name} {fmt(v)}" for name, v in zip(known[label].head(top), known[value].head(top), strict=True)]
    more = len(frame) - len(parts)
    rest = f"; {more} more in the table" if more > 0 else ""
    return f"{description}: " + (", ".join(parts) or "no value") + rest + "."
