"""Page widgets whose URL holds codes while the widget shows readable labels.

Streamlit's `bind="query-params"` writes a widget's *formatted* label into the URL (a multiselect with
format_func gives `?country=Italy (IT)`), so links made of codes, such as `/profile?cci=2014IT16RFOP007`
or `/compare?cmp=country:IT&cmp=country:ES`, would not open the view. For such widgets: call `seed`
before drawing the widget (the URL's codes become its first value) and `write` after (its codes go
back into the URL, so the address bar is always a shareable link).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def seed(key: str, options: Sequence[str], many: bool = False, limit: int | None = None,
         default: str | None = None) -> None:
    """On the widget's first run in this session, start it from the URL's codes (unknown codes dropped)."""
    if key in st.session_state:
        return
    allowed = set(options)
    codes = list(dict.fromkeys(c for c in st.query_params.get_all(key) if c in allowed))
    if many:
        st.session_state[key] = codes[:limit] if limit else codes
    else:
        st.session_state[key] = codes[0] if codes else default


def write(key: str, value: str | list[str] | None, default: str | None = None) -> None:
    """Put the widget's codes in the URL; a value at its default leaves the URL clean."""
    codes = value if isinstance(value, list) else ([] if value in (None, default) else [value])
    if codes:
        if st.query_params.get_all(key) != codes:
            st.query_params[key] = codes
    elif key in st.query_params:
        del st.query_params[key]
