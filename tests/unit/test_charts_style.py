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


def test_a_shared_figure_sends_what_the_styled_figure_sends_and_makes_its_dict_once():
    import plotly.io as pio

    df = pd.DataFrame({"fund": ["CF", "ERDF"], "programmes": [5, 9]})
    styled = charts_style.style(charts_style.hbar(df, "fund", "programmes", "t"), present=True)
    shared = charts_style.shared(charts_style.hbar(df, "fund", "programmes", "t"), present=True)
    assert isinstance(shared, charts_style.SharedFigure) and shared.layout.font.size == 22
    # Byte for byte the JSON Streamlit sends for the styled figure (a copy would drop empty properties).
    assert pio.to_json(shared.to_dict(), validate=False) == pio.to_json(styled.to_dict(), validate=False)
    assert shared.to_dict() is shared.to_dict()  # made once, not deep-copied on every rerun
