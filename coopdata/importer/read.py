"""Reading an uploaded workbook safely: refuse what is not a workbook, too big, or a zip bomb.

Nothing in a file is ever executed: formulas are read as text, never calculated (the value Excel
saved with the file is used and the cell is flagged). Memory and time stay bounded by what the file
really holds, never by what it claims:
- the zip's directory is checked before openpyxl opens it (size, parts, compression ratio);
- each sheet's XML is scanned once, streaming, for its real extent (rows and columns that hold a value)
  before any row is read: a sheet whose `dimension` claims the whole grid (`A1:XFD1048576`) but holds a
  few rows is read as those few rows, and too many rows or columns are refused from the scan itself,
  which stops at the limit;
- rows are then read only up to the last row holding a value, as wide as the widest one;
- past READ_SECONDS the reading stops with a message, whatever the cause.
The same reader serves the Import page, the command line and the Workshop page.
"""

from __future__ import annotations

import csv
import io
import logging
import posixpath
import re
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

MAX_FILE_BYTES = 20 * 1024 * 1024        # as server.maxUploadSize in .streamlit/config.toml
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
MAX_COMPRESSION_RATIO = 200              # real xlsx parts compress 5-20x; bombs 1000x and more
# The workbook's text (xl/sharedStrings.xml) is read whole when openpyxl opens a workbook, before any sheet:
# 20,000 rows of 60 cells of 40 characters stay under this.
MAX_TEXT_BYTES = 50 * 1024 * 1024
MAX_DATA_ROWS = 20_000                   # 700+ programmes x their objectives fit well below this
MAX_SHEET_ROWS = 100_000                 # the last row of a sheet that may hold data
MAX_COLUMNS = 60
READ_SECONDS = 20.0                      # a few hundred rows read in well under a second; this only stops runaways
CHECK_EVERY = 1_000                      # rows (or XML chunks) between two looks at the clock
SCAN_CHUNK = 64 * 1024                   # bytes of sheet XML fed to the scanner at a time
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
    seconds: float = READ_SECONDS         # time budget of one file: past it, reading stops with a message


log = logging.getLogger(__name__)
IMPORTER = Limits("the importer", MAX_DATA_ROWS, f"split it into files of at most {MAX_DATA_ROWS:,} rows")


class UnreadableFile(Exception):
    """The file cannot be read as a workbook at all; the message says why in plain words."""

    def __init__(self, message: str, expected: str = "an Excel workbook (.xlsx) or a CSV file (.csv)",
                 rows_visited: int = 0):
        self.expected = expected
        self.rows_visited = rows_visited  # rows read one by one before giving up (0: refused from a scan)
        super().__init__(message)


@dataclass
class Sheet:
    name: str | None                      # None for a CSV file
    rows: list[tuple[int, list[object]]]  # (row number as the spreadsheet shows it, cell values)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col index) -> formula text
    rows_visited: int = 0                 # rows read one by one, blank ones included: the work done
    extent: Extent | None = None          # what the scan found (None for a CSV file)


@dataclass(frozen=True)
class Extent:
    """What a sheet's XML really holds: rows with at least one value, the last such row and column."""

    rows: int
    last_row: int
    last_column: int
    row_elements: int                     # <row> elements scanned, empty ones included


class _Clock:
    """The time budget of one file: `check(where)` raises once it is spent."""

    def __init__(self, filename: str, limits: Limits, clock: Callable[[], float]):
        self.filename, self.limits, self.clock = filename, limits, clock
        self.deadline = clock() + limits.seconds

    def check(self, where: str, rows_visited: int = 0) -> None:
        if self.clock() > self.deadline:
            raise UnreadableFile(f"{where}: reading it took longer than {self.limits.seconds:.0f} seconds, so "
                                 f"{self.limits.reader} stopped. Save it again from Excel as a plain .xlsx (or "
                                 "CSV) holding only the rows and columns of data.",
                                 expected=f"a file that reads in under {self.limits.seconds:.0f} seconds",
                                 rows_visited=rows_visited)


def read_file(data: bytes, filename: str, limits: Limits = IMPORTER,
              clock: Callable[[], float] = time.monotonic) -> list[Sheet]:
    """The file's sheets (only the first when `limits` says so), or UnreadableFile with the reason in words,
    also written to the server log (file and sheet names and the limit passed; never a cell's value)."""
    try:
        return _read_file(data, filename, limits, _Clock(filename, limits, clock))
    except UnreadableFile as exc:
        log.warning("upload refused by %s: %s", limits.reader, exc)
        raise


