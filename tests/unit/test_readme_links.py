"""The README's list of link parameters names every parameter a page reads from its link, and every tab code."""

import re

from coopdata.analysis import filter_state as fs
from coopdata.ui import geo
from coopdata.ui.map_view import SECTIONS as MAP_SECTIONS
from coopdata.ui.themes_view import SECTIONS as THEMES_SECTIONS
from tests.conftest import ROOT


def _links_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Links (URL parameters of each page)", 1)[1].split("\n## ", 1)[0]


def _page_parameters() -> set[str]:
    """The keys the pages hand to url_codes (seed, seed_flag, tabs) by name, e.g. url_codes.seed("p_region", ...),
    and those of the imported-database filters (action_filter_controls("map_act"): map_act_planning, map_act_scope)."""
    keys = {geo.REGION_KEY}
    for page in (ROOT / "pages").glob("*.py"):
        text = page.read_text("utf-8")
        keys |= set(re.findall(r"url_codes\.(?:seed|seed_flag|tabs)\(\s*\"([a-z_]+)\"", text))
        for prefix in re.findall(r"action_filter_controls\(\"([a-z_]+)\"\)", text):
            keys |= {f"{prefix}_planning", f"{prefix}_scope"}
    return keys


def test_every_page_parameter_and_tab_code_is_in_the_readme():
    section = _links_section()
    params = _page_parameters() | set(fs.FILTER_PARAMS) | {fs.PRESENT}
    assert {"region", "map_section", "section", "p_region", "cmp", "cci", "p_act_scope"} <= params  # found
    missing = sorted(p for p in params if f"`{p}`" not in section and f"`{p}=" not in section)
    assert missing == []
    assert [c for c in {**MAP_SECTIONS, **THEMES_SECTIONS} if f"`{c}`" not in section] == []
