"""Browser test: fill the partner-search criteria, see the ranked list, tick two rows, download the shortlist."""

import csv
import io
import re
from urllib.parse import urlencode

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from coopdata.analysis.partners import Query, search
from coopdata.load import load_dataset
from tests.conftest import DATA

pytestmark = pytest.mark.e2e
TIMEOUT = 60_000  # ms: the first run loads the data on a shared machine
ROW_HEIGHT = 35  # px: Streamlit's dataframe row (and header) height


def _choose(page: Page, label: str, text: str, multi: bool = False):
    """Type into a select box (or multiselect) of the page (not the sidebar) and pick the first option offered."""
    page.get_by_test_id("stMain").get_by_role("combobox", name=label).click()
    page.keyboard.type(text)
    page.get_by_role("option").first.click()
    if multi:  # a multiselect stays open for more choices (Escape on a select box would clear it)
        page.keyboard.press("Escape")


def _sections(csv_text: str) -> dict[str, list[list[str]]]:
    """The shortlist CSV's parts: a name line, its table, a blank line."""
    parts, name = {}, None
    for row in csv.reader(io.StringIO(csv_text)):
        if not row:
            name = None
        elif name is None:
            name = row[0]
            parts[name] = []
        else:
            parts[name].append(row)
    return parts


def test_search_tick_two_rows_and_download_the_shortlist(app_url, page: Page):
    ds = load_dataset(DATA)
    basilicata = ds.programmes[ds.programmes["period"].eq("2021-2027")
                               & ds.programmes["title"].str.contains("Basilicata")].iloc[0]
    expected = search(ds, Query(basilicata["cci"], ("employment",), "eu-wide")).matches

    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(app_url, timeout=TIMEOUT)
    page.get_by_role("link", name="Partner search").click(timeout=TIMEOUT)
    expect(page.get_by_text("Choose a programme or a NUTS region to start from.")).to_be_visible(timeout=TIMEOUT)

    _choose(page, "Your programme (type part of its title or its CCI)", "Basilicata")
    expect(page.get_by_text("Choose at least one topic.")).to_be_visible(timeout=TIMEOUT)
    _choose(page, "Topics", "Employment", multi=True)
    heading = page.get_by_text(re.compile(r"\d+ programmes? match, best first"))
    expect(heading).to_have_text(f"{len(expected)} programmes match, best first", timeout=TIMEOUT)
    assert re.search(r"[?&]p_topic=employment", page.url) and "2021IT16FFPR004" in page.url.replace("%20", " ")

    grid = page.get_by_test_id("stDataFrame").first
    expect(grid).to_be_visible(timeout=TIMEOUT)
    box = grid.bounding_box()
    for row in (0, 1):  # tick the first two rows in the row-selection column
        page.mouse.click(box["x"] + 18, box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2)
        expect(page.get_by_text(f"Shortlist ({row + 1})")).to_be_visible(timeout=TIMEOUT)

    with page.expect_download(timeout=TIMEOUT) as download_csv:
        page.get_by_role("button", name="Download CSV").click()
    raw = open(download_csv.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    parts = _sections(raw.decode("utf-8-sig"))
    assert list(parts) == ["Shortlist", "Criteria", "Link", "Sources"]
    header, *rows = parts["Shortlist"]
    picked = [dict(zip(header, r, strict=True)) for r in rows]
    assert [(r["rank"], r["cci"]) for r in picked] == [("1", expected[0].cci), ("2", expected[1].cci)]
    assert picked[0]["programme"] == expected[0].title and picked[0]["why_here"].startswith("in ")
    criteria = dict(parts["Criteria"][1:])
    assert criteria["Starting point"] == f"{basilicata['title']} ({basilicata['cci']})"
    assert criteria["Topics"] == "Employment" and criteria["Scope of partnership"] == "EU-wide"
    link = parts["Link"][1][0]
    assert link.startswith(app_url) and "p_topic=employment" in link

    with page.expect_download(timeout=TIMEOUT) as download_xlsx:
        page.get_by_role("button", name="Download XLSX").click()
    book = pd.read_excel(download_xlsx.value.path(), sheet_name=None)
    assert list(book) == ["Shortlist", "Criteria", "Link", "Sources"]
    assert book["Shortlist"]["cci"].tolist() == [expected[0].cci, expected[1].cci]
    assert book["Link"]["link"].tolist() == [link]

    # The link reopens the same search.
    page.goto(link, timeout=TIMEOUT)
    expect(page.get_by_text(f"{len(expected)} programmes match, best first")).to_be_visible(timeout=TIMEOUT)


def test_projected_search_folds_its_settings_so_the_answer_fills_the_first_screen(app_url, page: Page):
    """Presentation mode at 1280x720 with a search in the link: the settings fold into an expander, the criteria
    read in one line, and the ranked list starts in the upper half of the screen; the settings open on a click."""
    ds = load_dataset(DATA)
    basilicata = ds.programmes[ds.programmes["cci"].eq("2021IT16FFPR004")].iloc[0]
    expected = search(ds, Query(basilicata["cci"], ("employment",), "eu-wide")).matches
    label = f"{basilicata['title']} ({basilicata['cci']})"
    page.goto(f"{app_url}/partners?" + urlencode({"p_start": label, "p_topic": "Employment", "present": "1"}),
              timeout=TIMEOUT)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(f"{len(expected)} programmes match, best first")).to_be_visible(timeout=TIMEOUT)
    expect(main.get_by_text(f"Search settings: {label} · Employment · EU-wide")).to_be_visible()
    expect(main.get_by_role("combobox", name="Your programme (type part of its title or its CCI)")).to_be_hidden()
    results = main.locator("table.coopdata-projected").bounding_box()  # projected: the large-type table
    assert results["y"] < page.viewport_size["height"] / 2, results
    main.get_by_text("Search settings").click()
    expect(main.get_by_role("combobox", name="Your programme (type part of its title or its CCI)")).to_be_visible()