def _read_file(data: bytes, filename: str, limits: Limits, budget: _Clock) -> list[Sheet]:
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
    if suffix == ".csv":
        return _read_csv(data, filename, limits, budget)
    return _read_xlsx(data, filename, limits, budget)


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
    text = sum(i.file_size for i in infos if i.filename == "xl/sharedStrings.xml")
    if text > MAX_TEXT_BYTES:
        raise UnreadableFile(f"'{filename}' holds {text / 1024 / 1024:,.0f} MB of text (its shared strings); a "
                             f"programme database holds far less (limit {MAX_TEXT_BYTES // 1024 // 1024} MB). It was "
                             "refused without being opened.")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise UnreadableFile(f"'{filename}' is a zip file but not an Excel workbook (no xl/workbook.xml).")
    if "xl/vbaProject.bin" in names:
        raise UnreadableFile(f"'{filename}' contains macros; save it as a plain .xlsx workbook. "
                             "Macros are never run.")


def _read_xlsx(data: bytes, filename: str, limits: Limits, budget: _Clock) -> list[Sheet]:
    _check_zip(data, filename)
    import openpyxl  # imported late: only needed for workbooks

    try:
        # First what each sheet really holds, from its XML: refusals come from this scan, before openpyxl
        # reads anything (shared strings, styles) of a file that is refused anyway.
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = _sheet_parts(package)
            extents = {}
            for title, part in list(parts.items())[:1 if limits.first_sheet_only else None]:
                with package.open(part) as stream:
                    extents[title] = scan_extent(stream, f"'{filename}', sheet '{title}'", limits, budget)
        # Streaming readers: the values Excel saved with the file, and (if asked) formulas as written.
        wb_v = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        wb_f = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False) if limits.formulas else None
        values = wb_v.worksheets[:1] if limits.first_sheet_only else wb_v.worksheets
        written = wb_f.worksheets if wb_f else [None] * len(values)
        sheets = []
        for ws_v, ws_f in zip(values, written, strict=False):
            where = f"'{filename}', sheet '{ws_v.title}'"
            if ws_v.title not in extents:
                raise UnreadableFile(f"{where}: its part cannot be found in the workbook package. Open it in "
                                     "Excel and save it again.")
            sheets.append(_read_sheet(ws_v, ws_f, where, extents[ws_v.title], limits, budget))
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


_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet name -> its XML part in the package, in the workbook's order, from the workbook and its
    relationships (small parts; the zip's directory check has bounded their size)."""
    workbook = ET.fromstring(package.read("xl/workbook.xml"))
    rels = ET.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(_RELS) if r.get("Type", "").endswith("/worksheet")}
    parts = {}
    for sheet in workbook.iter():
        if sheet.tag.rsplit("}", 1)[-1] == "sheet" and sheet.get(_REL_ID) in targets:
            target = targets[sheet.get(_REL_ID)]
            parts[sheet.get("name")] = (target.lstrip("/") if target.startswith("/")
                                        else posixpath.normpath(posixpath.join("xl", target)))
    return parts


_COLUMN = re.compile(r"[A-Za-z]+")


def _column_number(reference: str) -> int:
    """'A1' -> 1, 'XFD1048576' -> 16384."""
    letters = _COLUMN.match(reference)
    number = 0
    for ch in (letters.group(0).upper() if letters else ""):
        number = number * 26 + ord(ch) - 64
    return number




def _last_filled_column(row, value_tags: set[str]) -> int:
    """Column number of the last cell of a <row> holding a value (<v>, <f> or <is>), 0 when none does. Cells
    name their column (`r="K7"`); one that does not is the one after the cell before it."""
    for index in range(len(row) - 1, -1, -1):  # from the right: the last cell with a value ends the search
        cell = row[index]
        if any(child.tag in value_tags for child in cell):
            ref = cell.get("r")
            if ref:
                return _column_number(ref)
            column = 0
            for earlier in row[:index + 1]:
                ref = earlier.get("r")
                column = _column_number(ref) if ref else column + 1
            return column
    return 0


