"""Programmes narrowed by the imported cooperation-action database, as keys for the shared page caches:
the CCIs an action filter keeps travel as a sorted tuple (hashable, the same for the same set), None when
nothing is narrowed."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from coopdata.load import Dataset


def cci_key(ccis: Iterable[str] | None) -> tuple[str, ...] | None:
    """A set of CCIs as a cache key (None stays None: not narrowed)."""
    return None if ccis is None else tuple(sorted(ccis))


def programmes(ds: Dataset, kept: tuple[str, ...] | None) -> pd.DataFrame:
    """The dataset's programmes among `kept` (all of them for None)."""
    return ds.programmes if kept is None else ds.programmes[ds.programmes["cci"].isin(kept)]
