"""The work an upload causes is bounded by what the file really holds, not by what it claims.

Each test names the time bound its case must meet; the test asserts the work done (rows read one by one,
rows scanned), and benchmarks/upload_bench.py measures the seconds on this machine. The files are built
here (tests/fixtures/big_uploads.py), never committed.
"""

from __future__ import annotations

import io
import itertools
import zipfile

import openpyxl
import pytest

from coopdata.importer.read import (
    IMPORTER,
    MAX_SHEET_ROWS,
    Extent,
    UnreadableFile,
    read_file,
)
from coopdata.importer.validate import validate
from coopdata.workshop.registration import UPLOAD_LIMITS
from tests.fixtures.big_uploads import LAST_ROW, WHOLE_GRID, gap_bomb_xlsx, rows_csv, rows_xlsx
from tests.unit.importer.make_files import HEADER, ROWS, valid_bytes, workbook


def _claimed(data: bytes) -> tuple[int, int]:
    """(rows, columns) the first sheet claims, as openpyxl's streaming reader takes them."""
    ws = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return ws.max_row, ws.max_column


def test_the_gap_bomb_is_what_it_should_be():
    """The test file itself: a few kB claiming the whole grid, with its last row present and empty."""
    data = gap_bomb_xlsx()
    assert len(data) < 10 * 1024
    assert _claimed(data) == (LAST_ROW, 16_384)
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert f'<dimension ref="{WHOLE_GRID}"/>' in sheet_xml and f'<row r="{LAST_ROW}"/>' in sheet_xml


def test_gap_bomb_workbook_is_read_as_its_five_rows_within_1_s(reference):
    """Before: every one of 100,000 empty rows was widened to 16,384 cells (about 100 s of CPU), then refused."""
    sheet = read_file(gap_bomb_xlsx(), "gap.xlsx")[0]
    assert sheet.extent == Extent(rows=5, last_row=5, last_column=len(HEADER), row_elements=6)
    assert sheet.rows_visited == 5
    assert [number for number, _ in sheet.rows] == [1, 2, 3, 4, 5]
    assert all(len(values) == len(HEADER) for _, values in sheet.rows)
    # The importer reads it exactly as the same rows in a plain workbook.
    bomb, plain = validate(gap_bomb_xlsx(), "gap.xlsx", reference), validate(valid_bytes(), "gap.xlsx", reference)
    assert bomb.ok and bomb.actions.equals(plain.actions)


def test_gap_bomb_registration_list_is_read_as_its_rows_within_1_s():
    rows = [["Participant", "Programme", "Country", "Topics of interest"], ["A (fictional)", "x", "Estonia", "digital"]]
    data = gap_bomb_xlsx(rows=rows[1:], header=rows[0])
    sheet = read_file(data, "list.xlsx", UPLOAD_LIMITS)[0]
    assert sheet.rows_visited == 2
    assert [values for _, values in sheet.rows] == rows


@pytest.mark.slow
def test_25000_row_workbook_is_refused_from_its_scan_within_3_s():
    """Refused from the scan of its XML, which stops at the limit: no row is read by openpyxl."""
    with pytest.raises(UnreadableFile) as exc:
        read_file(rows_xlsx(25_000), "big.xlsx")
    assert str(exc.value) == ("'big.xlsx', sheet 'Actions': more than 20,000 rows of data; split it into files "
                              "of at most 20,000 rows.")
    assert exc.value.rows_visited == 0


def test_25000_row_csv_is_refused_at_the_limit_within_1_s():
    with pytest.raises(UnreadableFile) as exc:
        read_file(rows_csv(25_000), "big.csv")
    assert str(exc.value) == "'big.csv': more than 20,000 rows of data; split it into files of at most 20,000 rows."
    assert exc.value.rows_visited == IMPORTER.max_data_rows + 12  # the header, 10 spare rows, one too many


def test_a_participant_list_of_25000_rows_is_refused_after_111_rows_within_1_s():
    rows = [["Participant", "Programme", "Country", "Topics of interest"],
            *([f"P{i} (fictional)", "x", "Estonia", "digital"] for i in range(25_000))]
    wb = workbook(rows[1:], rows[0])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(UnreadableFile) as exc:
        read_file(buffer.getvalue(), "list.xlsx", UPLOAD_LIMITS)
    assert str(exc.value) == ("'list.xlsx', sheet 'Actions': more than 100 rows of data; the workshop page seats "
                              "at most 100 participants: split the list into workshops.")
    assert exc.value.rows_visited == 0


