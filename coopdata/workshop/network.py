"""Network picture of participant pairs (pure figure builder: returns a plotly figure, no st.*).

Layout, deterministic and spread out (a force layout bunched the nodes in the corners, issue #19): each table is
a small ring of its members, the tables on a grid, so the picture shows the seating and the lines crossing
between tables are the good pairs seated apart. Without a seating, everyone is on one ring. Nodes never overlap:
members sit evenly on their ring and the marker shrinks for long lists. Colours are the tables', named in a legend.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from coopdata.vocabularies import topic_labels

# Dark colours (white codes on them stay readable), enough for 48 tables before one repeats.
TABLE_COLOURS = qualitative.Dark24 + qualitative.Alphabet
EDGE_COLOUR = "#9aa5b1"
RING = 0.32  # a table's ring radius, as a share of the distance between table centres


def layout(codes: list[str], seating: dict[str, int] | None = None) -> dict[str, tuple[float, float]]:
    """code -> (x, y): each table's members evenly on a ring around the table's place on a grid (tables in
    number order, row by row); without a seating, everyone evenly on one ring. Same input, same picture."""
    if not seating:
        n = max(1, len(codes))
        return {c: (math.cos(math.pi / 2 - 2 * math.pi * i / n), math.sin(math.pi / 2 - 2 * math.pi * i / n))
                for i, c in enumerate(codes)}
    tables = sorted({seating[c] for c in codes if c in seating})
    columns = max(1, math.ceil(math.sqrt(len(tables) * 16 / 9)))  # a wide screen's shape
    pos = {}
    for k, table in enumerate(tables):
        cx, cy = k % columns, -(k // columns)
        members = [c for c in codes if seating.get(c) == table]
        for i, c in enumerate(members):
            angle = math.pi / 2 - 2 * math.pi * i / len(members)
            pos[c] = (cx + RING * math.cos(angle), cy + RING * math.sin(angle))
    return pos


def network_figure(participants: pd.DataFrame, pairs: pd.DataFrame, seating: dict[str, int] | None = None,
                   min_score: int = 1) -> go.Figure:
    """Participants as dots (coloured by table when seated, with a legend), pairs scoring at least `min_score`
    as lines, thicker for better pairs."""
    labels = topic_labels()
    codes = list(participants["code"])
    pos = layout(codes, seating)
    shown = pairs[pairs["score"] >= min_score]
    fig = go.Figure()
    # A long list has thousands of pairs: fainter lines keep the tables readable under them.
    opacity = 0.6 if len(shown) <= 150 else max(0.08, 0.6 * 150 / len(shown))
    for score in sorted(shown["score"].unique()):
        xs: list = []
        ys: list = []
        same = shown[shown["score"].eq(score)]
        for a, b in zip(same["a"], same["b"], strict=True):
            xs += [pos[a][0], pos[b][0], None]
            ys += [pos[a][1], pos[b][1], None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"width": 1 + int(score), "color": EDGE_COLOUR},
                                 opacity=opacity, hoverinfo="skip", name=f"pair score {score}", legendgroup="pairs"))
    info = participants.set_index("code")
    size = max(12, min(26, 700 // max(1, len(codes))))
    groups = ([(f"Table {t}", [c for c in codes if seating.get(c) == t]) for t in sorted(set(seating.values()))]
              if seating else [("Participants", codes)])
    for k, (name, members) in enumerate(groups):
        hover = [f"{c} ({info.at[c, 'country']}), {name}<br>" + ", ".join(labels.get(t, t) for t in info.at[c, "topics"])
                 for c in members]
        fig.add_trace(go.Scatter(
            x=[pos[c][0] for c in members], y=[pos[c][1] for c in members], mode="markers+text", text=members,
            textposition="middle center", textfont={"size": 9 if size < 22 else 10, "color": "white"},
            hovertext=hover, hoverinfo="text", name=name, legendgroup="tables",
            marker={"size": size, "color": TABLE_COLOURS[k % len(TABLE_COLOURS)], "line": {"width": 1, "color": "#333"}}))
    fig.update_layout(showlegend=True, height=560, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      legend={"title": {"text": "Colours: tables; lines: pairs"}, "itemsizing": "constant"},
                      xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"}, plot_bgcolor="white")
    return fig
