"""Escaping helpers: Markdown places show text exactly as typed; tooltips show HTML as characters."""

import html

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from coopdata.ui.safe import plain, shorten

# CommonMark plus the GitHub extensions Streamlit's Markdown has (tables, strike-through).
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[link](javascript:alert(1))",
    "# Heading **bold** _it_ `code` ~~gone~~ $x^2$ :smile: :red[red]",
    "1. list",
    "- item",
    "> quote",
    "| a | b |",
    "R&D &amp; www.example.org https://example.org a@b.eu",
]


def rendered(text: str, escape=plain) -> str:
    return MARKDOWN.render(escape(text))


def shows_as_typed(text: str, escape=plain) -> bool:
    """One paragraph, no element in it, whose text is `text` (on one line)."""
    flat = " ".join(text.split())
    out = rendered(text, escape)
    if not flat:
        return out == ""
    inner = out.removeprefix("<p>").removesuffix("</p>\n")
    return out == f"<p>{inner}</p>\n" and "<" not in inner and html.unescape(inner) == flat


def test_payloads_render_as_the_text_typed():
    for text in PAYLOADS:
        assert shows_as_typed(text), rendered(text)
    assert rendered(PAYLOADS[0]) == "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"


def test_the_check_catches_text_left_unescaped():
    def one_line(text):
        return " ".join(text.split())
    # (markdown-it itself refuses javascript: links, so the link case uses an ordinary address)
    unsafe = [PAYLOADS[0], PAYLOADS[1], PAYLOADS[3], "[link](https://example.org)", "1. list"]
    assert [shows_as_typed(t, one_line) for t in unsafe] == [False] * 5


def test_exact_escapes():
    assert plain("<img src=x onerror=alert(1)>") == r"\<img src=x onerror=alert(1)\>"
    assert plain("[link](javascript:alert(1))") == r"\[link\](javascript\:alert(1))"
    assert plain("1. list") == r"1\. list"
    assert plain("# title") == r"\# title"
    # Ordinary sentences are left alone, so messages stay readable in tests and logs.
    assert plain("Potenza (ITF51): 3 programmes, 2021-2027.") == "Potenza (ITF51): 3 programmes, 2021-2027."


def test_line_breaks_become_spaces():
    # Once on one line, '#' and '-' no longer start a heading or a list: nothing to escape.
    assert plain("first\n# second\n\n- third") == "first # second - third"
    assert rendered("first\n# second") == "<p>first # second</p>\n"


def test_long_text_is_shortened_when_a_limit_is_given():
    long = "x" * 10_000
    assert plain(long) == long
    assert plain(long, 200) == "x" * 199 + "…"
    assert shorten("abc", 3) == "abc" and shorten("abcd", 3) == "ab…" and shorten(None, 3) == ""


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60))
def test_any_printable_text_renders_as_typed(text):
    assert shows_as_typed(text), rendered(text)
