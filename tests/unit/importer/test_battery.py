"""The battery of malformed files (tests/unit/importer/files/, made by make_files.py): each with the
exact message a user reads, the CLI's exit code, and a database in use that stays untouched."""

from __future__ import annotations

from argparse import Namespace

import pytest

from coopdata.importer import cli
from coopdata.importer.validate import validate
from tests.unit.importer.make_files import FILES, big_sheet

S = "Sheet 'Actions'"
REGIONS = "column 'Partner regions (NUTS)' (I)"
# file, CLI exit code (0 ok, 1 errors, 2 unreadable), kind, exact message (None: no problem at all)
CASES = [
    ("wrong_extension.txt", 2, "File cannot be read",
     "'wrong_extension.txt' is a .txt, not an Excel workbook (.xlsx) or a CSV file (.csv)."),
    ("legacy_format.xls", 2, "File cannot be read",
     "'legacy_format.xls' is a .xls, not an Excel workbook (.xlsx) or a CSV file (.csv). Save it as .xlsx "
     "(Excel 97-2003 files are not read)."),
    ("macros.xlsm", 2, "File cannot be read",
     "'macros.xlsm' is a .xlsm, not an Excel workbook (.xlsx) or a CSV file (.csv). Save it as .xlsx: workbooks "
     "with macros are refused, macros are never run."),
    ("empty.xlsx", 2, "File cannot be read", "'empty.xlsx' is empty (0 bytes)."),
    ("corrupt_zip.xlsx", 2, "File cannot be read",
     "'corrupt_zip.xlsx' is damaged or not a real .xlsx workbook (it is not a valid zip package). Open it in "
     "Excel and save it again."),
    ("not_a_workbook.xlsx", 2, "File cannot be read",
     "'not_a_workbook.xlsx' is a zip file but not an Excel workbook (no xl/workbook.xml)."),
    ("zip_bomb.xlsx", 2, "File cannot be read",
     "'zip_bomb.xlsx' would unpack to 60 MB from 0.1 MB, which is how zip bombs look (limit 200 MB, 200x). "
     "It was refused without being opened."),
    ("too_many_parts.xlsx", 2, "File cannot be read",
     "'too_many_parts.xlsx' holds 601 parts; a workbook has far fewer (limit 500). It was refused without "
     "being opened."),
    ("password_protected.xlsx", 2, "File cannot be read",
     "'password_protected.xlsx' is password-protected or an old-format (.xls) workbook saved as .xlsx; remove "
     "the password or save it again as .xlsx."),
    ("broken_xml.xlsx", 2, "File cannot be read",
     "'broken_xml.xlsx' is damaged: Excel's file parts cannot be read (ParseError). Open it in Excel and save "
     "it again."),
    ("workbook_named_csv.csv", 2, "File cannot be read",
     "'workbook_named_csv.csv' is not a text file; a CSV file is plain text."),
    ("too_many_columns.xlsx", 2, "File cannot be read",
     "'too_many_columns.xlsx', sheet 'Actions': more than 60 columns; the importer reads at most 60."),
    ("no_header.xlsx", 1, "Column names",
     "no header row: sheet 'Actions' has no row with the template's column names (such as 'CCI', 'Planned', "
     "'Objective code') in its first 10 rows (expected a header row with the template's column names)."),
    ("header_only.xlsx", 1, "No data rows",
     "the file has the column names but no rows of data below them (expected at least one row of data)."),
    ("duplicate_header.xlsx", 1, "Column names",
     f"{S}: columns E and M are both named 'Planned'; keep one, or rename one and pick it under 'Column "
     "mapping' (expected one column per name)."),
    ("missing_planned_column.xlsx", 1, "Missing column",
     f"{S}: no column 'Planned' (expected a column named 'Planned')."),
    ("no_objective_or_topic_column.xlsx", 1, "Missing column",
     f"{S}: no column 'Objective code' or 'Topic' (expected a column named 'Objective code' or 'Topic')."),
    ("duplicate_cci.xlsx", 1, "Duplicate row",
     f"{S}, row 6: programme 2021AT16FFPR001, objective RSO1.1 is already on row 2 (expected one row per "
     "programme and objective (or topic))."),
    ("bad_cci.xlsx", 1, "Programme code (CCI)",
     f"{S}, row 3, column 'CCI' (A): 'AT-2021-001' is not a programme code (CCI) (expected a CCI of 15 "
     "characters such as 2021EL16RFPR001)."),
    ("bad_nuts.xlsx", 1, "NUTS region",
     f"{S}, row 2, {REGIONS}: 'XX99' is not a NUTS 2021 or NUTS 2024 code of an EU Member State (expected a "
     "NUTS 2024 code such as EL30 or DE212 (NUTS 2021 codes are converted))."),
    ("nuts_boundary_shift.xlsx", 1, "NUTS region",
     f"{S}, row 2, {REGIONS}: NUTS 2021 region 'DEG04' has no single NUTS 2024 equivalent (boundary shift in "
     "NUTS 2024) (expected the NUTS 2024 code(s) of the region)."),
    ("text_amount.xlsx", 1, "Amount",
     f"{S}, row 2, column 'Amount (EUR)' (J): 'about 2 million' is not an amount (expected a number in euro, "
     "e.g. 1250000 or 1,250,000)."),
    ("bad_yes_no.xlsx", 1, "Yes/no value",
     f"{S}, row 3, column 'Planned' (E): 'Planned' is 'maybe' (expected yes or no)."),
    ("unknown_country.xlsx", 1, "Country",
     f"{S}, row 2, column 'Partner countries' (H): 'Atlantis' is not a known country (expected a country code "
     "(EL, DE, ...) or name in English or in its own language)."),
    ("unknown_objective.xlsx", 1, "Objective or topic",
     f"{S}, row 3, column 'Objective code' (C): 'RSO9.9' is not an objective of the 2021-2027 period (expected "
     "an objective code of 2021-2027, such as RSO1.1, ESO4.1, JSO8.1 or ISO6.1)."),
    ("period_mismatch.xlsx", 1, "Period",
     f"{S}, row 4, column 'Period' (B): the period '2021-2027' does not match the programme 2014AT16RFOP001, "
     "which is a 2014-2020 programme (expected 2014-2020)."),
    ("objective_topic_conflict.xlsx", 1, "Objective or topic",
     f"{S}, row 2, column 'Topic' (D): objective RSO1.1 belongs to the topic 'Research & innovation', but the "
     "row names 'Digital' (expected the topic of RSO1.1 or an empty topic cell)."),
    ("unknown_approach.xlsx", 1, "Value not in the list",
     f"{S}, row 2, column 'Approach' (F): 'lottery' is not a known approach (expected one of: dedicated call, "
     "selection criterion or bonus, strategic project, other)."),
    ("unknown_scope.xlsx", 1, "Value not in the list",
     f"{S}, row 2, column 'Partnership scope' (G): 'galactic' is not a known partnership scope (expected one "
     "of: cross-border, macro-regional, sea basin, EU-wide, countries, or a strategy or sea basin by name: EUSBSR, "
     "EUSDR, EUSAIR, EUSALP, ATLANTIC, WESTMED, BLACKSEA, BALTIC)."),
    # Warnings: the import goes ahead.
    ("unknown_cci.xlsx", 0, "Programme not in public data",
     f"{S}, row 3: programme 2021AT16FFPR999 is not in the public programme lists; its rows are imported but "
     "cannot be shown on the map or joined to finances."),
    ("nuts_2021_code.xlsx", 0, "NUTS region",
     f"{S}, row 2, {REGIONS}: NUTS 2021 code 'NL332' is 'NL361' in NUTS 2024; 'NL361' was used."),
    ("formula_in_cell.xlsx", 0, "Formula",
     f"{S}, row 2, column 'Notes' (L): contains a formula (=HYPERLINK(\"http://example.org\",\"click\")); "
     "formulas are never calculated on import: the file holds no saved value, so the cell was read as empty."),
    ("html_in_text.xlsx", 0, "HTML in text",
     f"{S}, row 2, column 'Notes' (L): contains HTML markup; it is kept as plain text and never shown as HTML."),
    ("merged_header.xlsx", 0, "Column names",
     f"{S}: the column names span rows 1 and 2 (merged header cells); they were read from both rows."),
    ("extra_unknown_column.xlsx", 0, "Unrecognised column",
     f"{S}: 'Desk officer' (M) is not a template column; it was ignored."),
    ("extra_sheet_without_header.xlsx", 0, "Sheet skipped",
     "Sheet 'Notes': no row with the template's column names in its first 10 rows; the sheet was not imported."),
    ("title_rows_above_header.xlsx", 0, None, None),
    ("blank_rows_between.xlsx", 0, None, None),
    ("semicolon_delimited.csv", 0, None, None),
    ("windows_1252.csv", 0, None, None),
]


