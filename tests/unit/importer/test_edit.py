"""Rows corrected in the app are validated like an import: an untouched table comes back as it was, and a
mistake typed into the editor is reported by row and column."""

import pandas as pd
import pytest

from coopdata.importer.edit import FILE_NAME, edit_frame, edited_workbook
from coopdata.importer.example import EXAMPLE_PATH
from coopdata.importer.validate import validate
from tests.unit.importer.make_files import FILES

CONTENT = ["cci", "period", "objective_code", "topic_id", "planned", "approach", "scopes", "scope_ids",
           "partner_countries", "partner_regions", "amount_eur", "status", "notes", "fictional"]


@pytest.mark.slow
def test_an_untouched_table_validates_back_to_the_same_rows(reference):
    for path in (FILES / "unknown_cci.xlsx", EXAMPLE_PATH):
        actions = validate(path.read_bytes(), path.name, reference).actions
        again = validate(edited_workbook(edit_frame(actions)), FILE_NAME, reference)
        assert again.ok, again.report.to_text()
        pd.testing.assert_frame_equal(again.actions[CONTENT], actions[CONTENT])


def test_the_editor_shows_the_template_columns(reference):
    actions = validate((FILES / "unknown_cci.xlsx").read_bytes(), "x.xlsx", reference).actions
    frame = edit_frame(actions)
    assert list(frame.columns) == ["CCI", "Period", "Objective code", "Topic", "Planned", "Approach",
                                   "Partnership scope", "Partner countries", "Partner regions (NUTS)",
                                   "Amount (EUR)", "Status", "Notes", "Fictional"]


def test_mistakes_typed_in_the_editor_are_reported_like_an_import(reference):
    actions = validate((FILES / "unknown_cci.xlsx").read_bytes(), "x.xlsx", reference).actions
    frame = edit_frame(actions)
    frame.loc[0, "CCI"] = "2021XX"
    frame.loc[0, "Objective code"] = "RSO9.9"
    frame.loc[1, "Notes"] = "=HYPERLINK(\"http://example.com\")"
    result = validate(edited_workbook(frame), FILE_NAME, reference)
    assert [(p.kind, p.row, p.column) for p in result.report.errors] == [
        ("Programme code (CCI)", 2, "'CCI' (A)"), ("Objective or topic", 2, "'Objective code' (C)")]
    assert result.actions is None
    frame.loc[0, "CCI"], frame.loc[0, "Objective code"] = actions.loc[0, "cci"], actions.loc[0, "objective_code"]
    fixed = validate(edited_workbook(frame), FILE_NAME, reference)
    assert fixed.ok and fixed.actions.loc[fixed.actions["source_row"] == 3, "notes"].tolist() == [
        "=HYPERLINK(\"http://example.com\")"]  # kept as text, never a formula
