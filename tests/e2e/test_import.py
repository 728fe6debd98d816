"""Browser: upload the FICTIONAL example workbook, read the report, import it, see it loaded, and find the
map measure "Programmes planning cooperation actions" on the Map page afterwards.

Runs its own server (module-scoped `app_url`) with an empty, temporary import folder: the test imports
a database and must not replace the one a developer keeps in local/imports.
"""

from __future__ import annotations

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from coopdata.analysis import mapdata
from coopdata.importer.example import EXAMPLE_PATH
from coopdata.importer.store import ENV_VAR
from tests.e2e.server import ServerDidNotStart, running_server
from tests.unit.importer.make_files import FILES

pytestmark = pytest.mark.e2e
TIMEOUT = 90_000
PLANNING = "Programmes planning cooperation actions"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """A server of its own with an empty import folder, so the test never replaces anyone's database."""
    folder = tmp_path_factory.mktemp("import-e2e")
    try:
        with running_server(folder / "streamlit.log", env={ENV_VAR: str(folder / "imports")}) as server:
            yield server.url
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))


def test_upload_example_report_import_and_loaded(app_url, page: Page):
    df = pd.read_excel(EXAMPLE_PATH, sheet_name=1, dtype=str)
    rows, programmes = len(df), df["CCI"].nunique()
    planning = df.loc[df["Planned"] == "yes", "CCI"].nunique()

    # Through the menu: on a fresh server a deep link only works once st.navigation has run.
    page.goto(app_url, timeout=TIMEOUT)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Import database").click(timeout=TIMEOUT)
    expect(page.get_by_text("No database imported yet")).to_be_visible(timeout=TIMEOUT)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(EXAMPLE_PATH))

    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics.nth(0)).to_contain_text(f"{rows:,}", timeout=TIMEOUT)
    expect(metrics.nth(1)).to_contain_text("0")
    ready = (f"Ready: {rows:,} action rows for {programmes:,} programmes, {planning:,} of them planning "
             "cooperation actions.")
    expect(page.get_by_text(ready)).to_be_visible(timeout=TIMEOUT)

    page.get_by_role("button", name="Import this database").click(timeout=TIMEOUT)
    imported = (f"Imported {rows:,} action rows for {programmes:,} programmes from "
                "'cooperation_actions_FICTIONAL_example.xlsx'. It is now the database in use (version 1).")
    expect(page.get_by_text(imported)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Database in use: cooperation_actions_FICTIONAL_example.xlsx")).to_be_visible()
    expect(page.get_by_text(f"{planning:,} of them planning cooperation actions").first).to_be_visible()
    expect(page.get_by_text("FICTIONAL DATA: the cooperation actions loaded")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0

    # Afterwards the Map leads with the imported database: it opens on the planning measure, legend and table.
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Map", exact=True).click(timeout=TIMEOUT)
    expect(page.get_by_text(f"Legend — {PLANNING}")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(mapdata.REGION_PLANNING_RULE[:60])).to_be_visible()
    expect(page.get_by_text("FICTIONAL DATA: the cooperation actions loaded")).to_be_visible()
    page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.wait_for(state="visible", timeout=TIMEOUT)
    assert "measure=" not in page.url  # the default measure leaves the link clean
    assert page.locator('[data-testid="stException"]').count() == 0


def test_report_of_a_refused_file_downloads_with_its_problems(app_url, page: Page):
    """The report workbook is made when its button is clicked: it arrives whole, naming row, column and value."""
    page.goto(app_url, timeout=TIMEOUT)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Import database").click(timeout=TIMEOUT)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(FILES / "text_amount.xlsx"))
    expect(page.get_by_text("Nothing was imported: fix the 1 error(s)")).to_be_visible(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="Download the report (xlsx)").click()
    book = pd.read_excel(info.value.path(), sheet_name=None)
    assert list(book) == ["Problems", "What to do"]
    assert book["Problems"][["row", "column", "value"]].values.tolist() == [[2, "'Amount (EUR)' (J)", "about 2 million"]]