def test_battery_lists_every_file_once():
    assert sorted(c[0] for c in CASES) == sorted(p.name for p in FILES.iterdir())
    assert sum(code != 0 for _, code, _, _ in CASES) >= 25


@pytest.mark.parametrize(("name", "exit_code", "kind", "message"), CASES, ids=[c[0] for c in CASES])
def test_battery_file(name, exit_code, kind, message, reference, store_with_previous, capsys):
    result = validate((FILES / name).read_bytes(), name, reference)
    if message is None:
        assert result.report.problems == []
    else:
        found = [(p.kind, p.message) for p in result.report.problems]
        assert (kind, message) in found, found
        # the message is shown once, under its kind, in the text the CLI prints
        assert result.report.to_text().count(message) == 1
    assert result.ok is (exit_code == 0)
    assert (result.actions is None) is (exit_code != 0)

    before = store_with_previous.version()
    args = Namespace(command="import", file=FILES / name, store=store_with_previous.folder)
    assert cli.main(args) == exit_code
    printed = capsys.readouterr().out
    if message is not None:
        assert message in printed
    if exit_code:
        assert store_with_previous.version() == before
        assert store_with_previous.current().meta["file_name"] == "previous.xlsx"
    else:
        assert store_with_previous.meta()["file_name"] == name


