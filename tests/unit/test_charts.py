"""coopdata.charts: figure builders."""

import pandas as pd

from coopdata import charts


def test_period_shift_draws_a_line_per_topic_then_one_dot_series_per_period():
    shift = pd.DataFrame({"topic_id": ["digital", "health"], "topic": ["Digital", "Health"],
                          "programme_share_2014": [10.0, 40.0], "programme_share_2021": [30.0, 20.0],
                          "programme_share_change": [20.0, -20.0]})
    fig = charts.period_shift(shift, "programme_share")  # every property is one plotly knows
    lines, dots = fig.data[:2], fig.data[2:]
    # Ranked by the change, smallest first: Health (-20) then Digital (+20).
    assert [(t.mode, t.y, t.x) for t in lines] == [("lines", ("Health", "Health"), (40.0, 20.0)),
                                                   ("lines", ("Digital", "Digital"), (10.0, 30.0))]
    assert all(t.hoverinfo == "skip" and t.showlegend is False for t in lines)
    assert [(t.name, list(t.x), list(t.customdata)) for t in dots] == [
        ("2014-2020", [40.0, 10.0], ["health", "digital"]), ("2021-2027", [20.0, 30.0], ["health", "digital"])]
    assert fig.layout.xaxis.title.text == "Share of programmes (%)"


def test_the_cached_charts_are_valid_plotly_and_keep_their_facts():
    dist = pd.DataFrame({"topic_id": ["digital", "health"], "topic": ["Digital", "Health"], "programmes": [3, 1],
                         "eu_amount": [5e9, float("nan")], "share": [100.0, float("nan")]})
    bars = charts.topic_bars(dist, "eu_amount", present=True)
    # Largest on top (plotly draws the first bar at the bottom); no amount stays no amount, never 0.
    assert list(bars.data[0].y) == ["Health", "Digital"] and list(bars.data[0].customdata) == ["health", "digital"]
    assert list(bars.data[0].text) == ["no amount", "€5.00 bn"] and bars.layout.font.size == 22
    objectives = pd.DataFrame({"parent_id": ["digital", "digital", "health"], "parent": ["Digital", "Digital", "Health"],
                               "objective_code": ["011", "012", "9"], "objective": ["Broadband", "Services", "Care"],
                               "eu_amount": [2.0, 3.0, float("nan")]})
    treemap = charts.objective_treemap(objectives).data[0]
    # The parent sums its objectives; an objective without an amount is left out of the chart.
    assert list(zip(treemap.ids, treemap.values, strict=True)) == [("p:digital", 5.0), ("o:digital:011", 2.0),
                                                                    ("o:digital:012", 3.0)]
    split = pd.DataFrame({"topic": ["Digital", "Digital", "Health"], "fund": ["ERDF", "CF", "ERDF"],
                          "eu_amount": [1.0, 4.0, 2.0]})
    stacked = charts.topic_split(split, "fund", "eu_amount")
    assert [(t.name, list(t.y), [None if pd.isna(v) else v for v in t.x]) for t in stacked.data] == [
        ("CF", ["Health", "Digital"], [None, 4.0]),
        ("ERDF", ["Health", "Digital"], [2.0, 1.0])]
    assert stacked.layout.barmode == "stack"
