"""Hostile text for browser tests: payloads, a data/ copy and an import store that carry them, and the checks
that a rendered page ran none of it: no element made from a payload's HTML or Markdown, no request to an
outside address (a Markdown image would make the viewer's browser fetch one).

To cover a new place (map tooltips, compare, ...), add a `Place` to PLACES in
test_hostile_text.py: the URL path of its page, what to do there to make the text show, and which texts
must then be visible (as text, in its tables, or as a select box's choice).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from playwright.sync_api import Page

from coopdata.analysis.partners import Query, search
from coopdata.importer.store import ImportStore
from coopdata.importer.validate import Reference, validate
from coopdata.load import load_dataset
from tests.conftest import DATA
from tests.unit.importer.make_files import HEADER, ROWS, workbook

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
LINK = "[link](javascript:alert(1))"
LONG = ("A very long managing authority name " * 300)[:10_000]
# Markdown that Streamlit would render (bold, its colour directive, an image from an outside address). Each is
# short enough to be quoted whole where the app quotes at most 40 characters of a value (the link notices).
OUTSIDE = "outside.invalid"  # never resolves; any request to it fails the test
MARKDOWN = "**mdbold** :red[mdred]"
PICTURE = f"![mdimg](http://{OUTSIDE}/p.png)"
MARKERS = ("mdbold", "mdred", "mdimg")  # the words a rendering would put into an element of their own
MIXED = f"{IMG} {SCRIPT} {LINK} **bold** {MARKDOWN} {PICTURE}"
# A programme page address that would close a Markdown link early and fetch an outside image after it.
BAD_URL = f"https://ec.europa.eu/x) {PICTURE}"
FILE_NAME = f"{IMG}.xlsx"

# The partner search the tests run: its best match gets the hostile title and managing authority.
START_CCI = "2021IT16FFPR004"
TOPIC = "employment"


@dataclass(frozen=True)
class Place:
    name: str
    path: str  # URL path of the page, with its query
    reach: Callable[[Page], None] = lambda page: None  # what to do on the page to make the text show
    visible: tuple[str, ...] = field(default=())  # texts that must show on the page, as typed
    tables: tuple[str, ...] = field(default=())  # texts that must be in its tables (st.dataframe)
    chosen: tuple[tuple[str, str], ...] = field(default=())  # (label, option as typed) of select boxes


@functools.cache
def best_match() -> str:
    """CCI of the best match of the tests' search: it gets the hostile title and managing authority."""
    return search(load_dataset(DATA), Query(START_CCI, (TOPIC,), "eu-wide")).matches[0].cci


