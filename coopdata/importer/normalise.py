"""Turning the values people type into the codes the app uses.

Each function takes the text of one cell and returns the normalised value, or raises NotAccepted with
what was expected; remarks that do not block the import (e.g. a NUTS 2021 code converted to 2024)
are appended to `notes` as (kind, message, expected).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from coopdata import vocabularies
from coopdata.vocabularies import SCOPES, fold, generic_scope_of

APPROACHES = ("dedicated call", "selection criterion or bonus", "strategic project", "other")
STATUSES = ("planned", "in preparation", "launched", "completed", "cancelled")

_APPROACH_ALIASES = {
    "dedicated call": "dedicated call", "call": "dedicated call", "specific call": "dedicated call",
    "dedicated calls": "dedicated call", "targeted call": "dedicated call",
    "selection criterion or bonus": "selection criterion or bonus", "selection criterion": "selection criterion or bonus",
    "selection criteria": "selection criterion or bonus", "bonus": "selection criterion or bonus",
    "bonus points": "selection criterion or bonus", "criterion": "selection criterion or bonus",
    "strategic project": "strategic project", "strategic projects": "strategic project", "strategic": "strategic project",
    "other": "other",
}
_SCOPE_ALIASES = {
    "cross border": "cross-border", "crossborder": "cross-border", "cbc": "cross-border",
    "macro regional": "macro-regional", "macroregional": "macro-regional", "macro region": "macro-regional",
    "sea basin": "sea basin", "sea basins": "sea basin", "seabasin": "sea basin",
    "eu wide": "EU-wide", "euwide": "EU-wide", "any member state": "EU-wide", "eu": "EU-wide",
    "countries": "countries", "named countries": "countries", "specific countries": "countries",
    "list of countries": "countries", "country": "countries",
}
# A strategy or sea basin named in the scope cell keeps its id (coopdata/vocab/scope_members.csv), so the
# partner search can tell which one is sought; these are the short names people write beside ids and names.
_NAMED_SCOPE_ALIASES = {
    "baltic sea region": "EUSBSR", "baltic sea strategy": "EUSBSR", "danube": "EUSDR", "danube region": "EUSDR",
    "adriatic ionian": "EUSAIR", "adriatic and ionian": "EUSAIR", "adriatic ionian region": "EUSAIR",
    "alpine": "EUSALP", "alpine region": "EUSALP", "alps": "EUSALP",
    "atlantic": "ATLANTIC", "western mediterranean": "WESTMED", "west med": "WESTMED",
    "black sea": "BLACKSEA", "baltic sea": "BALTIC", "baltic": "BALTIC",
}
# Generic scope of each scope_type of scope_members.csv.
_STATUS_ALIASES = {
    "planned": "planned", "plan": "planned", "idea": "planned",
    "in preparation": "in preparation", "preparation": "in preparation", "preparing": "in preparation",
    "launched": "launched", "ongoing": "launched", "open": "launched", "call open": "launched", "running": "launched",
    "completed": "completed", "done": "completed", "finished": "completed", "closed": "completed",
    "cancelled": "cancelled", "canceled": "cancelled", "dropped": "cancelled", "withdrawn": "cancelled",
}
_YES = {"yes", "y", "true", "1", "x", "ja", "oui", "si", "sim", "tak", "da", "planned", "✓", "✔"}
_NO = {"no", "n", "false", "0", "-", "nein", "non", "nee", "nie", "ne", "not planned", "none"}

CCI_PATTERN = re.compile(r"^(20[12]\d)[A-Z]{2}\d{2}[A-Z0-9]{2}[A-Z0-9]{2}\d{3}$")
NUTS_PATTERN = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")
HTML_PATTERN = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")


class NotAccepted(ValueError):
    def __init__(self, kind: str, message: str, expected: str):
        self.kind, self.expected = kind, expected
        super().__init__(message)


Notes = list[tuple[str, str, str]]


def cell_text(value: object) -> str:
    """A cell as text: numbers without a trailing .0, dates as ISO, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def split_multi(text: str) -> list[str]:
    """'EL; DE,  IT' -> ['EL', 'DE', 'IT'], without blanks or repeats."""
    out: list[str] = []
    for part in re.split(r"[;,\n]", text):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out


def cci(text: str) -> str:
    """'2021 gr 16 rfpr 001' -> '2021EL16RFPR001': spaces, case, and Greece's code as the Commission writes it
    in the CCIs of each period (2021-2027: EL; 2014-2020: GR, as in the public programme list). Either is read."""
    code = re.sub(r"[\s\-./_]+", "", text).upper()
    if code[4:6] in ("GR", "EL") and code[:4].isdigit():
        code = code[:4] + ("EL" if int(code[:4]) >= 2021 else "GR") + code[6:]
    if not code:
        raise NotAccepted("Programme code (CCI)", "the programme code (CCI) is empty", "a CCI such as 2021EL16RFPR001")
    if not CCI_PATTERN.match(code):
        raise NotAccepted("Programme code (CCI)", f"'{text}' is not a programme code (CCI)",
                      "a CCI of 15 characters such as 2021EL16RFPR001")
    return code


