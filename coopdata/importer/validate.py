"""Validate a workbook and turn it into the canonical cooperation_actions table, with a report.

The report is data: a list of Problem(kind, severity, sheet, row, column, value, expected, message),
grouped by kind for people. Errors block the import; warnings do not. When there is any error the
result carries no table at all, so nothing half-checked can be stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

import pandas as pd

from coopdata.exports import sheets_to_xlsx_bytes
from coopdata.importer import normalise as norm
from coopdata.importer.columns import (
    FIELD_BY_NAME,
    FIELDS,
    ONE_OF,
    REQUIRED,
    auto_mapping,
    column_letter,
    field_for_header,
    recognise,
)
from coopdata.importer.read import Sheet, UnreadableFile, read_file
from coopdata.vocabularies import topic_labels

ACTION_COLUMNS = ["cci", "period", "objective_code", "topic_id", "planned", "approach", "scopes", "scope_ids",
                  "partner_countries", "partner_regions", "amount_eur", "status", "notes", "fictional",
                  "source_file", "source_sheet", "source_row"]
LIST_COLUMNS = ("scopes", "scope_ids", "partner_countries", "partner_regions")
HEADER_SCAN_ROWS = 10
# Sheets of the template that hold explanations, not data: skipped without a warning.
INFO_SHEETS = {"instructions", "lists", "readme", "read me", "about"}

# Kinds of problem, in the order the report shows them, with what to do about each.
KINDS = {
    "File cannot be read": "Save the file as an Excel workbook (.xlsx) or CSV and upload it again.",
    "Column names": "The first rows of a sheet must hold the template's column names (download the template).",
    "Missing column": "Add the column, or pick which of your columns holds it under 'Column mapping'.",
    "No data rows": "Write one row per programme and objective (or topic) below the column names.",
    "Programme code (CCI)": "Write the programme's CCI code, 15 characters, e.g. 2021EL16RFPR001.",
    "Duplicate row": "Keep one row per programme and objective (or topic); merge or delete the other.",
    "Period": "Write 2014-2020 or 2021-2027, matching the CCI (CCIs starting 2014 are 2014-2020).",
    "Objective or topic": "Use an objective code of the programme's period or a topic from the Lists sheet.",
    "Yes/no value": "Write yes or no.",
    "Value not in the list": "Use one of the values listed in the template's Lists sheet.",
    "Country": "Write country codes (EL, DE) or names; separate several with ';'.",
    "NUTS region": "Write NUTS 2024 codes (e.g. EL30); separate several with ';'.",
    "Amount": "Write a number in euro, without words.",
    "Programme not in public data": "Check the CCI; rows of programmes unknown to the public data are imported "
                                     "but cannot be shown on the map.",
    "Formula": "Formulas are never calculated on import. Replace them by their values (Paste special > Values).",
    "HTML in text": "Text is always shown as plain text; remove the markup if it was not meant to be there.",
    "Unrecognised column": "Map the column to a template column under 'Column mapping' if it holds one.",
    "Sheet skipped": "Put the rows in a sheet whose first rows hold the template's column names.",
}


@dataclass(frozen=True)
class Problem:
    kind: str
    severity: str            # "error" blocks the import, "warning" does not
    sheet: str | None
    row: int | None
    column: str | None       # the column's header as in the file, with its letter
    value: str | None
    expected: str
    message: str


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def by_kind(self) -> dict[str, list[Problem]]:
        groups: dict[str, list[Problem]] = {}
        for kind in KINDS:
            found = [p for p in self.problems if p.kind == kind]
            if found:
                groups[kind] = found
        return groups

    def to_frame(self) -> pd.DataFrame:
        cols = ["severity", "kind", "sheet", "row", "column", "value", "expected", "message"]
        return pd.DataFrame([asdict(p) for p in self.problems], columns=list(Problem.__dataclass_fields__))[cols]

    def to_text(self, per_kind: int = 50) -> str:
        lines = [f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"]
        for kind, found in self.by_kind().items():
            n_err = sum(p.severity == "error" for p in found)
            lines.append(f"\n== {kind}: {n_err} error(s), {len(found) - n_err} warning(s)")
            lines.append(f"   What to do: {KINDS[kind]}")
            lines += [f"   [{p.severity}] {p.message}" for p in found[:per_kind]]
            if len(found) > per_kind:
                lines.append(f"   ... and {len(found) - per_kind} more of this kind")
        return "\n".join(lines)

    def to_xlsx(self) -> bytes:
        """The report as a workbook. Values from the upload stay text: never written as formulas or links."""
        return sheets_to_xlsx_bytes({
            "Problems": self.to_frame(),
            "What to do": pd.DataFrame({"kind": list(KINDS), "what to do": list(KINDS.values())})})


@dataclass
class ImportResult:
    filename: str
    sha256: str
    size: int
    report: Report
    actions: pd.DataFrame | None          # None whenever the report has an error
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    readable: bool = True
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return self.readable and not self.report.errors


@dataclass(frozen=True)
class Reference:
    """The public data an import is checked against."""

    programme_period: dict[str, str]      # cci -> period
    nuts: norm.NutsIndex
    objectives: norm.Objectives

    @classmethod
    def from_tables(cls, programmes: pd.DataFrame, regions: pd.DataFrame, nuts_changes: pd.DataFrame) -> Reference:
        return cls(dict(zip(programmes["cci"], programmes["period"], strict=True)),
                   norm.NutsIndex.from_tables(regions, nuts_changes), norm.Objectives.from_vocab())

    @classmethod
    def load(cls, data_dir=None) -> Reference:
        from coopdata.load import read_table

        kw = {} if data_dir is None else {"data_dir": data_dir}
        return cls.from_tables(read_table("programmes", **kw), read_table("regions", **kw),
                               read_table("nuts_changes", **kw))


def _where(sheet: str | None, row: int | None, column: str | None) -> str:
    parts = [f"Sheet '{sheet}'"] if sheet else []
    if row is not None:
        parts.append(f"row {row}")
    if column:
        parts.append(f"column {column}")
    return ", ".join(parts)


class _Collector:
    def __init__(self):
        self.report = Report()

    def add(self, kind: str, severity: str, message: str, expected: str, sheet: str | None = None,
            row: int | None = None, column: str | None = None, value: object = None) -> None:
        where = _where(sheet, row, column)
        full = f"{where}: {message}" if where else message
        if expected and severity == "error":
            full += f" (expected {expected})"
        value_text = None if value is None else norm.cell_text(value)
        self.report.problems.append(Problem(kind, severity, sheet, row, column, value_text, expected, full + "."))


def validate(data: bytes, filename: str, reference: Reference, mapping: dict[str, str | None] | None = None
             ) -> ImportResult:
    """Check a file and build the table. `mapping` overrides the recognised headers: field -> header or None."""
    name = PurePath(filename).name
    result = ImportResult(name, hashlib.sha256(data).hexdigest(), len(data), Report(), None)
    out = _Collector()
    result.report = out.report
    try:
        sheets = read_file(data, name)
    except UnreadableFile as exc:
        out.report.problems.append(Problem("File cannot be read", "error", None, None, None, name, exc.expected,
                                           str(exc)))
        result.readable = False
        return result

    located = []
    for sheet in sheets:
        if len(sheets) > 1 and sheet.name and sheet.name.strip().lower() in INFO_SHEETS:
            continue  # the template's explanations
        found = _find_header(sheet, mapping or {})
        if found is None:
            if sheet.name and sheet.name.strip().lower() not in INFO_SHEETS and len(sheets) > 1:
                out.add("Sheet skipped", "warning", "no row with the template's column names in its first "
                        f"{HEADER_SCAN_ROWS} rows; the sheet was not imported", "", sheet=sheet.name)
            continue
        located.append((sheet, *found))
    if not located:
        where = ("no sheet has" if len(sheets) > 1 else f"sheet '{sheets[0].name}' has" if sheets[0].name
                 else "the file has")
        out.add("Column names", "error", f"no header row: {where} no row with the template's column names "
                f"(such as 'CCI', 'Planned', 'Objective code') in its first {HEADER_SCAN_ROWS} rows",
                "a header row with the template's column names")
        return result

    result.headers = list(dict.fromkeys(h for _, _, headers, _ in located for h in headers if h))
    rows = []
    for sheet, header_index, headers, merged_from in located:
        if merged_from is not None:
            out.add("Column names", "warning", f"the column names span rows {merged_from} and "
                    f"{sheet.rows[header_index][0]} (merged header cells); they were read from both rows", "",
                    sheet=sheet.name)
        field_cols, complete = _map_columns(sheet, headers, mapping or {}, out)
        # Recorded even when incomplete: the page presets its mapping widgets with it.
        result.mapping.update({f: headers[i] for f, i in field_cols.items()})
        if not complete:
            continue
        rows += _read_rows(sheet, header_index, headers, field_cols, reference, name, out)
    result.rows_read = len(rows)
    if not rows and not out.report.errors:
        out.add("No data rows", "error", "the file has the column names but no rows of data below them",
                "at least one row of data")
    _check_duplicates(rows, out)
    _check_known(rows, reference, out)
    if not out.report.errors:
        result.actions = _table(rows)
    return result


def _find_header(sheet: Sheet, mapping: dict[str, str | None]) -> tuple[int, list[str], int | None] | None:
    """(index of the header row in sheet.rows, its headers, row number of a merged row above or None)."""
    cci_headers = {norm.cell_text(h) for h in [mapping.get("cci")] if h}
    mapped = {norm.cell_text(h) for h in mapping.values() if h}

    def score(headers: list[str]) -> int:
        names = [field_for_header(h) for h in headers]
        has_cci = "cci" in names or bool(cci_headers.intersection(headers))
        return sum(n is not None or h in mapped for n, h in zip(names, headers, strict=True)) if has_cci else 0

    best = None
    for i, (number, values) in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        headers = [norm.cell_text(v) for v in values]
        candidates = [(score(headers), headers, None)]
        if i > 0 and sheet.rows[i - 1][0] == number - 1:  # a header split over two rows by merged cells
            above = [norm.cell_text(v) for v in sheet.rows[i - 1][1]]
            combined = [h or (above[j] if j < len(above) else "") for j, h in enumerate(headers)]
            combined += above[len(headers):]
            candidates.append((score(combined), combined, number - 1))
        for s, hs, merged in candidates:
            if s >= 2 and (best is None or s > best[0]):
                best = (s, i, hs, merged)
    return None if best is None else best[1:]


def _map_columns(sheet: Sheet, headers: list[str], mapping: dict[str, str | None], out: _Collector
                 ) -> tuple[dict[str, int], bool]:
    """(field -> column index, complete); not complete (errors reported) when a column is missing or doubled."""
    chosen: dict[str, str] = auto_mapping(headers)
    for fname, header in mapping.items():
        if header:
            chosen[fname] = header
        else:
            chosen.pop(fname, None)
    field_cols: dict[str, int] = {}
    for fname, header in chosen.items():
        if header not in headers:
            continue  # a mapping chosen for another sheet
        positions = [i for i, h in enumerate(headers) if h == header]
        if len(positions) > 1:
            cols = " and ".join(f"{column_letter(i)}" for i in positions)
            out.add("Column names", "error", f"columns {cols} are both named '{header}'; keep one, or rename one "
                    "and pick it under 'Column mapping'", "one column per name", sheet=sheet.name,
                    value=header)
            return field_cols, False
        field_cols[fname] = positions[0]
    used = set(field_cols.values())
    for i, h in enumerate(headers):
        if h and i not in used:
            out.add("Unrecognised column", "warning", _ignored(h, i, field_cols, headers), "", sheet=sheet.name,
                    value=h)
    missing = [f for f in REQUIRED if f not in field_cols]
    labels = [f"'{FIELD_BY_NAME[f].label}'" for f in missing]
    if not any(f in field_cols for f in ONE_OF):
        labels.append(" or ".join(f"'{FIELD_BY_NAME[f].label}'" for f in ONE_OF))
    for label in labels:
        out.add("Missing column", "error", f"no column {label}", f"a column named {label}", sheet=sheet.name)
    return field_cols, not labels


def _ignored(header: str, index: int, field_cols: dict[str, int], headers: list[str]) -> str:
    """The warning for an ignored column, naming the template column it looks like, if any."""
    text = f"'{header}' ({column_letter(index)}) is not a template column; it was ignored"
    found = recognise(header)
    name = found.field or found.resembles
    if name is None:
        return text
    label = FIELD_BY_NAME[name].label
    why = f" ({found.why})" if found.why else ""
    taken = (f", which column '{headers[field_cols[name]]}' ({column_letter(field_cols[name])}) holds"
             if name in field_cols else "")
    return (f"{text}. It looks like the template column '{label}'{taken}{why}: if it holds that, pick it under "
            f"'Column mapping' (command line: --map \"{header}={label}\")")


def _read_rows(sheet: Sheet, header_index: int, headers: list[str], field_cols: dict[str, int],
               reference: Reference, filename: str, out: _Collector) -> list[dict]:
    rows = []
    col_name = {f: f"'{headers[i]}' ({column_letter(i)})" for f, i in field_cols.items()}
    for number, values in sheet.rows[header_index + 1:]:
        cells = {f: values[i] if i < len(values) else None for f, i in field_cols.items()}
        for f, i in field_cols.items():
            formula = sheet.formulas.get((number, i))
            if formula is not None:
                saved = norm.cell_text(cells[f])
                what = f"the value saved with the file ('{saved}') was used" if saved else \
                    "the file holds no saved value, so the cell was read as empty"
                out.add("Formula", "warning", f"contains a formula ({formula}); formulas are never calculated on "
                        f"import: {what}", "", sheet=sheet.name, row=number, column=col_name[f], value=formula)
        texts = {f: norm.cell_text(v) for f, v in cells.items()}
        if not any(texts.values()):
            continue
        row = _normalise_row(cells, texts, col_name, reference, sheet.name, number, out)
        if row is not None:
            for r in row:
                rows.append(r | {"source_file": filename, "source_sheet": sheet.name, "source_row": number})
    return rows


def _normalise_row(cells: dict, texts: dict[str, str], col_name: dict[str, str], reference: Reference,
                   sheet: str | None, number: int, out: _Collector) -> list[dict] | None:
    """One row of the file -> one action per topic; None when the row has an error (reported)."""
    ok = True
    row: dict = {}
    notes: norm.Notes = []

    def take(fname: str, fn, *args, default=None):
        nonlocal ok
        if fname not in col_name:
            return default
        try:
            return fn(*args)
        except norm.NotAccepted as exc:
            ok = False
            out.add(exc.kind, "error", str(exc), exc.expected, sheet, number, col_name[fname], cells[fname])
            return default

    def text_or_none(fname: str, fn):
        return take(fname, fn, texts[fname]) if texts.get(fname) else None

    # Every cell is checked on its own: a bad CCI does not hide a bad period, objective or amount on its row.
    code = take("cci", norm.cci, texts["cci"])
    given = text_or_none("period", norm.period)
    period = None
    if code:
        period = reference.programme_period.get(code, norm.period_of_cci(code))
        if given and given != period:
            ok = False
            out.add("Period", "error", f"the period '{texts['period']}' does not match the programme {code}, "
                    f"which is a {period} programme", period, sheet, number, col_name["period"], cells["period"])
    else:
        period = given  # the objective is still checked: against the period given, or against both
    row["planned"] = take("planned", norm.yes_no, texts.get("planned", ""), FIELD_BY_NAME["planned"].label)
    row["approach"] = text_or_none("approach", norm.approach)
    row["status"] = text_or_none("status", norm.status)
    # scope_ids: the strategies and sea basins named (EUSAIR, BLACKSEA, ...), beside the generic scopes.
    row["scopes"], row["scope_ids"] = text_or_none("scopes", norm.scope_parts) or ([], [])
    row["partner_countries"] = text_or_none("partner_countries", norm.countries) or []
    row["partner_regions"] = (take("partner_regions", reference.nuts.codes, texts["partner_regions"], notes)
                              if texts.get("partner_regions") else None) or []
    row["amount_eur"] = take("amount_eur", norm.amount, cells["amount_eur"]) if texts.get("amount_eur") else None
    row["fictional"] = bool(text_or_none("fictional", lambda t: norm.yes_no(t, FIELD_BY_NAME["fictional"].label)))
    row["notes"] = texts.get("notes") or None
    for fname in ("notes", "programme_title"):
        if texts.get(fname) and norm.has_html(texts[fname]):
            out.add("HTML in text", "warning", "contains HTML markup; it is kept as plain text and never shown "
                    "as HTML", "", sheet, number, col_name[fname], cells[fname])
    for kind, message, expected in notes:
        out.add(kind, "warning", message, expected, sheet, number, col_name["partner_regions"],
                cells["partner_regions"])

    objective = topic_ids = None
    if texts.get("objective_code") and (period or code is None):
        objective = take("objective_code", reference.objectives.code_any if period is None
                         else reference.objectives.code, texts["objective_code"], *([period] if period else []))
    if texts.get("topic"):
        topic_ids = take("topic", lambda t: [norm.topic(p) for p in norm.split_multi(t)], texts["topic"])
    if objective and period:
        own = reference.objectives.topic_of[(period, objective)]
        labels = topic_labels()
        if topic_ids and set(topic_ids) != {own}:
            ok = False
            out.add("Objective or topic", "error", f"objective {objective} belongs to the topic '{labels[own]}', but the "
                    f"row names '{texts['topic']}'", f"the topic of {objective} or an empty topic cell",
                    sheet, number, col_name["topic"], cells["topic"])
        topic_ids = [own]
    elif not texts.get("objective_code") and not texts.get("topic"):
        ok = False
        out.add("Objective or topic", "error", "neither an objective code nor a topic is given",
                "an objective code or a topic", sheet, number, None, None)
    if "countries" in row["scopes"] and not texts.get("partner_countries"):
        out.add("Value not in the list", "warning", "the scope 'countries' is chosen but no partner country is "
                "named", "", sheet, number, col_name["scopes"], cells["scopes"])
    if not ok:
        return None
    base = {"cci": code, "period": period, "objective_code": objective} | row
    return [base | {"topic_id": t} for t in topic_ids]


def _check_duplicates(rows: list[dict], out: _Collector) -> None:
    first: dict[tuple, dict] = {}
    for r in rows:
        key = (r["cci"], r["objective_code"], r["topic_id"])
        if key in first:
            prev = first[key]
            where = f"row {prev['source_row']}" + (f" of sheet '{prev['source_sheet']}'"
                                                   if prev["source_sheet"] != r["source_sheet"] else "")
            what = f"objective {key[1]}" if key[1] else f"topic '{key[2]}'"
            out.add("Duplicate row", "error", f"programme {key[0]}, {what} is already on {where}",
                    "one row per programme and objective (or topic)", r["source_sheet"], r["source_row"],
                    None, key[0])
        else:
            first[key] = r


def _check_known(rows: list[dict], reference: Reference, out: _Collector) -> None:
    unknown: dict[str, dict] = {}
    for r in rows:
        if r["cci"] not in reference.programme_period and r["cci"] not in unknown:
            unknown[r["cci"]] = r
    for code, r in unknown.items():
        out.add("Programme not in public data", "warning", f"programme {code} is not in the public programme "
                "lists; its rows are imported but cannot be shown on the map or joined to finances", "",
                r["source_sheet"], r["source_row"], None, code)


def _table(rows: Iterable[dict]) -> pd.DataFrame:
    df = pd.DataFrame(list(rows), columns=ACTION_COLUMNS)
    df["planned"] = df["planned"].astype(bool)
    df["fictional"] = df["fictional"].astype(bool)
    df["amount_eur"] = df["amount_eur"].astype("float64")
    df["source_row"] = df["source_row"].astype("int64")
    for col in LIST_COLUMNS:
        df[col] = df[col].map(list)
    return df.sort_values(["period", "cci", "objective_code", "topic_id"], na_position="first",
                          ignore_index=True)


def field_labels() -> dict[str, str]:
    return {f.name: f.label for f in FIELDS}
