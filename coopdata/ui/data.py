"""Cached access to the built data for the pages."""

from __future__ import annotations

import streamlit as st

from coopdata.load import DataFileError, Dataset, data_folder, load_dataset


@st.cache_resource(show_spinner="Loading programme data…")
def _dataset(folder: str) -> Dataset:
    # cache_resource: one shared read-only copy for every session (cache_data would copy on every hit).
    # Keyed by folder so a test pointing COOPDATA_DATA_DIR elsewhere never gets another folder's tables.
    return load_dataset(folder)


def dataset() -> Dataset:
    return _dataset(str(data_folder()))


def dataset_or_stop() -> Dataset:
    """The dataset, or a page that names the broken file and the command that rebuilds it."""
    try:
        return dataset()
    except DataFileError as exc:
        st.error(f"The dashboard's data cannot be loaded. {exc}")
        st.stop()
        raise  # unreachable: st.stop() ends the script run
