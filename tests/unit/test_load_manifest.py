"""MANIFEST.json that is valid JSON but not what the build writes: the problem is named, key by key."""

import json

import pytest

from coopdata.load import DataFileError, manifest_problems, read_manifest
from tests.conftest import DATA


def test_the_built_manifest_has_everything_the_app_reads():
    assert manifest_problems(read_manifest(DATA)) == []


@pytest.mark.parametrize("manifest, problems", [
    ([], ["holds a list, not an object of keys"]),
    ({}, ["key 'inputs' is missing", "key 'coverage' is missing", "key 'attribution' is missing"]),
    ({"inputs": {}, "coverage": {}, "attribution": "© EuroGeographics"},
     ["key 'attribution' is not a list", "key 'coverage.programmes_2014_2020' is missing",
      "key 'coverage.programmes_2021_2027' is missing",
      "key 'coverage.finances_2021_2027_programmes_with_objective_amounts' is missing",
      "key 'coverage.finances_2021_2027_note' is missing"]),
    ({"inputs": {"a": {"source": "s", "file": "f", "vintage": "v", "licence": "l"}, "b": "text"},
      "coverage": {"programmes_2014_2020": 1, "programmes_2021_2027": 2,
                   "finances_2021_2027_programmes_with_objective_amounts": 3, "finances_2021_2027_note": "n"},
      "attribution": []},
     ["source 'a' lacks 'sha256'", "source 'b' lacks 'source', 'file', 'vintage', 'licence', 'sha256'"]),
])
def test_what_is_missing_is_named(manifest, problems):
    assert manifest_problems(manifest) == problems


def test_reading_a_manifest_without_keys_raises_a_data_file_error(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "MANIFEST.json").write_text(json.dumps({"tables": {}}), encoding="utf-8")
    with pytest.raises(DataFileError) as exc:
        read_manifest(folder)
    assert str(exc.value) == ("data/MANIFEST.json: not a manifest the app can use (key 'inputs' is missing; key "
                              "'coverage' is missing; key 'attribution' is missing). Rebuild it with: .venv/bin/python -m "
                              "coopdata build --mirror ../shared/data")
