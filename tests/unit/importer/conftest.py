"""Fixtures of the importer tests: the public reference tables, and a store holding a previous import."""

from __future__ import annotations

import pytest

from coopdata.importer.store import ImportStore
from coopdata.importer.validate import Reference, validate
from tests.conftest import DATA
from tests.unit.importer.make_files import valid_bytes


@pytest.fixture(scope="session")
def reference() -> Reference:
    return Reference.load(DATA)


@pytest.fixture
def store_with_previous(tmp_path, reference) -> ImportStore:
    """A store whose database in use is the battery's valid base file (4 rows)."""
    store = ImportStore(tmp_path / "imports")
    result = validate(valid_bytes(), "previous.xlsx", reference)
    assert result.ok, result.report.to_text()
    store.save(result.actions, result.filename, result.sha256)
    return store
