"""Browser test: with more programmes than the start list offers (10x FICTIONAL copies of the data), a
programme the list leaves out is typed by its CCI, searched from, and kept by the page's link."""

import re

import pytest
from playwright.sync_api import expect

from benchmarks.scaled_data import write_scaled
from coopdata.analysis.partners import Query, search
from coopdata.load import load_dataset
from coopdata.settings import DATA_DIR_ENV
from coopdata.ui import listing
from tests.conftest import DATA
from tests.e2e.conftest import fail_if_not_offline, offline_context
from tests.e2e.helpers import assert_no_exception, wait_for_app_idle
from tests.e2e.server import running_server

TIMEOUT = 60_000  # ms: 10x data to load on a shared machine
TYPED = "2021IT16FFPR004-FICTIONAL009"  # Basilicata's 9th copy: far past the first MAX_LISTED of 2021-2027


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("partners-x10")
    data = write_scaled(DATA, folder, 10)
    with running_server(folder / "streamlit.log", env={DATA_DIR_ENV: str(data)}) as server:
        yield server, load_dataset(data)


def test_a_programme_past_the_list_typed_by_its_cci_is_searched_from_and_kept_by_the_link(browser, scaled):
    server, ds = scaled
    programmes = ds.programmes[ds.programmes["period"].eq("2021-2027")]
    assert len(programmes) == 3680 > listing.MAX_LISTED
    assert TYPED not in set(programmes["cci"].head(listing.MAX_LISTED))
    title = programmes.set_index("cci").loc[TYPED, "title"]
    expected = search(ds, Query(TYPED, ("employment",), "eu-wide")).matches
    context, blocked = offline_context(browser, server.url)
    try:
        page = context.new_page()
        page.goto("/partners?p_topic=Employment", timeout=TIMEOUT)
        wait_for_app_idle(page)
        expect(page.get_by_text(f"The list offers the first {listing.MAX_LISTED:,} of the 3,680 programmes of "
                                "2021-2027: type a CCI")).to_be_visible(timeout=TIMEOUT)

        page.get_by_test_id("stMain").get_by_role(
            "combobox", name="Your programme (type part of its title or its CCI)").click()
        page.keyboard.type(TYPED)
        expect(page.get_by_role("option", name=f"Add: {TYPED}")).to_be_visible(timeout=TIMEOUT)
        page.keyboard.press("Enter")
        heading = page.get_by_text(re.compile(r"\d+ programmes? match, best first"))
        expect(heading).to_have_text(f"{len(expected)} programmes match, best first", timeout=TIMEOUT)
        expect(page.get_by_text(f"From {title} ({TYPED}).")).to_be_visible(timeout=TIMEOUT)
        assert f"p_start={TYPED}" in page.url
        assert_no_exception(page)

        page.goto(page.url, timeout=TIMEOUT)  # the link reopens the same search
        wait_for_app_idle(page)
        expect(page.get_by_text(f"{len(expected)} programmes match, best first")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text(f"From {title} ({TYPED}).")).to_be_visible(timeout=TIMEOUT)
    finally:
        context.close()
    fail_if_not_offline(blocked)
