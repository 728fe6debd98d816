"""Write the battery of malformed (and a few valid-but-messy) import files into files/.

Run `python -m tests.unit.importer.make_files` from the repo root after changing a case; the files
are committed so anyone can open them. The 50,000-row sheet is too big to commit: tests build it
with big_sheet() into a temporary folder.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

FILES = Path(__file__).resolve().parent / "files"
HEADER = ["CCI", "Period", "Objective code", "Topic", "Planned", "Approach", "Partnership scope",
          "Partner countries", "Partner regions (NUTS)", "Amount (EUR)", "Status", "Notes"]
# Real programmes of the public lists; the cooperation-action values are made up for the tests.
ROWS = [
    ["2021AT16FFPR001", "2021-2027", "RSO1.1", "", "yes", "dedicated call", "cross-border; countries",
     "DE; Italia", "DE212", 1250000, "launched", "test row"],
    ["2021AT16FFPR001", "2021-2027", "RSO2.1", "", "no", "", "", "", "", None, "", ""],
    ["2014AT16RFOP001", "2014-2020", "TO01", "", "yes", "selection criterion or bonus", "EU-wide", "", "", None,
     "completed", ""],
    ["2021TC16FFIR001", "", "", "Governance & cooperation capacity", "yes", "strategic project", "macro-regional",
     "", "", None, "planned", ""],
]


def workbook(rows: list[list], header: list[str] | None = None, title: str = "Actions") -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in ([header] if header is not None else []) + rows:
        ws.append(row)
    return wb


def with_cell(row: int, column: str, value) -> list[list]:
    """The base rows with one cell changed (row 1 = first data row)."""
    rows = [list(r) for r in ROWS]
    rows[row - 1][HEADER.index(column)] = value
    return rows


def save(wb: openpyxl.Workbook, name: str) -> None:
    wb.save(FILES / name)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def valid_bytes() -> bytes:
    buf = io.BytesIO()
    workbook(ROWS, HEADER).save(buf)
    return buf.getvalue()


def big_sheet(path: Path, rows: int = 50_000) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Actions")
    ws.append(HEADER)
    for i in range(rows):
        ws.append([f"2021AT16FFPR{i % 1000:03d}", "2021-2027", "RSO1.1", "", "yes"])
    wb.save(path)
    return path


def make_all() -> None:
    FILES.mkdir(exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    (FILES / "wrong_extension.txt").write_text("CCI,Planned\n2021AT16FFPR001,yes\n")
    (FILES / "legacy_format.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    (FILES / "macros.xlsm").write_bytes(valid_bytes())
    (FILES / "empty.xlsx").write_bytes(b"")
    (FILES / "corrupt_zip.xlsx").write_bytes(valid_bytes()[:1500])
    (FILES / "not_a_workbook.xlsx").write_bytes(zip_bytes({"hello.txt": b"not a workbook"}))
    (FILES / "zip_bomb.xlsx").write_bytes(zip_bytes({"xl/workbook.xml": b"<workbook/>",
                                                     "xl/worksheets/sheet1.xml": b"\x00" * (60 * 1024 * 1024)}))
    (FILES / "too_many_parts.xlsx").write_bytes(zip_bytes({"xl/workbook.xml": b"<workbook/>"} |
                                                          {f"xl/media/p{i}.bin": b"x" for i in range(600)}))
    (FILES / "password_protected.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    good = zipfile.ZipFile(io.BytesIO(valid_bytes()))
    parts = {n: good.read(n) for n in good.namelist()}
    (FILES / "broken_xml.xlsx").write_bytes(zip_bytes(parts | {"xl/workbook.xml": b"<workbook><sheets><sh"}))
    save(workbook(ROWS), "no_header.xlsx")
    wb = workbook([], None)
    ws = wb.active
    ws.append(["CCI", "Cooperation action", None, None, None])
    ws.append([None, "Objective code", "Planned", "Approach", "Partner countries"])
    ws.append(["2021AT16FFPR001", "RSO1.1", "yes", "dedicated call", "GR"])
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:E1")
    save(wb, "merged_header.xlsx")
    wb = workbook([], None)
    for r in (["Cooperation actions of the programmes, version of June"], [], HEADER, *ROWS):
        wb.active.append(r)
    save(wb, "title_rows_above_header.xlsx")
    save(workbook(ROWS + [ROWS[0]], HEADER), "duplicate_cci.xlsx")
    save(workbook(with_cell(2, "CCI", "2021AT16FFPR999"), HEADER), "unknown_cci.xlsx")
    save(workbook(with_cell(2, "CCI", "AT-2021-001"), HEADER), "bad_cci.xlsx")
    save(workbook(with_cell(1, "Partner regions (NUTS)", "DE212; XX99"), HEADER), "bad_nuts.xlsx")
    save(workbook(with_cell(1, "Partner regions (NUTS)", "nl 332"), HEADER), "nuts_2021_code.xlsx")
    save(workbook(with_cell(1, "Partner regions (NUTS)", "DEG04"), HEADER), "nuts_boundary_shift.xlsx")
    save(workbook(with_cell(1, "Amount (EUR)", "about 2 million"), HEADER), "text_amount.xlsx")
    wb = workbook(ROWS, HEADER)
    wb.active["L2"] = '=HYPERLINK("http://example.org","click")'
    save(wb, "formula_in_cell.xlsx")
    save(workbook(with_cell(1, "Notes", '<script>alert("x")</script>'), HEADER), "html_in_text.xlsx")
    save(workbook([r[:4] + r[5:] for r in ROWS], HEADER[:4] + HEADER[5:]), "missing_planned_column.xlsx")
    save(workbook([r[:2] + r[4:] for r in ROWS], HEADER[:2] + HEADER[4:]), "no_objective_or_topic_column.xlsx")
    save(workbook([r + [r[4]] for r in ROWS], HEADER + ["Planned"]), "duplicate_header.xlsx")
    save(workbook(with_cell(2, "Planned", "maybe"), HEADER), "bad_yes_no.xlsx")
    save(workbook(with_cell(1, "Partner countries", "DE; Atlantis"), HEADER), "unknown_country.xlsx")
    save(workbook(with_cell(2, "Objective code", "RSO9.9"), HEADER), "unknown_objective.xlsx")
    save(workbook(with_cell(3, "Period", "2021-2027"), HEADER), "period_mismatch.xlsx")
    save(workbook(with_cell(1, "Topic", "Digital"), HEADER), "objective_topic_conflict.xlsx")
    save(workbook(with_cell(1, "Approach", "lottery"), HEADER), "unknown_approach.xlsx")
    save(workbook(with_cell(1, "Partnership scope", "galactic"), HEADER), "unknown_scope.xlsx")
    save(workbook([], HEADER), "header_only.xlsx")
    save(workbook([], HEADER[:3] + [None] * 67 + ["extra"]), "too_many_columns.xlsx")
    save(workbook([r + ["x"] for r in ROWS], HEADER + ["Desk officer"]), "extra_unknown_column.xlsx")
    wb = workbook([], None)
    for r in (HEADER, ROWS[0], [], [], ROWS[1], [None] * 5, ROWS[2]):
        wb.active.append(r)
    save(wb, "blank_rows_between.xlsx")
    (FILES / "semicolon_delimited.csv").write_text(
        "CCI;Objective code;Planned;Partner countries;Amount (EUR)\n"
        '2021AT16FFPR001;RSO1.1;ja;"GR, Ελλάδα, Deutschland";1.250.000,50\n', encoding="utf-8")
    (FILES / "windows_1252.csv").write_bytes(
        "CCI,Objective code,Planned,Notes\n2021AT16FFPR001,RSO1.1,oui,coopération transfrontalière\n"
        .encode("cp1252"))
    (FILES / "workbook_named_csv.csv").write_bytes(valid_bytes())
    wb = workbook(ROWS, HEADER)
    wb.create_sheet("Notes").append(["Some remarks", "by the team"])
    save(wb, "extra_sheet_without_header.xlsx")


if __name__ == "__main__":
    make_all()
    print(f"wrote {len(list(FILES.iterdir()))} files to {FILES.name}/")
