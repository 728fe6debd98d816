"""Network picture of participant pairs (pure figure builder: returns a plotly figure, no st.*)."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from coopdata.vocabularies import topic_labels

LAYOUT_SEED = 7  # a fixed seed keeps the picture the same from one run to the next


def network_figure(participants: pd.DataFrame, pairs: pd.DataFrame, seating: dict[str, int] | None = None,
                   min_score: int = 1) -> go.Figure:
    """Participants as dots (coloured by table when seated), pairs scoring at least `min_score` as
    lines, thicker for better pairs."""
    labels = topic_labels()
    shown = pairs[pairs["score"] >= min_score]
    g = nx.Graph()
    g.add_nodes_from(participants["code"])
    g.add_weighted_edges_from(zip(shown["a"], shown["b"], shown["score"], strict=True))
    pos = nx.spring_layout(g, weight="weight", seed=LAYOUT_SEED)

    fig = go.Figure()
    for score in sorted(shown["score"].unique()):
        xs: list = []
        ys: list = []
        for a, b in zip(shown.loc[shown["score"].eq(score), "a"], shown.loc[shown["score"].eq(score), "b"], strict=True):
            xs += [pos[a][0], pos[b][0], None]
            ys += [pos[a][1], pos[b][1], None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"width": 1 + 2 * int(score), "color": "#9aa5b1"},
                                 hoverinfo="skip", name=f"score {score}"))
    info = participants.set_index("code")
    codes = list(participants["code"])
    tables = [seating.get(c) if seating else None for c in codes]
    hover = [f"{c} ({info.at[c, 'country']})<br>" + ", ".join(labels.get(t, t) for t in info.at[c, "topics"])
             for c in codes]
    marker = {"size": 26, "line": {"width": 1, "color": "#333"}}
    if seating:
        marker |= {"color": tables, "colorscale": "Turbo", "showscale": False}
    fig.add_trace(go.Scatter(x=[pos[c][0] for c in codes], y=[pos[c][1] for c in codes], mode="markers+text",
                             text=codes, textposition="middle center", textfont={"size": 10, "color": "white"},
                             hovertext=hover, hoverinfo="text", marker=marker, name="participants"))
    fig.update_layout(showlegend=False, height=520, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      xaxis={"visible": False}, yaxis={"visible": False}, plot_bgcolor="white")
    return fig
