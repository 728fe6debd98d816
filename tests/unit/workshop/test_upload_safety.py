"""A registration list is an upload from anyone at a venue: the workshop page reads it through the
importer's safe reader, so oversized files, other formats, macro workbooks, zip bombs and huge sheets
are refused with a message naming the file (and sheet, row or column), before anything is expanded."""

import io
import tracemalloc
import zipfile

import pytest

from coopdata.importer.read import MAX_FILE_BYTES, UnreadableFile
from coopdata.workshop.registration import MAX_PARTICIPANTS, RegistrationError
from tests.unit.workshop.conftest import HEADER, csv_bytes, xlsx_bytes

ROW = ["{name} (fictional)", "", "2021EE16FFPR001", "Estonia", "digital", "EU-wide"]


def people(n: int) -> list[list[str]]:
    return [[ROW[0].format(name=f"Person {i}"), *ROW[1:]] for i in range(1, n + 1)]


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook `data` with one more part in its zip package."""
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, content)
    return out.getvalue()


def refusal(read, data: bytes, name: str) -> str:
    with pytest.raises(UnreadableFile) as exc:
        read(data, name)
    return str(exc.value)


def test_a_file_over_the_size_limit_is_refused_unread(read):
    data = b"x" * (MAX_FILE_BYTES + 1024 * 1024)
    assert refusal(read, data, "reg.csv") == "'reg.csv' is 21.0 MB; the limit is 20 MB."


def test_other_formats_and_renamed_files_are_refused(read):
    assert refusal(read, b"%PDF-1.7 ...", "reg.xlsx") == (
        "'reg.xlsx' is damaged or not a real .xlsx workbook (it is not a valid zip package). Open it in Excel "
        "and save it again.")
    assert refusal(read, xlsx_bytes(people(2)), "reg.csv") == "'reg.csv' is not a text file; a CSV file is plain text."
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("notes.txt", "not a workbook")
    assert refusal(read, zipped.getvalue(), "reg.xlsx") == (
        "'reg.xlsx' is a zip file but not an Excel workbook (no xl/workbook.xml).")


def test_macro_workbooks_are_refused_by_name_and_by_content(read):
    workbook = xlsx_bytes([HEADER, *people(2)])
    assert refusal(read, workbook, "reg.xlsm") == (
        "'reg.xlsm' is a .xlsm, not an Excel workbook (.xlsx) or a CSV file (.csv). Save it as .xlsx: workbooks "
        "with macros are refused, macros are never run.")
    with_macros = with_part(workbook, "xl/vbaProject.bin", b"\x00" * 64)
    assert refusal(read, with_macros, "reg.xlsx") == (
        "'reg.xlsx' contains macros; save it as a plain .xlsx workbook. Macros are never run.")


def test_a_zip_bomb_is_refused_from_its_directory_in_bounded_memory(read):
    bomb = with_part(xlsx_bytes([HEADER, *people(2)]), "xl/media/padding.bin", b"\x00" * (40 * 1024 * 1024))
    assert len(bomb) < 100 * 1024  # 40 MB of zeros pack into a few dozen kB
    tracemalloc.start()
    try:
        message = refusal(read, bomb, "reg.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message == ("'reg.xlsx' would unpack to 40 MB from 0.0 MB, which is how zip bombs look (limit 200 MB, "
                       "200x). It was refused without being opened.")
    assert peak < 2 * 1024 * 1024  # nothing was unpacked


def test_too_many_participants_is_refused_before_matching(read):
    with pytest.raises(RegistrationError) as exc:
        read(csv_bytes(people(MAX_PARTICIPANTS + 1)), "reg.csv")
    assert str(exc.value) == ("reg.csv: 101 participants; the workshop page seats at most 100 participants: "
                              "split the list into workshops")
    assert len(read(csv_bytes(people(MAX_PARTICIPANTS)), "reg.csv").participants) == MAX_PARTICIPANTS


@pytest.mark.parametrize("name", ["reg.xlsx", "reg.csv"])
def test_a_huge_sheet_stops_being_read_at_the_row_cap(read, name):
    rows = people(5_000)
    data = xlsx_bytes([HEADER, *rows]) if name.endswith("xlsx") else csv_bytes(rows)
    where = "'reg.xlsx', sheet 'Form responses'" if name.endswith("xlsx") else "'reg.csv'"
    assert refusal(read, data, name) == (f"{where}: more than 100 rows of data; the workshop page seats at most "
                                         "100 participants: split the list into workshops.")


def test_too_many_columns_names_the_sheet_or_row(read):
    wide = [*HEADER, *[f"Question {i}" for i in range(7, 62)]]  # 61 columns
    assert refusal(read, xlsx_bytes([wide, *people(2)]), "reg.xlsx") == (
        "'reg.xlsx', sheet 'Form responses': more than 60 columns; the workshop page reads at most 60.")
    assert refusal(read, csv_bytes(people(2), header=wide), "reg.csv") == (
        "'reg.csv', row 1: more than 60 columns; the workshop page reads at most 60.")


def test_only_the_first_sheet_is_read(read):
    """A second sheet (a pivot, notes) is neither read nor checked against the limits."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([HEADER, *people(3)])))
    wb.create_sheet("Notes").append(["x"] * 70)
    out = io.BytesIO()
    wb.save(out)
    assert len(read(out.getvalue(), "reg.xlsx").participants) == 3
