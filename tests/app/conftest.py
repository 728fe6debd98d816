"""AppTest fixtures: the FICTIONAL example database imported into a temporary store (never local/imports)."""

from __future__ import annotations

import pandas as pd
import pytest

from coopdata.importer.example import EXAMPLE_PATH
from coopdata.importer.store import ENV_VAR, URL_ENV_VAR, ImportStore
from coopdata.importer.validate import Reference, validate
from coopdata.settings import EDITORS_ENV
from tests.conftest import DATA


@pytest.fixture(autouse=True)
def _no_database_unless_asked(tmp_path, monkeypatch):
    """Pages see an empty import store by default, whatever a developer keeps in local/imports or points
    COOPDATA_DATABASE_URL at; and local mode, whatever editors the shell names."""
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "no-imports"))
    monkeypatch.delenv(URL_ENV_VAR, raising=False)
    monkeypatch.delenv(EDITORS_ENV, raising=False)


@pytest.fixture(scope="session")
def example_store_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("example-import") / "imports"
    result = validate(EXAMPLE_PATH.read_bytes(), EXAMPLE_PATH.name, Reference.load(DATA))
    assert result.ok, result.report.to_text()
    ImportStore(folder).save(result.actions, result.filename, result.sha256)
    return folder


@pytest.fixture
def example_imported(example_store_dir, monkeypatch):
    """The pages of this test see the FICTIONAL example as the database in use."""
    monkeypatch.setenv(ENV_VAR, str(example_store_dir))
    return example_store_dir


@pytest.fixture(scope="session")
def example_workbook() -> pd.DataFrame:
    """The example's action rows read with pandas straight from the workbook (to check pages independently)."""
    return pd.read_excel(EXAMPLE_PATH, sheet_name=1, dtype=str)
