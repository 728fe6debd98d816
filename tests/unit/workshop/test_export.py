import io

import openpyxl
import pandas as pd
import pytest

from coopdata.workshop.export import FICTIONAL_NOTE, SHEETS, download_name, workbook
from coopdata.workshop.pairs import pair_scores, seating_weights, top_matches
from coopdata.workshop.seating import move, propose_seating, table_summary
from tests.unit.workshop.conftest import NO_GEOGRAPHY, personal_values


@pytest.fixture(scope="module")
def made(fictional):
    participants = fictional.participants
    pairs = pair_scores(participants, NO_GEOGRAPHY)
    weights = seating_weights(pairs)
    seating = move(propose_seating(participants["code"].tolist(), weights, 4), "P14", 4)
    summary = table_summary(seating, participants, pairs, weights)
    top = top_matches(pairs, participants["code"].tolist())

    def make(personal=()):
        return workbook(seating, participants, summary, top, fictional.source, fictional.fictional, personal)
    return make


def sheets(data: bytes) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(data), sheet_name=None)


def all_text(data: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


def test_sheets_and_contents_without_personal_columns(made):
    data = made()
    book = sheets(data)
    assert list(book) == list(SHEETS)
    seating = book["Seating"]
    assert len(seating) == 16 and "Participant name" not in seating and "E-mail" not in seating
    assert seating.set_index("Participant").at["P14", "Table"] == 4  # the move is exported
    assert pd.isna(seating.set_index("Participant").at["P15", "Programme CCI"])  # not matched
    tables = book["Tables"]
    assert tables["Score"].tolist() == [3, 6, 5, 2]
    assert tables.loc[0, "Participants"] == "P01, P02, P03"
    assert tables.loc[0, "Common topics"] == "Research & innovation; Digital; SMEs & competitiveness"
    top = book["Top matches"]
    assert top.loc[top["Participant"].eq("P01"), "Partner"].tolist() == ["P14", "P02", "P03"]
    about = book["About"].set_index("Item")["Value"]
    assert about["Data"] == FICTIONAL_NOTE and about["Personal columns included"] == "none"
    for value in personal_values():
        assert value not in all_text(data)


def test_personal_columns_only_those_chosen(made):
    book = sheets(made(("label",)))
    assert book["Seating"].set_index("Participant").at["P01", "Participant name"] == "Participant A (fictional)"
    assert "E-mail" not in book["Seating"]
    assert book["Top matches"].loc[0, "Partner: Participant name"] == "Participant N (fictional)"
    assert "participant.a@example.org" not in all_text(made(("label",)))
    assert "participant.a@example.org" in all_text(made(("label", "email")))
    with pytest.raises(ValueError):
        made(("organisation",))


def test_download_name_says_fictional():
    assert download_name(True) == "workshop_tables_FICTIONAL.xlsx"
    assert download_name(False) == "workshop_tables.xlsx"


def test_a_registration_typed_as_a_formula_stays_text(fictional):
    participants = fictional.participants.copy()
    participants.loc[0, "organisation"] = "=1+1"
    participants.loc[1, "organisation"] = "@SUM(A1)"
    pairs = pair_scores(participants, NO_GEOGRAPHY)
    weights = seating_weights(pairs)
    seating = propose_seating(participants["code"].tolist(), weights, 4)
    summary = table_summary(seating, participants, pairs, weights)
    data = workbook(seating, participants, summary, top_matches(pairs, participants["code"].tolist()),
                    fictional.source, fictional.fictional)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Seating"]
    cells = {c.value: c.data_type for row in sheet.iter_rows() for c in row}
    assert cells["'=1+1"] == "s" and cells["'@SUM(A1)"] == "s"
    assert "=1+1" not in cells and all(kind != "f" for kind in cells.values())
