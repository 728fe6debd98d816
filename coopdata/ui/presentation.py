"""Presentation mode for facilitators projecting the dashboard: large type, high contrast, no clutter.

Turned on by the sidebar toggle or by present=1 in the URL, so a prepared link opens in it. Pages ask
is_on() to show one main chart with big headline numbers and leave the rest out.
"""

from __future__ import annotations

import streamlit as st

from coopdata.analysis.filter_state import PRESENT, parse_flag

KEY = PRESENT
BASE_FONT_PX = 22  # at least 20 px: readable from the back of a room at 1280x720

# Streamlit sizes its text in rem, so the root size scales every text; colours are black on white.
_CSS = f"""
<style>
html {{ font-size: {BASE_FONT_PX}px; }}
.stApp p, .stApp li, .stApp label {{ font-size: 1rem; }}
.stApp, .stApp p, .stApp li, .stApp label, .stApp td, .stApp th {{ color: #000000; }}
.stApp {{ background: #FFFFFF; }}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {{ color: #111111; opacity: 1; font-size: 0.95rem; }}
[data-testid="stMetricValue"] {{ font-size: 3.2rem; font-weight: 700; }}
[data-testid="stMetricValue"] p {{ font-size: inherit; }}
[data-testid="stMetricLabel"] p {{ font-size: 1.1rem; }}
[data-testid="stHeading"] h1 {{ font-size: 2.2rem; }}
[data-testid="stHeading"] h2 {{ font-size: 1.5rem; }}
[data-testid="stDecoration"] {{ display: none; }}
/* Less empty space above the title, so the headline numbers and the main chart share one screen. */
[data-testid="stMainBlockContainer"] {{ padding-top: 4rem; }}
[data-testid="stHeading"] h1 {{ padding-top: 0; padding-bottom: 0.25rem; }}
</style>
"""


def requested() -> bool:
    """Whether this run is in presentation mode; readable before st.set_page_config (from the URL on the
    first run of a session, from the toggle afterwards)."""
    if KEY in st.session_state:
        return bool(st.session_state[KEY])
    on, _ = parse_flag({KEY: st.query_params.get_all(KEY)}, KEY, "Presentation mode")
    return on


def is_on() -> bool:
    """For pages: show the one main chart and the headline numbers only."""
    return bool(st.session_state.get(KEY, False))


def toggle() -> None:
    st.toggle("Presentation mode", key=KEY,
              help="Large type and high contrast for projecting in a room; one main chart per page. "
                   "The page link keeps it (present=1).")


def apply() -> None:
    """Inject the presentation style on this run when the mode is on."""
    if is_on():
        st.html(_CSS)
