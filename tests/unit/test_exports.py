"""CSV and XLSX exports on a tiny hand-made table: exact cells, four sheets, no formula survives."""

import csv
import io

import openpyxl
import pandas as pd
import pytest

from coopdata.exports import (
    EXCEL_MAX_URL,
    FICTIONAL_TEXT,
    SHEETS,
    ExportMeta,
    neutralise,
    sources_from_manifest,
    to_csv_bytes,
    to_xlsx_bytes,
)

TABLE = pd.DataFrame({
    "title": ["Région Sud", "=HYPERLINK(\"http://evil\")", "+cmd", "Ελλάδα"],
    "funds": [["ERDF", "ESF+"], ["CF"], [], ["@SUM(A1)"]],
    "programmes": [3, -2, 0, 7],
})
META = ExportMeta(
    title="Programmes per fund 2021-2027",
    filters=[("Period", "2021-2027"), ("Member States", "Greece (EL)"), ("Programme title contains", "“-x”")],
    link="http://host:8501/data?period=2021-2027&country=EL",
    sources=[{"source": "Dataset e4v6-qrrq", "vintage": "2019-04-11", "licence": "CC BY 4.0",
              "attribution": "© European Union"}],
    attribution=["© EuroGeographics for the administrative boundaries"],
)


@pytest.mark.parametrize("cell, safe", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("a=b", "a=b"), ("", ""), (-5, -5), (None, None),
])
def test_neutralise(cell, safe):
    assert neutralise(cell) == safe


def rows_of_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_is_utf8_with_bom_flat_and_neutralised():
    assert rows_of_csv(to_csv_bytes(TABLE, META)) == [
        ["title", "funds", "programmes"],
        ["Région Sud", "ERDF; ESF+", "3"],
        ["'=HYPERLINK(\"http://evil\")", "CF", "-2"],  # a negative number stays a number
        ["'+cmd", "", "0"],
        ["Ελλάδα", "'@SUM(A1)", "7"],
    ]


def test_csv_of_fictional_data_says_so_on_every_row():
    meta = ExportMeta(title="t", filters=[], link="", fictional=True)
    rows = rows_of_csv(to_csv_bytes(TABLE, meta))
    assert rows[0] == ["data_status", "title", "funds", "programmes"]
    assert [r[0] for r in rows[1:]] == [FICTIONAL_TEXT] * 4


def test_csv_headers_are_neutralised_too():
    assert rows_of_csv(to_csv_bytes(pd.DataFrame({"=x": [1]}), META))[0] == ["'=x"]


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def values(sheet) -> list[list]:
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_xlsx_has_the_four_sheets_with_exact_content():
    wb = workbook(to_xlsx_bytes(TABLE, META))
    assert wb.sheetnames == list(SHEETS) == ["Data", "Filters", "Link", "Sources"]
    assert values(wb["Data"]) == [
        ["title", "funds", "programmes"],
        ["Région Sud", "ERDF; ESF+", 3],
        ["'=HYPERLINK(\"http://evil\")", "CF", -2],
        ["'+cmd", None, 0],
        ["Ελλάδα", "'@SUM(A1)", 7],
    ]
    assert values(wb["Filters"]) == [
        ["filter", "value"], ["View", "Programmes per fund 2021-2027"],
        ["Data", "Real public data (sources on the Sources sheet)"], ["Period", "2021-2027"],
        ["Member States", "Greece (EL)"], ["Programme title contains", "“-x”"]]
    assert wb["Link"]["A2"].value == META.link
    assert wb["Link"]["A2"].hyperlink.target == META.link
    assert values(wb["Sources"]) == [
        ["source", "vintage", "licence", "attribution"],
        ["Dataset e4v6-qrrq", "2019-04-11", "CC BY 4.0", "© European Union"],
        ["Attribution", None, None, "© EuroGeographics for the administrative boundaries"]]


def test_xlsx_holds_no_formula_anywhere():
    meta = ExportMeta(title="=1+2", filters=[("-x", "@y")], link="=cmd|' /C calc'!A0",
                      sources=[{"source": "+s", "vintage": "-v", "licence": "=l", "attribution": "\ta"}])
    wb = workbook(to_xlsx_bytes(TABLE, meta))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@", "\t"))]
    assert wb["Link"]["A2"].value == "'=cmd|' /C calc'!A0"
    assert wb["Link"]["A2"].hyperlink is None  # not a web link: plain text


def test_xlsx_of_fictional_data_flags_every_sheet_that_describes_it():
    meta = ExportMeta(title="Workshop", filters=[], link="http://h/workshop?period=2021-2027", fictional=True)
    wb = workbook(to_xlsx_bytes(TABLE, meta))
    assert [r[0] for r in values(wb["Data"])] == ["data_status"] + [FICTIONAL_TEXT] * 4
    assert ["Data", FICTIONAL_TEXT] in values(wb["Filters"])
    assert wb["Link"]["A3"].value == FICTIONAL_TEXT


def test_a_link_too_long_for_excel_is_kept_as_text():
    link = "http://h/data?q=" + "x" * EXCEL_MAX_URL
    wb = workbook(to_xlsx_bytes(TABLE, ExportMeta(title="t", filters=[], link=link)))
    assert (wb["Link"]["A2"].value, wb["Link"]["A2"].hyperlink) == (link, None)


def test_sources_from_manifest():
    manifest = {"inputs": {"a": {"source": "S", "vintage": "V", "licence": "L", "attribution": "A", "file": "f",
                                 "sha256": "0"}}}
    assert sources_from_manifest(manifest) == [{"source": "S", "vintage": "V", "licence": "L", "attribution": "A"}]
