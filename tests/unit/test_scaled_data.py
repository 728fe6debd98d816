"""Benchmark data at 10x/100x: the real tables repeated with new, fictional programme keys."""

import json

import pandas as pd

from benchmarks.scaled_data import scale_table, write_scaled


def test_scale_table_repeats_rows_with_new_keys_and_marked_titles():
    df = pd.DataFrame({"cci": ["2021AT16RFPR001", "2014FR06RDRP073"], "title": ["A", "B"], "n": [1, 2]})
    out = scale_table(df, 3)
    assert out["cci"].tolist() == ["2021AT16RFPR001", "2014FR06RDRP073",
                                   "2021AT16RFPR001-FICTIONAL001", "2014FR06RDRP073-FICTIONAL001",
                                   "2021AT16RFPR001-FICTIONAL002", "2014FR06RDRP073-FICTIONAL002"]
    assert out["title"].tolist()[2:4] == ["A [FICTIONAL copy 1]", "B [FICTIONAL copy 1]"]
    assert out["n"].sum() == 9
    assert out["cci"].is_unique


def test_write_scaled_labels_the_folder_and_manifest(tmp_path):
    src = tmp_path / "data"
    src.mkdir()
    pd.DataFrame({"cci": ["X1", "X2"], "fund": ["ERDF", "CF"]}).to_parquet(src / "allocations.parquet")
    pd.DataFrame({"nuts_id": ["AT1"]}).to_parquet(src / "regions.parquet")
    (src / "MANIFEST.json").write_text(json.dumps({"tables": {"allocations": {"rows": 2}, "regions": {"rows": 1}}}))
    dst = write_scaled(src, tmp_path, 10)
    assert dst.name == "data-FICTIONAL-x10"
    assert len(pd.read_parquet(dst / "allocations.parquet")) == 20
    assert len(pd.read_parquet(dst / "regions.parquet")) == 1  # geography does not grow with programmes
    man = json.loads((dst / "MANIFEST.json").read_text())
    assert man["tables"] == {"allocations": {"rows": 20}, "regions": {"rows": 1}}
    assert man["fictional"].startswith("FICTIONAL")
