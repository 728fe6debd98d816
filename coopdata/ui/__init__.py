"""Streamlit glue: cached data, shared filter widgets <-> URL, shared components. Pages use these."""
