"""Reading a workshop registration list (xlsx or csv, as a registration form exports it).

Pure: no streamlit, no disk. The upload is read from bytes in memory and never written anywhere.
Names and e-mails are personal data: they stay in the returned frame (columns `label`, `email`),
and no message or log line of this module ever contains them; participants are named by their
code (P01, P02, ... in list order) and rows by their spreadsheet row number.

A list either loads completely or raises RegistrationError listing every blocking problem with its
row and column. Problems the facilitator can fix in the app (an unknown programme, a region or a
topic word not recognised) are returned as notices instead.
"""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd

from coopdata.importer.read import Limits, read_file
from coopdata.vocabularies import AREA_SCOPES, fold, normalise_country, topic_labels
from coopdata.workshop.topics_text import map_topics

log = logging.getLogger(__name__)

# Column of the canonical frame -> header texts accepted for it (compared after _header_key()).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "label": ("participant", "participant name", "participant label", "name", "full name", "first and last name"),
    "email": ("e mail", "email", "e mail address", "email address", "mail"),
    "organisation": ("organisation or programme", "organization or program", "organisation programme",
                     "organisation", "organization", "programme", "program", "programme cci or title",
                     "programme title", "cci", "programme cci"),
    "country": ("country", "member state", "country region", "country code"),
    "region": ("region", "nuts", "nuts region", "region nuts", "nuts code", "nuts 3 region", "nuts 2 region"),
    "topics": ("topics of interest", "topics", "topic", "interests", "themes", "topics of cooperation"),
    "scope": ("partnership scope wanted", "partnership scope", "scope of partnership", "scope wanted", "scope"),
}
REQUIRED = ("label", "organisation", "country", "topics")
PERSONAL_COLUMNS = {"label": "Participant name", "email": "E-mail"}

SCOPES = AREA_SCOPES  # a registration names no list of countries
_SCOPE_ALIASES = {
    "cross border": "cross-border", "crossborder": "cross-border", "cbc": "cross-border",
    "macro regional": "macro-regional", "macroregional": "macro-regional", "macro region": "macro-regional",
    "macro regional strategy": "macro-regional",
    "sea basin": "sea basin", "sea basins": "sea basin", "seabasin": "sea basin",
    "eu wide": "EU-wide", "eu": "EU-wide", "europe wide": "EU-wide", "any member state": "EU-wide",
}
_NO_PREFERENCE = {"", "no preference", "any", "none", "open", "not sure"}
# A CCI, also typed with spaces ("2021 EE 16 FFPR 001"), not inside a longer code.
CCI_PATTERN = re.compile(r"(?<![A-Z0-9])((?:19|20)\d\d ?[A-Z]{2} ?\d\d ?[A-Z0-9]{4} ?\d{3})(?![A-Z0-9])")
HEADER_SEARCH_ROWS = 10
# Pair scoring grows with the square of the list and the seating search is bounded (see seating.py): 100
# people are scored and seated in about a second (benchmarks/upload_bench.py); a partner-search workshop is
# a room of 20-80. The file size, zip and sheet-extent checks are the importer's.
MAX_PARTICIPANTS = 100
UPLOAD_LIMITS = Limits("the workshop page", MAX_PARTICIPANTS, f"the workshop page seats at most {MAX_PARTICIPANTS} "
                       "participants: split the list into workshops", formulas=False, first_sheet_only=True)
TITLE_CUTOFF = 0.85  # difflib ratio for a "closest title" match; lower guesses too freely
PARTICIPANT_COLUMNS = ["code", "row", "label", "email", "organisation", "cci", "programme_title", "match",
                       "country", "region_text", "nuts_id", "topics_text", "topics", "unmatched_topics", "scopes"]


@dataclass(frozen=True)
class Problem:
    row: int | None  # spreadsheet row number (1 = first row of the sheet)
    column: str | None  # the column header as written in the file
    message: str

    def where(self, source: str) -> str:
        parts = [source]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def text(self, source: str) -> str:
        return f"{self.where(source)}: {self.message}"


