"""The projected table: every header and cell escaped, empty cells empty, the columns asked for in order."""

import pandas as pd

from coopdata.ui.projected import FONT_PX, html_table


def test_cells_and_headers_are_escaped_and_empty_cells_stay_empty():
    df = pd.DataFrame({"rank": [1, 2], "programme": ["<script>alert(1)</script>", "A & B **bold** [x](y)"],
                       "why": [None, float("nan")], "extra": ["not shown", "not shown"]})
    out = html_table(df, {"rank": "#", "programme": "Programme <b>", "why": "Why there"}, numeric=("rank",))
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<th>Programme &lt;b&gt;</th>" in out
    assert "A &amp; B **bold** [x](y)" in out  # Markdown left as typed: st.html does not read Markdown
    assert "None" not in out and "nan" not in out and "not shown" not in out
    rows = out.split("<tbody>")[1]
    assert rows == ('<tr><td class="num">1</td><td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td></td></tr>'
                    '<tr><td class="num">2</td><td>A &amp; B **bold** [x](y)</td><td></td></tr></tbody></table>')
    assert f"font-size: {FONT_PX}px" in out and FONT_PX >= 22