def hostile_data(folder: Path) -> Path:
    """A copy of data/ (in `folder`/data) whose texts carry the payloads."""
    target = folder / "data"
    shutil.copytree(DATA, target)
    ds = load_dataset(DATA)
    best = best_match()
    programmes = ds.programmes.copy()
    programmes.loc[programmes["cci"].eq(best), ["title", "managing_authority", "url"]] = [MIXED, LONG, BAD_URL]
    programmes.loc[programmes["cci"].eq(START_CCI), "title"] = f"Start {IMG} {LINK}"
    programmes.to_parquet(target / "programmes.parquet", index=False)
    manifest = json.loads((target / "MANIFEST.json").read_text(encoding="utf-8"))
    manifest["coverage"]["finances_2021_2027_note"] = f"Note {MIXED}"
    manifest["attribution"] = [*manifest["attribution"], f"Attribution {MIXED}"]
    first = next(iter(manifest["inputs"]))
    manifest["inputs"][first]["source"] = f"Source {MIXED}"
    (target / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return target


def hostile_workbook() -> bytes:
    """The tests' valid workbook with the payloads in Notes and Programme title."""
    header = [*HEADER, "Programme title", "Fictional"]
    rows = [[*r, "", "yes"] for r in ROWS]
    rows[0][HEADER.index("Notes")] = MIXED
    rows[0][header.index("Programme title")] = f"Title {IMG} {LINK}"
    rows[1][HEADER.index("Notes")] = LONG
    buffer = io.BytesIO()
    workbook(rows, header).save(buffer)
    return buffer.getvalue()


DDE = "+cmd|' /C calc'!A0"  # a spreadsheet would run this as a formula (openpyxl keeps it as text)
# A workshop registration list whose file name, sheet name, names, organisations and region carry the
# payloads. Three people fit one table, so the projector's table 1 names all of them.
REGISTRATION_HEADER = ["Participant", "E-mail", "Programme", "Country", "Region", "Topics of interest",
                       "Partnership scope"]
REGISTRATIONS = [
    [MIXED, "", MIXED, "Estonia", f"Region {IMG} {LINK}", "digital", ""],
    [f"Name {SCRIPT} {LINK}", "", "2021EE16FFPR001", "Latvia", "", "digital", ""],
    [DDE, "", LONG, "Germany", "", "digital; energy", ""],
]
SHEET_NAME = IMG  # 28 characters, none of them forbidden in a sheet name
REGISTRATION_FILE = f"{IMG} list.xlsx"


def hostile_registrations(rows: list[list[str]] = REGISTRATIONS) -> bytes:
    buffer = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.title = SHEET_NAME
    for row in [REGISTRATION_HEADER, *rows]:
        wb.active.append(row)
    wb.save(buffer)
    return buffer.getvalue()


def hostile_import(folder: Path, reference_data: Path) -> ImportStore:
    """An import store whose database in use came from a file with a hostile name (and is fictional)."""
    store = ImportStore(folder)
    result = validate(hostile_workbook(), FILE_NAME, Reference.load(reference_data))
    assert result.ok, result.report.to_text()
    store.save(result.actions, FILE_NAME, result.sha256, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    return store


def watch_dialogs(page: Page) -> list[str]:
    """Every alert/confirm/prompt the page opens from now on (dismissed, and recorded)."""
    fired: list[str] = []

    def record(dialog):
        fired.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return fired


def injected(page: Page) -> list[str]:
    """Elements a payload would have created: the img, a script holding alert, a javascript: link; and any
    element made by rendering its Markdown (a word of MARKERS alone in an element: bold, coloured, an image's
    alt text) or pointing at the outside address."""
    return page.evaluate("""markers => [
        ...document.querySelectorAll('img[src="x"]'),
        ...[...document.scripts].filter(s => s.textContent.includes('alert(1)')),
        ...document.querySelectorAll('a[href^="javascript:" i]'),
        ...document.querySelectorAll('[onerror]'),
        ...document.querySelectorAll('[src*="outside.invalid"], [href*="outside.invalid"]'),
        ...[...document.querySelectorAll('body *')].filter(e =>
            markers.includes((e.textContent || '').trim()) || markers.includes(e.getAttribute('alt'))),
    ].map(e => e.outerHTML.slice(0, 200))""", list(MARKERS))


def outside_requests(page: Page) -> list[str]:
    """Every request the page makes from now on to an address other than this machine (recorded; the page
    fixture also aborts it, and fails the test at its end)."""
    from tests.e2e.conftest import is_local

    seen: list[str] = []
    page.on("request", lambda request: None if is_local(request.url) else seen.append(request.url))
    return seen


def url_parameters(root: Path | None = None) -> list[str]:
    """Every URL parameter a page reads, found in the code so a new one is walked without editing the tests:
    the shared filters, widgets bound to the URL (`key="..."` then `bind="query-params"` in one call), codes
    seeded from the URL (`url_codes.seed("...")`), and the imported database's filters of each page."""
    from coopdata.analysis.filter_state import ALL_PARAMS
    from coopdata.ui.geo import REGION_KEY
    from tests.e2e.helpers import ROOT

    root = root or ROOT
    names = list(ALL_PARAMS)
    for path in [root / "app.py", *sorted((root / "pages").glob("*.py")), *sorted((root / "coopdata" / "ui").glob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        for at in (m.start() for m in re.finditer(r'bind="query-params"', text)):
            keys = re.findall(r'key=(f?)"([^"]+)"', text[max(0, at - 400):at])  # the same call's key
            if keys and not keys[-1][0]:  # an f-string key is a prefix's: added below
                names.append(keys[-1][1])
        names += re.findall(r'url_codes\.seed\("([^"]+)"', text)
        names += [REGION_KEY] if "url_codes.seed(geo.REGION_KEY" in text else []
        names += [f"{prefix}_{what}" for prefix in re.findall(r'action_filter_controls\("([^"]+)"\)', text)
                  for what in ("planning", "scope")]
    return list(dict.fromkeys(names))


def wait_for_table_text(page: Page, text: str, timeout: float = 90_000) -> None:
    """Wait until a table of the page holds `text` in a cell (st.dataframe draws on a canvas; the cells it
    has drawn are also in the DOM, for accessibility)."""
    page.wait_for_function(
        """text => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
                   .some(e => e.textContent.includes(text))""", arg=text, timeout=timeout)




def open_page(page: Page, base_url: str, path: str, timeout: float = 90_000) -> None:
    """Open `path` of the app. The router first: on a fresh server a deep link works once st.navigation ran."""
    page.goto(base_url, timeout=timeout)
    page.get_by_test_id("stSidebarNav").get_by_text("Data & sources").wait_for(timeout=timeout)
    if path:
        page.goto(f"{base_url}/{path.lstrip('/')}", timeout=timeout)