class RegistrationError(Exception):
    """The list cannot be loaded; `problems` says every reason with its row and column."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join(p.text(source) for p in problems))


@dataclass
class Registration:
    participants: pd.DataFrame  # PARTICIPANT_COLUMNS; label and email are personal
    notices: list[Problem] = field(default_factory=list)
    source: str = ""  # file (and sheet) the list came from

    @property
    def fictional(self) -> bool:
        return "fictional" in self.source.lower()


def _header_key(text) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(str(text))).strip() if text is not None else ""


def _cell(value) -> str:
    """A cell as stripped text ('' for empty); whole numbers typed in Excel lose their '.0'."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def read_rows(data: bytes, filename: str) -> tuple[str, list[tuple[int, list[str]]]]:
    """(source name for messages, the non-blank rows of the first sheet as (row number, texts)).
    Reads bytes, never disk, through the importer's safe reader: files over the size limit, other
    formats, macro workbooks, zip bombs and sheets past UPLOAD_LIMITS raise UnreadableFile before
    the workbook is expanded."""
    sheet = read_file(data, filename, UPLOAD_LIMITS)[0]
    name = PurePath(filename).name
    source = name if sheet.name is None else f"{name}, sheet '{sheet.name}'"
    return source, [(number, [_cell(v) for v in values]) for number, values in sheet.rows]


def _find_header(rows: list[tuple[int, list[str]]]) -> int | None:
    """Index in `rows` of the header row: the first of the top rows naming at least three known
    columns (form exports often put a title or merged rows above it)."""
    known = {alias for aliases in COLUMN_ALIASES.values() for alias in aliases}
    for i, (number, row) in enumerate(rows):
        if number > HEADER_SEARCH_ROWS:
            break
        if sum(_header_key(c) in known for c in row) >= 3:
            return i
    return None


