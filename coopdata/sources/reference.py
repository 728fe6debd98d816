"""Sourced reference tables compiled for the project (shared/data/reference/): every row names its source
and how sure it is, and both are kept in the built tables.

- programme_funds_2021_2027.csv: the funds of the 106 mainstream multi-fund (FF) programmes of 2021-2027,
  with a confidence per row (stated / title / not found).
- interreg_transnational_areas_2021_2027_leads.csv: the areas of 8 transnational Interreg programmes as
  NUTS 2021 prefixes (a `?` after a country code: it takes part only in part, regions not found), with
  their non-EU participants. Leads from public pages, not the Commission Decision's annex.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from coopdata.sources.common import SourceError, fix_country, read_csv

FUNDS_FILE = "programme_funds_2021_2027.csv"
AREAS_FILE = "interreg_transnational_areas_2021_2027_leads.csv"
FUNDS_REQUIRED = ["cci", "funds", "source_url", "source_quote", "confidence"]
AREAS_REQUIRED = ["cci", "programme", "eu_nuts_prefixes_2021", "non_eu_participants", "source_url", "source_note"]
CONFIDENCES = ("stated", "title", "not found")
KNOWN_FUNDS = ("ERDF", "CF", "ESF+", "JTF", "EMFAF")


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def read_funds(path: Path) -> pd.DataFrame:
    """cci, funds (list), confidence, source_url, source_quote."""
    df = read_csv(path, FUNDS_REQUIRED)
    for i, row in df.iterrows():
        if row["confidence"] not in CONFIDENCES:
            raise SourceError(f"{path.name}: row {i + 2}, column confidence: {row['confidence']!r} is not one of "
                              f"{', '.join(CONFIDENCES)}")
        unknown = [f for f in _split(row["funds"]) if f not in KNOWN_FUNDS]
        if unknown:
            raise SourceError(f"{path.name}: row {i + 2}, column funds: unknown fund {unknown[0]!r}")
    df["funds"] = df["funds"].map(_split)
    return df[FUNDS_REQUIRED]


def _codes(cell: str) -> list[str]:
    """'NO (south)' -> 'NO'; 'UA (Chernivtsi; ...)' is split on ';' first, so brackets are dropped whole."""
    cell = re.sub(r"\([^)]*\)", "", cell)
    return [fix_country(part[:2]) for part in _split(cell)]


def read_transnational_areas(path: Path) -> pd.DataFrame:
    """cci, prefixes (list of NUTS 2021 codes), partial_countries (list: the `?` codes), non_eu (list),
    source_url, source_note."""
    df = read_csv(path, AREAS_REQUIRED)
    prefixes, partial = [], []
    for i, cell in enumerate(df["eu_nuts_prefixes_2021"]):
        codes = _split(cell)
        bad = [c for c in codes if not re.fullmatch(r"[A-Z]{2}[A-Z0-9]{0,3}\??", c)]
        if bad or not codes:
            raise SourceError(f"{path.name}: row {i + 2}, column eu_nuts_prefixes_2021: "
                              f"{(bad or [cell])[0]!r} is not a NUTS code")
        prefixes.append([fix_country(c[:2]) + c[2:] for c in codes if not c.endswith("?")])
        partial.append([fix_country(c[:2]) for c in codes if c.endswith("?")])
    return pd.DataFrame({"cci": df["cci"].str.strip(), "prefixes": prefixes, "partial_countries": partial,
                         "non_eu": df["non_eu_participants"].map(_codes),
                         "source_url": df["source_url"], "source_note": df["source_note"]})
