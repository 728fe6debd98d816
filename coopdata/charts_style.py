"""Shared chart look (pure: figures in, figures out, no streamlit).

The palette is Okabe-Ito: its eight colours stay distinguishable with the common colour-vision
deficiencies, and on a projector. Presentation mode enlarges every text of a figure for the back of a room.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

# Okabe & Ito (2008), "Color Universal Design"; black last, for a ninth series at most.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
TEXT_COLOUR = "#111111"
FONT_SIZE = 14
PRESENTATION_FONT_SIZE = 22
# One colour per fund, the same on every page and chart. A fund and its successor share theirs (they are never in
# one period together): ESF/ESF+, EMFF/EMFAF. Dark blue and light blue (ERDF, EMFAF) differ in lightness too.
FUND_COLOURS = {"ERDF": "#0072B2", "ESF+": "#E69F00", "ESF": "#E69F00", "CF": "#009E73", "JTF": "#CC79A7",
                "EMFAF": "#56B4E9", "EMFF": "#56B4E9", "YEI": "#F0E442", "Interreg": "#000000", "EAFRD": "#D55E00"}
OTHER_COLOUR = "#999999"  # a fund outside the list ("no fund stated")
# Interreg programmes carry the Commission's country code "TC" in the data; people read "Interreg".
INTERREG_CODE, INTERREG = "TC", "Interreg"


def fund_colour(fund: str) -> str:
    return FUND_COLOURS.get(fund, OTHER_COLOUR)


def wrap(text: str, width: int) -> str:
    """A category label broken into lines of at most `width` characters at spaces (plotly's <br>), never cut."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _nice_step(top: float, ticks: int = 4) -> float:
    raw = top / ticks
    magnitude = 10 ** np.floor(np.log10(raw))
    return float(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw))


def value_ticks(top: float, fmt: Callable[[float], str]) -> dict:
    """Axis ticks written like the bars' own labels (fmt), from 0 to at least `top`: no '0.5B' beside '€2.73 bn'."""
    if not top or not np.isfinite(top) or top <= 0:
        return {}
    step = _nice_step(top)
    values = [i * step for i in range(int(np.floor(top / step)) + 1)]
    return {"tickmode": "array", "tickvals": values, "ticktext": [fmt(v) for v in values]}


def category_axis(labels: list[str], present: bool) -> tuple[dict, int]:
    """A category axis that shows every label (wrapped when projected), and the height each bar needs."""
    width = 22 if present else 40
    shown = [wrap(label, width) for label in labels]
    lines = max((s.count("<br>") + 1 for s in shown), default=1)
    per_bar = (PRESENTATION_FONT_SIZE if present else FONT_SIZE) * 1.35 * lines + (14 if present else 10)
    return {"tickmode": "array", "tickvals": list(labels), "ticktext": shown, "automargin": True}, round(per_bar)


def _style_layout(present: bool) -> dict:
    size = PRESENTATION_FONT_SIZE if present else FONT_SIZE
    return {"colorway": list(OKABE_ITO), "font": {"size": size, "color": TEXT_COLOUR},
            "title": {"font": {"size": round(size * 1.3)}}, "paper_bgcolor": "#FFFFFF", "plot_bgcolor": "#FFFFFF",
            "hoverlabel": {"font": {"size": size}}}


AXIS_STYLE = {"gridcolor": "#D0D0D0", "linecolor": TEXT_COLOUR, "automargin": True}  # long labels push the margin


def style(fig: go.Figure, present: bool = False) -> go.Figure:
    """The figure in the project's look; larger text and thicker marks in presentation mode."""
    fig.update_layout(_style_layout(present), meta=STYLED)
    fig.update_xaxes(AXIS_STYLE)
    fig.update_yaxes(AXIS_STYLE)
    return fig


