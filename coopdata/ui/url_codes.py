"""Page widgets whose URL holds codes while the widget shows readable labels.

Streamlit's `bind="query-params"` writes a widget's *formatted* label into the URL (a multiselect with
format_func gives `?country=Italy (IT)`) and drops any other value silently, so links a person writes with
codes, such as `/partners?p_region=ITF51&p_topic=energy` or `/compare?cmp=country:IT&cmp=country:ES`, would
not open the view. For such widgets: call `seed` before drawing the widget (the URL's values, codes or labels
in any case, become its first value; what matches nothing is named in the link notice above the page) and
`write` after (its codes go back into the URL, so the address bar is always a shareable link).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from coopdata.analysis import filter_state as fs
from coopdata.ui.safe import plain

# The link notice: what a link asked for and the page could not use (the shared filters' and the pages').
NOTICES = "coopdata_url_notices"


def _notify(notices: list[str]) -> None:
    if notices:
        st.session_state[NOTICES] = [*st.session_state.get(NOTICES, []), *notices]


def seed(key: str, options: Sequence[str] | Mapping[str, str], many: bool = False, limit: int | None = None,
         default: str | None = None, what: str | None = None, normalise: Callable[[str], str] | None = None,
         free: bool = False, cast: Callable[[str], object] = str) -> None:
    """On the widget's first run in this session, start it from the URL's values.

    `options` are the codes, or a mapping code -> label (then labels match too). `what` names the setting in
    the notice for values that match nothing (without it they are dropped silently). `free`: a value matching
    nothing is kept as typed (a box that accepts new options). `cast` turns a code into the widget's option
    (e.g. int for numbered options, whose codes are matched as text)."""
    if key in st.session_state:
        return
    values = [v for v in st.query_params.get_all(key) if v.strip()]
    codes, notices = fs.match_choices(values, options, what or key, normalise)
    if free and not codes and values:
        codes, notices = (values[0].strip(),), []
    if what:
        _notify(notices)
    codes = tuple(cast(c) for c in codes)
    if many:
        st.session_state[key] = list(codes[:limit] if limit else codes)
    else:
        if len(codes) > 1 and what:
            _notify([f"{what}: one value at a time; using {fs.shown(str(codes[0]))}."])
        st.session_state[key] = codes[0] if codes else default


def seed_flag(key: str, what: str) -> None:
    """An on/off widget (checkbox, toggle) started from the URL: 1/true/yes/on or 0/false/no/off."""
    if key in st.session_state:
        return
    on, notices = fs.parse_flag({key: st.query_params.get_all(key)}, key, what)
    _notify(notices)
    st.session_state[key] = on


def write(key: str, value: str | list[str] | bool | None, default: str | bool | None = None) -> None:
    """Put the widget's codes in the URL; a value at its default leaves the URL clean (a flag: 1 when on)."""
    if isinstance(value, bool):
        value = "1" if value else None
    codes = value if isinstance(value, list) else ([] if value in (None, default) else [value])
    if codes:
        if st.query_params.get_all(key) != codes:
            st.query_params[key] = codes
    elif key in st.query_params:
        del st.query_params[key]


def tabs(key: str, labels: Mapping[str, str], what: str) -> Sequence:
    """st.tabs opened from the link by a tab's code or label, in any case (?section=shift), the open tab's code
    written back (none for the first tab). Streamlit's own bind="query-params" would take the exact label only
    and drop anything else silently. Only the open tab's `.open` is true, so a page draws that one alone."""
    codes = list(labels)
    seed(key, labels, default=labels[codes[0]], what=what, cast=labels.get)
    shown = st.tabs(list(labels.values()), key=key, on_change="rerun")
    code_of = {label: code for code, label in labels.items()}
    write(key, code_of.get(st.session_state.get(key), codes[0]), default=codes[0])
    return shown


def end_page() -> None:
    """st.stop() for a page with nothing more to show yet: the link notice is drawn here first, since app.py
    draws it after the page has run to its end, which a stopped page never reaches."""
    show_notices(st.container())
    st.stop()


def show_notices(slot) -> None:
    """The link notice, in `slot` (a container above the page): drawn after the page ran, so it names the
    page's values as well as the shared filters'."""
    notices = st.session_state.get(NOTICES)
    if not notices:
        return
    with slot:
        st.warning("Some values in the link were not used:\n\n" + "\n".join(f"- {plain(n)}" for n in notices),
                   icon=":material/link_off:")
        st.button("Dismiss", key="dismiss_link_notice", on_click=lambda: st.session_state.pop(NOTICES, None))
