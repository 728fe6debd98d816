"""A script that fails: run with the project's .streamlit/config.toml to see what users and the log get."""

import streamlit as st

st.title("Before the failure")
raise RuntimeError("secret detail: folder private/db and password=hunter2")
