"""Streamlit glue: cached data, shared filter widgets <-> URL, shared components. Pages use these."""

import logging

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

# coopdata's own log lines (uploads refused, lists rejected, data or import folder that cannot be read or
# written, leftovers removed) go where Streamlit's go, in its format and at its level ([logger] in
# .streamlit/config.toml); without this, Python would drop the info lines and print the rest without a time.
_log = logging.getLogger("coopdata")
if not _log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter(st.get_option("logger.messageFormat")))
    _log.addHandler(_handler)
    _log.setLevel(str(st.get_option("logger.level")).upper())

# Streamlit treats a `pages/` folder beside app.py as a legacy (v1) multipage app until some session
# has run st.navigation. On a freshly started server, a deep link such as /compare?period=2014-2020
# would then run pages/compare.py alone: no shared filter sidebar, filters from the URL ignored.
# Every page imports this package first, so switch the legacy mode off here and rerun: the rerun
# goes through app.py and st.navigation, which opens the same page with the URL's filters.
# Streamlit's supported way out is a page folder not named pages/; the project's layout fixes pages/, so this
# stays, with one rule: a page file is named by its url path (pages/import.py for /import), because the legacy
# mode finds pages by file name and answers any other path with "Page not found" (tests/e2e/test_written_links.py).
if PagesManager.uses_pages_directory:
    PagesManager.uses_pages_directory = False
    st.rerun()