def scan_extent(stream, where: str, limits: Limits, budget: _Clock) -> Extent:
    """The real extent of a sheet from its XML (streamed in chunks, each row dropped once looked at): rows
    holding a value, the last such row and column. Stops, with the message a user reads, as soon as a limit
    is passed: more rows of data than `limits` allows, a value beyond its last column or below row
    MAX_SHEET_ROWS. The sheet's `dimension` element (what it claims) is ignored. Row and cell positions follow
    the `r` attributes, or count on from the previous one where they are left out, as openpyxl reads them.
    (ElementTree never fetches external entities, and its expat refuses entity expansion bombs.)"""
    max_rows = limits.max_data_rows + 10  # a few title/header rows on top of the data
    rows = last_row = last_col = elements = row = 0
    parser = ET.XMLPullParser(events=("start", "end"))
    sheet_data = row_tag = data_tag = value_tags = None
    try:
        while chunk := stream.read(SCAN_CHUNK):
            parser.feed(chunk)
            for event, element in parser.read_events():
                if row_tag is None:  # the root, <worksheet>: its namespace (transitional or strict) is the sheet's
                    ns = element.tag[:element.tag.find("}") + 1]
                    row_tag, data_tag, value_tags = ns + "row", ns + "sheetData", {ns + "v", ns + "f", ns + "is"}
                if element.tag != row_tag:
                    if event == "start" and element.tag == data_tag:
                        sheet_data = element
                    continue
                if event == "start":
                    continue
                elements += 1
                row = int(element.get("r")) if element.get("r") else row + 1
                filled = _last_filled_column(element, value_tags)
                if not filled:
                    continue
                if filled > limits.max_columns:
                    raise _too_many_columns(where, limits)
                rows, last_row, last_col = rows + 1, row, max(last_col, filled)
                if rows > max_rows:
                    raise _too_many_rows(where, limits)
                if row > MAX_SHEET_ROWS:
                    raise UnreadableFile(f"{where}: row {row:,} holds data; {limits.reader} reads rows 1 to "
                                         f"{MAX_SHEET_ROWS:,} only ({limits.max_data_rows:,} rows of data at most).",
                                         expected=f"at most {limits.max_data_rows:,} rows per file")
            if sheet_data is not None:
                sheet_data.clear()  # the rows looked at: memory stays one chunk's worth
            budget.check(where)
        parser.close()
    except ET.ParseError as exc:
        raise UnreadableFile(f"{where} is damaged: its XML cannot be read (ParseError). Open it in Excel and "
                             "save it again.") from exc
    return Extent(rows, last_row, last_col, elements)


def _too_many_rows(where: str, limits: Limits, rows_visited: int = 0) -> UnreadableFile:
    return UnreadableFile(f"{where}: more than {limits.max_data_rows:,} rows of data; {limits.rows_advice}.",
                          expected=f"at most {limits.max_data_rows:,} rows per file", rows_visited=rows_visited)


def _too_many_columns(where: str, limits: Limits, rows_visited: int = 0) -> UnreadableFile:
    return UnreadableFile(f"{where}: more than {limits.max_columns} columns; {limits.reader} reads at most "
                          f"{limits.max_columns}.", expected=f"at most {limits.max_columns} columns",
                          rows_visited=rows_visited)


def _read_sheet(ws_v, ws_f, where: str, extent: Extent, limits: Limits, budget: _Clock) -> Sheet:
    """The sheet's non-blank rows, read up to the last row holding a value and as wide as the widest
    (both from `extent`): the work is bounded by what the sheet holds, not by what it claims."""
    sheet = Sheet(name=ws_v.title, rows=[], extent=extent)
    if extent.last_row == 0:
        return sheet
    bounds = {"min_row": 1, "max_row": extent.last_row, "min_col": 1, "max_col": max(1, extent.last_column)}
    rows_v = ws_v.iter_rows(values_only=True, **bounds)
    rows_f = ws_f.iter_rows(**bounds) if ws_f is not None else iter(lambda: (), None)  # endless empty rows
    for row_number, (values, cells) in enumerate(zip(rows_v, rows_f, strict=False), start=1):
        sheet.rows_visited = row_number
        if row_number % CHECK_EVERY == 0:
            budget.check(where, row_number)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        for col, cell in enumerate(cells):
            if getattr(cell, "data_type", None) == "f":
                sheet.formulas[(row_number, col)] = str(cell.value)
        sheet.rows.append((row_number, list(values)))
    return sheet


def _read_csv(data: bytes, filename: str, limits: Limits, budget: _Clock) -> list[Sheet]:
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
    sheet = Sheet(name=None, rows=[])
    where = f"'{filename}'"
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            sheet.rows_visited = number
            if number % CHECK_EVERY == 0:
                budget.check(where, number)
            if number > MAX_SHEET_ROWS or len(sheet.rows) > limits.max_data_rows + 10:
                raise _too_many_rows(where, limits, number)
            if len(values) > limits.max_columns and any(v.strip() for v in values[limits.max_columns:]):
                raise _too_many_columns(f"{where}, row {number}", limits, number)
            values = values[:limits.max_columns]
            if any(v.strip() for v in values):
                sheet.rows.append((number, list(values)))
    except csv.Error as exc:
        raise UnreadableFile(f"'{filename}' cannot be read as CSV ({exc}).") from exc
    return [sheet]
