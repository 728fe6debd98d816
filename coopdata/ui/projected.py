"""Tables for a projector: large type, the columns that matter, wrapped and never cut.

Streamlit's dataframe grid draws on a canvas with the font size of the server-wide theme (about 14 px), cuts long
cells and hides columns off-screen: unreadable from the back of a room. In presentation mode the pages show their
main table with `show` instead, a plain HTML table. Every cell is outside text (programme titles, reasons, names
from a workbook), so every cell and header is HTML-escaped by `html_table` before Streamlit sees it; nothing in
it is read as Markdown or HTML. The full grid stays one click away in normal mode.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import streamlit as st

FONT_PX = 24  # at least 22 px: read from the back of a room on a 1280x720 projector
NAMES_FONT_PX = 34  # the workshop projector's names: one table full screen, 32 px or more

_CSS = """
<style>
table.coopdata-projected {{ width: 100%; border-collapse: collapse; table-layout: auto; font-size: {px}px;
  line-height: 1.25; color: #000000; background: #FFFFFF; }}
table.coopdata-projected th, table.coopdata-projected td {{ text-align: left; vertical-align: top;
  padding: 0.25em 0.4em; border-bottom: 1px solid #555555; white-space: normal; overflow-wrap: break-word;
  font-size: {px}px; color: #000000; }}
table.coopdata-projected th {{ font-weight: 700; border-bottom: 3px solid #000000; }}
table.coopdata-projected td.num {{ text-align: right; white-space: nowrap; }}
</style>
"""


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    return html.escape(str(value), quote=True)


def html_table(df: pd.DataFrame, columns: Mapping[str, str], numeric: tuple[str, ...] = (),
               font_px: int = FONT_PX, css_class: str = "coopdata-projected") -> str:
    """`df`'s `columns` (column -> header) as an HTML table, every header and cell escaped; empty cells stay
    empty (never 'None'). `numeric` columns are right-aligned."""
    head = "".join(f"<th>{html.escape(header)}</th>" for header in columns.values())
    rows = []
    for record in df[list(columns)].itertuples(index=False, name=None):
        cells = "".join(f'<td class="num">{_cell(v)}</td>' if c in numeric else f"<td>{_cell(v)}</td>"
                        for c, v in zip(columns, record, strict=True))
        rows.append(f"<tr>{cells}</tr>")
    return (_CSS.format(px=font_px) + f'<table class="{css_class}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def show(df: pd.DataFrame, columns: Mapping[str, str], numeric: tuple[str, ...] = (), font_px: int = FONT_PX) -> None:
    """The projected table on the page."""
    st.html(html_table(df, columns, numeric, font_px))
