"""The one shim on Streamlit's internals (coopdata/ui/__init__.py): on a fresh server, Streamlit runs a page of the
pages/ folder alone (legacy pages mode) until st.navigation has run; importing coopdata.ui switches that mode off
and reruns through app.py. If Streamlit renames what the shim sets, this fails here, not only in a browser test
(tests/e2e/test_fresh_server.py)."""

import importlib

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

import coopdata.ui


def test_legacy_pages_mode_is_switched_off_once_with_a_rerun(monkeypatch):
    reruns = []
    monkeypatch.setattr(st, "rerun", lambda: reruns.append(True))
    # A fresh server with a pages/ folder (setattr fails if Streamlit no longer has the flag).
    monkeypatch.setattr(PagesManager, "uses_pages_directory", True)
    importlib.reload(coopdata.ui)
    assert PagesManager.uses_pages_directory is False and reruns == [True]
    importlib.reload(coopdata.ui)  # st.navigation has run (or the shim did): nothing more to do
    assert reruns == [True]

