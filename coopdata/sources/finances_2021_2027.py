"""Cohesion Open Data Platform `hgyj-gyin`: 2021-2027 finances by categorisation dimension.

Each dimension type re-splits the same money of a programme x specific objective, so two dimensions are
never added. From a partial file (the mirror holds the first 1,000 rows) each programme x objective takes
the dimension whose sum is largest: in a partial sample the largest is the closest to complete. From a
complete download the dimensions must agree per programme (checked), and COMPLETE_DIMENSION is used, as
the reference notes advise. Every amount row names the dimension it came from. Objectives seen with no
amount in any dimension are kept without amounts, so the list of objectives a programme funds is as
complete as the file allows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from coopdata.sources.common import fix_country, read_csv, to_amount

FILE = "cohesion_2021_2027_finances_categorisation_hgyj-gyin_SAMPLE1000_2023-10.csv"
DATASET_ID = "hgyj-gyin"
PERIOD = "2021-2027"
# Any one dimension is complete in the full dataset; this one is what the reference notes advise, and a
# second one is downloaded to check that they agree per programme.
COMPLETE_DIMENSION = "Form of Support"
CHECK_DIMENSION = "Territorial delivery mechanism / territorial focus"
# Dimensions that do not split a programme's money: Interreg's and home-affairs' own types of action.
NOT_A_SPLIT = ("Type of Action ISF",)
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


def dimension_per_objective(src: pd.DataFrame) -> pd.DataFrame:
    """cci, objective_code, dimension_type: for each programme x specific objective, the dimension whose EU
    amount sums largest (ties go to the dimension named first in alphabetical order, so a build is stable)."""
    split = src[~src["dimension_type"].isin(NOT_A_SPLIT)]
    sums = split.groupby(["cci", "objective_code", "dimension_type"], as_index=False)["eu_amount"].sum()
    sums = sums.sort_values(["cci", "objective_code", "eu_amount", "dimension_type"],
                            ascending=[True, True, False, True])
    return sums.drop_duplicates(["cci", "objective_code"])[["cci", "objective_code", "dimension_type"]]


def disagreements(src: pd.DataFrame, tolerance: float = 1.0) -> pd.DataFrame:
    """Programmes whose EU totals differ between COMPLETE_DIMENSION and CHECK_DIMENSION by more than
    `tolerance` euros (a complete download must have none)."""
    per = (src[src["dimension_type"].isin([COMPLETE_DIMENSION, CHECK_DIMENSION])]
           .groupby(["cci", "dimension_type"])["eu_amount"].sum().unstack())
    for dim in (COMPLETE_DIMENSION, CHECK_DIMENSION):
        if dim not in per:
            per[dim] = float("nan")
    gap = (per[COMPLETE_DIMENSION] - per[CHECK_DIMENSION]).abs()
    return per[gap.gt(tolerance) | per.isna().any(axis=1)].reset_index()


def allocations(src: pd.DataFrame, complete: bool = False) -> pd.DataFrame:
    keys = ["cci", "fund", "priority_code", "objective_code", "category_of_region"]
    if complete:
        chosen = src.loc[src["dimension_type"] == COMPLETE_DIMENSION, ["cci", "objective_code", "dimension_type"]]
        chosen = chosen.drop_duplicates()
        basis = f"{DATASET_ID}: dimension '{{}}'"
    else:
        chosen = dimension_per_objective(src)
        basis = f"{DATASET_ID} sample: dimension '{{}}' (largest for this objective; partial)"
    rows = src.merge(chosen, on=["cci", "objective_code", "dimension_type"])
    measured = rows.groupby(keys + ["dimension_type"], as_index=False, sort=True)[["eu_amount", "total_amount"]].sum()
    measured["amount_basis"] = measured.pop("dimension_type").map(basis.format)
    listed = src[keys].drop_duplicates().merge(measured[keys], how="left", indicator=True)
    listed = listed[listed["_merge"] == "left_only"].drop(columns="_merge")
    listed["eu_amount"] = float("nan")
    listed["total_amount"] = float("nan")
    listed["amount_basis"] = f"{DATASET_ID}: objective listed, its amount in another fund or priority row"
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
