"""The difference of two versions against a diff computed by hand on a tiny fixture."""

import pandas as pd

from coopdata.importer.diff import diff
from coopdata.importer.store import ACTION_COLUMNS


def _row(cci, objective, topic, planned=True, status="planned", amount=None, countries=(), notes=None, row=2):
    return {"cci": cci, "period": "2021-2027", "objective_code": objective, "topic_id": topic, "planned": planned,
            "approach": None, "scopes": [], "scope_ids": [], "partner_countries": list(countries),
            "partner_regions": [], "amount_eur": amount, "status": status, "notes": notes, "fictional": False,
            "source_file": "a.xlsx", "source_sheet": "Actions", "source_row": row}


A, B, C = "2021AT16FFPR001", "2021EL16RFPR001", "2021PL16FFPR001"
OLD = pd.DataFrame([
    _row(A, "RSO1.1", "research_innovation", amount=1000.0, countries=["DE"]),
    _row(A, "RSO2.1", "energy", planned=False),
    _row(B, "RSO1.1", "research_innovation", status="launched"),
    _row(C, None, "employment", notes="old note"),
], columns=ACTION_COLUMNS)
NEW = pd.DataFrame([
    # A RSO1.1: amount and partner countries changed (and it moved to another row of the file: not a change)
    _row(A, "RSO1.1", "research_innovation", amount=1500.0, countries=["DE", "IT"], row=9),
    # A RSO2.1: unchanged
    _row(A, "RSO2.1", "energy", planned=False),
    # B RSO1.1 removed; B RSO4.1 added
    _row(B, "RSO4.1", "education_skills"),
    # C: planned, status and notes changed
    _row(C, None, "employment", planned=False, status="cancelled", notes=None),
    # a programme new in this version
    _row("2021DE16RFPR001", "RSO1.1", "research_innovation"),
], columns=ACTION_COLUMNS)


def test_diff_equals_the_hand_computed_one():
    d = diff(OLD, NEW)
    assert d.by_programme.values.tolist() == [
        ["2021AT16FFPR001", 0, 0, 1, "partner_countries, amount_eur"],
        ["2021DE16RFPR001", 1, 0, 0, ""],
        ["2021EL16RFPR001", 1, 1, 0, ""],
        ["2021PL16FFPR001", 0, 0, 1, "planned, status, notes"],
    ]
    assert d.changes.values.tolist() == [
        ["added", "2021DE16RFPR001", "RSO1.1", "research_innovation", None, None, None],
        ["added", B, "RSO4.1", "education_skills", None, None, None],
        ["removed", B, "RSO1.1", "research_innovation", None, None, None],
        ["changed", A, "RSO1.1", "research_innovation", "partner_countries", "DE", "DE; IT"],
        ["changed", A, "RSO1.1", "research_innovation", "amount_eur", 1000.0, 1500.0],
        ["changed", C, None, "employment", "planned", True, False],
        ["changed", C, None, "employment", "status", "planned", "cancelled"],
        ["changed", C, None, "employment", "notes", "old note", None],
    ]
    assert d.totals == {"added": 2, "removed": 1, "changed": 2}


def test_a_version_against_itself_has_no_difference():
    d = diff(OLD, OLD.copy())
    assert d.by_programme.empty and d.changes.empty and d.totals == {"added": 0, "removed": 0, "changed": 0}


def test_the_diff_backwards_swaps_added_and_removed():
    d = diff(NEW, OLD)
    assert d.totals == {"added": 1, "removed": 2, "changed": 2}
    assert d.changes.loc[d.changes["column"] == "amount_eur", ["before", "after"]].values.tolist() == [[1500.0, 1000.0]]
