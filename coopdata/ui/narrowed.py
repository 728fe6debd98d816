"""The dataset under the shared filters, for the pages' cached work: programmes narrowed by the imported
cooperation-action database travel as a sorted tuple of CCIs (hashable, the same for the same set; None when
nothing is narrowed), and the filters' column codes are made once per load of the dataset."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from coopdata.analysis import filters
from coopdata.load import Dataset
from coopdata.ui import data


def cci_key(ccis: Iterable[str] | None) -> tuple[str, ...] | None:
    """A set of CCIs as a cache key (None stays None: not narrowed)."""
    return None if ccis is None else tuple(sorted(ccis))


def programmes(ds: Dataset, kept: tuple[str, ...] | None) -> pd.DataFrame:
    """The dataset's programmes among `kept` (all of them for None)."""
    return ds.programmes if kept is None else ds.programmes[ds.programmes["cci"].isin(kept)]


@data.shared(max_entries=2)
def prepare(ds: Dataset) -> bool:
    """The filters' column codes for this load of the dataset (filters.prepare), made once."""
    filters.prepare(ds.programmes, ds.allocations)
    return True


def apply(ds: Dataset, f: filters.Filters, kept: tuple[str, ...] | None = None,
          columns: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """filters.apply on the programmes among `kept` and the allocations' `columns` (all for None: naming the
    columns read copies less)."""
    prepare(ds)
    return filters.apply(programmes(ds, kept), ds.allocations if columns is None else ds.allocations[columns], f)


def selection(ds: Dataset, f: filters.Filters, kept: tuple[str, ...] | None = None) -> tuple[int, np.ndarray]:
    """How many programmes among `kept` pass `f`, and the allocation rows they keep as a boolean mask over
    ds.allocations (no frame is copied)."""
    prepare(ds)
    among = programmes(ds, kept)
    passing = filters.programme_mask(among, ds.allocations, f)
    return int(np.count_nonzero(passing)), filters.programme_rows(among, ds.allocations, passing, f)
