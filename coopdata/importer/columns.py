"""The template's columns: canonical field names, header labels, aliases, and the header mapping.

A file's headers are recognised by folding them (case, accents, punctuation, spaces) and comparing
with each field's label and aliases; the user can override the result field by field.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from coopdata.vocabularies import fold


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


# Header words in other languages of the EU, where a word names one template column only (tests list them).
# Folded as headers are: lower case, no accents ("Partnerländer" -> "partnerlander", "ł" -> "l").
OTHER_LANGUAGES: dict[str, dict[str, tuple[str, ...]]] = {
    "cci": {"de": ("programmcode", "programmkennung"), "fr": ("code du programme", "code programme"),
            "it": ("codice del programma", "codice programma"), "es": ("codigo del programa", "codigo programa"),
            "pl": ("kod programu", "numer cci")},
    "planned": {"de": ("geplant", "kooperation geplant"), "fr": ("prevu", "prevue", "actions prevues"),
                "it": ("previsto", "prevista", "pianificato"), "es": ("planificado", "previsto"),
                "pl": ("planowane", "planowany", "zaplanowane")},
    "partner_countries": {"de": ("partnerlander", "partnerland"), "fr": ("pays partenaires",),
                          "it": ("paesi partner",), "es": ("paises socios", "paises asociados"),
                          "pl": ("kraje partnerskie", "panstwa partnerskie")},
    "amount_eur": {"de": ("betrag",), "fr": ("montant",), "it": ("importo",), "es": ("importe",),
                   "pl": ("kwota",)},
    "notes": {"de": ("anmerkungen", "bemerkungen"), "fr": ("remarques", "commentaires"),
              "it": ("note", "osservazioni"), "es": ("notas", "observaciones"), "pl": ("uwagi", "komentarze")},
    "objective_code": {"de": ("spezifisches ziel", "thematisches ziel"), "fr": ("objectif specifique", "objectif"),
                       "it": ("obiettivo specifico", "obiettivo"), "es": ("objetivo especifico", "objetivo"),
                       "pl": ("cel szczegolowy", "cel tematyczny")},
    "topic": {"de": ("thema",), "fr": ("thematique",), "it": ("tema", "temi"), "es": ("tema", "temas"),
              "pl": ("temat", "tematy")},
    "status": {"fr": ("statut",), "pl": ("stan realizacji",)},
}
# Words that say nothing about which column it is: dropped before comparing ("Amount in EUR" -> "amount").
_FILLER = {"the", "of", "a", "an", "for", "per", "by", "in", "du", "des", "la", "le", "les", "der", "die", "das",
           "del", "della", "di", "el", "los", "las", "dla", "yes", "y", "n", "optional", "required", "mandatory",
           "please", "if", "any", "eur", "euro", "euros", "ja", "nein", "oui", "non", "si", "tak", "nie"}
_CURRENCY = {"eur", "euro", "euros"}
_SCALE = {"million", "millions", "mio", "mln", "m", "thousand", "thousands", "tsd", "k", "keur", "meur", "bn"}


class MappingError(ValueError):
    """A `--map` (or saved mapping) that cannot be understood; the message says why."""


def fold_header(text: object) -> str:
    """'Partner countries (sought)*' -> 'partner countries sought'."""
    return re.sub(r"[^0-9a-z]+", " ", fold(str(text)).replace("ł", "l").replace("€", " eur ")).strip()


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _words(text: object) -> tuple[tuple[str, ...], bool, bool]:
    """(the header's telling words, singular; whether it names a currency; whether it names a scale such as
    'million'). Text in brackets is a unit or a remark: its words only count for currency and scale."""
    raw = str(text)
    inside = " ".join(re.findall(r"[(\[{]([^)\]}]*)[)\]}]", raw))
    outside = re.sub(r"[(\[{][^)\]}]*[)\]}]", " ", raw)
    all_words = set(fold_header(raw.replace("€", " eur ")).split())
    currency = bool(all_words & _CURRENCY) or "€" in raw
    scale = bool(set(fold_header(inside).split()) & _SCALE) or bool(all_words & (_SCALE - {"m", "k"}))
    words = tuple(_stem(w) for w in fold_header(outside).split() if w not in _FILLER)
    return words, currency, scale


def _all_aliases() -> dict[str, str]:
    out = {}
    for f in FIELDS:
        for a in (f.name, f.label, *f.aliases):
            out.setdefault(fold_header(a), f.name)
    for name, by_language in OTHER_LANGUAGES.items():
        for words in by_language.values():
            for a in words:
                out.setdefault(fold_header(a), name)
    return out


_ALIASES = _all_aliases()
_ALIAS_WORDS: dict[tuple[str, ...], str] = {}
for _alias, _name in _ALIASES.items():
    _key = tuple(_stem(w) for w in _alias.split() if w not in _FILLER)
    if _key:
        _ALIAS_WORDS.setdefault(_key, _name)


@dataclass(frozen=True)
class Recognised:
    field: str | None          # the template field the header names, or None
    resembles: str | None      # when not recognised: the field it looks like (for a warning), or None
    why: str = ""              # why a look-alike was not taken


def recognise(header: object) -> Recognised:
    """Which template column a header names, read as people write them: exact names and aliases; then without
    units in brackets, filler words and plurals ('Amount (EUR)', 'Partner country'); then the longest alias
    whose words the header contains ('Total planned amount in EUR'); other EU languages where a word is
    unambiguous ('Betrag', 'Pays partenaires', 'Kod programu'). An amount in millions or thousands is not read
    as euro: it is reported as a look-alike."""
    if header is None or not str(header).strip():
        return Recognised(None, None)
    exact = _ALIASES.get(fold_header(header))
    words, currency, scale = _words(header)
    found = exact or _ALIAS_WORDS.get(words)
    if found is None and 0 < len(words) <= 6:  # a header, not a sentence
        present = set(words)
        hits = [(len(k), k, n) for k, n in _ALIAS_WORDS.items()
                if set(k) <= present and len(" ".join(k)) >= 3]
        if hits:
            if currency and any(n == "amount_eur" for _, _, n in hits):
                found = "amount_eur"
            else:
                longest = max(h[0] for h in hits)
                best = {n for size, _, n in hits if size == longest}
                if len(best) > 1:  # the head word of a phrase comes last: 'planned budget' is a budget
                    best = {n for size, k, n in hits if size == longest and k[-1] == words[-1]} or best
                found = best.pop() if len(best) == 1 else None
    if found == "amount_eur" and scale:
        return Recognised(None, "amount_eur", "its amounts are not in euro (millions or thousands)")
    if found is not None:
        return Recognised(found, None)
    close = difflib.get_close_matches(" ".join(words), [" ".join(k) for k in _ALIAS_WORDS], n=1, cutoff=0.8)
    if close:
        return Recognised(None, _ALIAS_WORDS[tuple(close[0].split())])
    return Recognised(None, None)


def field_for_header(header: object) -> str | None:
    return recognise(header).field


def auto_mapping(headers: list[str]) -> dict[str, str]:
    """field -> header, for the headers recognised (the first header wins for a field)."""
    mapping: dict[str, str] = {}
    for h in headers:
        name = field_for_header(h)
        if name and name not in mapping:
            mapping[name] = h
    return mapping


def template_field(text: str) -> str | None:
    """A template column as a user names it on the command line: its label, field name or an alias."""
    return _ALIASES.get(fold_header(text))


def parse_map(specs: list[str]) -> dict[str, str]:
    """`--map "Their column=Template column"` (repeatable) -> field -> their header. MappingError says what is
    wrong: no '=', a template column that does not exist, the same template column twice."""
    out: dict[str, str] = {}
    for spec in specs:
        if "=" not in spec:
            raise MappingError(f"'{spec}' is not of the form \"Their column=Template column\"")
        theirs, _, target = spec.rpartition("=")
        theirs, target = theirs.strip(), target.strip()
        name = template_field(target)
        if not theirs or name is None:
            raise MappingError(f"'{target}' is not a template column; the template columns are: "
                               + ", ".join(f.label for f in FIELDS) if theirs else
                               f"'{spec}' names no column of the file before '='")
        if name in out:
            raise MappingError(f"two columns are mapped to '{FIELD_BY_NAME[name].label}': '{out[name]}' and "
                               f"'{theirs}'")
        out[name] = theirs
    return out


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
