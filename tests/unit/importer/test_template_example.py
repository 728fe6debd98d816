"""The template and the FICTIONAL example workbook."""

import io

import openpyxl
import pandas as pd

from coopdata.importer import template
from coopdata.importer.columns import FIELDS
from coopdata.importer.example import EXAMPLE_PATH, write_example
from coopdata.importer.validate import validate
from tests.conftest import DATA, ROOT


def test_template_has_every_column_and_imports_as_no_data(reference):
    data = template.template_bytes()
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert wb.sheetnames == ["Actions", "Instructions", "Lists"]
    header = next(wb["Actions"].iter_rows(values_only=True))
    assert list(header) == [f.label for f in FIELDS]
    result = validate(data, template.FILE_NAME, reference)
    assert [p.kind for p in result.report.problems] == ["No data rows"]


def test_readme_describes_every_template_column():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for f in FIELDS:
        assert f"`{f.label}`" in readme, f.label


def test_example_is_reproducible_and_fictional_everywhere(tmp_path, reference, dataset):
    fresh = write_example(tmp_path / EXAMPLE_PATH.name, data_dir=DATA)
    assert fresh.read_bytes() == EXAMPLE_PATH.read_bytes()
    assert "FICTIONAL" in EXAMPLE_PATH.name
    result = validate(EXAMPLE_PATH.read_bytes(), EXAMPLE_PATH.name, reference)
    assert result.ok and result.report.problems == []
    actions = result.actions
    assert actions["fictional"].all()
    assert actions["notes"].str.contains("FICTIONAL").all()
    # Programmes are real: every CCI is in the public programme list, 762 of them (goals IJG and ETC).
    public = dataset.programmes
    assert set(actions["cci"]) <= set(public["cci"])
    assert actions["cci"].nunique() == public["goal"].isin(["IJG", "ETC"]).sum() == 762


def test_example_names_strategies_and_basins_its_programmes_take_part_in(reference, dataset):
    """A named scope is kept as scope_ids, and is one a country of the programme belongs to."""
    actions = validate(EXAMPLE_PATH.read_bytes(), EXAMPLE_PATH.name, reference).actions
    named = actions[actions["scope_ids"].map(len) > 0]
    assert len(named) > 0
    members = dataset.scope_members.groupby("scope_id")["country"].apply(set)
    countries = dataset.programmes.set_index("cci")["countries"]
    for cci, ids, scopes in zip(named["cci"], named["scope_ids"], named["scopes"], strict=True):
        for scope_id in ids:
            assert members[scope_id] & set(countries[cci]), (cci, scope_id)
        assert {"macro-regional", "sea basin"} & set(scopes)
    # Same workbook cells, read with pandas: every id written in the scope column is kept.
    df = pd.read_excel(EXAMPLE_PATH, sheet_name=1, dtype=str)
    written = df["Partnership scope"].fillna("").str.contains("EUSAIR").sum()
    kept = actions.drop_duplicates(["cci", "source_row"])["scope_ids"].map(lambda ids: "EUSAIR" in ids).sum()
    assert written == kept > 0
