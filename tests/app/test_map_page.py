"""AppTest: the Map page shows the real figures, the region list and the attribution."""

import re

import pandas as pd

from coopdata.analysis import mapdata
from tests.app.helpers import run_page
from tests.conftest import ROOT

POTENZA = "Potenza (ITF51, NUTS 3)"


# AppTest does not expose a dataframe's key; the page draws them in this order (region ones only
# when a region is selected): region_programmes, region_scopes, then map_table or tile_table (the open tab's).
ORDER_FROM_END = {"map_table": -1, "tile_table": -1}
TILES = {"map_section": "Member States as equal tiles"}  # the tiles tab, as a link opens it


def _table(at, key):
    if key in ORDER_FROM_END:
        return at.dataframe[ORDER_FROM_END[key]].value
    return at.dataframe[["region_programmes", "region_scopes"].index(key)].value


def test_map_page_default_table_tiles_and_attribution():
    at = run_page("pages/map.py")
    table = _table(at, "map_table").set_index("nuts_id")
    assert len(table) == 242  # EU NUTS 2 regions of 2021 (Extra-Regio aside), the default level
    # Basilicata: its own programme, 10 national Italian ones, 8 Interreg programmes (the 4 EU-wide ones; Euro-MED,
    # NEXT MED, Adriatic-Ionian and Italy-Tunisia at country level, approximate). Before the Interreg areas were
    # derived: 29, with 18 Interreg programmes covering all of Italy, every one approximate.
    assert table.at["ITF5", "programmes"] == 19 and table.at["ITF5", "approximate_programmes"] == 4
    assert not at.get("plotly_chart")  # the tiles tab is closed: not drawn
    tiles_at = run_page("pages/map.py", TILES)
    tiles = _table(tiles_at, "tile_table").set_index("nuts_id")
    assert len(tiles) == 27 and tiles.at["MT", "programmes"] > 0
    assert [c.key for c in tiles_at.get("plotly_chart")] == ["tile_map"] and len(tiles_at.dataframe) == 1
    assert any("© EuroGeographics for the administrative boundaries" in c.value for c in at.caption)
    legend = next(m.value for m in at.markdown if m.value.startswith("**Legend"))
    assert legend.startswith("**Legend — Number of programmes**, NUTS 2: ")  # the unit is in the label already
    # only classes some region has: from the fewest programmes a region has (7) to the most (25); every NUTS 2
    # region has a programme, so no grey class, and no "0 programmes" class no region has
    assert re.findall(r"</span>\s*([^<]+?)\s*(?=<span|$)", legend) == [
        "7 programmes", "12 programmes", "16 programmes", "20 programmes", "25 programmes"]


def test_region_deep_link_by_code_lists_programmes_and_scopes():
    # A shared link names the region by its NUTS code: /map?region=ITF51
    at = run_page("pages/map.py", {"region": "ITF51", "level": "NUTS 3"})
    assert at.selectbox(key="region").value == "ITF51"
    assert at.query_params["region"] == "ITF51"
    assert [h.value for h in at.header][0] == f"Selected region: {POTENZA}"
    assert any(m.value.startswith(f"**19 programmes** cover {POTENZA} under the current filters (11 mainstream, "
                                  "8 Interreg)") for m in at.markdown)
    progs = _table(at, "region_programmes")
    # column names in words, no raw cci / interreg_strand / basis headers, empty cells empty (no "None")
    assert list(progs.columns) == ["Programme", "CCI", "Kind", "Interreg strand", "Covers the region through",
                                   "How the coverage is known", "Approximate (area known by country only)"]
    assert progs["CCI"].iloc[0] == "2021IT16FFPR004"
    assert (progs["Kind"] == "national").sum() == 10
    assert not progs.isna().any().any() and progs.loc[progs["Kind"].eq("national"), "Interreg strand"].eq("").all()
    assert _table(at, "region_scopes")["Code"].tolist() == ["EUSAIR", "WESTMED"]
    assert len(_table(at, "map_table")) == 1166


