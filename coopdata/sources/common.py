"""Shared helpers for reading source files with errors that name the file and the problem."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from coopdata.vocabularies import COMMISSION_CODES


class SourceError(Exception):
    """A source file is missing or not what the build expects. The message names the file."""


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_csv(path: Path, required: list[str], **kwargs) -> pd.DataFrame:
    """Read a CSV as text columns and check it has the columns the build needs."""
    if not path.exists():
        raise SourceError(f"{path.name}: file not found (looked in {path.parent.name}/)")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, **kwargs)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise SourceError(f"{path.name}: cannot be read as CSV ({exc})") from exc
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise SourceError(f"{path.name}: missing column(s) {', '.join(missing)}; found {', '.join(df.columns[:12])}")
    if df.empty:
        raise SourceError(f"{path.name}: has a header but no rows")
    return df


def to_amount(series: pd.Series, path: Path, column: str) -> pd.Series:
    """Parse an amount column; an unparseable value is a build error naming the row."""
    values = pd.to_numeric(series.replace("", None), errors="coerce")
    bad = values.isna() & series.ne("")
    if bad.any():
        row = int(bad.idxmax()) + 2  # +1 for the header, +1 for 1-based rows
        raise SourceError(f"{path.name}: row {row}, column {column}: {series[bad.idxmax()]!r} is not a number")
    return values.astype("float64")


def fix_country(code: str) -> str:
    """Greece is EL in Commission data (some sources write GR); the UK is UK."""
    return COMMISSION_CODES.get(code, code)
