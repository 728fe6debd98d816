"""Partnership scopes from the reviewed membership table coopdata/vocab/scope_members.csv.

Macro-regional strategies (EUSBSR, EUSDR, EUSAIR, EUSALP) and sea basins, transcribed from the official
member lists named in its `source` column. A row with no nuts_id means the whole country; a row whose
regional limits are not verified says so in `verified` and `note`.
"""

from __future__ import annotations

import pandas as pd

from coopdata.geography.coverage import NUTS_VERSION, region_and_ancestors

SCOPE_COLUMNS = ["scope_id", "scope_type", "scope_name", "country", "nuts_id", "nuts_version", "source",
                 "verified", "note", "eu_member"]
SCOPE_TYPES = ("macro-regional strategy", "sea basin")


class ScopeTableError(ValueError):
    """The membership table names an unknown scope type, country or NUTS code (message names the row)."""


def scope_members(vocab: pd.DataFrame, regions: pd.DataFrame, countries: pd.DataFrame,
                  file_name: str = "scope_members.csv") -> pd.DataFrame:
    known_nuts = set(regions.loc[regions["nuts_version"] == NUTS_VERSION, "nuts_id"])
    eu = dict(zip(countries["code"], countries["eu_member"], strict=True))
    for i, row in enumerate(vocab.itertuples(index=False), start=2):  # row 1 is the header
        where = f"{file_name}, row {i}"
        if row.scope_type not in SCOPE_TYPES:
            raise ScopeTableError(f"{where}, column scope_type: {row.scope_type!r} is not one of {SCOPE_TYPES}")
        if row.country not in eu:
            raise ScopeTableError(f"{where}, column country: {row.country!r} is not a known country code")
        if row.nuts_id and (row.nuts_id not in known_nuts or not row.nuts_id.startswith(row.country)):
            raise ScopeTableError(f"{where}, column nuts_id: {row.nuts_id!r} is not a NUTS {NUTS_VERSION} "
                                  f"region of {row.country}")
        if row.verified not in ("true", "false"):
            raise ScopeTableError(f"{where}, column verified: {row.verified!r} is not true or false")
    out = vocab.assign(nuts_id=vocab["nuts_id"].replace("", None), nuts_version=NUTS_VERSION,
                       verified=vocab["verified"].eq("true"), eu_member=vocab["country"].map(eu).astype(bool))
    return out[SCOPE_COLUMNS].sort_values(["scope_type", "scope_id", "country", "nuts_id"], ignore_index=True)


def scopes_of_region(members: pd.DataFrame, nuts_id: str, version: int = NUTS_VERSION) -> pd.DataFrame:
    """The scopes a region belongs to: its country is a member as a whole, or one of its ancestors (or
    itself) is a listed member region. A region above a listed one (Germany for EUSDR) belongs in part."""
    m = members[members["nuts_version"] == version]
    country = nuts_id[:2]
    whole = m["country"].eq(country) & m["nuts_id"].isna()
    listed = m["nuts_id"].isin(region_and_ancestors(nuts_id))
    part = m["nuts_id"].fillna("").str.startswith(nuts_id) & ~listed
    hits = m[whole | listed | part].assign(in_part=part[whole | listed | part])
    # One row per scope: 'in part' only when no row puts the region in as a whole.
    return (hits.sort_values("in_part").drop_duplicates("scope_id")
            .sort_values(["scope_type", "scope_id"], ignore_index=True))
