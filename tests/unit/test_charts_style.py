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
