"""FICTIONAL data for benchmarks at 10x and 100x: the real tables repeated with new programme keys.

Every table with a `cci` column is repeated `factor` times; copy i > 0 gets keys `<cci>-FICTIONAL<i>`
and titles marked "[FICTIONAL copy i]". Other files (regions, vocabularies, geometries) are copied as
they are. The folder name and the manifest say the data is fictional.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd


def scale_table(df: pd.DataFrame, factor: int) -> pd.DataFrame:
    copies = [df]
    for i in range(1, factor):
        c = df.copy()
        c["cci"] = c["cci"] + f"-FICTIONAL{i:03d}"
        if "title" in c.columns:
            c["title"] = c["title"] + f" [FICTIONAL copy {i}]"
        copies.append(c)
    return pd.concat(copies, ignore_index=True)


def write_scaled(src: Path, parent: Path, factor: int) -> Path:
    """Write a scaled copy of the built folder `src` into parent/; return its path."""
    dst = Path(parent) / f"data-FICTIONAL-x{factor}"
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    rows = {}
    for path in sorted(Path(src).iterdir()):
        if path.suffix == ".parquet":
            df = pd.read_parquet(path)
            if "cci" in df.columns and factor > 1:
                df = scale_table(df, factor)
            df.to_parquet(dst / path.name, index=False)
            rows[path.stem] = len(df)
        elif path.is_file() and path.name != "MANIFEST.json":
            shutil.copy2(path, dst / path.name)
        elif path.is_dir():  # geometries (data/geo/) do not grow with the number of programmes
            shutil.copytree(path, dst / path.name)
    man = json.loads((Path(src) / "MANIFEST.json").read_text(encoding="utf-8"))
    for name, n in rows.items():
        if name in man.get("tables", {}):
            man["tables"][name]["rows"] = n
    man["fictional"] = (f"FICTIONAL benchmark data: the real tables repeated {factor} times with new "
                        f"programme keys (<cci>-FICTIONALnnn). Not for display or export.")
    (dst / "MANIFEST.json").write_text(json.dumps(man, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return dst