def test_a_value_below_the_last_row_read_is_refused_from_the_scan():
    wb = workbook(ROWS, HEADER)
    wb.active.cell(MAX_SHEET_ROWS + 1, 1, "stray")
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(UnreadableFile) as exc:
        read_file(buffer.getvalue(), "stray.xlsx")
    assert str(exc.value) == ("'stray.xlsx', sheet 'Actions': row 100,001 holds data; the importer reads rows 1 "
                              "to 100,000 only (20,000 rows of data at most).")
    assert exc.value.rows_visited == 0


def test_blank_rows_between_are_read_up_to_the_last_row_with_a_value():
    wb = workbook(ROWS[:1], HEADER)
    wb.active.cell(40, 1, ROWS[1][0])
    buffer = io.BytesIO()
    wb.save(buffer)
    sheet = read_file(buffer.getvalue(), "gaps.xlsx")[0]
    assert sheet.extent == Extent(rows=3, last_row=40, last_column=len(HEADER), row_elements=3)
    assert sheet.rows_visited == 40
    assert [number for number, _ in sheet.rows] == [1, 2, 40]


def test_a_value_past_the_last_column_is_refused_from_the_scan():
    wb = workbook(ROWS, HEADER)
    wb.active.cell(3, 61, "far right")
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(UnreadableFile) as exc:
        read_file(buffer.getvalue(), "wide.xlsx")
    assert str(exc.value) == "'wide.xlsx', sheet 'Actions': more than 60 columns; the importer reads at most 60."
    assert exc.value.rows_visited == 0


@pytest.mark.parametrize("name, data", [("slow.xlsx", rows_xlsx(3_000)), ("slow.csv", rows_csv(3_000))])
def test_reading_stops_with_a_message_past_the_time_budget(name, data, caplog):
    """A clock that moves 10 s each time it is read: the budget (20 s) is spent at the third look at it."""
    ticks = itertools.count(step=10)
    with pytest.raises(UnreadableFile) as exc:
        read_file(data, name, clock=lambda: float(next(ticks)))
    where = f"'{name}', sheet 'Actions'" if name.endswith("xlsx") else f"'{name}'"
    assert str(exc.value) == (f"{where}: reading it took longer than 20 seconds, so the importer stopped. Save it "
                              "again from Excel as a plain .xlsx (or CSV) holding only the rows and columns of data.")
    assert exc.value.expected == "a file that reads in under 20 seconds"
    assert f"upload refused by the importer: {exc.value}" in caplog.text  # the server log says it too


def test_a_sheet_is_scanned_under_the_name_the_workbook_gives_it():
    buffer = io.BytesIO()
    workbook(ROWS, HEADER).save(buffer)
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                part = part.replace(b'name="Actions"', b'name="Renamed"')
            dst.writestr(info, part)
    # openpyxl names the sheet as the workbook says; the scan finds it under the same name.
    assert read_file(out.getvalue(), "renamed.xlsx")[0].name == "Renamed"


def test_a_workbook_with_more_text_than_a_database_holds_is_refused_unopened():
    """openpyxl reads a workbook's shared strings whole when it opens it: their size is checked first."""
    import random

    rng = random.Random(0)
    words = [f"word{rng.randrange(10**6)}" for _ in range(4096)]
    strings = "".join(f"<si><t>{w}</t></si>" for w in words).encode()
    size = 51 * 1024 * 1024
    buffer = io.BytesIO()
    workbook(ROWS, HEADER).save(buffer)
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "xl/sharedStrings.xml":
                dst.writestr(info.filename, src.read(info.filename))
        with dst.open("xl/sharedStrings.xml", "w") as part:
            part.write(b"<sst>")
            for _ in range(size // len(strings) + 1):
                part.write(strings)
            part.write(b"</sst>")
    data = out.getvalue()
    assert len(data) < 20 * 1024 * 1024  # under the upload limit, and not a zip bomb by its ratio
    with pytest.raises(UnreadableFile) as exc:
        read_file(data, "texts.xlsx")
    assert str(exc.value) == ("'texts.xlsx' holds 51 MB of text (its shared strings); a programme database holds "
                              "far less (limit 50 MB). It was refused without being opened.")


def test_a_strict_open_xml_sheet_is_scanned_too():
    """Excel's "Strict Open XML" format names the same elements in another namespace."""
    from coopdata.importer.read import _Clock, scan_extent

    strict = (b'<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><dimension ref="A1:XFD1048576"/>'
              b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>CCI</t></is></c><c r="C1"><v>2</v></c></row>'
              b'<row r="3"><c r="B3" s="1"/></row><row r="1048576"/></sheetData></worksheet>')
    extent = scan_extent(io.BytesIO(strict), "w", IMPORTER, _Clock("f", IMPORTER, lambda: 0.0))
    assert extent == Extent(rows=1, last_row=1, last_column=3, row_elements=3)
