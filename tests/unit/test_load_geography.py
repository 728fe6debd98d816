"""The geography tables and geometries are required files: missing ones are named."""

import shutil

import pytest

from coopdata.load import DataFileError, load_dataset, read_geometry
from tests.conftest import DATA


def test_missing_coverage_table_is_a_data_file_error(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    (tmp_path / "data" / "coverage.parquet").unlink()
    with pytest.raises(DataFileError, match="coverage.parquet: file is missing"):
        load_dataset(tmp_path / "data")


def test_missing_or_broken_geometry_is_named(tmp_path):
    (tmp_path / "geo").mkdir()
    with pytest.raises(DataFileError, match="nuts2021_l3.geojson: file is missing"):
        read_geometry(2021, 3, tmp_path)
    (tmp_path / "geo" / "nuts2021_l3.geojson").write_text("{not json")
    with pytest.raises(DataFileError, match="nuts2021_l3.geojson: file is not valid GeoJSON"):
        read_geometry(2021, 3, tmp_path)
