"""Escaping helpers: Markdown places show text exactly as typed; tooltips show HTML as characters."""

import html
import re

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from coopdata.ui.safe import WORD_JOINER, plain, shorten

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
    """One paragraph, no element in it, whose text is `text` (on one line; addresses with their invisible
    WORD JOINER, see test_addresses_stay_text)."""
    flat = " ".join(text.split())
    out = rendered(text, escape)
    if not flat:
        return out == ""
    inner = out.removeprefix("<p>").removesuffix("</p>\n")
    return out == f"<p>{inner}</p>\n" and "<" not in inner and html.unescape(inner).replace(WORD_JOINER, "") == flat


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


def test_a_link_is_made_only_of_a_plain_http_address():
    from coopdata.ui.safe import link

    assert link("https://ec.europa.eu/p", "https://ec.europa.eu/p") == \
        f"[https{WORD_JOINER}\\://ec.europa.eu/p](https://ec.europa.eu/p)"
    assert rendered("https://ec.europa.eu/p", lambda _: link("https://ec.europa.eu/p", "https://ec.europa.eu/p")) == \
        f'<p><a href="https://ec.europa.eu/p">https{WORD_JOINER}://ec.europa.eu/p</a></p>\n'
    # An address that would close the link and start an image after it stays text, as typed.
    broken_out = "https://a.eu/x) ![i](http://outside.invalid/p.png"
    assert link(broken_out, broken_out) == plain(broken_out) and shows_as_typed(broken_out)
    for bad in ("javascript:alert(1)", "http://a.eu/<b>", "ftp://a.eu/f", "http://a.eu/ x", ""):
        assert "](" not in link("page", bad)
    assert link("page", "javascript:alert(1)") == "page (javascript\\:alert(1))"


# What Streamlit's Markdown (mdast-util-gfm-autolink-literal) links in plain text, after escapes are resolved.
GFM_AUTOLINK = re.compile(r"(https?://|www(?=\.))|([-.A-Za-z0-9_+]+)@([-A-Za-z0-9_]+(?:\.[-A-Za-z0-9_]+)+)", re.I)


def test_addresses_stay_text():
    text = "See https://ec.europa.eu/x, www.interreg.eu or write to desk.officer@ec.europa.eu (HTTP://A.EU too)."
    shown = plain(text)
    assert GFM_AUTOLINK.search(text) and not GFM_AUTOLINK.search(shown.replace("\\", ""))
    assert shown.replace(WORD_JOINER, "").replace("\\", "") == text  # nothing else changes: the joiner is invisible
    assert shown.count(WORD_JOINER) == 4


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60))
def test_no_printable_text_leaves_an_address_to_link(text):
    assert not GFM_AUTOLINK.search(plain(text).replace("\\", ""))
