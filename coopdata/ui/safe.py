"""Text from a workbook or a source shown safely: as typed, never as Markdown, HTML or a link.

Streamlit renders Markdown in st.markdown, headings, captions, alerts and widget labels. Every text the app
did not write itself goes through these helpers (tables, st.text and select-box options show text as it is
and need nothing; the maps' tooltips are pydeck "text" tooltips, set as text by the browser: see coopdata/maps.py).
"""

from __future__ import annotations

import re

# What Markdown (CommonMark, GitHub's extensions, KaTeX `$`, Streamlit's `:emoji:`, `:red[...]` and
# `:material/...:`) gives a meaning to; a backslash before a punctuation character makes it literal.
# Anywhere: emphasis, code, links and images (`[`), HTML, entities (`&` before `name;`), strike-through,
# maths, tables, e-mail autolinks, shortcodes (`:` before a letter), URL autolinks (`:` before `/`, `www.`).
_ANYWHERE = re.compile(r"([\\`*_\[\]<>~$|@])|&(?=#?\w+;)|:(?=[A-Za-z/])|(?<=www)\.")
# Only at the start of a line: headings, lists, rules, setext underlines.
_LINE_START = re.compile(r"^([#+=-]|\d+(?=[.)]))")
ELLIPSIS = "…"


def shorten(text: object, limit: int | None) -> str:
    """`text` cut to `limit` characters (with an ellipsis) so one bad cell cannot fill a screen."""
    text = "" if text is None else str(text)
    return text if limit is None or len(text) <= limit else text[:limit - 1] + ELLIPSIS


def plain(text: object, limit: int | None = None) -> str:
    """Text for Markdown places (st.markdown, headings, captions, alerts), shown exactly as typed.

    Line breaks become spaces: a new line in Markdown could start a heading, a list or a code block."""
    flat = " ".join(shorten(text, limit).split())
    escaped = _ANYWHERE.sub(lambda m: "\\" + m.group(0), flat)
    return _LINE_START.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), escaped)
