"""AppTest: the Map page shows the real figures, the region list and the attribution."""

from tests.app.helpers import run_page

POTENZA = "Potenza (ITF51, NUTS 3)"


# AppTest does not expose a dataframe's key; the page draws them in this order (region ones only
# when a region is selected): region_programmes, region_scopes, map_table, tile_table.
ORDER_FROM_END = {"map_table": -2, "tile_table": -1}


def _table(at, key):
    if key in ORDER_FROM_END:
        return at.dataframe[ORDER_FROM_END[key]].value
    return at.dataframe[["region_programmes", "region_scopes"].index(key)].value


def test_map_page_default_table_tiles_and_attribution():
    at = run_page("pages/map.py")
    table = _table(at, "map_table").set_index("nuts_id")
    assert len(table) == 242  # EU NUTS 2 regions of 2021 (Extra-Regio aside), the default level
    # Basilicata: its own programme, 10 national Italian ones, 18 Interreg covering Italy (approximate)
    assert table.at["ITF5", "programmes"] == 29 and table.at["ITF5", "approximate_programmes"] == 18
    tiles = _table(at, "tile_table").set_index("nuts_id")
    assert len(tiles) == 27 and tiles.at["MT", "programmes"] > 0
    assert any("© EuroGeographics for the administrative boundaries" in c.value for c in at.caption)
    assert any(m.value.startswith("**Legend — Number of programmes** (programmes), NUTS 2") for m in at.markdown)


def test_region_search_lists_programmes_and_scopes():
    at = run_page("pages/map.py", {"region": POTENZA, "level": "NUTS 3"})
    assert [h.value for h in at.subheader][0] == f"Selected region: {POTENZA}"
    assert any(m.value.startswith(f"**29 programmes** cover {POTENZA} under the current filters (11 mainstream, "
                                  "18 Interreg)") for m in at.markdown)
    progs = _table(at, "region_programmes")
    assert progs["cci"].iloc[0] == "2021IT16FFPR004"
    assert (progs["kind"] == "national").sum() == 10
    assert _table(at, "region_scopes")["scope_id"].tolist() == ["EUSAIR", "WESTMED"]
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