def _map_columns(header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """Canonical column -> index in the header, and problems (missing or doubled columns)."""
    found: dict[str, int] = {}
    problems: list[Problem] = []
    keys = [_header_key(h) for h in header]
    for column, aliases in COLUMN_ALIASES.items():
        # Earlier aliases are more specific ("topics of interest" before "topics").
        hits = [i for alias in aliases for i, k in enumerate(keys) if k == alias]
        hits = list(dict.fromkeys(hits))
        if len(hits) > 1:
            problems.append(Problem(None, None, f"columns {', '.join(repr(header[i]) for i in hits)} all look like "
                                                f"'{aliases[0]}': keep one"))
        elif hits:
            found[column] = hits[0]
        elif column in REQUIRED:
            shown = ", ".join(repr(a) for a in aliases[:4])
            problems.append(Problem(None, None, f"no column for '{aliases[0]}' (looked for headers like {shown})"))
    return found, problems


def parse_scopes(text: str) -> tuple[tuple[str, ...], list[str]]:
    """(scopes in SCOPES order, items not understood). Empty or 'no preference' -> no scopes."""
    wanted: set[str] = set()
    unknown: list[str] = []
    for item in re.split(r"[;,/|\n]+|\bor\b|\band\b", text):
        key = _header_key(item)
        if key in _NO_PREFERENCE:
            continue
        scope = _SCOPE_ALIASES.get(key)
        if scope is None:
            unknown.append(item.strip())
        else:
            wanted.add(scope)
    return tuple(s for s in SCOPES if s in wanted), unknown


def match_programme(text: str, country: str | None, programmes: pd.DataFrame) -> tuple[str | None, str]:
    """(CCI or None, how it was matched) for an organisation/programme cell: a CCI in the text, else
    an equal title, else the closest title; 2021-2027 first; the participant's country breaks ties."""
    upper = text.upper()
    known = set(programmes["cci"])
    for cci in (c.replace(" ", "") for c in CCI_PATTERN.findall(upper)):
        if cci in known:
            return cci, "CCI"
    if CCI_PATTERN.search(upper):
        return None, "the CCI is not in the programme data"
    folded = fold(text)
    if not folded:
        return None, "empty"
    by_period = programmes.sort_values("period", ascending=False)
    titles = by_period["title"].map(fold)
    for how, candidates in (("title", by_period[titles.eq(folded)]),
                            ("closest title", by_period[titles.isin(
                                difflib.get_close_matches(folded, titles.unique().tolist(), n=1, cutoff=TITLE_CUTOFF))])):
        if candidates.empty:
            continue
        if len(candidates) > 1 and country:
            in_country = candidates[candidates["countries"].map(lambda cs: country in list(cs))]
            candidates = in_country if not in_country.empty else candidates
        latest = candidates[candidates["period"].eq(candidates["period"].iloc[0])]
        if len(latest) > 1:
            return None, f"{len(latest)} programmes have this title: give the CCI"
        return latest["cci"].iloc[0], how
    return None, "no programme with this CCI or title"


def _region(text: str, regions: pd.DataFrame) -> str | None:
    """NUTS id for a NUTS code or region name (latest NUTS version first), None when unknown."""
    if not text:
        return None
    code = text.upper().replace(" ", "")
    latest = regions.sort_values("nuts_version", ascending=False)
    if code in set(latest["nuts_id"]):
        return code
    by_name = latest[latest["name"].map(fold).eq(fold(text))]
    return by_name["nuts_id"].iloc[0] if not by_name.empty else None


def read_registrations(data: bytes, filename: str, programmes: pd.DataFrame, regions: pd.DataFrame) -> Registration:
    """Read, map and validate a registration list. Raises RegistrationError when it cannot load, and
    coopdata.importer.read.UnreadableFile when the file is not a safe, readable list at all."""
    source, rows = read_rows(data, filename)
    header_at = _find_header(rows)
    if header_at is None:
        raise RegistrationError(source, [Problem(None, None, f"no header row found in rows 1-{HEADER_SEARCH_ROWS}: "
                                                             "expected columns such as 'Participant', "
                                                             "'Programme', 'Country', 'Topics of interest'")])
    if len(rows) - header_at - 1 > MAX_PARTICIPANTS:  # checked before the (slow) matching of every row
        raise RegistrationError(source, [Problem(None, None, f"{len(rows) - header_at - 1} participants; "
                                                             f"{UPLOAD_LIMITS.rows_advice}")])
    header = rows[header_at][1]
    columns, problems = _map_columns(header)
    if problems:
        raise RegistrationError(source, problems)

    def value(row: list[str], column: str) -> str:
        i = columns.get(column)
        return row[i] if i is not None and i < len(row) else ""

    records: list[dict] = []
    notices: list[Problem] = []
    seen_label: dict[str, int] = {}
    seen_email: dict[str, int] = {}
    for i, row in rows[header_at + 1:]:  # blank rows (common in form exports) are not in `rows`
        head = {c: header[columns[c]] for c in columns}
        label, email = value(row, "label"), value(row, "email")
        if not label:
            problems.append(Problem(i, head["label"], "empty: every participant needs a name or label"))
        else:
            first = seen_label.setdefault(fold(label), i)
            if first != i:
                problems.append(Problem(i, head["label"], f"same participant as row {first}: list each person once"))
        if email:
            first = seen_email.setdefault(email.lower(), i)
            if first != i:
                problems.append(Problem(i, head["email"], f"same e-mail as row {first}: list each person once"))

        country_text = value(row, "country")
        region_text = value(row, "region")
        country = normalise_country(country_text)
        nuts_from_country = _region(country_text, regions) if country is None else None
        if nuts_from_country:  # a NUTS code typed in a "Country / region" column
            country = nuts_from_country[:2]
            region_text = region_text or country_text
        if not country_text:
            problems.append(Problem(i, head["country"], "empty: the country is needed (cooperation needs another Member State)"))
        elif country is None:
            problems.append(Problem(i, head["country"], f"'{country_text}' is not a country name or code we know"))
        nuts_id = _region(region_text, regions)
        if region_text and nuts_id is None:
            notices.append(Problem(i, head.get("region", head["country"]),
                                   f"region '{region_text}' is not a NUTS code or name: geography uses the country only"))
        elif nuts_id and country and nuts_id[:2] != country:
            problems.append(Problem(i, head.get("region", head["country"]),
                                    f"region '{region_text}' is not in {country_text}"))

        topics_text = value(row, "topics")
        match = map_topics(topics_text)
        if not topics_text:
            problems.append(Problem(i, head["topics"], "empty: give at least one topic of interest"))
        elif not match.topic_ids:
            notices.append(Problem(i, head["topics"], "no topic recognised: correct it in the topic review"))

        scope_text = value(row, "scope")
        scopes, unknown_scopes = parse_scopes(scope_text)
        if unknown_scopes:
            problems.append(Problem(i, head.get("scope"), f"{', '.join(repr(s) for s in unknown_scopes)} is not a "
                                                          f"partnership scope: use {', '.join(SCOPES)}"))

        organisation = value(row, "organisation")
        cci, how = match_programme(organisation, country, programmes) if organisation else (None, "empty")
        if cci is None:
            notices.append(Problem(i, head["organisation"], f"programme not matched ({how}): choose it in the match review"))
        records.append({"row": i, "label": label, "email": email or None, "organisation": organisation, "cci": cci,
                        "match": how if cci else f"not matched: {how}", "country": country,
                        "region_text": region_text or None, "nuts_id": nuts_id, "topics_text": topics_text,
                        "topics": match.topic_ids, "unmatched_topics": match.unmatched, "scopes": scopes})
    if not records:
        problems.append(Problem(None, None, f"no participants below the header row (row {rows[header_at][0]}): "
                                            "pairs and tables need at least two participants"))
    elif len(records) == 1:
        problems.append(Problem(records[0]["row"], None, "the only participant of the list: pairs and tables need "
                                                         "at least two participants"))
    if problems:
        # Messages name rows, columns and values of the place and topic columns, never a name or e-mail.
        log.warning("registration list rejected: %d problems: %s", len(problems),
                    " | ".join(p.text("list") for p in problems[:5]))
        raise RegistrationError(source, problems)

    participants = pd.DataFrame.from_records(records)
    width = max(2, len(str(len(participants))))
    participants.insert(0, "code", [f"P{n:0{width}d}" for n in range(1, len(participants) + 1)])
    titles = dict(zip(programmes["cci"], programmes["title"], strict=True))
    participants["programme_title"] = participants["cci"].map(titles)
    log.info("registration list read: %d participants, %d notices", len(participants), len(notices))
    return Registration(participants[PARTICIPANT_COLUMNS], notices, source)


def programme_topics(allocations: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """CCI -> topics its public finance data funds (programmes without objective-level data are absent)."""
    return {cci: tuple(sorted(set(group))) for cci, group in allocations.groupby("cci")["topic_id"]}


def review_table(participants: pd.DataFrame, funded: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """What the facilitator checks: each participant's programme match and topics, as text."""
    labels = topic_labels()

    def names(ids) -> str:
        return "; ".join(labels.get(t, t) for t in ids)

    def funds(cci) -> str:
        if not isinstance(cci, str):
            return ""
        return names(funded[cci]) if cci in funded else "no objective-level finance data"

    return pd.DataFrame({
        "participant": participants["code"], "row": participants["row"], "name": participants["label"],
        "registered as": participants["organisation"], "match": participants["match"],
        "CCI": participants["cci"], "programme": participants["programme_title"], "country": participants["country"],
        "region (NUTS)": participants["nuts_id"], "topics": participants["topics"].map(names),
        "words not matched": participants["unmatched_topics"].map("; ".join),
        "scopes": participants["scopes"].map(lambda s: ", ".join(s) or "no preference"),
        "programme funds (finance data)": participants["cci"].map(funds),
    })


def correct_programme(participants: pd.DataFrame, code: str, cci: str | None, programmes: pd.DataFrame) -> pd.DataFrame:
    """The participants with one programme match set by the facilitator (None clears it)."""
    out = participants.copy()
    at = out["code"].eq(code)
    if not at.any():
        raise KeyError(f"no participant {code}")
    title = None
    if cci is not None:
        hit = programmes.loc[programmes["cci"].eq(cci), "title"]
        if hit.empty:
            raise KeyError(f"no programme {cci}")
        title = hit.iloc[0]
    out.loc[at, "cci"] = cci
    out.loc[at, "programme_title"] = title
    out.loc[at, "match"] = "set by the facilitator" if cci else "cleared by the facilitator"
    return out


def correct_topics(participants: pd.DataFrame, code: str, topic_ids: tuple[str, ...]) -> pd.DataFrame:
    """The participants with one participant's topics set by the facilitator."""
    out = participants.copy()
    at = out.index[out["code"].eq(code)]
    if len(at) != 1:
        raise KeyError(f"no participant {code}")
    out.at[at[0], "topics"] = tuple(topic_ids)
    out.at[at[0], "unmatched_topics"] = ()
    return out
