"""The UK on the 2014-2020 map: its regions come from GISCO's NUTS 2021 boundaries (the UK's NUTS 2016 regions;
Eurostat's NUTS workbook lists the EU27 only), its 17 programmes of 2014-2020 colour them, and 2021-2027 has none.

Figures checked by hand against data/coverage.parquet: West Wales and the Valleys (UKL1) is covered by 6 of the 17
UK programmes (its own ESF and ERDF programmes, Wales Rural Development, the UK's maritime and fisheries programme,
and Gibraltar's ESF and ERDF programmes, which have no NUTS region and are shown as the whole UK) and 13 Interreg
programmes.
"""

import pandas as pd

from coopdata import maps
from coopdata.analysis import mapdata
from coopdata.analysis.filters import Filters
from coopdata.vocabularies import former_members


def _uk(measures: pd.DataFrame) -> pd.DataFrame:
    return measures[measures["country"].eq("UK")].set_index("nuts_id")


def _measures(ds, period: str, level: int) -> pd.DataFrame:
    return mapdata.region_measures(ds.programmes, ds.allocations, ds.coverage, ds.regions, Filters(period=period),
                                   level, "programmes")


def test_uk_regions_are_in_the_regions_table_with_the_nuts_2016_codes(dataset):
    uk = dataset.regions[dataset.regions["country"].eq("UK")]
    assert uk.groupby("level").size().to_dict() == {0: 1, 1: 12, 2: 41, 3: 179}
    assert set(uk["nuts_version"]) == {2021}  # as GISCO's NUTS 2021 files carry them
    # NUTS 2016 codes (Scotland split into UKM5-UKM9 in 2016; NUTS 2013 had UKM2-UKM6)
    assert {"UKM5", "UKM9"} <= set(uk["nuts_id"]) and "UKM2" not in set(uk["nuts_id"])
    assert uk.set_index("nuts_id").at["UKL1", "name"] == "West Wales and The Valleys"
    assert dataset.manifest["geography"]["former_member_regions_per_level"] == {
        "UK": {"0": 1, "1": 12, "2": 41, "3": 179}}


def test_the_17_uk_programmes_of_2014_2020_cover_uk_regions(dataset):
    uk_programmes = dataset.programmes[dataset.programmes["country"].eq("UK")]
    assert len(uk_programmes) == 17 and set(uk_programmes["period"]) == {"2014-2020"}
    cov = dataset.coverage[dataset.coverage["cci"].isin(uk_programmes["cci"])].set_index("cci")
    assert cov.loc["2014UK16RFOP005", "nuts_id"] == "UKL1"  # West Wales and The Valleys - ERDF
    assert sorted(cov.loc["2014UK16RFOP001", "nuts_id"]) == [f"UK{c}" for c in "CDEFGHIJK"]  # England - ERDF
    # Gibraltar has no NUTS region: shown as the whole UK, flagged approximate
    assert cov.loc["2014UK16RFOP002", ["nuts_id", "approximate"]].tolist() == ["UK", True]


def test_2014_2020_map_colours_every_uk_region(dataset):
    assert former_members("2014-2020") == ["UK"] and former_members("2021-2027") == []
    counts = {level: len(_uk(_measures(dataset, "2014-2020", level))) for level in range(4)}
    assert counts == {0: 1, 1: 12, 2: 41, 3: 179}
    nuts2 = _measures(dataset, "2014-2020", 2)
    assert len(nuts2) == 242 + 41
    uk = _uk(nuts2)
    assert (uk["programmes"] > 0).all()  # no UK region is left grey
    assert uk["programmes"].min() == 17 and uk["programmes"].max() == 19
    assert _uk(_measures(dataset, "2014-2020", 0)).at["UK", "programmes"] == 32  # 17 UK + 15 Interreg


def test_a_uk_region_counts_the_programmes_covering_it(dataset):
    p14 = dataset.programmes[dataset.programmes["period"].eq("2014-2020")]
    uk = _uk(_measures(dataset, "2014-2020", 2))
    assert uk.at["UKL1", "programmes"] == 19
    covering = mapdata.programmes_covering(p14, dataset.coverage, "UKL1")
    assert len(covering) == 19
    assert sorted(covering.loc[covering["cci"].str[4:6].eq("UK"), "cci"]) == [
        "2014UK05SFOP001", "2014UK05SFOP005", "2014UK06RDRP004", "2014UK14MFOP001", "2014UK16RFOP002",
        "2014UK16RFOP005"]
    assert (covering["kind"] == "Interreg").sum() == 13
    # Every UK NUTS 2 region: the map's count is the number of programmes the region panel lists.
    for code, n in uk["programmes"].items():
        assert n == len(mapdata.programmes_covering(p14, dataset.coverage, code)), code


def test_2021_2027_map_has_no_uk_region(dataset):
    for level, eu in {0: 27, 1: 92, 2: 242, 3: 1166}.items():
        measures = _measures(dataset, "2021-2027", level)
        assert len(measures) == eu and _uk(measures).empty
    assert not any(code.startswith("UK") for code in mapdata.region_options(dataset.regions, period="2021-2027"))
    assert "UKL1" in mapdata.region_options(dataset.regions, period="2014-2020")


def test_tile_map_draws_the_uk_only_when_the_figures_have_it(dataset):
    def codes(period):
        fig = maps.tile_map(_measures(dataset, period, 0), "programmes", "t")
        return [t.split("</b>")[0].removeprefix("<b>") for t in fig.data[0].text]

    assert len(codes("2021-2027")) == 27 and "UK" not in codes("2021-2027")
    assert len(codes("2014-2020")) == 28 and "UK" in codes("2014-2020")


def test_data_page_says_which_boundaries_draw_the_uk(dataset):
    from coopdata.analysis.datasummary import coverage_table

    table = coverage_table(dataset.manifest).set_index("what")
    row = table.loc["UK regions on the map (NUTS 1 / 2 / 3)"]
    assert row["period"] == "2014-2020" and row["figure"] == "12 / 41 / 179"
    assert row["note"].startswith("NUTS 2016, the last version with the UK, as GISCO's NUTS 2021 boundary files")
