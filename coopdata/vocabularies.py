"""The project's own versioned vocabularies (coopdata/vocab/*.csv): topics, objectives, countries.

Pure pandas, no streamlit. These files are reviewed by hand; the build copies them into data/.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pandas as pd

VOCAB_DIR = Path(__file__).parent / "vocab"
# Attribution every source asks for, shown in the app's footer and on the Data & sources page.
ATTRIBUTION_COHESION = ("Source: European Commission, Cohesion Open Data Platform (cohesiondata.ec.europa.eu) "
                        "— © European Union; modified")
ATTRIBUTION_NUTS = "© European Union, Eurostat (NUTS classification)"
ATTRIBUTION_GISCO = "© EuroGeographics for the administrative boundaries"


@lru_cache(maxsize=1)
def topics() -> pd.DataFrame:
    """topic_id, label, description: the cross-period topic vocabulary."""
    return pd.read_csv(VOCAB_DIR / "topics.csv", dtype=str)


@lru_cache(maxsize=1)
def objective_topics() -> pd.DataFrame:
    """period, objective_code, objective_name, policy_objective, topic_id."""
    return pd.read_csv(VOCAB_DIR / "objective_topics.csv", dtype=str, keep_default_na=False).replace("", None)


@lru_cache(maxsize=1)
def _topic_labels() -> dict[str, str]:
    return topic_labels(topics())


def topic_labels(table: pd.DataFrame | None = None) -> dict[str, str]:
    """topic_id -> label, of the vocabulary's topics or of a `table` of topics (a dataset's)."""
    if table is not None:
        return dict(zip(table["topic_id"], table["label"], strict=True))
    # A copy of the dict made once (reading the frame's columns again cost 0.1 ms): callers may change theirs.
    return dict(_topic_labels())


@lru_cache(maxsize=1)
def countries() -> pd.DataFrame:
    """code, name_en, names_other (';'-separated), eu_member."""
    df = pd.read_csv(VOCAB_DIR / "countries.csv", dtype=str, keep_default_na=False)
    df["eu_member"] = df["eu_member"].eq("true")
    return df


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return dict(zip(countries()["code"], countries()["name_en"], strict=True))


def country_names() -> dict[str, str]:
    return dict(_country_names())  # as topic_labels


def eu_members() -> list[str]:
    return countries().loc[countries()["eu_member"], "code"].tolist()


# The United Kingdom left the EU on 31 January 2020: it has programmes of 2014-2020, none of 2021-2027.
FORMER_MEMBERS = {"2014-2020": ("UK",)}


def former_members(period: str | None = None) -> list[str]:
    """Countries that were Member States in a programming period and are no longer (no period: in any)."""
    return list(FORMER_MEMBERS.get(period, ()) if period else dict.fromkeys(c for p in FORMER_MEMBERS.values()
                                                                            for c in p))


@lru_cache(maxsize=1)
def named_scopes() -> pd.DataFrame:
    """scope_id, scope_type, scope_name: the macro-regional strategies and sea basins of scope_members.csv."""
    members = pd.read_csv(VOCAB_DIR / "scope_members.csv", dtype=str, keep_default_na=False)
    return members[["scope_id", "scope_type", "scope_name"]].drop_duplicates("scope_id").reset_index(drop=True)


# Partnership scopes (DESIGN.md §3) as the imported database and the workshop's registrations spell them; a named
# list of countries only in the database (a place defines the other four).
SCOPES = ("cross-border", "macro-regional", "sea basin", "EU-wide", "countries")
AREA_SCOPES = SCOPES[:4]
# Topics that say nothing of what a programme funds, so no cooperation theme: left out of topic choices (Partner
# search, the live workshop, the fictional example), of Themes' 'thematic only' view and of profile similarity.
# Themes shows them by default: they are real money, and its shares reconcile with the source only with them.
NON_THEMATIC_TOPICS = ("technical_assistance", "not_specified")
# A strategy's or sea basin's scope_type (scope_members.csv) -> its generic scope.
GENERIC_SCOPE_OF_TYPE = {"macro-regional strategy": "macro-regional", "sea basin": "sea basin"}


def scope_key(scope: str) -> str:
    """A scope as the partner search's link writes it: 'sea basin' -> 'sea-basin', 'EU-wide' -> 'eu-wide'."""
    return scope.lower().replace(" ", "-")


# The partner search's scopes, by scope_key, with the words it shows for each.
SCOPE_LABELS = dict(zip(map(scope_key, SCOPES), ("Cross-border neighbours", "Same macro-regional strategy",
                                                 "Same sea basin", "EU-wide", "A list of countries"), strict=True))


def generic_scope_of() -> dict[str, str]:
    """scope_id -> its generic scope: 'EUSAIR' -> 'macro-regional', 'BLACKSEA' -> 'sea basin'."""
    named = named_scopes()
    return dict(zip(named["scope_id"], named["scope_type"].map(GENERIC_SCOPE_OF_TYPE), strict=True))


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: for matching names typed in many ways."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().lower()


# Where a source writes a country's ISO code, the Commission writes its own: Greece is EL, the United Kingdom UK.
COMMISSION_CODES = {"GR": "EL", "GB": "UK"}


def official_code(code: str) -> str:
    """A code written with a country code first (a country, a NUTS region, a CCI after its year) in the
    Commission's spelling: 'GR' -> 'EL', 'GR30' -> 'EL30', 'GB' -> 'UK'; anything else unchanged."""
    return COMMISSION_CODES.get(code[:2], code[:2]) + code[2:] if code else code


@lru_cache(maxsize=1)
def _country_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for row in countries().itertuples():
        for name in [row.code, row.name_en, *filter(None, row.names_other.split(";"))]:
            lookup[fold(name)] = row.code
    lookup.update({iso.lower(): code for iso, code in COMMISSION_CODES.items()})
    return lookup


def normalise_country(value: str) -> str | None:
    """A country code as the Commission writes it, from a code or a name; None when unknown."""
    if value is None:
        return None
    return _country_lookup().get(fold(str(value)))


def find_countries_in_text(text: str) -> list[str]:
    """Codes of the countries named in a free text such as an Interreg programme title, in order."""
    folded = fold(text)
    found: list[tuple[int, str]] = []
    for name, code in _country_lookup().items():
        if len(name) <= 2:
            continue  # two-letter codes would match inside words
        for m in re.finditer(r"(?<![a-z])" + re.escape(name) + r"(?![a-z])", folded):
            found.append((m.start(), code))
    seen: list[str] = []
    for _, code in sorted(found):
        if code not in seen:
            seen.append(code)
    return seen
