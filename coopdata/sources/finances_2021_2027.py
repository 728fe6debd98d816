"""Cohesion Open Data Platform `hgyj-gyin`: 2021-2027 finances by categorisation dimension.

Each dimension type re-splits the same money, so amounts come from ONE dimension only
(AMOUNT_DIMENSION). Objectives seen only under other dimensions are kept without amounts, so the
list of objectives a programme funds is as complete as the file allows. The mirror is a partial
sample (first 1,000 rows): programme totals built from it are not complete, and the manifest says so.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from coopdata.sources.common import fix_country, read_csv, to_amount

FILE = "cohesion_2021_2027_finances_categorisation_hgyj-gyin_SAMPLE1000_2023-10.csv"
DATASET_ID = "hgyj-gyin"
PERIOD = "2021-2027"
# The dimension that covers the most programmes in the mirror's sample; any one dimension is complete
# in the full dataset, so the download path uses the same one.
AMOUNT_DIMENSION = "Territorial delivery mechanism / territorial focus"
REQUIRED = ["ms", "cci", "programme_title_short", "priority_code", "policy_objective_code",
            "specific_objective_code", "specific_objective_short_name", "dimension_type", "fund",
            "category_of_region", "eu_amount", "total_amount"]
# Home-affairs funds (AMIF, ISF, BMVI) are not cohesion policy: left out.
FUND_NAMES = {"ERDF": "ERDF", "ESF+": "ESF+", "CF": "CF", "JTF": "JTF", "Interreg Funds": "Interreg",
              "EMFAF": "EMFAF"}


def objective_code(code: str, short_name: str, po_code: str) -> str:
    """Codes as published (RSO1.1, ESO4.1, JSO8.1, ISO6.1, TA.36(5)); EMFAF's bare '1.4' -> 'MSO1.4'."""
    if po_code.startswith("TA") and not code.startswith("TA"):
        return "TA." + po_code[2:]  # EMFAF technical assistance: 'TA36(4)' -> 'TA.36(4)'
    first = short_name.split(" ")[0] if short_name else ""
    if code and code[0].isdigit() and first.startswith("MSO"):
        return first
    return code


def read(path: Path) -> pd.DataFrame:
    df = read_csv(path, REQUIRED)
    df = df[df["fund"].isin(FUND_NAMES)].copy()
    df["eu_amount"] = to_amount(df["eu_amount"], path, "eu_amount")
    df["total_amount"] = to_amount(df["total_amount"], path, "total_amount")
    df["ms"] = df["ms"].map(fix_country)
    df["fund"] = df["fund"].map(FUND_NAMES)
    df["objective_code"] = [
        objective_code(c, s, p)
        for c, s, p in zip(df["specific_objective_code"], df["specific_objective_short_name"],
                           df["policy_objective_code"], strict=True)
    ]
    return df


def allocations(src: pd.DataFrame) -> pd.DataFrame:
    keys = ["cci", "fund", "priority_code", "objective_code", "category_of_region"]
    measured = (src[src["dimension_type"] == AMOUNT_DIMENSION]
                .groupby(keys, as_index=False, sort=True)[["eu_amount", "total_amount"]].sum())
    measured["amount_basis"] = f"{DATASET_ID} sample: dimension '{AMOUNT_DIMENSION}' (partial)"
    listed = src[keys].drop_duplicates().merge(measured[keys], how="left", indicator=True)
    listed = listed[listed["_merge"] == "left_only"].drop(columns="_merge")
    listed["eu_amount"] = float("nan")
    listed["total_amount"] = float("nan")
    listed["amount_basis"] = f"{DATASET_ID} sample: objective listed, no amount in '{AMOUNT_DIMENSION}'"
    out = pd.concat([measured, listed], ignore_index=True).rename(columns={"priority_code": "priority"})
    out["category_of_region"] = out["category_of_region"].replace({"Interreg Funds": None, "": None})
    out["period"] = PERIOD
    out["derived_from_fund"] = False
    return out.sort_values(["cci", "fund", "priority", "objective_code"], ignore_index=True)


def programmes(src: pd.DataFrame) -> pd.DataFrame:
    """Programmes found in the finances file (some are not in the programme list)."""
    g = src.groupby("cci", sort=True)
    return pd.DataFrame({
        "cci": list(g.groups),
        "title": g["programme_title_short"].first().values,
        "country": g["ms"].first().values,
        "period": PERIOD,
        "managing_authority": None,
        "url": None,
        "source": DATASET_ID,
    })
