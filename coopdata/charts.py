"""Pure plotly figure builders: data frames in, figures out (never st.*).

The charts a page draws for each new filter setting are written as plain plotly JSON in the shared look
(charts_style.figure): plotly's objects validate every property, which cost milliseconds per chart.
Topic charts carry the topic id as each bar's customdata, so a click can be turned into a topic filter
(coopdata.ui.selection.topic_from_selection).
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from coopdata import charts_style
from coopdata.amounts import format_eur, format_share

MEASURES = {"eu_amount": "EU amount (EUR)", "programmes": "Programmes", "share": "Share of EU amount (%)",
            "programme_share": "Share of programmes (%)"}
COLOURS = ["#1f4e9c", "#e07b00", "#2a9d8f", "#b5179e"]  # one per compared entity, colour-blind safe
PERIOD_COLOURS = {"2014": "#8c8c8c", "2021": "#1f4e9c"}


def _hovers(d) -> list[str]:
    """Each topic's hover text: its name, programmes (when counted) and EU amount with its share."""
    programmes = d["programmes"].tolist() if "programmes" in d else [None] * len(d)
    return [f"<b>{topic}</b><br>" + (f"{n} programmes<br>" if n is not None else "")
            + f"EU amount: {format_eur(amount)} ({format_share(share)})"
            for topic, n, amount, share in zip(d["topic"].tolist(), programmes, d["eu_amount"].tolist(),
                                               d["share"].tolist(), strict=True)]


def _title(text: str) -> dict:
    return {"text": text} if text else {}


def _top(title: str) -> int:
    """The top margin: room for a title, else a little (the page's heading names the chart)."""
    return 50 if title else 12


def _values(column) -> list:
    """A column as JSON-ready values (NaN stays NaN: plotly's encoder sends it as null)."""
    return column.tolist()


def topic_bars(dist, measure: str = "eu_amount", title: str = "", present: bool = False) -> go.Figure:
    """Ranked horizontal bars, one per topic (largest on top); clickable (customdata = topic id)."""
    d = dist.sort_values(measure, ascending=True, na_position="first")
    fmt = _formatter(measure)
    bar = {"type": "bar", "orientation": "h", "x": _values(d[measure]), "y": _values(d["topic"]),
           "customdata": _values(d["topic_id"]), "marker": {"color": COLOURS[0]},
           "hovertext": _hovers(d), "hoverinfo": "text",
           "text": [fmt(v) for v in d[measure]], **charts_style.value_text(present)}
    # Every topic labelled (wrapped when projected), each bar tall enough for its label; the value axis written
    # like the bars' labels, with room on the right for the largest bar's label.
    axis, per_bar = charts_style.category_axis(d["topic"].tolist(), present)
    top = float(d[measure].max()) if d[measure].notna().any() else 0.0
    return charts_style.figure([bar], {
        "title": _title(title), "xaxis": {"title": {"text": MEASURES[measure]}, "range": [0, top * 1.3 or 1],
                                          **charts_style.value_ticks(top, fmt)},
        "yaxis": axis, "height": max(300, per_bar * len(d) + 110),
        "margin": {"l": 10, "r": 10, "t": _top(title), "b": 40}, "clickmode": "event+select"}, present)


def _formatter(measure: str):
    """A value as the bars' labels write it, for ticks too."""
    if measure == "eu_amount":
        return lambda v: "€0" if v == 0 else format_eur(v)
    if measure == "programmes":
        return lambda v: "no amount" if v != v else f"{v:,.0f}"
    return format_share


def objective_treemap(objectives, title: str = "", present: bool = False) -> go.Figure:
    """Parent (topic or policy objective) -> objective, sized by EU amount; rows without amounts left out."""
    d = objectives[objectives["eu_amount"].notna() & (objectives["eu_amount"] > 0)]
    parent_of, amounts = d["parent_id"].tolist(), d["eu_amount"].tolist()
    # A parent's value is its objectives' amounts added one by one in their order, as plotly adds a branch's
    # children: with branchvalues="total" a parent even a cent below its children's sum is not drawn.
    parents: dict[str, list] = {}
    for pid, name, amount in zip(parent_of, d["parent"].tolist(), amounts, strict=True):
        parents.setdefault(pid, [name, 0.0])[1] += amount
    order = sorted(parents)
    ids = [f"p:{p}" for p in order] + [f"o:{p}:{o}" for p, o in zip(parent_of, d["objective_code"].tolist(), strict=True)]
    labels = [parents[p][0] for p in order] + [f"{c} {n}" for c, n in zip(d["objective_code"].tolist(),
                                                                         d["objective"].tolist(), strict=True)]
    treemap = {"type": "treemap", "ids": ids, "labels": labels, "parents": [""] * len(order) + [f"p:{p}" for p in parent_of],
               "values": [parents[p][1] for p in order] + amounts, "branchvalues": "total",
               "hovertemplate": "<b>%{label}</b><br>EU amount: €%{value:,.0f}<br>"
                                "%{percentRoot:.1%} of the total shown<extra></extra>",
               "texttemplate": "%{label}<br>%{percentRoot:.1%}"}
    return charts_style.figure([treemap], {"title": _title(title), "height": 520,
                                           "margin": {"l": 10, "r": 10, "t": 50, "b": 10}}, present)


