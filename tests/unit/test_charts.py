"""coopdata.charts: figure builders."""

import pandas as pd

from coopdata import charts


def test_period_shift_draws_a_line_per_topic_then_one_dot_series_per_period():
    shift = pd.DataFrame({"topic_id": ["digital", "health"], "topic": ["Digital", "Health"],
                          "programme_share_2014": [10.0, 40.0], "programme_share_2021": [30.0, 20.0],
                          "programme_share_change": [20.0, -20.0]})
    fig = charts.period_shift(shift, "programme_share")
    lines, dots = fig.data[:2], fig.data[2:]
    # Ranked by the change, smallest first: Health (-20) then Digital (+20).
    assert [(t.mode, t.y, t.x) for t in lines] == [("lines", ("Health", "Health"), (40.0, 20.0)),
                                                   ("lines", ("Digital", "Digital"), (10.0, 30.0))]
    assert all(t.hoverinfo == "skip" and t.showlegend is False for t in lines)
    assert [(t.name, list(t.x), list(t.customdata)) for t in dots] == [
        ("2014-2020", [40.0, 10.0], ["health", "digital"]), ("2021-2027", [20.0, 30.0], ["health", "digital"])]
    assert fig.layout.xaxis.title.text == "Share of programmes (%)"