def test_filters_change_the_map_figures():
    at = run_page("pages/map.py", {"kind": "regional", "level": "NUTS 0 (countries)"})
    table = _table(at, "map_table").set_index("nuts_id")
    assert table.at["IT", "programmes"] == 38  # the Italian regional programmes of 2021-2027
    assert table.at["MT", "programmes"] == 0 and table.at["CY", "programmes"] == 0


def test_eu_amount_measure_uses_euros():
    at = run_page("pages/map.py", {"measure": "EU amount planned by the programmes"})
    table = _table(at, "map_table")
    assert "EU amount planned by the programmes (EUR)" in table.columns
    assert any("whole-programme amounts" in c.value for c in at.caption)


# ---- with the FICTIONAL example database imported ----------------------------------------------------

PLANNING = "Programmes planning cooperation actions"
BASILICATA = "ITF5"  # links name regions by code


def _covering_2021(dataset, nuts_id: str) -> set[str]:
    """2021-2027 programmes whose coverage names the region, an ancestor of it, or a region inside it."""
    cov = dataset.coverage[dataset.coverage["nuts_version"].eq(2021)]
    hit = cov["nuts_id"].map(lambda c: nuts_id.startswith(c) or c.startswith(nuts_id))
    period = dataset.programmes.set_index("cci")["period"]
    return {c for c in cov.loc[hit, "cci"] if period[c] == "2021-2027"}


def _planned_in_workbook(workbook, topic: tuple[str, str] | None = None) -> set[str]:
    """CCIs with a row Planned = yes (in a topic, given as (topic_id, label): a row names an objective
    of the topic, or the topic itself)."""
    rows = workbook[workbook["Planned"].eq("yes") & workbook["Period"].eq("2021-2027")]
    if topic is not None:
        vocab = pd.read_csv(ROOT / "coopdata" / "vocab" / "objective_topics.csv", dtype=str)
        codes = set(vocab.loc[vocab["topic_id"].eq(topic[0]) & vocab["period"].eq("2021-2027"), "objective_code"])
        rows = rows[rows["Objective code"].isin(codes) | rows["Topic"].eq(topic[1])]
    return set(rows["CCI"])


def test_planning_measure_not_offered_without_a_database():
    at = run_page("pages/map.py")
    assert PLANNING not in at.selectbox(key="measure").options
    assert not [t for t in at.toggle if t.key == "map_act_planning"]
    # A shared link naming the measure opens on the default measure when no database is loaded.
    linked = run_page("pages/map.py", {"measure": PLANNING})
    assert linked.selectbox(key="measure").value == "programmes"


def test_planning_measure_counts_for_basilicata_match_the_workbook(example_imported, example_workbook, dataset):
    at = run_page("pages/map.py", {"measure": PLANNING, "region": BASILICATA})
    assert PLANNING in at.selectbox(key="measure").options and at.selectbox(key="measure").value == "planning"
    assert any(w.value.startswith("FICTIONAL DATA") for w in at.warning)
    covering = _covering_2021(dataset, "ITF5")
    assert set(_table(at, "region_programmes")["CCI"]) == covering
    expected = len(covering & _planned_in_workbook(example_workbook))
    table = _table(at, "map_table").set_index("nuts_id")
    assert table.at["ITF5", f"{PLANNING} (programmes)"] == expected
    assert 0 < expected < table.at["ITF5", "programmes"] == len(covering)


def test_planning_measure_honours_the_topic_filter(example_imported, example_workbook, dataset):
    at = run_page("pages/map.py", {"measure": PLANNING, "topic": ["Energy & low carbon"]})
    expected = len(_covering_2021(dataset, "ITF5")
                   & _planned_in_workbook(example_workbook, ("energy", "Energy & low carbon")))
    table = _table(at, "map_table").set_index("nuts_id")
    assert table.at["ITF5", f"{PLANNING} (programmes)"] == expected > 0
    assert any(c.value.startswith(mapdata.REGION_PLANNING_RULE)
               for c in at.caption)