def period_of_cci(code: str) -> str:
    return "2014-2020" if int(code[:4]) < 2021 else "2021-2027"


def period(text: str) -> str:
    years = re.findall(r"\d{2,4}", text)
    if len(years) == 2:
        start = int(years[0]) % 100
        if start == 14:
            return "2014-2020"
        if start == 21:
            return "2021-2027"
    raise NotAccepted("Period", f"'{text}' is not a programming period", "2014-2020 or 2021-2027")


def yes_no(text: str, column_label: str) -> bool:
    folded = fold(text)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    what = "empty" if not text else f"'{text}'"
    raise NotAccepted("Yes/no value", f"'{column_label}' is {what}", "yes or no")


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", fold(text)).strip()


def _from_vocab(text: str, aliases: dict[str, str], allowed: tuple[str, ...], kind: str, what: str,
                also: str = "") -> str:
    key = _key(text)
    if key in aliases:
        return aliases[key]
    raise NotAccepted(kind, f"'{text}' is not a known {what}", "one of: " + ", ".join(allowed) + also)


def approach(text: str) -> str:
    return _from_vocab(text, _APPROACH_ALIASES, APPROACHES, "Value not in the list", "approach")


def status(text: str) -> str:
    return _from_vocab(text, _STATUS_ALIASES, STATUSES, "Value not in the list", "status")


@lru_cache(maxsize=1)
def named_scope_lookup() -> dict[str, tuple[str, str]]:
    """Folded id, name or alias of each strategy or sea basin -> (generic scope, scope_id)."""
    named = vocabularies.named_scopes()
    generic = generic_scope_of()
    lookup = {_key(i): (generic[i], i) for i in named["scope_id"]}
    lookup |= {_key(n): (generic[i], i) for i, n in zip(named["scope_id"], named["scope_name"], strict=True)}
    lookup |= {k: (generic[i], i) for k, i in _NAMED_SCOPE_ALIASES.items()}
    return lookup


def scope_parts(text: str) -> tuple[list[str], list[str]]:
    """'Cross border; EUSAIR, Black Sea' -> (['cross-border', 'macro-regional', 'sea basin'], ['EUSAIR', 'BLACKSEA']).

    A named strategy or sea basin gives its generic scope and keeps its id."""
    named = named_scope_lookup()
    generic: list[str] = []
    ids: list[str] = []
    for part in split_multi(text):
        hit = named.get(_key(part))
        if hit:
            generic.append(hit[0])
            ids.append(hit[1])
            continue
        generic.append(_from_vocab(part, _SCOPE_ALIASES, SCOPES, "Value not in the list", "partnership scope",
                                   ", or a strategy or sea basin by name: "
                                   + ", ".join(vocabularies.named_scopes()["scope_id"])))
    return list(dict.fromkeys(generic)), list(dict.fromkeys(ids))


def scopes(text: str) -> list[str]:
    return scope_parts(text)[0]


def countries(text: str) -> list[str]:
    out = []
    for part in split_multi(text):
        code = vocabularies.normalise_country(part)
        if code is None:
            raise NotAccepted("Country", f"'{part}' is not a known country",
                          "a country code (EL, DE, ...) or name in English or in its own language")
        out.append(code)
    return list(dict.fromkeys(out))


