"""Hostile text (HTML, script tags, Markdown, a 10,000-character string) from an imported workbook, a file
name and the built data shows as plain text on every page that shows it: no dialog opens, no element is
injected, and the text is visible as typed.

One server reads a copy of data/ whose programme titles, managing authority, source name, note and
attribution carry the payloads, and an import folder whose database in use came from a workbook with a
hostile file name, notes and titles. Add places (map tooltips, themes, workshop tables...) to PLACES.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from coopdata.importer.store import ENV_VAR as IMPORT_DIR_ENV
from coopdata.load import DATA_DIR_ENV
from tests.e2e.hostile import (
    FILE_NAME,
    IMG,
    LINK,
    LONG,
    MIXED,
    START_CCI,
    Place,
    best_match,
    hostile_data,
    hostile_import,
    hostile_workbook,
    injected,
    open_page,
    wait_for_table_text,
    watch_dialogs,
)
from tests.e2e.server import running_server

pytestmark = pytest.mark.e2e
TIMEOUT = 90_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload_hostile_workbook(page: Page) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": FILE_NAME, "mimeType": XLSX, "buffer": hostile_workbook()})
    expect(page.get_by_text("HTML in text").first).to_be_visible(timeout=TIMEOUT)
    page.get_by_text("HTML in text").first.click()  # the warnings' group is folded: open it


SEARCH = "partners?" + urlencode({"p_start": f"Start {IMG} {LINK} ({START_CCI})", "p_topic": "Employment"})
PLACES = [
    Place("data page: coverage note, attribution list, sources table", "data",
          visible=(f"Note {MIXED}", f"Attribution {MIXED}"), tables=(f"Source {MIXED}",)),
    Place("partner search: starting point, results (title, managing authority)", SEARCH,
          visible=(f"From Start {IMG} {LINK} ({START_CCI}).",), tables=(MIXED, LONG)),
    Place("import page: database in use, FICTIONAL banner (file name)", "import",
          visible=(f"Database in use: {FILE_NAME}", f"come from '{FILE_NAME}', a fictional")),
    Place("import page: validation report of an uploaded workbook (notes, title, file name)", "import",
          reach=_upload_hostile_workbook, tables=(MIXED, f"Title {IMG} {LINK}")),
    Place("programme profile: title and facts (managing authority)", f"profile?cci={best_match()}",
          visible=(MIXED, LONG[:200])),
    Place("footer: attribution (app.py)", "partners", visible=(f"· Attribution {MIXED}",)),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    data = hostile_data(folder)
    hostile_import(folder / "imports", data)
    env = {DATA_DIR_ENV: str(data), IMPORT_DIR_ENV: str(folder / "imports")}
    with running_server(folder / "streamlit.log", env=env) as s:
        yield s


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.name)
def test_hostile_text_shows_as_plain_text(place: Place, server, page: Page):
    page.set_viewport_size({"width": 1600, "height": 1000})
    fired = watch_dialogs(page)
    open_page(page, server.url, place.path)
    place.reach(page)
    for text in place.visible:
        expect(page.get_by_text(text).first).to_be_visible(timeout=TIMEOUT)
    for text in place.tables:
        wait_for_table_text(page, text, TIMEOUT)
    assert injected(page) == []
    assert fired == []
    assert page.get_by_test_id("stException").count() == 0
