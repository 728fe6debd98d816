"""Fixtures for the workshop tests: the FICTIONAL registration list and tiny hand-made lists."""

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from coopdata.load import GEOGRAPHY_TABLES
from coopdata.workshop.pairs import Geography
from coopdata.workshop.registration import read_registrations

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FICTIONAL_XLSX = FIXTURES / "workshop_registrations_FICTIONAL.xlsx"
FICTIONAL_CSV = FIXTURES / "workshop_registrations_FICTIONAL.csv"
# As on a checkout whose build has not written the geography tables yet.
NO_GEOGRAPHY = Geography(pd.DataFrame(columns=GEOGRAPHY_TABLES["neighbours"]),
                         pd.DataFrame(columns=GEOGRAPHY_TABLES["scope_members"]))
HEADER = ["Participant", "E-mail", "Programme", "Country", "Topics of interest", "Partnership scope"]


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list], sheet: str = "Form responses") -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = sheet
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def personal_values() -> list[str]:
    """Every name and e-mail of the fictional list: none may appear in a log or a default export."""
    with open(FICTIONAL_CSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["Participant"] for r in rows] + [r["E-mail"] for r in rows]


@pytest.fixture(scope="session")
def fictional(dataset):
    return read_registrations(FICTIONAL_XLSX.read_bytes(), FICTIONAL_XLSX.name, dataset.programmes, dataset.regions)


@pytest.fixture
def read(dataset):
    """read(bytes, filename) with the real programme and region tables."""
    return lambda data, name="list.csv": read_registrations(data, name, dataset.programmes, dataset.regions)
