"""Browser: upload the FICTIONAL registration list, get tables, move one person, download the XLSX."""

import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

# How long to wait for the app to answer on a busy machine (a bound on waiting, not a speed check).
expect.set_options(timeout=60_000)
FICTIONAL = Path(__file__).resolve().parents[1] / "fixtures" / "workshop_registrations_FICTIONAL.xlsx"


def choose(page, label: str, option: str) -> None:
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(option)  # filters the (virtualised) option list, so the option is drawn
    page.get_by_role("option", name=option).click()


@pytest.mark.e2e
def test_upload_tables_move_and_download(app_url, page, tmp_path):
    page.goto(f"{app_url}/workshop")
    expect(page.get_by_role("heading", name="Workshop tables")).to_be_visible()
    page.locator("input[type=file]").set_input_files(FICTIONAL)
    expect(page.get_by_text("This is a FICTIONAL example list")).to_be_visible()

    page.get_by_role("tab", name="2 · Tables").click()
    total = page.get_by_test_id("stMetricValue")
    expect(total).to_have_text("20")
    choose(page, "Move", "P14 · Participant N (fictional)")
    choose(page, "to table", "4")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(total).to_have_text("16")
    expect(page.get_by_test_id("stMetricDelta")).to_contain_text("-4")

    page.get_by_role("tab", name="5 · Download").click()
    # The caption comes after the button in the script: once it shows 16, the button is up to date.
    expect(page.get_by_text("total score 16")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the tables (XLSX)").click()
    download = info.value
    assert download.suggested_filename == "workshop_tables_FICTIONAL.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    wb = openpyxl.load_workbook(saved)
    assert wb.sheetnames == ["Seating", "Tables", "Top matches", "About"]
    seating = {row[1]: row[0] for row in wb["Seating"].iter_rows(min_row=2, values_only=True)}
    assert len(seating) == 16 and seating["P14"] == 4  # the move is in the download
    scores = [row[3] for row in wb["Tables"].iter_rows(min_row=2, values_only=True)]
    assert scores == [3, 6, 5, 2]
    text = " ".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v)
    assert not re.search(r"example\.org|Participant [A-P] \(fictional\)", text)  # no personal column chosen
