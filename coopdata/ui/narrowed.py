"""The dataset under the shared filters, for the pages' cached work: programmes narrowed by the imported
cooperation-action database travel as a sorted tuple of CCIs (hashable, the same for the same set; None when
nothing is narrowed). The filters read the codes made when the dataset was loaded (Dataset.prepared)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from coopdata.analysis import filters
from coopdata.load import Dataset


def cci_key(ccis: Iterable[str] | None) -> tuple[str, ...] | None:
    """A set of CCIs as a cache key (None stays None: not narrowed)."""
    return None if ccis is None else tuple(sorted(ccis))


def among(ds: Dataset, kept: tuple[str, ...] | None) -> np.ndarray | None:
    """The dataset's programmes among `kept` as a boolean mask (None for None: every programme)."""
    return None if kept is None else ds.programmes["cci"].isin(kept).to_numpy()


def programmes(ds: Dataset, kept: tuple[str, ...] | None) -> pd.DataFrame:
    """The dataset's programmes among `kept` (all of them for None)."""
    return ds.programmes if kept is None else ds.programmes[among(ds, kept)]


def apply(ds: Dataset, f: filters.Filters, kept: tuple[str, ...] | None = None,
          columns: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """filters.apply on the programmes among `kept` and the allocations' `columns` (all for None: naming the
    columns read copies less)."""
    allocations = ds.allocations if columns is None else ds.allocations[columns]
    return filters.apply(ds.programmes, allocations, f, ds.prepared, among(ds, kept))


def selection(ds: Dataset, f: filters.Filters, kept: tuple[str, ...] | None = None) -> tuple[int, np.ndarray]:
    """How many programmes among `kept` pass `f`, and the allocation rows they keep as a boolean mask over
    ds.allocations (no frame is copied)."""
    passing = filters.programme_mask(ds.programmes, ds.allocations, f, ds.prepared, among(ds, kept))
    return int(np.count_nonzero(passing)), filters.programme_rows(ds.programmes, ds.allocations, passing, f,
                                                                  ds.prepared)
