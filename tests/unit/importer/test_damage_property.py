"""Property: random damage to a valid file never ends in an unhandled exception or a half-updated database."""

import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopdata.importer.store import ImportStore
from coopdata.importer.validate import ImportResult, validate
from tests.unit.importer.make_files import HEADER, ROWS, valid_bytes, workbook

VALID = valid_bytes()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def import_into(store: ImportStore, data: bytes, name: str, reference) -> ImportResult:
    """What the page and the CLI do: validate, and store only a fully valid result."""
    result = validate(data, name, reference)
    assert isinstance(result, ImportResult)
    assert (result.actions is None) is (not result.ok)
    if result.ok:
        store.save(result.actions, result.filename, result.sha256)
    return result


def check_store(store: ImportStore, before: str, result: ImportResult) -> None:
    current = store.current()  # always loads: a complete version, never a half-written one
    if result.ok:
        assert current.meta["file_name"] == result.filename
        assert len(current.actions) == current.meta["rows"] == len(result.actions)
    else:
        assert current.version == before


byte_damage = st.lists(st.tuples(st.sampled_from(["flip", "cut", "insert"]), st.integers(0, len(VALID) - 1),
                                 st.binary(min_size=1, max_size=8)), min_size=1, max_size=4)


@SETTINGS
@given(damage=byte_damage, name=st.sampled_from(["db.xlsx", "db.csv"]))
def test_damaged_bytes(damage, name, store_with_previous, reference):
    data = bytearray(VALID)
    for op, pos, blob in damage:
        pos = min(pos, len(data))
        if op == "flip" and pos < len(data):
            data[pos] ^= blob[0] or 1
        elif op == "cut":
            del data[pos:pos + 64 * len(blob)]
        else:
            data[pos:pos] = blob
    before = store_with_previous.version()
    result = import_into(store_with_previous, bytes(data), name, reference)
    check_store(store_with_previous, before, result)


cell_values = st.one_of(st.none(), st.text(max_size=30), st.integers(-10**12, 10**12),
                        st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
                        st.sampled_from(["=1+1", "=HYPERLINK(\"x\")", "<b>x</b>", "GR; Ελλάδα", "nl 332", "1.250.000",
                                         "RSO9.9", "yes", "no", "", "2021AT16FFPR001", ";;,"]))


@pytest.mark.slow  # many generated workbooks
@SETTINGS
@given(edits=st.lists(st.tuples(st.integers(0, len(ROWS)), st.integers(0, len(HEADER) - 1), cell_values),
                      min_size=1, max_size=8))
def test_damaged_cells(edits, store_with_previous, reference):
    rows = [list(HEADER)] + [list(r) for r in ROWS]
    for r, c, value in edits:
        rows[r][c] = value
    buf = io.BytesIO()
    try:
        workbook(rows[1:], rows[0]).save(buf)
    except (ValueError, openpyxl.utils.exceptions.IllegalCharacterError):
        return  # openpyxl itself refuses to write some control characters: not a file a user can have
    before = store_with_previous.version()
    result = import_into(store_with_previous, buf.getvalue(), "db.xlsx", reference)
    check_store(store_with_previous, before, result)
