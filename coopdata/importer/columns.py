"""The template's columns: canonical field names, header labels, aliases, and the header mapping.

A file's headers are recognised by folding them (case, accents, punctuation, spaces) and comparing
with each field's label and aliases; the user can override the result field by field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coopdata.vocabularies import _fold


@dataclass(frozen=True)
class Field:
    name: str           # canonical field of the cooperation_actions table
    label: str          # header written in the template
    required: bool
    help: str           # what to write, in the words of the template's Instructions sheet
    aliases: tuple[str, ...] = ()
    multi: bool = False  # several values in one cell, separated by ';' or ','


FIELDS: tuple[Field, ...] = (
    Field("cci", "CCI", True, "Programme code (CCI), e.g. 2021EL16RFPR001.",
          ("cci code", "programme cci", "programme code", "code cci", "cci number", "cci no")),
    Field("period", "Period", False, "2014-2020 or 2021-2027. Optional: read from the CCI when empty.",
          ("programming period", "programme period")),
    Field("programme_title", "Programme title", False, "For your reference only; the title of the public "
          "programme list is shown in the app.", ("programme", "programme name", "title", "program title")),
    Field("objective_code", "Objective code", False, "Thematic objective (TO01-TO12) for 2014-2020, specific "
          "objective (e.g. RSO2.1, ESO4.1, JSO8.1, ISO6.1) for 2021-2027. Give an objective code or a topic.",
          ("objective", "specific objective", "thematic objective", "so", "to", "objective code s")),
    Field("topic", "Topic", False, "Topic of cooperation from the topics list (label or id). Filled in from the "
          "objective when empty. Several topics in one cell: separate with ';' or ','.",
          ("topics", "topic of cooperation", "theme", "themes"), multi=True),
    Field("planned", "Planned", True, "Does the programme plan cooperation actions here? yes or no.",
          ("cooperation planned", "actions planned", "planned yes no", "plans cooperation actions",
           "cooperation actions planned")),
    Field("approach", "Approach", False, "How: dedicated call, selection criterion or bonus, strategic project, "
          "or other.", ("type of action", "instrument", "implementation approach")),
    Field("scopes", "Partnership scope", False, "cross-border, macro-regional, sea basin, EU-wide, countries; "
          "or name the strategy or sea basin (EUSBSR, EUSDR, EUSAIR, EUSALP, ATLANTIC, BALTIC, BLACKSEA, WESTMED). "
          "Several: separate with ';' or ','.",
          ("scope", "scopes", "partnership scopes", "partnership scope s", "geographical scope"), multi=True),
    Field("partner_countries", "Partner countries", False, "Countries sought, as codes (EL, DE) or names "
          "(Greece, Deutschland). Separate with ';' or ','.",
          ("partner countries sought", "countries sought", "partner country", "countries"), multi=True),
    Field("partner_regions", "Partner regions (NUTS)", False, "NUTS codes of regions sought (NUTS 2024; NUTS "
          "2021 codes are converted). Separate with ';' or ','.",
          ("partner regions", "nuts", "nuts codes", "regions sought", "nuts regions"), multi=True),
    Field("amount_eur", "Amount (EUR)", False, "Amount planned for the actions, in euro (a number; 1,250,000 "
          "and 1.250.000 are read too).", ("amount", "budget", "planned amount", "amount eur", "eur")),
    Field("status", "Status", False, "planned, in preparation, launched, completed or cancelled.",
          ("state", "implementation status")),
    Field("notes", "Notes", False, "Free text. Kept as plain text.", ("comments", "comment", "remarks", "note")),
    Field("fictional", "Fictional", False, "yes for made-up training data; the app then labels it fictional.",
          ("fictional data", "is fictional")),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
REQUIRED = [f.name for f in FIELDS if f.required]
# A row must say where the actions are: an objective or a topic.
ONE_OF = ("objective_code", "topic")


def fold_header(text: object) -> str:
    """'Partner countries (sought)*' -> 'partner countries sought'."""
    return re.sub(r"[^0-9a-z]+", " ", _fold(str(text))).strip()


_ALIASES = {fold_header(a): f.name for f in FIELDS for a in (f.name, f.label, *f.aliases)}


def field_for_header(header: object) -> str | None:
    if header is None:
        return None
    return _ALIASES.get(fold_header(header))


def auto_mapping(headers: list[str]) -> dict[str, str]:
    """field -> header, for the headers the aliases recognise (the first header wins for a field)."""
    mapping: dict[str, str] = {}
    for h in headers:
        name = field_for_header(h)
        if name and name not in mapping:
            mapping[name] = h
    return mapping


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
