"""Browser test: a shared link comparing Italy and Spain (2014-2020) spells out their real differences.

Uses the e2e harness fixtures `app_url` (base URL of a running server) and `page` (a Playwright page).
Expected sentences are computed here from the source CSV, independently of the app.
"""

from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from coopdata.amounts import format_eur
from coopdata.sources import esif_2014_2020

pytestmark = pytest.mark.e2e
if not (Path(__file__).parent / "conftest.py").exists():  # the harness branch brings app_url and page
    pytest.skip("the e2e harness (tests/e2e/conftest.py) is not on this branch yet", allow_module_level=True)

LINK = "/compare?period=2014-2020&cmp=country:IT&cmp=country:ES"


@pytest.fixture(scope="module")
def source_sentences(mirror):
    src = pd.read_csv(mirror / "raw" / esif_2014_2020.FILE, dtype={"TO_code": str})

    def sentence(label, to_code):
        parts = []
        for ms in ("IT", "ES"):
            rows = src[src["MS"] == ms]
            amount = rows.loc[rows["TO_code"] == to_code, "EU Amount"].sum()
            parts.append((amount / rows["EU Amount"].sum() * 100, format_eur(amount)))
        (it, it_eur), (es, es_eur) = parts
        return f"Italy puts {it:.1f}% of its EU amount into {label} ({it_eur}), Spain {es:.1f}% ({es_eur})."

    totals = {ms: format_eur(src.loc[src["MS"] == ms, "EU Amount"].sum()) for ms in ("IT", "ES")}
    return {"smes": sentence("SMEs & competitiveness", "03"), "employment": sentence("Employment", "08"),
            "totals": totals}


def test_compare_two_countries_from_a_link(page, app_url, source_sentences):
    base = app_url.rstrip("/")
    # Open the root once so app.py's st.navigation has run on this server: on a fresh server Streamlit
    # would run a deep link's pages/compare.py alone (legacy pages/ folder), without the sidebar filters.
    page.goto(base)
    expect(page.get_by_role("heading", name="Filters")).to_be_visible(timeout=60_000)
    page.goto(base + LINK)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Differences spelled out")).to_be_visible(timeout=60_000)
    # Largest difference first, in the visible list.
    expect(main.get_by_text(source_sentences["smes"], exact=True).first).to_be_visible()
    # Every topic is in the expander, employment among them.
    main.get_by_text("Every topic, largest difference first").click()
    expect(main.get_by_text(source_sentences["employment"], exact=True)).to_be_visible()
    metrics = main.get_by_test_id("stMetricValue")
    expect(metrics).to_have_text([source_sentences["totals"]["IT"], source_sentences["totals"]["ES"]])
    # The address still holds the comparison, so it can be shared again.
    assert page.url.count("cmp=country%3AIT") + page.url.count("cmp=country:IT") == 1
