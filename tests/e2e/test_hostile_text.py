"""Hostile text (HTML, script tags, Markdown, a 10,000-character string) from an imported workbook, a file
name, the built data, every URL parameter and the text fields shows as plain text on every page that shows
it: no dialog opens, no element is injected or made by rendering Markdown, no request leaves the machine
(a Markdown image would fetch one), and the text is visible as typed.

One server reads a copy of data/ whose programme titles, managing authority, source name, note and
attribution carry the payloads, and an import folder whose database in use came from a workbook with a
hostile file name, notes and titles; the Workshop page is given a registration list whose file, sheet,
names, organisations and region carry them. Exports are downloaded and read back. Every page is also opened
with every URL parameter any page reads set to a payload, and payloads are typed into the text fields. Not
covered yet: the partner map's tooltip (pydeck, set as text). Add places to PLACES.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlencode

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from coopdata.importer.store import ENV_VAR as IMPORT_DIR_ENV
from coopdata.settings import DATA_DIR_ENV
from coopdata.ui.safe import unlinked
from tests.e2e.helpers import app_pages, wait_for_app_idle
from tests.e2e.hostile import (
    BAD_URL,
    DDE,
    FILE_NAME,
    IMG,
    LINK,
    LONG,
    MARKDOWN,
    MIXED,
    PICTURE,
    REGISTRATION_FILE,
    SCRIPT,
    SHEET_NAME,
    START_CCI,
    Place,
    best_match,
    hostile_data,
    hostile_import,
    hostile_registrations,
    hostile_workbook,
    injected,
    open_page,
    outside_requests,
    url_parameters,
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


def _upload_registrations(data: bytes, name: str = REGISTRATION_FILE) -> Callable[[Page], None]:
    def reach(page: Page) -> None:
        expect(page.get_by_role("heading", name="Workshop tables")).to_be_visible(timeout=TIMEOUT)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
            {"name": name, "mimeType": XLSX, "buffer": data})
    return reach


def _workshop_projector_with_names(page: Page) -> None:
    _upload_registrations(hostile_registrations())(page)
    page.get_by_role("tab", name="4 · Projector").click()
    page.get_by_text("Show names (not only codes)").click()


IMPORTED_CCI = "2021AT16FFPR001"  # the hostile workbook's notes are on its first two rows
WORKSHOP_SOURCE = f"{REGISTRATION_FILE}, sheet '{SHEET_NAME}'"
NOT_A_COUNTRY = [[MIXED, "", "2021EE16FFPR001", f"Atlantis {IMG}", "", "digital", ""]]

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
    Place("programme profile: title and facts (managing authority, programme page address)",
          f"profile?cci={best_match()}", visible=(MIXED, LONG[:200], BAD_URL)),
    Place("compare: programme titles in metric labels, the differences spelled out and the charts",
          f"compare?cmp=programme:{best_match()}&cmp=programme:{START_CCI}", visible=(MIXED,), tables=(MIXED,)),
    Place("footer: attribution (app.py)", "partners", visible=(f"· Attribution {MIXED}",)),
    Place("programme profile: imported cooperation actions (notes)", f"profile?cci={IMPORTED_CCI}",
          tables=(MIXED, LONG)),
    Place("workshop: check matches (names, organisations in the table and select boxes; file, sheet and region "
          "in the notices)", "workshop", reach=_upload_registrations(hostile_registrations()),
          visible=(f"3 participants read from {WORKSHOP_SOURCE}.",
                   f"{WORKSHOP_SOURCE}, row 2, column 'Region': region 'Region {IMG} {LINK}' is not a NUTS code"),
          tables=(MIXED, f"Name {SCRIPT} {LINK}", DDE, LONG), chosen=(("Participant", f"P01 · {MIXED}"),)),
    Place("workshop: projector with names (HTML the app builds)", "workshop", reach=_workshop_projector_with_names,
          visible=(MIXED, f"Name {SCRIPT} {LINK}", DDE)),
    Place("workshop: refused list (file, sheet and a cell quoted in the error)", "workshop",
          reach=_upload_registrations(hostile_registrations(NOT_A_COUNTRY)),
          visible=(f"{WORKSHOP_SOURCE}, row 2, column 'Country': 'Atlantis {IMG}' is not a country name",)),
    Place("workshop: unreadable file (its name in the error)", "workshop",
          reach=_upload_registrations(hostile_workbook(), f"{IMG}.csv"),
          visible=(f"'{IMG}.csv' is not a text file; a CSV file is plain text.",)),
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
    outside = outside_requests(page)
    open_page(page, server.url, place.path)
    place.reach(page)
    for text in place.visible:  # the first shown: a text may also be in a tab that is not open
        # As typed; an address carries an invisible WORD JOINER (coopdata.ui.safe.unlinked) that keeps it text.
        expect(page.get_by_text(unlinked(text)).filter(visible=True).first).to_be_visible(timeout=TIMEOUT)
    for text in place.tables:
        wait_for_table_text(page, text, TIMEOUT)
    for label, option in place.chosen:
        expect(page.get_by_role("combobox", name=label).first).to_have_value(option, timeout=TIMEOUT)
    assert injected(page) == []
    assert fired == [] and outside == []
    assert page.get_by_test_id("stException").count() == 0


PAGES = [url for _, _, _, url in app_pages()]
WITHOUT_FILTERS = ("workshop", "import")  # app.PAGES_WITHOUT_FILTERS: the shared filters do not apply there
PARAMETERS = url_parameters()


def test_the_walk_knows_every_page_and_parameter():
    """The walk below takes its pages from app.py and its parameters from the code: check it finds them."""
    assert {"map", "themes", "compare", "partners", "profile", "workshop", "import", "data"} <= set(PAGES)
    assert {"q", "country", "cmp", "cci", "p_start", "p_topic", "focus", "region", "measure", "map_act_scope",
            "themes_act_planning"} <= set(PARAMETERS)


@pytest.mark.parametrize("value", [MARKDOWN, PICTURE], ids=["markdown", "outside-image"])
@pytest.mark.parametrize("url_path", PAGES)
def test_every_url_parameter_with_hostile_text_shows_it_as_typed(url_path, value, server, page: Page):
    """Every parameter any page reads, set to the payload, on every page: the title search reaches the filter
    chip (a button label, which renders Markdown) and the other values the link notice; nothing renders."""
    fired = watch_dialogs(page)
    outside = outside_requests(page)
    first = PAGES[0]  # served at "/" only
    query = urlencode([(name, value) for name in PARAMETERS])
    open_page(page, server.url, f"{'' if url_path == first else url_path}?{query}")
    wait_for_app_idle(page)
    expect(page.get_by_text("Some values in the link were not used")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(unlinked(f"Period: “{value}” not known, ignored.")).first).to_be_visible(timeout=TIMEOUT)
    chip = page.get_by_role("button", name=unlinked(f"title contains “{value}”"))
    if url_path in WITHOUT_FILTERS:  # Workshop and Import show no filters, so no chip either
        expect(chip).to_have_count(0)
    else:
        expect(chip).to_be_visible(timeout=TIMEOUT)
    assert injected(page) == []
    assert fired == [] and outside == []
    assert page.get_by_test_id("stException").count() == 0


@pytest.mark.parametrize("value", [MARKDOWN, PICTURE], ids=["markdown", "outside-image"])
def test_hostile_text_typed_into_the_text_fields_shows_as_typed(value, server, page: Page):
    """The sidebar's title search and the partner search's programme field (which takes typed text)."""
    fired = watch_dialogs(page)
    outside = outside_requests(page)
    open_page(page, server.url, "partners")
    wait_for_app_idle(page)
    box = page.get_by_label("Programme title contains")
    box.fill(value)
    box.press("Enter")
    expect(page.get_by_role("button", name=unlinked(f"title contains “{value}”"))).to_be_visible(timeout=TIMEOUT)
    start = page.get_by_role("combobox", name="Your programme (type part of its title or its CCI)")
    start.click()
    start.fill(value)
    start.press("Enter")
    wait_for_app_idle(page)
    assert injected(page) == []
    assert fired == [] and outside == []
    assert page.get_by_test_id("stException").count() == 0


def _text_cells(book: openpyxl.Workbook) -> list[str]:
    return [c.value for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def _formulas(book: openpyxl.Workbook) -> list[str]:
    return [f"{ws.title}!{c.coordinate}" for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_export_of_imported_notes_keeps_them_as_text(server, page: Page, tmp_path):
    """The profile's 'download' of the imported cooperation actions holds the notes as typed, as text."""
    fired = watch_dialogs(page)
    open_page(page, server.url, f"profile?cci={IMPORTED_CCI}")
    wait_for_table_text(page, MIXED, TIMEOUT)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download fictional data (Excel)").first.click()
    saved = tmp_path / "actions.xlsx"
    info.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    assert {MIXED, LONG} <= set(_text_cells(book))
    assert _formulas(book) == []
    assert injected(page) == [] and fired == []


