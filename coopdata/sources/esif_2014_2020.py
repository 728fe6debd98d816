"""Cohesion Open Data Platform `e4v6-qrrq`: ESIF 2014-2020 planned finances (complete, 541 programmes).

One row per programme x fund x priority x thematic objective x category of region (x EAFRD measure).
Rows do not overlap, so sums over any of these are valid.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from coopdata.sources.common import SourceError, fix_country, read_csv, to_amount

FILE = "esif_2014_2020_finances_planned_details_e4v6-qrrq_2019-04-11.csv"
DATASET_ID = "e4v6-qrrq"
PERIOD = "2014-2020"
REQUIRED = ["MS", "CCI", "Programme Title", "Fund", "Priority", "TO_code", "To short",
            "Category of region", "EU Amount", "Total Amount"]
# Fund codes as the Commission writes them; IPAE in the source is IPA cross-border money.
FUND_NAMES = {"ERDF": "ERDF", "ESF": "ESF", "CF": "CF", "YEI": "YEI", "EMFF": "EMFF", "EAFRD": "EAFRD", "IPAE": "IPA"}
COHESION_FUNDS = ("ERDF", "ESF", "CF", "YEI")


def objective_code(to_code: str) -> str:
    """'01' -> 'TO01'; TA, IPA-TA, DM, VOID kept as published."""
    return f"TO{to_code}" if to_code.isdigit() else to_code


def read(path: Path) -> pd.DataFrame:
    """The source rows, typed, with official codes (EL for Greece, TOnn objective codes)."""
    df = read_csv(path, REQUIRED)
    unknown = sorted(set(df["Fund"]) - set(FUND_NAMES))
    if unknown:
        raise SourceError(f"{path.name}: column Fund has unknown value(s) {', '.join(unknown)}")
    df["eu_amount"] = to_amount(df["EU Amount"], path, "EU Amount")
    df["total_amount"] = to_amount(df["Total Amount"], path, "Total Amount")
    df["MS"] = df["MS"].map(fix_country)
    return df


def allocations(src: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "cci": src["CCI"],
        "period": PERIOD,
        "fund": src["Fund"].map(FUND_NAMES),
        "priority": src["Priority"],
        "objective_code": src["TO_code"].map(objective_code),
        "category_of_region": src["Category of region"].replace("VOID", None),
        "eu_amount": src["eu_amount"],
        "total_amount": src["total_amount"],
        "amount_basis": f"{DATASET_ID}: planned amounts",
        "derived_from_fund": False,
    })
    # Several EAFRD measures share a priority/objective: sum them to the canonical grain.
    keys = ["cci", "period", "fund", "priority", "objective_code", "category_of_region", "amount_basis",
            "derived_from_fund"]
    return out.groupby(keys, dropna=False, as_index=False, sort=True)[["eu_amount", "total_amount"]].sum()


def programmes(src: pd.DataFrame) -> pd.DataFrame:
    g = src.groupby("CCI", sort=True)
    out = pd.DataFrame({
        "cci": list(g.groups),
        "title": g["Programme Title"].first().values,
        "country": g["MS"].first().values,
        "funds": [sorted({FUND_NAMES[f] for f in funds}) for funds in g["Fund"].unique()],
    })
    out["period"] = PERIOD
    out["managing_authority"] = None
    out["url"] = None
    out["source"] = DATASET_ID
    return out