def period_shift(shift, measure: str = "programme_share", title: str = "", present: bool = False) -> go.Figure:
    """Dumbbell per topic: 2014-2020 dot, 2021-2027 dot, joined by a line; ranked by the change."""
    d = shift.sort_values(f"{measure}_change", ascending=True)
    lines = [{"type": "scatter", "x": [a, b], "y": [y, y], "mode": "lines", "line": {"color": "#bbbbbb", "width": 3},
              "hoverinfo": "skip", "showlegend": False}
             for y, a, b in zip(d["topic"], d[f"{measure}_2014"].tolist(), d[f"{measure}_2021"].tolist(), strict=True)]
    dots = [{"type": "scatter", "x": _values(d[f"{measure}_{year}"]), "y": _values(d["topic"]), "mode": "markers",
             "name": period, "customdata": _values(d["topic_id"]),
             "marker": {"size": 12, "color": PERIOD_COLOURS[year]},
             "hovertemplate": "%{y}: %{x:.1f}%<extra>" + period + "</extra>"}
            for year, period in (("2014", "2014-2020"), ("2021", "2021-2027"))]
    axis, per_bar = charts_style.category_axis(d["topic"].tolist(), present)
    return charts_style.figure(lines + dots, {
        "title": _title(title), "xaxis": {"title": {"text": MEASURES[measure]}, "ticksuffix": "%"}, "yaxis": axis,
        "height": max(320, per_bar * len(d) + 110),
        "margin": {"l": 10, "r": 10, "t": _top(title), "b": 40}, "legend": {"orientation": "h", "y": -0.12}},
        present)


def small_multiples(bd, measure: str = "share", title: str = "", present: bool = False) -> go.Figure:
    """One panel per compared entity, same categories in the same order, one shared value axis."""
    names = list(dict.fromkeys(bd["name"]))
    order = (bd.groupby("label")[measure if measure != "eu_amount" else "share"].max()
             .sort_values(ascending=True, na_position="first").index.tolist())
    fig = make_subplots(rows=1, cols=len(names), shared_yaxes=True, shared_xaxes="all",
                        subplot_titles=[_wrap(n) for n in names], horizontal_spacing=0.02)
    for i, name in enumerate(names, start=1):
        d = bd[bd["name"] == name].set_index("label").reindex(order)
        text = [format_share(v) if measure in ("share", "programme_share") else format_eur(v) for v in d[measure]]
        fig.add_trace(go.Bar(x=d[measure], y=order, orientation="h", name=name, text=text, textposition="auto",
                             marker_color=COLOURS[(i - 1) % len(COLOURS)], customdata=d["key"],
                             hovertemplate="%{y}: %{text}<extra>" + name.replace("%", "%%") + "</extra>"),
                      row=1, col=i)
    fig.update_xaxes(title_text=MEASURES[measure], matches="x")
    axis, per_bar = charts_style.category_axis([str(o) for o in order], present)
    fig.update_yaxes(**axis)
    fig.update_traces(**charts_style.value_text(present))
    top = float(bd[measure].max()) if bd[measure].notna().any() else 0.0
    if top > 0:  # ticks written like the labels (a fixed range here would hide categories of the shared axis)
        fig.update_xaxes(**charts_style.value_ticks(top, _formatter(measure)))
    fig.update_layout(title=title, showlegend=False, height=max(320, per_bar * len(order) + 120),
                      margin={"l": 10, "r": 10, "t": 80, "b": 40})
    return fig


def topic_split(split, by: str, measure: str = "eu_amount", title: str = "", present: bool = False) -> go.Figure:
    """Stacked horizontal bars per topic, one colour per fund or Member State."""
    totals = split.groupby("topic")[measure].sum().sort_values(ascending=True)
    bars = []
    for value, rows in split.groupby(by, sort=True):
        d = rows.set_index("topic").reindex(totals.index)
        colour = {"marker": {"color": charts_style.fund_colour(str(value))}} if by == "fund" else {}
        bars.append({"type": "bar", "orientation": "h", "x": _values(d[measure]), "y": _values(totals.index),
                     "name": str(value), **colour,
                     "hovertemplate": "%{y}: %{x:,.0f}<extra>" + str(value) + "</extra>"})
    axis, per_bar = charts_style.category_axis(totals.index.tolist(), present)
    top = float(totals.max()) if len(totals) else 0.0
    return charts_style.figure(bars, {
        "barmode": "stack", "title": _title(title),
        "xaxis": {"title": {"text": MEASURES[measure]}, **charts_style.value_ticks(top, _formatter(measure))},
        "yaxis": axis, "height": max(320, per_bar * len(totals) + 110),
        "margin": {"l": 10, "r": 10, "t": _top(title), "b": 40}}, present)


def _wrap(text: str, width: int = 40) -> str:
    """Subplot titles wrap instead of running into each other."""
    return text if len(text) <= width else text[: width - 1] + "…"


def planning_beside_funding(frame, planning_label: str, title: str = "", present: bool = False) -> go.Figure:
    """Per topic, two bars: programmes funding it (public data) and programmes planning cooperation actions
    in it (imported database; `planning_label` says so, and says FICTIONAL when it is)."""
    d = frame.sort_values(["programmes_planning", "programmes_funding"], ascending=True)
    fig = go.Figure([
        go.Bar(x=d["programmes_funding"], y=d["topic"], orientation="h", name="Programmes funding the topic "
               "(public data)", marker_color=PERIOD_COLOURS["2014"], text=d["programmes_funding"],
               textposition="auto"),
        go.Bar(x=d["programmes_planning"], y=d["topic"], orientation="h", name=planning_label,
               marker_color=COLOURS[1], text=d["programmes_planning"], textposition="auto"),
    ])
    axis, per_bar = charts_style.category_axis([str(t) for t in d["topic"]], present)
    fig.update_yaxes(**axis)
    fig.update_traces(**charts_style.value_text(present))
    fig.update_layout(title=title, barmode="group", xaxis_title="Programmes", yaxis_title=None,
                      height=max(300, (per_bar + 18) * len(d) + 120), margin={"l": 10, "r": 10, "t": 50, "b": 40},
                      legend={"orientation": "h", "y": -0.15})
    return fig