@functools.cache
def _template(name: str) -> dict:
    # The template a go.Figure would carry: ready figures carry it too, so they look the same. Looked up by
    # the default's name at each figure: importing Streamlit's plotly support makes "streamlit" the default.
    return pio.templates[name].to_plotly_json()


def _merged(base: dict, extra: dict) -> dict:
    """`base` updated by `extra`, nested dicts merged (as plotly's update_layout does)."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


# layout.meta of a figure in the shared look (plotly keeps meta as given): pages style only figures without it.
STYLED = "coopdata shared look"


def is_styled(fig: go.Figure) -> bool:
    return fig.layout.meta == STYLED


def figure(traces: list[dict], layout: dict, present: bool) -> go.Figure:
    """A figure of plain plotly JSON (trace dicts with their "type"; layout), in the shared look for `present`:
    what style() makes of go.Figure({"data": traces, "layout": layout}), merged as plain dicts and validated
    once, when the figure is made (cached figures pay it once)."""
    full = _merged({"template": _template(pio.templates.default), "xaxis": {}, "yaxis": {}}, layout)
    full = _merged(full, _style_layout(present))
    for axis in [k for k in full if k.startswith(("xaxis", "yaxis"))]:
        full[axis] = _merged(full[axis], AXIS_STYLE)
    return go.Figure({"data": traces, "layout": {**full, "meta": STYLED}})


def value_text(present: bool) -> dict:
    """Bar value labels: outside the bar, at the chart's text size, near black on white (never shrunk inside)."""
    return {"textposition": "outside", "cliponaxis": False,
            "textfont": {"size": PRESENTATION_FONT_SIZE if present else FONT_SIZE, "color": TEXT_COLOUR}}


def hbar(df: pd.DataFrame, label: str, value: str, title: str, present: bool = False,
         top: int | None = None, colours: Callable[[str], str] | None = None) -> go.Figure:
    """A horizontal bar per row, largest on top: readable long labels (programme titles, country names).
    `colours` gives each label its colour (e.g. fund_colour); one colour otherwise."""
    shown = (df.nlargest(top, value) if top else df).iloc[::-1]  # plotly draws the first bar at the bottom
    labels = shown[label].astype(str).tolist()
    axis, per_bar = category_axis(labels, present)
    colour = [colours(v) for v in labels] if colours else OKABE_ITO[0]
    bar = {"type": "bar", "orientation": "h", "x": shown[value].tolist(), "y": labels,
           "text": shown[value].tolist(), **value_text(present),
           "marker": {"color": colour, "line": {"color": TEXT_COLOUR, "width": 1}}, "name": "", "showlegend": False,
           "hovertemplate": f"{value}=%{{x}}<br>{label}=%{{y}}<extra></extra>"}
    top_value = float(shown[value].max()) if len(shown) else 0.0
    return figure([bar], {"title": {"text": title}, "xaxis": {"title": {"text": value}, "range": [0, top_value * 1.2]},
                          "yaxis": {"title": {}, **axis}, "height": max(260, per_bar * len(shown) + 120),
                          "margin": {"l": 10, "r": 40, "t": 60, "b": 10}}, present)


def alt_text(description: str, frame: pd.DataFrame, label: str, value: str, fmt: Callable = str,
             top: int = 10) -> str:
    """A chart in words, for screen readers: what it shows, then its largest values (the rest is in its table)."""
    values = frame[value].to_numpy(dtype="float64", na_value=np.nan)
    known = np.flatnonzero(~np.isnan(values))
    # Largest first, ties in the frame's order (a stable sort of the negated values); the values that are known.
    largest = known[np.argsort(-values[known], kind="stable")[:top]]
    names, shown = frame[label].to_numpy(), frame[value].to_numpy()  # shown as they are: counts stay integers
    parts = [f"{names[i]} {fmt(shown[i])}" for i in largest]
    more = len(frame) - len(parts)
    rest = f"; {more} more in the table" if more > 0 else ""
    return f"{description}: " + (", ".join(parts) or "no value") + rest + "."
