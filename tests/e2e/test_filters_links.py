"""Browser: shared filters as links. A link reproduces a view, survives page switches, bad values get a
notice, chips remove filters, presentation mode enlarges the type, an export's link reopens the view."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from playwright.sync_api import expect

from coopdata.analysis import datasummary
from coopdata.analysis.filters import Filters, apply
from tests.e2e.filters_harness import existing_pages, open_view, page_url, wait_idle

pytestmark = pytest.mark.e2e

MATCH = re.compile(r"programmes match the filters")


def data_url(app_url: str) -> str:
    return page_url(app_url, "pages/data.py")


def new_session(page):
    """A page in a fresh browser context: a new Streamlit session that knows nothing of the first."""
    return page.context.browser.new_context(viewport={"width": 1280, "height": 720}).new_page()


def heading(page) -> str:
    return page.get_by_role("heading", name=MATCH).inner_text()


def expected_heading(dataset, f: Filters) -> str:
    programmes, _ = apply(dataset.programmes, dataset.allocations, f)
    return f"Programmes per fund, {f.period}: {len(programmes):,} programmes match the filters"


# :visible skips the hidden copy Streamlit renders to measure a button.
CHIPS = ".st-key-filter_chips [data-testid=stBaseButton-secondary]:visible"


def chips(page) -> list[str]:
    """The chips shown now; 'close' is the text of their (aria-hidden) icon."""
    return [label.replace("close", "").strip() for label in page.locator(CHIPS).all_inner_texts()]


def expect_chips(page, labels: list[str]) -> None:
    """Wait until exactly these chips are shown (the page renders progressively)."""
    expect(page.locator(CHIPS)).to_have_text([re.compile(re.escape(label) + "$") for label in labels])


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def choose(page, label: str, option: str) -> None:
    """Pick an option of a sidebar multiselect, as a person would: click, type, Enter."""
    page.locator("[data-testid=stSidebar]").get_by_role("combobox", name=label).click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def test_a_link_made_by_clicking_reopens_the_same_view(app_url, page, dataset):
    open_view(page, f"{data_url(app_url)}?period=2014-2020")
    choose(page, "Member States", "Austria")
    expect(page.locator(".st-key-filter_chips")).to_contain_text("Austria (AT)")
    choose(page, "Funds", "ERDF")
    expect(page.locator(".st-key-filter_chips")).to_contain_text("ERDF")
    wait_idle(page)
    f = Filters(period="2014-2020", funds=("ERDF",), countries=("AT",))
    expect(page.get_by_role("heading", name=MATCH)).to_have_text(expected_heading(dataset, f))
    assert query(page.url) == {"period": ["2014-2020"], "country": ["AT"], "fund": ["ERDF"]}

    other = new_session(page)  # a new session, as a colleague would
    try:
        open_view(other, page.url)
        expect(other.get_by_role("heading", name=MATCH)).to_have_text(heading(page))
        expect_chips(other, ["ERDF", "Austria (AT)"])
        assert chips(page) == chips(other)
        assert other.locator("[data-testid=stAlert]").filter(has_text="link were not used").count() == 0
    finally:
        other.context.close()


def test_switching_pages_keeps_the_filters(app_url, page):
    pages = existing_pages()
    if len(pages) < 2:
        pytest.skip(f"needs two pages; this checkout has only {[p[0] for p in pages]}")
    _, second_title, _, second = pages[1]
    open_view(page, f"{page_url(app_url, pages[0][0])}?period=2014-2020&country=EL&topic=digital")
    # The first page drawn with the link's filters before the click: a click on a menu still being drawn was lost.
    expect_chips(page, ["Greece (EL)", "Digital"])
    wait_idle(page)
    page.locator("[data-testid=stSidebarNav] a").filter(has_text=second_title).click()
    expect(page).to_have_url(re.compile(rf"/{second}\?"))
    wait_idle(page)
    expect_chips(page, ["Greece (EL)", "Digital"])
    assert query(page.url) == {"period": ["2014-2020"], "country": ["EL"], "topic": ["digital"]}
    assert page.locator("[data-testid=stSidebar] [data-testid=stRadio] input:checked").count() == 1
    expect(page.locator("[data-testid=stSidebar] [data-testid=stRadio]")).to_contain_text("2014-2020")


def test_a_link_with_garbage_opens_with_a_notice(app_url, page, dataset):
    open_view(page, f"{data_url(app_url)}?country=GR&country=XX&topic=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
                    "&period=1999&fund=&present=maybe&" + "kind=" + "z" * 5000)
    notice = page.locator("[data-testid=stAlert]").filter(has_text="link were not used")
    expect(notice).to_be_visible()
    text = notice.inner_text()
    for part in ("“XX”", "“<script>alert(1)</script>”", "“1999”", "“maybe”", "Programme kind", "…"):
        assert part in text
    expect_chips(page, ["Greece (EL)"])
    assert page.locator("[data-testid=stException]").count() == 0
    expect(page.get_by_role("heading", name=MATCH)).to_have_text(
        expected_heading(dataset, Filters(countries=("EL",))))
    assert query(page.url) == {"period": ["2021-2027"], "country": ["EL"]}  # the cleaned link
    page.get_by_role("button", name="Dismiss").click()
    expect(notice).to_have_count(0)
    expect_chips(page, ["Greece (EL)"])


def test_chips_remove_one_filter_and_reset_clears_them(app_url, page, dataset):
    open_view(page, f"{data_url(app_url)}?country=AT&country=DE&q=Interreg")
    expect_chips(page, ["Austria (AT)", "Germany (DE)", "title contains “Interreg”"])
    page.get_by_role("button", name="Austria (AT)", exact=True).click()
    expect(page).to_have_url(re.compile(r"country=DE"))
    expect_chips(page, ["Germany (DE)", "title contains “Interreg”"])
    expect(page.get_by_role("heading", name=MATCH)).to_have_text(
        expected_heading(dataset, Filters(countries=("DE",), search="Interreg")))
    page.locator(".st-key-reset_filters").get_by_role("button", name="Reset filters").click()
    expect(page).not_to_have_url(re.compile(r"country="))
    expect(page.locator(CHIPS)).to_have_count(0)
    assert query(page.url) == {"period": ["2021-2027"]}


def font_px(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


BODY_TEXT = "[data-testid=stMain] [data-testid=stMarkdownContainer] p"


def test_presentation_mode_enlarges_the_type_and_collapses_the_sidebar(app_url, page, capsys):
    open_view(page, data_url(app_url))
    normal = font_px(page, BODY_TEXT)
    open_view(page, f"{data_url(app_url)}?present=1")
    expect(page.locator("[data-testid=stSidebar]")).to_have_attribute("data-collapsed", "true")
    # The style arrives with the run's first elements: wait for it (fails after the timeout if it never does).
    page.wait_for_function("parseFloat(getComputedStyle(document.documentElement).fontSize) >= 20",
                           timeout=30_000)
    present = font_px(page, BODY_TEXT)
    root = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    with capsys.disabled():
        print(f"\nbody text: {normal}px normal, {present}px in presentation mode (root {root}px)")
    assert present >= 20 > normal
    assert root >= 20
    assert page.get_by_role("heading", name="Programmes per country").count() == 0  # one main chart only


def test_presentation_toggle_puts_it_in_the_link(app_url, page):
    open_view(page, f"{data_url(app_url)}?country=AT")
    page.locator("[data-testid=stSidebar] [data-testid=stCheckbox]").filter(has_text="Presentation mode").click()
    expect(page).to_have_url(re.compile(r"present=1"))
    page.wait_for_function("parseFloat(getComputedStyle(document.documentElement).fontSize) >= 20",
                           timeout=30_000)
    assert font_px(page, BODY_TEXT) >= 20
    assert query(page.url)["country"] == ["AT"]


def download(page, label: str):
    with page.expect_download() as info:
        page.get_by_role("button", name=label).first.click()
    return info.value


def test_export_has_four_sheets_and_its_link_reopens_the_view(app_url, page, dataset, tmp_path):
    open_view(page, f"{data_url(app_url)}?period=2014-2020&country=AT")
    shown = heading(page)
    wait_idle(page)
    with page.expect_download() as info:  # the per-fund table's button, found by its stable key
        page.locator(".st-key-per_fund_xlsx button").click()
    xlsx = info.value
    path = tmp_path / xlsx.suggested_filename
    xlsx.save_as(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Data", "Filters", "Link", "Sources"]

    f = Filters(period="2014-2020", countries=("AT",))
    programmes, _ = apply(dataset.programmes, dataset.allocations, f)
    per_fund = datasummary.programmes_per_fund(programmes, f.period)
    rows = [[c.value for c in r] for r in wb["Data"].iter_rows()]
    assert rows == [list(per_fund.columns)] + per_fund.values.tolist()
    assert ["Member States", "Austria (AT)"] in [[c.value for c in r] for r in wb["Filters"].iter_rows()]
    assert any("EuroGeographics" in str(c.value) for r in wb["Sources"].iter_rows() for c in r)

    link = wb["Link"]["A2"].value
    assert link.startswith(data_url(app_url) + "?") and query(link) == {"period": ["2014-2020"], "country": ["AT"]}
    other = new_session(page)
    try:
        open_view(other, link)
        expect(other.get_by_role("heading", name=MATCH)).to_have_text(shown)
        expect_chips(other, ["Austria (AT)"])
    finally:
        other.context.close()

    csv_file = download(page, "Download this view (CSV)")
    data = (tmp_path / "view.csv")
    csv_file.save_as(data)
    raw = data.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(raw.decode("utf-8-sig")))) == [[str(v) for v in row] for row in rows]
