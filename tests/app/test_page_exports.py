"""AppTest: every page offers 'download this view'; the files hold exactly the figures the page shows;
presentation mode keeps the main chart and the headline numbers and leaves the rest out."""

import io

import openpyxl
import pandas as pd
import pytest

from coopdata.analysis import compare, mapdata, themes
from coopdata.analysis.filters import Filters, apply
from coopdata.exports import ExportMeta, to_csv_bytes, to_xlsx_bytes
from coopdata.vocabularies import country_names, topic_labels
from tests.app.helpers import run_page

VIEW = ["Download this view (CSV)", "Download this view (Excel)"]
COMPARE_LINK = {"period": "2014-2020", "cmp": ["country:IT", "country:ES"]}
PROFILE_LINK = {"cci": "2014IT16RFOP007"}
META = ExportMeta(title="test", filters=[], link="http://host/x")


def labels(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def plotly_keys(at) -> int:
    return len(at.get("plotly_chart"))


def read_back(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The table as the CSV and the XLSX Data sheet give it back."""
    csv = pd.read_csv(io.BytesIO(to_csv_bytes(df, META)), encoding="utf-8-sig")
    xlsx = pd.read_excel(io.BytesIO(to_xlsx_bytes(df, META)), sheet_name="Data")
    return csv, xlsx


def assert_same_figures(shown: pd.DataFrame, exported: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(exported.reset_index(drop=True), shown.reset_index(drop=True),
                                  check_dtype=False, check_exact=False, rtol=1e-12)


@pytest.mark.parametrize("page, query, expected", [
    ("pages/themes.py", {"period": "2014-2020"}, VIEW),  # topics; the other tables wait in their tabs
    ("pages/compare.py", COMPARE_LINK, VIEW),
    ("pages/map.py", None, VIEW),  # regions; the Member States' tiles wait in their tab
    ("pages/profile.py", PROFILE_LINK, VIEW * 2),  # allocations, similar programmes
    ("pages/data.py", None, VIEW * 2),
])
def test_every_page_offers_download_this_view(page, query, expected):
    assert labels(run_page(page, query)) == expected


def test_the_themes_tabs_come_with_their_tables_and_downloads_when_opened():
    at = run_page("pages/themes.py", {"period": "2014-2020", "section": "Objectives within topics"})
    assert labels(at) == VIEW and len(at.dataframe) == 1  # the open tab's table only
    assert {"objective", "eu_amount"} <= set(at.dataframe[0].value.columns)
    at = run_page("pages/themes.py", {"period": "2014-2020", "section": "Shift between 2014-2020 and 2021-2027"})
    assert labels(at) == VIEW and len(at.dataframe) == 1
    assert {"programme_share_2014", "programme_share_2021"} <= set(at.dataframe[0].value.columns)


def test_partner_search_offers_the_results_and_keeps_the_shortlist(dataset):
    cci = "2014IT16RFOP007"
    title = dataset.programmes.set_index("cci").at[cci, "title"]
    at = run_page("pages/partners.py", {"period": "2014-2020", "p_start": f"{title} ({cci})",
                                        "p_topic": ["Employment"]})
    assert labels(at) == VIEW  # the shortlist's own buttons come once rows are ticked


def test_themes_export_holds_the_topic_figures_shown(dataset):
    at = run_page("pages/themes.py", {"period": "2014-2020", "country": "Italy (IT)"})
    shown = next(d.value for d in at.dataframe if "Share of EU amount (%)" in d.value.columns)
    _, allocs = apply(dataset.programmes, dataset.allocations, Filters(period="2014-2020", countries=("IT",)))
    table = themes.figures_table(themes.topic_distribution(allocs, dataset.topics))
    assert_same_figures(shown, table)
    for exported in read_back(table):
        assert_same_figures(shown, exported)
    # one figure by eye: the Employment amount as the page shows it and as the files hold it
    employment = shown.set_index("Topic").at["Employment", "EU amount (EUR)"]
    assert f"{employment}" in to_csv_bytes(table, META).decode("utf-8-sig")


def test_compare_export_holds_the_comparison_shown(dataset):
    at = run_page("pages/compare.py", COMPARE_LINK)
    shown = at.dataframe[0].value
    progs, allocs = apply(dataset.programmes, dataset.allocations, Filters(period="2014-2020"))
    names = country_names()
    entities = [compare.parse_entity(t) for t in COMPARE_LINK["cmp"]]
    entity_labels = compare.entity_labels(COMPARE_LINK["cmp"], dataset.programmes, dataset.regions, names)
    bd = compare.breakdown(entities, entity_labels, progs, allocs, dataset.coverage, by="topic_id",
                           key_labels=topic_labels())
    table = compare.comparison_table(bd, order=list(compare.differences(bd)["key"]))
    assert_same_figures(shown, table)
    csv, xlsx = read_back(table)
    assert_same_figures(shown, csv)
    assert_same_figures(shown, xlsx)
    assert "Italy: EU amount (EUR)" in xlsx.columns


def test_map_export_holds_the_regional_figures_shown(dataset):
    at = run_page("pages/map.py", {"period": "2014-2020"})
    shown = at.dataframe[-1].value  # map_table, in the tab open first
    values = mapdata.region_measures(dataset.programmes, dataset.allocations, dataset.coverage, dataset.regions,
                                     Filters(period="2014-2020"), 2, "programmes")
    measure = mapdata.MEASURES["programmes"]
    table = values.rename(columns={"value": f"{measure.label} ({measure.unit})"})
    assert_same_figures(shown, table)
    csv, xlsx = read_back(table)
    assert_same_figures(shown, csv)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(table, META)))
    assert book.sheetnames == ["Data", "Filters", "Link", "Sources"]
    basilicata = shown.set_index("nuts_id").loc["ITF5", "programmes"]
    assert xlsx.set_index("nuts_id").loc["ITF5", "programmes"] == basilicata


@pytest.mark.parametrize("page, query, charts", [
    ("pages/themes.py", {"period": "2014-2020"}, 1),
    ("pages/compare.py", COMPARE_LINK, 1),
    ("pages/profile.py", PROFILE_LINK, 1),
    ("pages/map.py", None, 0),  # the pydeck map is the one chart; the tile chart waits in its tab at the desk
])
def test_presentation_mode_shows_the_main_chart_and_headlines_only(page, query, charts):
    normal = run_page(page, query)
    present = run_page(page, {**(query or {}), "present": "1"})
    assert plotly_keys(present) == charts <= plotly_keys(normal)
    assert not labels(present)  # no export buttons when projecting
    assert len(present.dataframe) < len(normal.dataframe)  # secondary tables left out
    assert present.metric  # headline numbers
