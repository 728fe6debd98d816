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
# Streamlit's Markdown (remark-gfm) also turns addresses in plain text into links *after* parsing, where a
# backslash no longer counts: `http://…`, `www.…` and `name@host.eu`. An invisible WORD JOINER (U+2060) inside
# each of those patterns (before `://`, after `www`, before `@`) keeps it text; it shows as nothing.
WORD_JOINER = "\u2060"
_AUTOLINKS = re.compile(r"(?<=[A-Za-z])(?=://)|(?<=\bwww)(?=\.)|(?<=[-.\w+])(?=@)", re.IGNORECASE)


def unlinked(text: str) -> str:
    """`text` with a WORD JOINER where Streamlit's Markdown would start an automatic link (see plain)."""
    return _AUTOLINKS.sub(WORD_JOINER, text)


def shorten(text: object, limit: int | None) -> str:
    """`text` cut to `limit` characters (with an ellipsis) so one bad cell cannot fill a screen."""
    text = "" if text is None else str(text)
    return text if limit is None or len(text) <= limit else text[:limit - 1] + ELLIPSIS


def plain(text: object, limit: int | None = None) -> str:
    """Text for Markdown places (st.markdown, headings, captions, alerts, and every widget label, help text,
    tab name and metric label), shown exactly as typed: the one way text the app did not write reaches them.

    Line breaks become spaces: a new line in Markdown could start a heading, a list or a code block; addresses
    get an invisible WORD JOINER so that they stay text (see unlinked)."""
    flat = unlinked(" ".join(shorten(text, limit).split()))
    escaped = _ANYWHERE.sub(lambda m: "\\" + m.group(0), flat)
    return _LINE_START.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), escaped)


# An address that can stand inside a Markdown link as it is: http(s), no space, no bracket, quote or angle
# bracket that could end the link early and start other Markdown after it.
_SAFE_URL = re.compile(r"https?://[^\s()\[\]<>\"'`\\]+", re.IGNORECASE)


def link(text: object, url: object, limit: int | None = None) -> str:
    """A Markdown link showing `text` as typed, when `url` is a plain http(s) address; otherwise the text
    (and the address, as text) with no link: an address from a source never becomes Markdown of its own."""
    address = "" if url is None else str(url).strip()
    if _SAFE_URL.fullmatch(address):
        return f"[{plain(text, limit)}]({address})"
    return plain(text if text == url else f"{text} ({address})" if address else text, limit)
