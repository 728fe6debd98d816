"""The documented template workbook: an empty Actions sheet, Instructions, and the Lists of values."""

from __future__ import annotations

import io

import pandas as pd

from coopdata import vocabularies
from coopdata.importer.columns import FIELDS
from coopdata.importer.normalise import APPROACHES, STATUSES
from coopdata.vocabularies import SCOPES

FILE_NAME = "cooperation_actions_template.xlsx"
DATA_SHEET = "Actions"


def instructions() -> pd.DataFrame:
    return pd.DataFrame({
        "Column": [f.label for f in FIELDS],
        "Required": ["yes" if f.required else ("one of the two" if f.name in ("objective_code", "topic") else "no")
                     for f in FIELDS],
        "What to write": [f.help for f in FIELDS],
        "Also recognised as": [", ".join(f.aliases) for f in FIELDS],
    })


def lists() -> dict[str, list[str]]:
    objectives = vocabularies.objective_topics()
    return {
        "Planned": ["yes", "no"],
        "Approach": list(APPROACHES),
        "Partnership scope": list(SCOPES),
        "Strategy or sea basin": vocabularies.named_scopes()["scope_id"].tolist(),
        "Status": list(STATUSES),
        "Topic": vocabularies.topics()["label"].tolist(),
        "Objective code 2014-2020": objectives.loc[objectives["period"] == "2014-2020", "objective_code"].tolist(),
        "Objective code 2021-2027": objectives.loc[objectives["period"] == "2021-2027", "objective_code"].tolist(),
        "Country code": vocabularies.countries()["code"].tolist(),
    }


def template_bytes() -> bytes:
    """The template as xlsx bytes: one row per programme x objective (or topic) goes in sheet Actions."""
    buf = io.BytesIO()
    labels = [f.label for f in FIELDS]
    value_lists = lists()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xl:
        pd.DataFrame(columns=labels).to_excel(xl, sheet_name=DATA_SHEET, index=False)
        ws = xl.sheets[DATA_SHEET]
        ws.freeze_panes(1, 0)
        ws.set_column(0, len(labels) - 1, 22)
        # Drop-down lists on the single-valued columns (multi-valued ones take ';'-separated text).
        for label in ("Planned", "Approach", "Status"):
            col = labels.index(label)
            ws.data_validation(1, col, 20_000, col, {"validate": "list", "source": value_lists[label],
                                                    "error_type": "warning"})
        intro = pd.DataFrame({"Column": ["One row per programme x objective (or topic). Several values in "
                                         "one cell: separate them with ';' or ','. Extra columns are ignored."]})
        intro.to_excel(xl, sheet_name="Instructions", index=False, header=False)
        instructions().to_excel(xl, sheet_name="Instructions", index=False, startrow=2)
        xl.sheets["Instructions"].set_column(0, 3, 40)
        width = max(len(v) for v in value_lists.values())
        pd.DataFrame({k: v + [""] * (width - len(v)) for k, v in value_lists.items()}).to_excel(
            xl, sheet_name="Lists", index=False)
    return buf.getvalue()
