"""Reading an uploaded workbook safely: refuse what is not a workbook, too big, or a zip bomb.

Nothing in a file is ever executed: formulas are read as text, never calculated (the value Excel
saved with the file is used and the cell is flagged). Memory and time stay bounded: the zip's
directory is checked before openpyxl opens it, and sheets are streamed row by row up to a cap.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

MAX_FILE_BYTES = 20 * 1024 * 1024        # as server.maxUploadSize in .streamlit/config.toml
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
MAX_COMPRESSION_RATIO = 200              # real xlsx parts compress 5-20x; bombs 1000x and more
MAX_DATA_ROWS = 20_000                   # 700+ programmes x their objectives fit well below this
MAX_SHEET_ROWS = 100_000                 # rows scanned per sheet, blank ones included
MAX_COLUMNS = 60
ACCEPTED = (".xlsx", ".csv")
# Said next to every upload field, after its limits.
REFUSED_UNOPENED = ("Other formats and compressed files that would unpack to far more (zip bombs) are refused "
                    "without being opened; formulas and macros are never run.")


@dataclass(frozen=True)
class Limits:
    """What one kind of upload may hold. The zip and file-size checks are the same for every upload;
    rows and columns depend on what the file is for. Messages name the reader ("the importer")."""

    reader: str
    max_data_rows: int
    rows_advice: str                      # what to do with a longer file, ends a message
    max_columns: int = MAX_COLUMNS
    formulas: bool = True                 # also read formulas as written (a second pass over the workbook)
    first_sheet_only: bool = False


IMPORTER = Limits("the importer", MAX_DATA_ROWS, f"split it into files of at most {MAX_DATA_ROWS:,} rows")


class UnreadableFile(Exception):
    """The file cannot be read as a workbook at all; the message says why in plain words."""

    def __init__(self, message: str, expected: str = "an Excel workbook (.xlsx) or a CSV file (.csv)"):
        self.expected = expected
        super().__init__(message)


@dataclass
class Sheet:
    name: str | None                      # None for a CSV file
    rows: list[tuple[int, list[object]]]  # (row number as the spreadsheet shows it, cell values)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col index) -> formula text


def read_file(data: bytes, filename: str, limits: Limits = IMPORTER) -> list[Sheet]:
    suffix = PurePath(filename).suffix.lower()
    if suffix not in ACCEPTED:
        hint = {".xls": " Save it as .xlsx (Excel 97-2003 files are not read).",
                ".xlsm": " Save it as .xlsx: workbooks with macros are refused, macros are never run.",
                ".ods": " Save it as .xlsx from LibreOffice."}.get(suffix, "")
        raise UnreadableFile(f"'{filename}' is a {suffix or 'file without extension'}, not an Excel workbook "
                             f"(.xlsx) or a CSV file (.csv).{hint}")
    if len(data) == 0:
        raise UnreadableFile(f"'{filename}' is empty (0 bytes).")
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(f"'{filename}' is {len(data) / 1024 / 1024:.1f} MB; the limit is "
                             f"{MAX_FILE_BYTES // 1024 // 1024} MB.", expected="a file of at most 20 MB")
    return _read_csv(data, filename, limits) if suffix == ".csv" else _read_xlsx(data, filename, limits)


def _check_zip(data: bytes, filename: str) -> None:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile(f"'{filename}' is password-protected or an old-format (.xls) workbook saved as "
                             ".xlsx; remove the password or save it again as .xlsx.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile(f"'{filename}' is damaged or not a real .xlsx workbook (it is not a valid zip "
                             "package). Open it in Excel and save it again.") from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise UnreadableFile(f"'{filename}' holds {len(infos):,} parts; a workbook has far fewer (limit "
                             f"{MAX_ZIP_MEMBERS}). It was refused without being opened.")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        raise UnreadableFile(f"'{filename}' would unpack to {total / 1024 / 1024:,.0f} MB from "
                             f"{len(data) / 1024 / 1024:,.1f} MB, which is how zip bombs look (limit "
                             f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB, {MAX_COMPRESSION_RATIO}x). "
                             "It was refused without being opened.")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise UnreadableFile(f"'{filename}' is a zip file but not an Excel workbook (no xl/workbook.xml).")
    if "xl/vbaProject.bin" in names:
        raise UnreadableFile(f"'{filename}' contains macros; save it as a plain .xlsx workbook. "
                             "Macros are never run.")


def _read_xlsx(data: bytes, filename: str, limits: Limits) -> list[Sheet]:
    _check_zip(data, filename)
    import openpyxl  # imported late: only needed for workbooks

    try:
        # Streaming readers: the values Excel saved with the file, and (if asked) formulas as written.
        wb_v = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        wb_f = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False) if limits.formulas else None
        values = wb_v.worksheets[:1] if limits.first_sheet_only else wb_v.worksheets
        written = wb_f.worksheets if wb_f else [None] * len(values)
        sheets = [_read_sheet(ws_v, ws_f, filename, limits) for ws_v, ws_f in zip(values, written, strict=False)]
        wb_v.close()
        if wb_f:
            wb_f.close()
    except UnreadableFile:
        raise
    except Exception as exc:  # openpyxl and its XML parser raise many kinds for a damaged workbook
        raise UnreadableFile(f"'{filename}' is damaged: Excel's file parts cannot be read "
                             f"({type(exc).__name__}). Open it in Excel and save it again.") from exc
    if not sheets:
        raise UnreadableFile(f"'{filename}' has no worksheet.")
    return sheets


def _too_many_rows(where: str, limits: Limits) -> UnreadableFile:
    return UnreadableFile(f"{where}: more than {limits.max_data_rows:,} rows of data; {limits.rows_advice}.",
                          expected=f"at most {limits.max_data_rows:,} rows per file")


def _too_many_columns(where: str, limits: Limits) -> UnreadableFile:
    return UnreadableFile(f"{where}: more than {limits.max_columns} columns; {limits.reader} reads at most "
                          f"{limits.max_columns}.", expected=f"at most {limits.max_columns} columns")


def _read_sheet(ws_v, ws_f, filename: str, limits: Limits) -> Sheet:
    sheet = Sheet(name=ws_v.title, rows=[])
    where = f"'{filename}', sheet '{ws_v.title}'"
    width = limits.max_columns
    kept = 0
    # No max_col: each row is as wide as its last written cell, so a cell beyond the cap is seen.
    rows_v = ws_v.iter_rows(values_only=True)
    rows_f = ws_f.iter_rows() if ws_f is not None else iter(lambda: (), None)  # endless empty rows
    for scanned, (values, cells) in enumerate(zip(rows_v, rows_f, strict=False), start=1):
        if scanned > MAX_SHEET_ROWS:
            raise UnreadableFile(f"{where}: more than {MAX_SHEET_ROWS:,} rows; {limits.reader} reads at most "
                                 f"{limits.max_data_rows:,} rows of data.",
                                 expected=f"at most {limits.max_data_rows:,} rows per file")
        values = list(values)
        if any(v not in (None, "") for v in values[width:]):
            raise _too_many_columns(where, limits)
        values = values[:width]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        kept += 1
        if kept > limits.max_data_rows + 10:  # a few title/header rows on top of the data
            raise _too_many_rows(where, limits)
        row_number = scanned  # read-only sheets yield every row from row 1, blank ones included
        for col, cell in enumerate(cells[:width]):
            if getattr(cell, "data_type", None) == "f":
                sheet.formulas[(row_number, col)] = str(cell.value)
        sheet.rows.append((row_number, values))
    return sheet


def _read_csv(data: bytes, filename: str, limits: Limits) -> list[Sheet]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if b"\x00" in data[:4096]:
            raise UnreadableFile(f"'{filename}' is not a text file; a CSV file is plain text.") from None
        text = data.decode("cp1252", errors="replace")  # Excel's 'CSV' on Windows
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows: list[tuple[int, list[object]]] = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if number > MAX_SHEET_ROWS or len(rows) > limits.max_data_rows + 10:
                raise _too_many_rows(f"'{filename}'", limits)
            if len(values) > limits.max_columns and any(v.strip() for v in values[limits.max_columns:]):
                raise _too_many_columns(f"'{filename}', row {number}", limits)
            values = values[:limits.max_columns]
            if any(v.strip() for v in values):
                rows.append((number, list(values)))
    except csv.Error as exc:
        raise UnreadableFile(f"'{filename}' cannot be read as CSV ({exc}).") from exc
    return [Sheet(name=None, rows=rows)]