def test_only_planning_filter_narrows_the_programme_count(example_imported, example_workbook, dataset):
    at = run_page("pages/map.py", {"map_act_planning": "true"})
    assert any(c.value == "Only programmes planning cooperation actions (imported database)." for c in at.caption)
    table = _table(at, "map_table").set_index("nuts_id")
    assert table.at["ITF5", "programmes"] == len(_covering_2021(dataset, "ITF5") & _planned_in_workbook(example_workbook))


def test_unknown_region_code_in_the_link_selects_nothing():
    at = run_page("pages/map.py", {"region": "XX99"})
    assert at.selectbox(key="region").value is None
    assert "region" not in at.query_params
    assert not [h for h in at.header if h.value.startswith("Selected region")]


def test_searching_a_region_puts_its_code_in_the_url():
    at = run_page("pages/map.py")
    at.selectbox(key="region").set_value("ITF5").run()
    assert at.query_params["region"] == "ITF5"
    assert [h.value for h in at.header][0] == "Selected region: Basilicata (ITF5, NUTS 2)"


def test_a_second_session_gets_the_same_map_and_tooltip_from_the_shared_cache():
    import json

    first, second = run_page("pages/map.py"), run_page("pages/map.py")
    a, b = (at.get("deck_gl_json_chart")[0].proto for at in (first, second))
    # The deck is built and serialised once, then sent to every session as it is.
    assert b.json == a.json and json.loads(b.tooltip) == json.loads(a.tooltip) == {"text": "{name} ({nuts_id})\n{value}"}


# ---- the UK on the 2014-2020 map -----------------------------------------------------------------------

def test_2014_2020_map_shows_the_uk_regions_with_their_programmes():
    at = run_page("pages/map.py", {"period": "2014-2020", "region": "UKL1"})
    table = _table(at, "map_table").set_index("nuts_id")
    assert len(table) == 242 + 41  # the EU27's NUTS 2 regions and the UK's 41
    assert table.at["UKL1", "programmes"] == 19 and (table.loc[table["country"].eq("UK"), "programmes"] > 0).all()
    # The region panel lists the same 19: 6 of the 17 UK programmes and 13 Interreg ones.
    assert [h.value for h in at.header][0] == "Selected region: West Wales and The Valleys (UKL1, NUTS 2)"
    progs = _table(at, "region_programmes")
    assert len(progs) == 19 and progs["CCI"].str[4:6].eq("UK").sum() == 6
    assert any("the UK's regions (2014-2020): its NUTS 2016 regions, as GISCO's NUTS 2021 files draw them" in c.value
               for c in at.caption)


def test_2021_2027_map_has_no_uk_region_and_a_uk_link_is_named_unknown():
    at = run_page("pages/map.py", {"region": "UKL1"})  # 2021-2027, the default period
    table = _table(at, "map_table")
    assert len(table) == 242 and not table["nuts_id"].str.startswith("UK").any()
    assert at.selectbox(key="region").value is None
    assert any("Region: “UKL1” not known, ignored." in w.value for w in at.warning)
    assert not any("NUTS 2016" in c.value for c in at.caption)


def test_the_tiles_tab_opens_from_its_code_and_the_link_keeps_the_code():
    at = run_page("pages/map.py", {"map_section": "Tiles"})
    assert at.session_state["map_section"] == "Member States as equal tiles"
    assert at.query_params["map_section"] == "tiles"
    assert [c.key for c in at.get("plotly_chart")] == ["tile_map"]
    at = run_page("pages/map.py", {"map_section": "no-such-tab"})
    assert [c.key for c in at.get("plotly_chart")] == [] and "map_section" not in at.query_params
    assert any("Map section: “no-such-tab” not known, ignored." in w.value for w in at.warning)
