"""Facts about the loaded data for the Data & sources page."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopdata.prepared import Codes, Pairs, Prepared
from coopdata.vocabularies import country_names

COOPERATION_FIELDS_NOTE = (
    "Whether a programme plans cooperation actions in an objective, with which approach, which partnership "
    "scope, which partner countries and what status: no public source provides these fields. They come only "
    "from the programme support team's own database, which can be imported on the Import page. Until then the "
    "dashboard shows what public data supports: the objectives each programme funds (each is an objective "
    "where cooperation actions must be described, Art. 22(3)(d)(vi) CPR) and the geography that defines the "
    "possible partnership scopes.")


NO_FUND = "(funds not stated in the loaded sources)"


def _per_value(programmes: pd.DataFrame, column: str, period: str, kept: np.ndarray | None,
               missing: str | None, prepared: Prepared | None) -> tuple[list, list[int]]:
    """Programmes of `period` (among `kept`, a boolean mask) per value of a multi-valued column ("funds" or
    "countries"), a programme counted once per value it lists, from the column's (programme, value) pairs
    (`prepared`: made when the dataset was loaded; None: made now). Programmes listing no value (or a missing
    one) count under `missing`; None: not counted."""
    if prepared is not None and prepared.size != len(programmes):
        raise ValueError(f"codes of {prepared.size} programmes given for {len(programmes)}")
    pairs = Pairs.of(programmes[column]) if prepared is None else getattr(prepared, column)
    chosen = (Codes.of(programmes["period"]) if prepared is None else prepared.period).isin((period,))
    if kept is not None:
        chosen &= kept
    rows, codes, uniques = pairs.rows, pairs.codes, pairs.uniques
    picked = chosen[rows]
    counts = np.bincount(codes[picked & (codes >= 0)], minlength=len(uniques))
    values, numbers = list(uniques[counts > 0]), [int(n) for n in counts[counts > 0]]
    listing_none = np.count_nonzero(chosen & (np.bincount(rows, minlength=len(programmes)) == 0))
    without = int(listing_none + np.count_nonzero(picked & (codes < 0)))
    if missing is not None and without:
        values.append(missing)
        numbers.append(without)
    # Most programmes first, then by name.
    ranked = sorted(zip(values, numbers, strict=True), key=lambda pair: (-pair[1], pair[0]))
    return [value for value, _ in ranked], [number for _, number in ranked]


def programmes_per_fund(programmes: pd.DataFrame, period: str, kept: np.ndarray | None = None,
                        prepared: Prepared | None = None) -> pd.DataFrame:
    """Programmes of `period` per fund (a programme once under each of its funds); `kept`: a boolean mask of the
    programmes counted (None: all); `prepared`: the programmes' codes (Dataset.prepared), when made."""
    funds, numbers = _per_value(programmes, "funds", period, kept, NO_FUND, prepared)
    return pd.DataFrame({"fund": pd.Index(funds), "programmes": np.array(numbers, dtype="int64")})


def programmes_per_country(programmes: pd.DataFrame, period: str, kept: np.ndarray | None = None,
                           prepared: Prepared | None = None) -> pd.DataFrame:
    """Programmes of `period` per country they name (Interreg: under each); `kept`, `prepared` as in
    programmes_per_fund."""
    codes, numbers = _per_value(programmes, "countries", period, kept, None, prepared)
    names = country_names()
    return pd.DataFrame({"code": pd.Index(codes), "country": pd.array([names.get(c, c) for c in codes], dtype="str"),
                         "programmes": np.array(numbers, dtype="int64")})


def sources_table(manifest: dict) -> pd.DataFrame:
    return pd.DataFrame([
        {"source": s["source"], "file": s["file"], "vintage": s["vintage"], "licence": s["licence"],
         "sha256": s["sha256"][:16] + "…"}
        for s in manifest["inputs"].values()
    ])


def coverage_table(manifest: dict) -> pd.DataFrame:
    """What the loaded sources cover, figure by figure, as the manifest of the build counts it."""
    cov, geo = manifest["coverage"], manifest["geography"]
    n21 = cov["programmes_2021_2027"]
    rows = [
        ("2014-2020", "programmes with planned EU amounts", f"{cov['programmes_2014_2020']:,} of "
         f"{cov['programmes_2014_2020']:,}", "complete source"),
        ("2021-2027", "programmes with objective-level EU amounts",
         f"{cov['finances_2021_2027_programmes_with_objective_amounts']:,} of {n21:,}",
         "partial sample; per programme and objective the categorisation dimension with the largest sum"),
        ("2021-2027", "programmes whose funds are unknown", f"{len(cov['programmes_2021_2027_funds_unknown']):,} of "
         f"{n21:,}", "no finance row, title or sourced table names their funds"),
    ]
    for country, per_level in geo.get("former_member_regions_per_level", {}).items():
        rows.append(("2014-2020", f"{country} regions on the map (NUTS 1 / 2 / 3)",
                     " / ".join(f"{per_level.get(str(level), 0):,}" for level in (1, 2, 3)),
                     "NUTS 2016, the last version with the UK, as GISCO's NUTS 2021 boundary files draw it "
                     "(Eurostat's NUTS 2021 workbook lists the EU27 only); not shown for 2021-2027"))
    for period, per_basis in sorted(geo.get("interreg_programmes_per_area_basis", {}).items()):
        for basis, n in per_basis.items():
            rows.append((period, f"Interreg programmes with area from {basis}", f"{n:,}",
                         "a programme is counted under each basis part of its area has"))
    return pd.DataFrame(rows, columns=["period", "what", "figure", "note"])
