"""Facts about the loaded data for the Data & sources page."""

from __future__ import annotations

import pandas as pd

from coopdata.vocabularies import country_names

COOPERATION_FIELDS_NOTE = (
    "Whether a programme plans cooperation actions in an objective, with which approach, which partnership "
    "scope, which partner countries and what status: no public source provides these fields. They come only "
    "from the programme support team's own database, which can be imported on the Import page. Until then the "
    "dashboard shows what public data supports: the objectives each programme funds (each is an objective "
    "where cooperation actions must be described, Art. 22(3)(d)(vi) CPR) and the geography that defines the "
    "possible partnership scopes.")


def programmes_per_fund(programmes: pd.DataFrame, period: str) -> pd.DataFrame:
    p = programmes[programmes["period"] == period].explode("funds")
    p["funds"] = p["funds"].fillna("(funds not stated in the loaded sources)")
    out = p.groupby("funds").size().rename("programmes").reset_index().rename(columns={"funds": "fund"})
    return out.sort_values(["programmes", "fund"], ascending=[False, True], ignore_index=True)


def programmes_per_country(programmes: pd.DataFrame, period: str) -> pd.DataFrame:
    p = programmes[programmes["period"] == period].explode("countries")
    out = p.groupby("countries").size().rename("programmes").reset_index().rename(columns={"countries": "code"})
    out.insert(1, "country", out["code"].map(country_names()).fillna(out["code"]))
    return out.sort_values(["programmes", "code"], ascending=[False, True], ignore_index=True)


def sources_table(manifest: dict) -> pd.DataFrame:
    return pd.DataFrame([
        {"source": s["source"], "file": s["file"], "vintage": s["vintage"], "licence": s["licence"],
         "sha256": s["sha256"][:16] + "…"}
        for s in manifest["inputs"].values()
    ])
