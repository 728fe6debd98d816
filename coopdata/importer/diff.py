"""The difference between two versions of the cooperation-action database: pure pandas, no streamlit.

Rows are matched on what makes a row unique in an import (programme, objective code, topic: the duplicate
rule of validate). A row only in the newer version is added, only in the older one removed; a row in both is
changed when any compared column differs. Where a row came from (file, sheet, row number) is not compared: it
changes with every re-saved workbook without the data changing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

KEY = ["cci", "objective_code", "topic_id"]
COMPARED = ["period", "planned", "approach", "scopes", "scope_ids", "partner_countries", "partner_regions",
            "amount_eur", "status", "notes", "fictional"]


@dataclass(frozen=True)
class VersionDiff:
    by_programme: pd.DataFrame   # cci, added, removed, changed, columns (changed columns, comma-separated)
    changes: pd.DataFrame        # change, cci, objective_code, topic_id, column, before, after

    @property
    def totals(self) -> dict[str, int]:
        return {k: int(self.by_programme[k].sum()) for k in ("added", "removed", "changed")}


def _value(v: object) -> object:
    """A cell as a comparable, readable value: lists as '; '-joined text, missing as None."""
    if isinstance(v, list | tuple) or hasattr(v, "tolist") and not isinstance(v, str):
        items = list(v.tolist() if hasattr(v, "tolist") else v)
        return "; ".join(str(i) for i in items) if items else None
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return None
    return v


def _keyed(actions: pd.DataFrame) -> dict[tuple, dict]:
    out = {}
    for rec in actions.to_dict("records"):
        key = tuple(_value(rec.get(k)) for k in KEY)
        out[key] = {c: _value(rec.get(c)) for c in COMPARED}
    return out


def diff(old: pd.DataFrame, new: pd.DataFrame) -> VersionDiff:
    """Rows added, removed and changed per programme, and every change by column, from `old` to `new`."""
    before, after = _keyed(old), _keyed(new)
    changes = []
    for key in sorted(after.keys() - before.keys(), key=_sort_key):
        changes.append(("added", *key, None, None, None))
    for key in sorted(before.keys() - after.keys(), key=_sort_key):
        changes.append(("removed", *key, None, None, None))
    for key in sorted(before.keys() & after.keys(), key=_sort_key):
        for col in COMPARED:
            if before[key][col] != after[key][col]:
                changes.append(("changed", *key, col, before[key][col], after[key][col]))
    frame = pd.DataFrame(changes, columns=["change", *KEY, "column", "before", "after"], dtype=object)
    rows = []
    for cci in sorted(set(frame["cci"])):
        mine = frame[frame["cci"] == cci]
        changed = mine[mine["change"] == "changed"]
        rows.append({"cci": cci, "added": int((mine["change"] == "added").sum()),
                     "removed": int((mine["change"] == "removed").sum()),
                     "changed": int(changed[KEY].drop_duplicates().shape[0]),
                     "columns": ", ".join(c for c in COMPARED if c in set(changed["column"]))})
    by_programme = pd.DataFrame(rows, columns=["cci", "added", "removed", "changed", "columns"])
    return VersionDiff(by_programme, frame)


def _sort_key(key: tuple) -> tuple:
    return tuple("" if k is None else str(k) for k in key)
