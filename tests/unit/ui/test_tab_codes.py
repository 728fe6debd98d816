"""Tab codes: every tab a link can open has a short code, and a link's value matches by code or label in any case."""

import re

import pytest

from coopdata.analysis.filter_state import match_choices
from coopdata.ui.map_view import SECTIONS as MAP_SECTIONS
from coopdata.ui.themes_view import SECTIONS as THEMES_SECTIONS


@pytest.mark.parametrize("sections", [MAP_SECTIONS, THEMES_SECTIONS])
def test_each_tab_has_a_short_lower_case_code(sections):
    assert all(re.fullmatch(r"[a-z]+", code) for code in sections)
    assert len(set(sections.values())) == len(sections)


def test_a_tab_value_matches_by_code_or_label_in_any_case():
    assert match_choices(["SHIFT"], THEMES_SECTIONS, "Section") == (("shift",), [])
    assert match_choices(["split by fund or member state"], THEMES_SECTIONS, "Section") == (("split",), [])
    assert match_choices(["tiles"], MAP_SECTIONS, "Map section") == (("tiles",), [])
    assert match_choices(["Member States as equal tiles"], MAP_SECTIONS, "Map section") == (("tiles",), [])
    assert match_choices(["maps"], MAP_SECTIONS, "Map section") == ((), ["Map section: “maps” not known, ignored."])