def amount(value: object) -> float:
    """A number in euro from a number or a text such as '1,250,000', '1.250.000,50' or 'EUR 2 500'."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = str(value).strip()
        cleaned = re.sub(r"(?i)eur(o|os)?|€|[\s\u00a0\u202f']", "", text)
        number = _parse_number_text(cleaned)
        if number is None:
            raise NotAccepted("Amount", f"'{text}' is not an amount", "a number in euro, e.g. 1250000 or 1,250,000")
    if number != number or number < 0:
        raise NotAccepted("Amount", f"'{value}' is not an amount", "a number in euro of 0 or more")
    return number


def _parse_number_text(text: str) -> float | None:
    if not re.fullmatch(r"[0-9.,]*[0-9][0-9.,]*", text):
        return None
    if "." in text and "," in text:  # the last separator is the decimal one
        dec = "." if text.rfind(".") > text.rfind(",") else ","
        text = text.replace("," if dec == "." else ".", "").replace(dec, ".")
    else:
        sep = "." if "." in text else "," if "," in text else None
        if sep:
            parts = text.split(sep)
            thousands = len(parts) > 2 or len(parts[1]) == 3
            if thousands and not all(len(p) == 3 for p in parts[1:]):
                return None
            text = text.replace(sep, "") if thousands else text.replace(sep, ".")
    try:
        return float(text)
    except ValueError:
        return None


def has_html(text: str) -> bool:
    return bool(HTML_PATTERN.search(text))


@dataclass(frozen=True)
class Objectives:
    """Objective codes of each period and their topic (coopdata/vocab/objective_topics.csv)."""

    topic_of: dict[tuple[str, str], str]

    @classmethod
    def from_vocab(cls) -> Objectives:
        vocab = vocabularies.objective_topics()
        return cls({(p, c): t for p, c, t in zip(vocab["period"], vocab["objective_code"], vocab["topic_id"],
                                                  strict=True)})

    def code(self, text: str, period_: str) -> str:
        raw = re.sub(r"\s+", " ", text.upper()).strip()
        m = re.match(r"^(TO)\s*0?(\d{1,2})\b", raw)
        if m:
            code = f"TO{int(m.group(2)):02d}"
        else:
            m = re.match(r"^(RSO|ESO|JSO|ISO|MSO)\s*(\d+)\s*[.,]\s*(\d+)", raw)
            code = f"{m.group(1)}{int(m.group(2))}.{int(m.group(3))}" if m else raw.split(" ")[0]
        if (period_, code) not in self.topic_of:
            examples = "TO01 to TO12" if period_ == "2014-2020" else "RSO1.1, ESO4.1, JSO8.1 or ISO6.1"
            raise NotAccepted("Objective or topic", f"'{text}' is not an objective of the {period_} period",
                          f"an objective code of {period_}, such as {examples}")
        return code

    def code_any(self, text: str) -> str:
        """The code checked against every period (when the row's period is unknown: its CCI is wrong)."""
        errors = []
        for period_ in sorted({p for p, _ in self.topic_of}):
            try:
                return self.code(text, period_)
            except NotAccepted as exc:
                errors.append(exc)
        raise NotAccepted("Objective or topic", f"'{text}' is not an objective of the 2014-2020 or the 2021-2027 period",
                      "an objective code such as TO01 to TO12 (2014-2020) or RSO1.1, ESO4.1, JSO8.1, ISO6.1 "
                      "(2021-2027)")


def topic(text: str) -> str:
    key = fold(text).replace(" and ", " & ")
    for topic_id, label in vocabularies.topic_labels().items():
        if key in (topic_id, fold(label), fold(label).replace(" and ", " & "), topic_id.replace("_", " ")):
            return topic_id
    raise NotAccepted("Objective or topic", f"'{text}' is not a topic of the topics list",
                  "a topic label such as 'Research & innovation' or 'Digital' (see the template's Lists sheet)")


@dataclass(frozen=True)
class NutsIndex:
    """NUTS 2024 codes, NUTS 2021 codes, and Eurostat's 2021 -> 2024 correspondence for changed codes."""

    codes_2024: frozenset[str]
    codes_2021: frozenset[str]
    changes: dict[str, tuple[str | None, str]]  # 2021 code -> (2024 code or None, kind of change)

    @classmethod
    def from_tables(cls, regions: pd.DataFrame, nuts_changes: pd.DataFrame) -> NutsIndex:
        by_version = regions.groupby("nuts_version")["nuts_id"].apply(frozenset)
        changes = {c21: (None if pd.isna(c24) else c24, change) for c21, c24, change in
                   zip(nuts_changes["nuts_id_2021"], nuts_changes["nuts_id_2024"], nuts_changes["change"],
                       strict=True)}
        return cls(by_version.get(2024, frozenset()), by_version.get(2021, frozenset()), changes)

    def code(self, text: str, notes: Notes) -> str:
        code = re.sub(r"[\s.\-_]+", "", text).upper()
        if code.startswith("GR"):
            code = "EL" + code[2:]  # Greece is EL in NUTS
        expected = "a NUTS 2024 code such as EL30 or DE212 (NUTS 2021 codes are converted)"
        if not NUTS_PATTERN.match(code):
            raise NotAccepted("NUTS region", f"'{text}' is not a NUTS code", expected)
        if code in self.codes_2024:
            return code
        if code in self.changes:
            new, change = self.changes[code]
            if new is None:
                raise NotAccepted("NUTS region", f"NUTS 2021 region '{code}' has no single NUTS 2024 equivalent "
                              f"({change.lower() or 'changed'} in NUTS 2024)", "the NUTS 2024 code(s) of the region")
            notes.append(("NUTS region", f"NUTS 2021 code '{code}' is '{new}' in NUTS 2024; '{new}' was used",
                          "a NUTS 2024 code"))
            return new
        raise NotAccepted("NUTS region", f"'{text}' is not a NUTS 2021 or NUTS 2024 code of an EU Member State", expected)

    def codes(self, text: str, notes: Notes) -> list[str]:
        return list(dict.fromkeys(self.code(part, notes) for part in split_multi(text)))
