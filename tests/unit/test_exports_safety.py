"""Partner-shortlist exports (through coopdata.exports) are safe to open: text a spreadsheet would run as a
formula is neutralised, and no cell becomes a formula or a link."""

import csv
import io

import openpyxl
import pandas as pd

from coopdata.exports import sheets_to_csv_bytes, sheets_to_xlsx_bytes

HOSTILE = ["=1+1", "+41 22", "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR", '=HYPERLINK("http://evil.example","x")',
           "external:c:\\evil.exe", "Plain title"]
NEUTRALISED = ["'=1+1", "'+41 22", "'-2+3", "'@SUM(A1:A2)", "'\tTAB", "'\rCR",
               '\'=HYPERLINK("http://evil.example","x")', "external:c:\\evil.exe", "Plain title"]


def _tables():
    frame = pd.DataFrame({"programme": HOSTILE, "eu_amount": [-5.0, 1.5, 0.0, -1.0, 2.0, 3.0, 4.0, 5.0, 6.0]})
    return {"Shortlist": frame, "Link": pd.DataFrame({"=link": ["https://example.org/?a=1"]})}


def test_a_carriage_return_inside_a_cell_cannot_start_an_unneutralised_cell():
    text = sheets_to_csv_bytes({"T": pd.DataFrame({"a": ['x\r=HYPERLINK("http://evil.example")', "ok"]})})
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"), newline="")))
    assert rows == [["T"], ["a"], ['x\n=HYPERLINK("http://evil.example")'], ["ok"]]


def test_csv_cells_are_neutralised():
    text = sheets_to_csv_bytes(_tables()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["Shortlist"] and rows[1] == ["programme", "eu_amount"]
    # A carriage return inside a cell becomes a line break, so the cell is quoted and stays one cell.
    assert [r[0] for r in rows[2:11]] == [v.replace("\r", "\n") for v in NEUTRALISED]
    assert [r[1] for r in rows[2:4]] == ["-5.0", "1.5"]
    assert rows[12:] == [["Link"], ["'=link"], ["https://example.org/?a=1"]]


def test_xlsx_cells_are_text_never_formulas_or_links():
    book = openpyxl.load_workbook(io.BytesIO(sheets_to_xlsx_bytes(_tables())))
    sheet = book["Shortlist"]
    cells = [(c.value, c.data_type) for c in sheet["A"][1:]]
    # xlsx stores a carriage return as _x000D_ (openpyxl leaves it so)
    assert cells == [(v.replace("\r", "_x000D_"), "s") for v in NEUTRALISED]
    assert [c.value for c in sheet["B"][1:3]] == [-5, 1.5]
    assert all(c.hyperlink is None for row in sheet.iter_rows() for c in row)
    assert book["Link"]["A1"].value == "'=link" and book["Link"]["A2"].hyperlink is None
