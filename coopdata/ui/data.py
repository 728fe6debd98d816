"""Cached access to the built data for the pages, and the one way pages cache work done on it."""

from __future__ import annotations

import itertools

import streamlit as st

from coopdata.analysis.filters import Filters
from coopdata.load import DataFileError, Dataset, data_folder, load_dataset


@st.cache_resource(show_spinner="Loading programme data…")
def _dataset(folder: str) -> Dataset:
    # cache_resource: one shared read-only copy for every session (cache_data would copy on every hit).
    # Keyed by folder so a test pointing COOPDATA_DATA_DIR elsewhere never gets another folder's tables.
    return _stamped(load_dataset(folder), folder)


_LOAD_NUMBERS = itertools.count()


def _stamped(ds: Dataset, folder: str) -> Dataset:
    # Each load gets its own number, so results cached for an earlier load (before a cache clear) are never reused.
    object.__setattr__(ds, "_cache_key", f"{folder}#{next(_LOAD_NUMBERS)}")
    return ds


def _dataset_key(ds: Dataset) -> str:
    return getattr(ds, "_cache_key", None) or f"unstamped#{id(ds)}"


def _filters_key(f: Filters) -> str:
    # The repr names every field's value, so equal filters give one key and different filters different
    # keys; hashing it is ten times cheaper than Streamlit walking the dataclass, on every cached call.
    return repr(f)


def shared(max_entries: int = 32):
    """Decorator for work on the dataset that every session can share: computed once per distinct arguments
    on the server and kept (at most `max_entries` results, least recently used dropped), so a rerun with the
    same filters costs a lookup whatever the data size. The dataset argument is keyed by its load, not by
    hashing its tables. Results are shared between sessions: callers must treat them as read-only."""
    return st.cache_resource(max_entries=max_entries, show_spinner=False,
                             hash_funcs={Dataset: _dataset_key, Filters: _filters_key})


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
