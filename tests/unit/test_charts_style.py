"""The shared chart look: Okabe-Ito palette, larger text in presentation mode, bars largest on top."""

import pandas as pd
import plotly.graph_objects as go

from coopdata import charts_style


def test_style_sets_palette_and_presentation_font():
    normal = charts_style.style(go.Figure())
    present = charts_style.style(go.Figure(), present=True)
    assert list(normal.layout.colorway) == list(charts_style.OKABE_ITO)
    assert (normal.layout.font.size, present.layout.font.size) == (14, 22)


def test_hbar_puts_the_largest_on_top_and_keeps_the_top_n():
    df = pd.DataFrame({"fund": ["CF", "ERDF", "JTF"], "programmes": [5, 9, 1]})
    bar = charts_style.hbar(df, "fund", "programmes", "t", top=2).data[0]
    # plotly draws the first y category at the bottom
    assert (list(bar.y), list(bar.x)) == (["CF", "ERDF"], [5, 9])


def test_alt_text_names_the_largest_values_and_what_is_left_for_the_table():
    df = pd.DataFrame({"topic": ["Digital", "Energy", "Health", "Culture"], "eur": [5.0, 9.0, None, 1.0]})
    assert charts_style.alt_text("Bar chart of EU amount per topic", df, "topic", "eur", "{:.0f} EUR".format,
                                 top=2) == ("Bar chart of EU amount per topic: Energy 9 EUR, Digital 5 EUR; "
                                            "2 more in the table.")
    assert charts_style.alt_text("Bars", df.iloc[[0]], "topic", "eur") == "Bars: Digital 5.0."
    assert charts_style.alt_text("Bars", df.iloc[[2]], "topic", "eur") == "Bars: no value; 1 more in the table."
    counts = pd.DataFrame({"topic": ["Digital", "Energy", "Health"], "programmes": [3, 5, 3]})
    # Counts read as counts; equal values keep the table's order.
    assert charts_style.alt_text("Bars", counts, "topic", "programmes", "{:,} programmes".format) == (
        "Bars: Energy 5 programmes, Digital 3 programmes, Health 3 programmes.")


def test_a_figure_in_the_shared_look_is_what_style_makes_of_the_same_plotly_figure():
    traces = [{"type": "bar", "orientation": "h", "x": [5, 9], "y": ["CF", "ERDF"]}]
    layout = {"title": {"text": "t"}, "height": 300, "xaxis": {"title": {"text": "Programmes"}}}
    for present in (False, True):
        ready = charts_style.figure(traces, layout, present)
        assert ready.to_dict() == charts_style.style(go.Figure({"data": traces, "layout": layout}), present).to_dict()
        assert charts_style.is_styled(ready) and not charts_style.is_styled(go.Figure({"data": traces}))
    # An axis a layout adds gets the shared look too, as update_xaxes gives every x axis.
    two_axes = charts_style.figure(traces, {"xaxis2": {"title": {"text": "b"}}}, False).to_dict()["layout"]
    assert two_axes["xaxis2"]["gridcolor"] == two_axes["xaxis"]["gridcolor"] == "#D0D0D0"