@pytest.mark.slow
def test_a_50000_row_sheet_is_refused(tmp_path, reference):
    path = big_sheet(tmp_path / "big_50000_rows.xlsx")
    result = validate(path.read_bytes(), path.name, reference)
    assert [p.message for p in result.report.problems] == [
        "'big_50000_rows.xlsx', sheet 'Actions': more than 20,000 rows of data; split it into files of at most "
        "20,000 rows."]
    assert not result.readable and result.actions is None


def test_validate_command_prints_the_report_and_stores_nothing(store_with_previous, capsys):
    before = store_with_previous.version()
    args = Namespace(command="validate", file=FILES / "unknown_cci.xlsx", store=store_with_previous.folder)
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "0 error(s), 1 warning(s)" in out
    assert "== Programme not in public data: 0 error(s), 1 warning(s)" in out
    assert store_with_previous.version() == before


def test_missing_file_is_exit_2(tmp_path, capsys):
    args = Namespace(command="validate", file=tmp_path / "nowhere.xlsx", store=tmp_path)
    assert cli.main(args) == 2
    assert "nowhere.xlsx' cannot be opened" in capsys.readouterr().err


def test_messy_but_valid_files_are_read_right(reference):
    def actions(name):
        return validate((FILES / name).read_bytes(), name, reference).actions

    csv = actions("semicolon_delimited.csv").iloc[0]
    assert csv["partner_countries"] == ["EL", "DE"]   # GR, Ελλάδα and Deutschland; Greece counted once
    assert csv["amount_eur"] == 1250000.5             # 1.250.000,50
    assert bool(csv["planned"]) is True                # ja
    assert actions("windows_1252.csv").iloc[0]["notes"] == "coopération transfrontalière"
    assert actions("blank_rows_between.xlsx")["source_row"].sort_values().tolist() == [2, 5, 7]
    assert actions("title_rows_above_header.xlsx")["source_row"].sort_values().tolist() == [4, 5, 6, 7]
    merged = actions("merged_header.xlsx").iloc[0]
    assert (merged["cci"], merged["objective_code"], merged["approach"], merged["partner_countries"]) == \
        ("2021AT16FFPR001", "RSO1.1", "dedicated call", ["EL"])
    assert actions("nuts_2021_code.xlsx").set_index("source_row").loc[2, "partner_regions"] == ["NL361"]
    html = actions("html_in_text.xlsx").set_index("source_row").loc[2, "notes"]
    assert html == '<script>alert("x")</script>'      # kept verbatim as text; pages never render it as HTML
