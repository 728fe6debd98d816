"""Cached access to the built data for the pages, and the one way pages cache work done on it."""

from __future__ import annotations

import functools
import logging
import threading
from collections import OrderedDict

import streamlit as st

from coopdata.load import DataFileError, Dataset, data_folder, load_dataset
from coopdata.ui.safe import plain

log = logging.getLogger(__name__)


_MISSING = object()
_REGISTRY: dict[tuple, tuple[OrderedDict, threading.Lock, dict]] = {}
_REGISTRY_LOCK = threading.Lock()


class _Shared:
    """A function's results kept per distinct arguments, least recently used dropped past `max_entries`.

    Not st.cache_resource: making its key (a signature inspection and a hash of every argument) cost about
    0.1 ms per call, and a page makes 15 to 30 such calls per rerun. Here the key is the arguments themselves
    (they are small and hashable: filters, codes, tuples), with their type, and the dataset by its load."""

    def __init__(self, func, max_entries: int):
        self._func, self._max = func, max_entries
        # A function decorated again (a script defining it runs again) finds its results: as with Streamlit's
        # caches, a function is known by its module, name and code.
        with _REGISTRY_LOCK:
            store = _REGISTRY.setdefault((func.__module__, func.__qualname__, func.__code__),
                                         (OrderedDict(), threading.Lock(), {}))
        # The results; the lock guarding them; key -> lock held while that value is made (made once, however
        # many sessions ask for it at the same time).
        self._entries, self._lock, self._making = store
        functools.update_wrapper(self, func)

    def __call__(self, *args, **kwargs):
        key = (tuple(_key(a) for a in args), tuple((k, _key(v)) for k, v in sorted(kwargs.items())))
        with self._lock:
            value = self._entries.get(key, _MISSING)
            if value is not _MISSING:
                self._entries.move_to_end(key)
                return value
            making = self._making.setdefault(key, threading.Lock())
        try:
            with making:
                with self._lock:
                    value = self._entries.get(key, _MISSING)
                if value is _MISSING:  # not made by another session meanwhile
                    value = self._func(*args, **kwargs)
                    with self._lock:
                        self._entries[key] = value
                        while len(self._entries) > self._max:
                            self._entries.popitem(last=False)
        finally:
            with self._lock:
                self._making.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _key(value):
    return (Dataset, value.key) if isinstance(value, Dataset) else (type(value), value)


def shared(max_entries: int = 32):
    """Decorator for work on the dataset that every session can share: computed once per distinct arguments
    on the server and kept (at most `max_entries` results, least recently used dropped), so a rerun with the
    same filters costs a lookup whatever the data size. The dataset argument is keyed by its load, not by
    hashing its tables; other arguments must be hashable (filters, strings, tuples). Results are shared
    between sessions: callers must treat them as read-only."""
    return lambda func: _Shared(func, max_entries)


# Kept by `shared`, not st.cache_resource: pages ask for the dataset about seven times a run, and
# cache_resource's key (a signature inspection and a hash of the folder) cost 0.12 ms an ask. One shared
# read-only copy for every session, made once however many sessions ask at the same time, keyed by folder so a
# test pointing COOPDATA_DATA_DIR elsewhere never gets another folder's tables; a failed load is not kept.
@shared(max_entries=8)
def _dataset(folder: str) -> Dataset:
    with st.spinner("Loading programme data…"):
        return load_dataset(folder)


def dataset() -> Dataset:
    return _dataset(str(data_folder()))


def dataset_or_stop() -> Dataset:
    """The dataset, or a page that names the broken file and the command that rebuilds it."""
    try:
        return dataset()
    except DataFileError as exc:
        log.error("the dashboard's data cannot be loaded (folder %s): %s", data_folder(), exc)
        # The message quotes the file's names and keys: shown as plain text.
        st.error(f"The dashboard's data cannot be loaded. {plain(exc)}")
        st.stop()
        raise  # unreachable: st.stop() ends the script run
