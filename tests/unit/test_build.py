"""The build: reproducible from the mirror, clear errors for bad sources, never a half-written data/."""

import json
import shutil

import pandas as pd
import pytest

from coopdata.build import BuildError, build
from coopdata.sources.common import SourceError
from coopdata.sources.registry import INPUTS
from tests.conftest import DATA


def _copy_mirror(mirror, tmp_path):
    dst = tmp_path / "mirror"
    for sub in ("raw", "nuts", "reference"):
        (dst / sub).mkdir(parents=True)
    for spec in INPUTS.values():
        shutil.copy(mirror / spec["path"], dst / spec["path"])
    return dst


@pytest.mark.slow
def test_rebuild_from_the_mirror_equals_the_committed_data(mirror, tmp_path):
    out = tmp_path / "data"
    build(out, mirror=mirror, progress=lambda _: None)
    committed = json.loads((DATA / "MANIFEST.json").read_text(encoding="utf-8"))
    rebuilt = json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))
    assert rebuilt == committed
    for name in rebuilt["tables"]:
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{name}.parquet"),
                                      pd.read_parquet(DATA / f"{name}.parquet"), obj=name)


def test_missing_source_file_names_it_and_leaves_data_untouched(mirror, tmp_path):
    src = _copy_mirror(mirror, tmp_path)
    (src / INPUTS["esif_2014_2020"]["path"]).unlink()
    out = tmp_path / "data"
    out.mkdir()
    (out / "keep.txt").write_text("previous build")
    with pytest.raises(SourceError, match="esif_2014_2020_finances_planned_details"):
        build(out, mirror=src, progress=lambda _: None)
    assert (out / "keep.txt").read_text() == "previous build"


def test_bad_amount_names_file_row_and_column(mirror, tmp_path):
    src = _copy_mirror(mirror, tmp_path)
    path = src / INPUTS["esif_2014_2020"]["path"]
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[4, "EU Amount"] = "12,3 mio"
    df.to_csv(path, index=False)
    with pytest.raises(SourceError, match=r"esif_2014_2020.*row 6, column EU Amount: '12,3 mio' is not a number"):
        build(tmp_path / "data", mirror=src, progress=lambda _: None)


def test_missing_column_is_named(mirror, tmp_path):
    src = _copy_mirror(mirror, tmp_path)
    path = src / INPUTS["programmes_2021_2027"]["path"]
    pd.read_csv(path, dtype=str).drop(columns=["managing_authority"]).to_csv(path, index=False)
    with pytest.raises(SourceError, match="programmes_2021_2027.*missing column\\(s\\) managing_authority"):
        build(tmp_path / "data", mirror=src, progress=lambda _: None)


@pytest.mark.slow
def test_objective_without_topic_fails_the_build(mirror, tmp_path, monkeypatch):
    from coopdata import vocabularies

    vocab = vocabularies.objective_topics()
    monkeypatch.setattr(vocabularies, "objective_topics", lambda: vocab[vocab["objective_code"] != "TO05"])
    with pytest.raises(BuildError, match="2014-2020 TO05"):
        build(tmp_path / "data", mirror=mirror, progress=lambda _: None)


@pytest.mark.slow
def test_failure_during_write_keeps_previous_data(mirror, tmp_path, monkeypatch):
    out = tmp_path / "data"
    build(out, mirror=mirror, progress=lambda _: None)
    before = (out / "MANIFEST.json").read_bytes()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", boom)
    with pytest.raises(OSError):
        build(out, mirror=mirror, progress=lambda _: None)
    assert (out / "MANIFEST.json").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["data"]  # no temp folder left behind
