"""Rows corrected in the app: the table shown in the editor, and the workbook it becomes to be validated.

The editor shows the database in the template's columns, as a person would write them; what comes back is
written into a workbook and checked by validate() like any import, so an edit meets exactly the same rules.
Pure: no streamlit.
"""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from coopdata.importer.columns import FIELD_BY_NAME
from coopdata.vocabularies import generic_scope_of, topic_labels

FILE_NAME = "edited in the app.xlsx"
SHEET = "Actions"
# The template columns the editor shows (the programme title is the public list's, not edited here).
EDITED = ["cci", "period", "objective_code", "topic", "planned", "approach", "scopes", "partner_countries",
          "partner_regions", "amount_eur", "status", "notes", "fictional"]


def _joined(values) -> str:
    return "; ".join(str(v) for v in (values if values is not None else []))


def _scope_cell(scopes, scope_ids) -> str:
    """Named strategies and sea basins by id, and the generic scopes none of them implies."""
    ids = list(scope_ids if scope_ids is not None else [])
    generic = generic_scope_of()
    items: list[str] = []
    for scope in (scopes if scopes is not None else []):  # in their order: it reads back the same
        named = [i for i in ids if generic.get(i) == scope and i not in items]
        items += named or [scope]
    return _joined(items + [i for i in ids if i not in items])


def edit_frame(actions: pd.DataFrame) -> pd.DataFrame:
    """The database as the editor shows it: one column per template column, as text a person writes."""
    labels = topic_labels()
    out = pd.DataFrame({
        "cci": actions["cci"], "period": actions["period"],
        "objective_code": actions["objective_code"].fillna(""),
        "topic": actions["topic_id"].map(lambda t: labels.get(t, t)),
        "planned": actions["planned"].map(lambda v: "yes" if v else "no"),
        "approach": actions["approach"].fillna(""),
        "scopes": [_scope_cell(s, i) for s, i in zip(actions["scopes"], actions["scope_ids"], strict=True)],
        "partner_countries": actions["partner_countries"].map(_joined),
        "partner_regions": actions["partner_regions"].map(_joined),
        "amount_eur": actions["amount_eur"],
        "status": actions["status"].fillna(""), "notes": actions["notes"].fillna(""),
        "fictional": actions["fictional"].map(lambda v: "yes" if v else ""),
    }, columns=EDITED)
    out.columns = [FIELD_BY_NAME[c].label for c in EDITED]
    return out.reset_index(drop=True)


def edited_workbook(frame: pd.DataFrame) -> bytes:
    """The editor's table as a workbook in the template's layout. Every text cell is written as text: a value
    starting with '=' stays a value, never a formula."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(frame.columns))
    for values in frame.itertuples(index=False):
        ws.append([None] * len(values))
        row = ws.max_row
        for col, value in enumerate(values, start=1):
            if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
                continue
            cell = ws.cell(row=row, column=col)
            if isinstance(value, int | float) and not isinstance(value, bool):
                cell.value = float(value)
            else:
                cell.value = str(value)
                cell.data_type = "s"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
