"""'Download this view': CSV and XLSX bytes of a table with what produced it (pure: no streamlit).

CSV is UTF-8 with a byte-order mark, so Excel reads accents and the Greek or Cyrillic of programme titles
correctly. XLSX has four sheets: Data, Filters (in words), Link (reopens the view), Sources (attribution).
Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) are
neutralised with a leading apostrophe in both formats. A view of fictional data says so in every file.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FICTIONAL_COLUMN = "data_status"
FICTIONAL_TEXT = "FICTIONAL example data, not real programmes or amounts"
REAL_TEXT = "Real public data (sources on the Sources sheet)"
SHEETS = ("Data", "Filters", "Link", "Sources")
EXCEL_MAX_URL = 2079  # Excel refuses longer hyperlinks; such a link is written as plain text
# Never turn text into formulas, links or numbers on its own.
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


@dataclass(frozen=True)
class ExportMeta:
    title: str
    filters: Sequence[tuple[str, str]]  # (filter, value in words)
    link: str
    sources: Sequence[Mapping[str, str]] = field(default_factory=tuple)  # source, vintage, licence, attribution
    attribution: Sequence[str] = field(default_factory=tuple)
    fictional: bool = False


def sources_from_manifest(manifest: Mapping) -> list[dict[str, str]]:
    return [{"source": s["source"], "vintage": s["vintage"], "licence": s["licence"],
             "attribution": s.get("attribution", "")} for s in manifest["inputs"].values()]


def neutralise(value):
    """A text cell that cannot run as a formula; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value):
    # Multi-valued fields (funds, countries) become one readable cell.
    if isinstance(value, (list, tuple, np.ndarray)):
        value = "; ".join(str(v) for v in value)
    return neutralise(value)


def export_frame(df: pd.DataFrame, fictional: bool = False) -> pd.DataFrame:
    """The table as written to a file: flat cells, neutralised text and headers, fictional flag first."""
    out = pd.DataFrame({neutralise(str(c)): df[c] if pd.api.types.is_numeric_dtype(df[c]) else df[c].map(_cell)
                        for c in df.columns}, index=df.index)
    if fictional:
        out.insert(0, FICTIONAL_COLUMN, FICTIONAL_TEXT)
    return out


def _csv_text(frame: pd.DataFrame) -> str:
    # Lines end in "\n", so only cells holding "\n" are quoted: a lone "\r" would end the row in a spreadsheet,
    # and the text after it would start a cell unneutralised. Carriage returns become line breaks.
    one_kind = frame.map(lambda v: v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) else v)
    return one_kind.to_csv(index=False, lineterminator="\n")


def to_csv_bytes(df: pd.DataFrame, meta: ExportMeta) -> bytes:
    return _csv_text(export_frame(df, meta.fictional)).encode("utf-8-sig")


def _sheet_rows(meta: ExportMeta) -> dict[str, pd.DataFrame]:
    status = FICTIONAL_TEXT if meta.fictional else REAL_TEXT
    filters = pd.DataFrame([("View", meta.title), ("Data", status), *meta.filters], columns=["filter", "value"])
    sources = pd.DataFrame(list(meta.sources), columns=["source", "vintage", "licence", "attribution"])
    if meta.attribution:
        extra = pd.DataFrame({"source": "Attribution", "attribution": list(meta.attribution)})
        sources = pd.concat([sources, extra], ignore_index=True)
    return {"Filters": filters.map(neutralise), "Sources": sources.map(neutralise)}


def to_xlsx_bytes(df: pd.DataFrame, meta: ExportMeta) -> bytes:
    buffer = io.BytesIO()
    # Only the Link sheet's link is a hyperlink.
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": XLSX_OPTIONS}) as writer:
        data = export_frame(df, meta.fictional)
        data.to_excel(writer, sheet_name="Data", index=False)
        sheets = _sheet_rows(meta)
        sheets["Filters"].to_excel(writer, sheet_name="Filters", index=False)

        link = writer.book.add_worksheet("Link")
        link.write_string(0, 0, "Link that reopens this view in the dashboard")
        if len(meta.link) <= EXCEL_MAX_URL and meta.link.startswith(("http://", "https://")):
            link.write_url(1, 0, meta.link, string=meta.link)
        else:
            link.write_string(1, 0, neutralise(meta.link))
        if meta.fictional:
            link.write_string(2, 0, FICTIONAL_TEXT)

        sheets["Sources"].to_excel(writer, sheet_name="Sources", index=False)
        for name, frame in (("Data", data), ("Filters", sheets["Filters"]), ("Sources", sheets["Sources"])):
            _fit_columns(writer.sheets[name], frame)
        link.set_column(0, 0, 100)
    return buffer.getvalue()


def _fit_columns(sheet, frame: pd.DataFrame) -> None:
    for i, column in enumerate(frame.columns):
        longest = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))])
        sheet.set_column(i, i, min(max(longest + 2, 8), 80))


def sheets_to_xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """Several tables as one workbook, one sheet each, every text cell neutralised (the partner shortlist,
    the workshop tables, the import report: files with their own sheets, made as safe as 'download this view')."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": XLSX_OPTIONS}) as writer:
        for name, frame in sheets.items():
            out = export_frame(frame)
            out.to_excel(writer, sheet_name=name[:31], index=False)
            _fit_columns(writer.sheets[name[:31]], out)
    return buffer.getvalue()


def sheets_to_csv_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """Several tables as one CSV (UTF-8 with BOM), each under its name, every text cell neutralised."""
    parts = [f"{name}\n{_csv_text(export_frame(frame))}"
             for name, frame in sheets.items()]
    return ("\ufeff" + "\n".join(parts)).encode("utf-8")
