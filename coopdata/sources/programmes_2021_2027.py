"""Commission programme pages: the 2021-2027 programme list (CCI, country, title, managing authority, URL).

Scraped from the Commission's "managing authorities" pages on 2026-06-14; about 91% of cohesion CCIs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from coopdata.sources.common import SourceError, fix_country, read_csv

FILE = "programmes_2021_2027_ec_managing_authorities_list_2026-06-14.csv"
PERIOD = "2021-2027"
REQUIRED = ["cci", "country_code", "programme_name", "managing_authority", "ec_programme_url"]
CCI_PATTERN = re.compile(r"^2021[A-Z]{2}\d{2}[A-Z0-9]{2}[A-Z]{2}\d{3}$")


def read(path: Path) -> pd.DataFrame:
    df = read_csv(path, REQUIRED)
    df["cci"] = df["cci"].str.strip().str.upper()
    bad = ~df["cci"].str.match(CCI_PATTERN)
    if bad.any():
        i = int(bad.idxmax())
        raise SourceError(f"{path.name}: row {i + 2}, column cci: {df.loc[i, 'cci']!r} is not a 2021-2027 CCI")
    dup = df["cci"].duplicated()
    if dup.any():
        i = int(dup.idxmax())
        raise SourceError(f"{path.name}: row {i + 2}, column cci: {df.loc[i, 'cci']} appears twice")
    return df


def programmes(src: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "cci": src["cci"],
        "title": src["programme_name"].str.strip(),
        "country": src["country_code"].map(fix_country),
        "period": PERIOD,
        "managing_authority": src["managing_authority"].str.strip().replace("", None),
        "url": src["ec_programme_url"].str.strip().replace("", None),
        "source": "Commission programme pages (2026-06-14)",
    }).sort_values("cci", ignore_index=True)