def test_workshop_export_keeps_hostile_text_as_text(server, page: Page, tmp_path):
    """The workshop workbook holds names, organisations and the file and sheet name as typed, as text cells:
    no formula (the DDE payload is neutralised), nothing run while the page builds it."""
    fired = watch_dialogs(page)
    open_page(page, server.url, "workshop")
    _upload_registrations(hostile_registrations())(page)
    page.get_by_role("tab", name="5 · Download").click()
    box = page.get_by_role("combobox", name="Personal columns to include")
    box.click()
    page.get_by_role("option", name="Participant name").click()
    page.keyboard.press("Escape")
    # The caption comes after the button in the script: once it names the column, the button holds it.
    expect(page.get_by_text("personal columns: Participant name.")).to_be_visible(timeout=TIMEOUT)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the tables (XLSX)").click()
    saved = tmp_path / "workshop.xlsx"
    info.value.save_as(saved)
    wb = openpyxl.load_workbook(saved)
    seating = {row[1]: row[2:4] for row in wb["Seating"].iter_rows(min_row=2, values_only=True)}
    assert seating == {"P01": (MIXED, MIXED), "P02": (f"Name {SCRIPT} {LINK}", "2021EE16FFPR001"),
                       "P03": (f"'{DDE}", LONG)}
    about = dict(wb["About"].iter_rows(min_row=2, values_only=True))
    assert about["Registration list"] == WORKSHOP_SOURCE
    assert _formulas(wb) == []
    assert injected(page) == [] and fired == []


def test_a_refused_upload_is_in_the_server_log(server, page: Page):
    """The page says why a file was refused, and so does the server log, with time and level."""
    open_page(page, server.url, "workshop")
    _upload_registrations(hostile_workbook(), "refused.csv")(page)
    expect(page.get_by_text("'refused.csv' is not a text file; a CSV file is plain text.")).to_be_visible(
        timeout=TIMEOUT)
    log = server.log.read_text(encoding="utf-8")
    assert re.search(r"\d\d:\d\d:\d\d,\d+ WARNING coopdata\.importer\.read: upload refused by the workshop page: "
                     r"'refused\.csv' is not a text file; a CSV file is plain text\.", log), log[-2000:]
