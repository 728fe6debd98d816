"""The canonical tables (DESIGN.md §3): their columns, and rules read off the CCI code.

CCI layout: YYYY CC NN XX TT nnn, e.g. 2021ES16RFPR001 (see shared reference notes).
"""

from __future__ import annotations

import re

import pandas as pd

from coopdata.vocabularies import find_countries_in_text

PROGRAMME_COLUMNS = ["cci", "period", "title", "country", "countries", "goal", "funds", "funds_basis", "kind",
                     "interreg_strand", "managing_authority", "url", "source"]
# Stored amounts are whole cents (coopdata.amounts); loading adds eu_amount and total_amount in euros for showing rows.
ALLOCATION_COLUMNS = ["cci", "period", "fund", "priority", "objective_code", "policy_objective", "topic_id",
                      "category_of_region", "eu_cents", "total_cents", "amount_basis", "derived_from_fund"]
KINDS = ("national", "regional", "multi-regional", "Interreg")
GOALS = {"IJG": "Investment for jobs and growth", "ETC": "European territorial cooperation (Interreg)",
         "EAFRD": "Rural development (EAFRD, not cohesion policy)", "FISH": "Maritime and fisheries"}
# Interreg strand from the CCI type letters.
STRANDS = {"CB": "cross-border", "TN": "transnational", "IR": "interregional", "OR": "outermost regions",
           "PC": "PEACE"}
# Fund family letters of 2021-2027 CCIs.
FUNDS_2021_BY_CCI = {"RF": ["ERDF"], "SF": ["ESF+"], "CF": ["CF"], "JT": ["JTF"], "MF": ["EMFAF"],
                     "IP": ["Interreg"], "NX": ["Interreg"]}
# How a 2021-2027 title names a fund ("ERDF-ESF+-JTF", "CF/ERDF", "ERDF ESF+"; a bare ESF is ESF+ then).
FUND_TOKENS = [("ESF+", r"ESF\s?\+"), ("ERDF", r"\bERDF\b"), ("CF", r"\bCF\b"), ("CF", r"\bCohesion Fund\b"),
               ("JTF", r"\bJTF\b"), ("JTF", r"\bJust Transition Fund\b"), ("ESF+", r"\bESF\b(?!\s?\+)"),
               ("EMFAF", r"\bEMFAF\b")]
# Where a fund of a programme was read from (programmes.funds_basis names these).
FUND_BASES = {"finances": "finance rows", "cci": "CCI fund family", "title": "programme title",
              "short_title": "short title in the finances", "stated": "sourced table: stated by a source",
              "reference_title": "sourced table: named in the official title"}


def cci_parts(cci: str) -> dict[str, str]:
    return {"year": cci[0:4], "country": cci[4:6], "fund_code": cci[6:8], "family": cci[8:10], "type": cci[10:12]}


def goal(cci: str) -> str:
    p = cci_parts(cci)
    if p["country"] == "TC":
        return "ETC"
    return {"06": "EAFRD", "14": "FISH"}.get(p["fund_code"], "IJG")


def interreg_strand(cci: str) -> str | None:
    p = cci_parts(cci)
    if p["country"] != "TC":
        return None
    if p["family"] in ("IP", "I5"):
        return "IPA cross-border" if p["type"] == "CB" else "IPA"
    if p["family"] == "NX":
        return "NEXT"
    return STRANDS.get(p["type"], "other")


def funds_in_title(title: str) -> set[str]:
    return {fund for fund, pattern in FUND_TOKENS if isinstance(title, str) and re.search(pattern, title)}


def fund_evidence_2021(cci: str, titles: list[str], seen_in_finances: list[str],
                       sourced: tuple[list[str], str] | None = None) -> list[tuple[str, str]]:
    """(fund, basis) pairs for a 2021-2027 programme, from every source there is: its finance rows, the fund
    family in its CCI, the funds its titles name (official, then short), and the sourced table of the
    multi-fund programmes (funds, confidence). The programme's funds are their union."""
    if cci_parts(cci)["country"] == "TC":
        return [("Interreg", FUND_BASES["cci"])]
    found = [(f, FUND_BASES["finances"]) for f in seen_in_finances]
    found += [(f, FUND_BASES["cci"]) for f in FUNDS_2021_BY_CCI.get(cci_parts(cci)["family"], [])]
    for title, basis in zip(titles, ("title", "short_title"), strict=False):
        found += [(f, FUND_BASES[basis]) for f in sorted(funds_in_title(title))]
    if sourced:
        funds, confidence = sourced
        basis = FUND_BASES["stated" if confidence == "stated" else "reference_title"]
        found += [(f, basis) for f in funds]
    return list(dict.fromkeys(found))


def funds_basis(evidence: list[tuple[str, str]]) -> str:
    """'CF: finance rows; ERDF: CCI fund family, programme title': which source gave each fund."""
    by_fund: dict[str, list[str]] = {}
    for fund, basis in evidence:
        by_fund.setdefault(fund, []).append(basis)
    return "; ".join(f"{fund}: {', '.join(bases)}" for fund, bases in sorted(by_fund.items()))


def programme_countries(cci: str, country: str, title: str) -> list[str]:
    """Member States (and partner countries) a programme belongs to; Interreg ones from the title."""
    if cci_parts(cci)["country"] != "TC":
        return [country]
    named = find_countries_in_text(title)
    return named or ([country] if country and country != "TC" else [])


def finish_programmes(df: pd.DataFrame) -> pd.DataFrame:
    """Add the columns read off the CCI and title, in the canonical column order."""
    df = df.copy()
    df["goal"] = df["cci"].map(goal)
    df["interreg_strand"] = df["cci"].map(interreg_strand)
    df["countries"] = [programme_countries(c, k, t) for c, k, t in zip(df["cci"], df["country"], df["title"], strict=True)]
    df.loc[df["goal"].eq("ETC"), "country"] = "TC"  # as in Commission datasets; `countries` lists them
    if "kind" not in df:
        df["kind"] = None
    # A first rule; the geography step refines national/regional from the regions a title names.
    is_tc = df["goal"].eq("ETC")
    df.loc[is_tc, "kind"] = "Interreg"
    df.loc[~is_tc & df["kind"].isna(), "kind"] = "national"
    return df[PROGRAMME_COLUMNS].sort_values(["period", "cci"], ignore_index=True)
