"""The workshop workbook (XLSX, built in memory): Seating, Tables, Top matches, About.

Participants appear by code (P01, ...) unless the facilitator chooses personal columns to include
(`registration.PERSONAL_COLUMNS`); nothing personal is added otherwise. A list whose file name says
it is fictional gives a workbook that says so on its About sheet.
"""

from __future__ import annotations

import pandas as pd

from coopdata.exports import sheets_to_xlsx_bytes
from coopdata.vocabularies import topic_labels
from coopdata.workshop.registration import PERSONAL_COLUMNS

SHEETS = ("Seating", "Tables", "Top matches", "About")
FICTIONAL_NOTE = "FICTIONAL example data: the participants and their registrations are invented."
SCORING_NOTE = ("Pair score = shared topics of interest, plus 1 when the pair shares a topic and its partnership "
                "scopes fit the geography; 0 for two people from the same Member State. Table score = sum of "
                "shared topics over the pairs at the table from different Member States.")


def _topics(ids) -> str:
    labels = topic_labels()
    return "; ".join(labels.get(t, t) for t in ids)


def _personal(participants: pd.DataFrame, personal: tuple[str, ...]) -> pd.DataFrame:
    unknown = set(personal) - set(PERSONAL_COLUMNS)
    if unknown:
        raise ValueError(f"not personal columns: {sorted(unknown)}")
    return participants.set_index("code")[list(personal)].rename(columns=PERSONAL_COLUMNS)


def seating_sheet(seating: dict[str, int], participants: pd.DataFrame, personal: tuple[str, ...] = ()) -> pd.DataFrame:
    p = participants.assign(table=participants["code"].map(seating))
    out = pd.DataFrame({"Table": p["table"], "Participant": p["code"]})
    out = out.join(_personal(participants, personal), on="Participant")
    out["Organisation or programme (as registered)"] = p["organisation"]
    out["Programme CCI"] = p["cci"]
    out["Programme title"] = p["programme_title"]
    out["Country"] = p["country"]
    out["Topics"] = p["topics"].map(_topics)
    return out.sort_values(["Table", "Participant"], ignore_index=True)


def tables_sheet(summary: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Table": summary["table"], "Participants": summary["members"].map(", ".join),
                         "Size": summary["size"], "Score": summary["score"],
                         "Common topics": summary["common_topics"].map(_topics),
                         "Reasons": summary["reasons"].map("\n".join)})


def top_matches_sheet(top: pd.DataFrame, participants: pd.DataFrame, personal: tuple[str, ...] = ()) -> pd.DataFrame:
    out = pd.DataFrame({"Participant": top["participant"], "Rank": top["rank"], "Partner": top["partner"],
                        "Score": top["score"], "Shared topics": top["shared_topics"].map(_topics),
                        "Reasons": top["reasons"].map("; ".join)})
    names = _personal(participants, personal)
    if not names.empty:
        out = out.join(names, on="Participant").join(names.add_prefix("Partner: "), on="Partner")
    return out


def workbook(seating: dict[str, int], participants: pd.DataFrame, summary: pd.DataFrame, top: pd.DataFrame,
             source: str, fictional: bool, personal: tuple[str, ...] = ()) -> bytes:
    """The XLSX as bytes (never written to disk here)."""
    _personal(participants, personal)  # refuses anything but the personal columns, before any work
    about = [("Made by", "coopdata, workshop tables"), ("Registration list", source),
             ("Personal columns included", ", ".join(PERSONAL_COLUMNS[c] for c in personal) or "none"),
             ("Scoring", SCORING_NOTE)]
    if fictional:
        about.insert(0, ("Data", FICTIONAL_NOTE))
    # The same writer as every export: a name or organisation typed as "=..." stays text.
    return sheets_to_xlsx_bytes({
        "Seating": seating_sheet(seating, participants, personal),
        "Tables": tables_sheet(summary),
        "Top matches": top_matches_sheet(top, participants, personal),
        "About": pd.DataFrame(about, columns=["Item", "Value"]),
    })


def download_name(fictional: bool) -> str:
    return "workshop_tables_FICTIONAL.xlsx" if fictional else "workshop_tables.xlsx"
