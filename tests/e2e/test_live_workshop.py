"""Browser: the live workshop, on a server of its own (its own database folder and log file).

- A phone (390x844) joins by the link, sends, edits and withdraws its entry; the projector (a second browser
  context, 1280x720) shows each change within 10 s without a click.
- 40 participants send at once: every entry is stored once, the projector shows 40, and its tables and pairs are
  those the pure functions give for the same list uploaded as a spreadsheet. The 40 phones speak Streamlit's own
  protocol (benchmarks/ws_client.py), so their sends leave in the same moment; a browser page filled like them
  shows the phone's form. Screenshots of the join QR code
  and the projector at 1280x720 and 1920x1080 go to artifacts/screenshots/.
- A closed or deleted workshop refuses entries with a clear message and keeps no row; no nickname reaches the
  server log.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import re
import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from benchmarks.ws_client import Session, Timed
from coopdata.importer import store as store_module
from coopdata.importer.store import ImportStore
from coopdata.load import load_dataset
from coopdata.ui.live import best_pairs
from coopdata.vocabularies import country_names, topic_labels
from coopdata.workshop import live, seating
from coopdata.workshop.live import Entry
from coopdata.workshop.pairs import Geography, pair_scores, seating_weights
from coopdata.workshop.registration import read_registrations
from tests.e2e.conftest import LOGS, offline_context
from tests.e2e.helpers import SCREENSHOTS
from tests.e2e.server import running_server

pytestmark = pytest.mark.e2e
expect.set_options(timeout=60_000)  # a bound on waiting on a busy machine, not a speed check
LIVE_MS = 10_000  # the projector must show a change this soon, by itself
LOG = LOGS / "e2e-live-server.log"
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 720}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live") / "imports"
    with running_server(LOG, env={"COOPDATA_IMPORT_DIR": str(folder), "COOPDATA_DATABASE_URL": ""}) as srv:
        yield srv.url, ImportStore(folder)


def opened(s: ImportStore, title: str = "Baltic energy partners (fictional)") -> live.Opened:
    return live.open_workshop(s, title, dt.datetime.now(dt.UTC) + dt.timedelta(hours=2))


def choose(page: Page, label: str, text: str, multi: bool = False) -> None:
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(text)  # filters the (virtualised) option list, so the option is drawn
    page.get_by_role("option", name=text, exact=True).click()
    if multi:  # a multiselect stays open for more choices
        page.keyboard.press("Escape")


def fill(page: Page, country: str, topics: list[str], nickname: str) -> None:
    choose(page, "Your country", country)
    expect(page.get_by_role("combobox", name="Your region (type its name)")).to_be_visible()  # the country's run
    for t in topics:
        choose(page, "Topics you want to cooperate on", t, multi=True)
    page.get_by_label(re.compile("First name or nickname")).fill(nickname)


def metric(page: Page):
    return page.get_by_test_id("stMetricValue")


def timed(check) -> float:
    began = time.monotonic()
    check()
    return time.monotonic() - began


def rows(s: ImportStore, table) -> int:
    with s.reading() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def eventually(read, expected, seconds: float = 10):
    """What `read()` gives once it equals `expected`, or after `seconds` (the page may still be drawing the run
    that changed it)."""
    deadline = time.monotonic() + seconds
    while (got := read()) != expected and time.monotonic() < deadline:
        time.sleep(0.5)
    return got


def projected_rows(page: Page, n: int) -> list[list[str]]:
    """The cells of the projector's n-th table (0: tables, 1: best pairs)."""
    table = page.locator(".st-key-live_projected table.coopdata-projected").nth(n)
    return [r.locator("td").all_inner_texts() for r in table.locator("tbody tr").all()]


def test_a_phone_joins_edits_and_withdraws_and_the_projector_follows_by_itself(browser, server):
    url, s = server
    o = opened(s)
    for i, (country, topics) in enumerate([("EE", ("digital", "energy")), ("LV", ("digital",))]):
        live.add_entry(s, o.workshop.join_token, Entry(country, topics), f"seed{i}")
    screen_ctx, blocked = offline_context(browser, url, PROJECTOR)
    phone_ctx, blocked_phone = offline_context(browser, url, PHONE, phone=True)
    try:
        screen = screen_ctx.new_page()
        screen.goto(f"/workshop?live={o.facilitator_token}")
        expect(metric(screen)).to_have_text("2")

        phone = phone_ctx.new_page()
        phone.goto(f"/join?w={o.workshop.join_token}")
        expect(phone.get_by_role("heading", name="Baltic energy partners (fictional)")).to_be_visible()
        expect(phone.get_by_text("deleted automatically 24 hours after the workshop closes")).to_be_visible()
        fill(phone, "Finland", ["Health"], "Zebulon (fictional)")
        phone.get_by_role("button", name="Send my entry").click()
        expect(phone.get_by_text("Thank you: your entry is in. You are P03 on the screen.")).to_be_visible()
        assert re.search(r"[?&]e=[\w-]{20,}", phone.url)  # the edit token, kept in this device's link
        took = [timed(lambda: expect(metric(screen)).to_have_text("3", timeout=LIVE_MS))]

        choose(phone, "Topics you want to cooperate on", "Energy & low carbon", multi=True)
        phone.get_by_role("button", name="Save changes").click()
        expect(phone.get_by_text("Your changes are saved.")).to_be_visible()
        pairs = screen.locator(".st-key-live_projected")
        took.append(timed(lambda: expect(pairs).to_contain_text("P01 + P03", timeout=LIVE_MS)))
        assert live.entries(s, o.workshop.id)["topics"].tolist()[-1] == ("energy", "health")

        phone.reload()  # the same device, later: the link reopens the entry
        expect(phone.get_by_text("You are P03 on the screen")).to_be_visible()
        phone.get_by_role("button", name="Withdraw my entry").click()
        expect(phone.get_by_text("Your entry is withdrawn")).to_be_visible()
        took.append(timed(lambda: expect(metric(screen)).to_have_text("2", timeout=LIVE_MS)))
        expect(pairs).not_to_contain_text("P03")
        assert rows(s, store_module.workshop_entries) == 2
        print(f"projector caught up after {', '.join(f'{t:.1f}' for t in took)} s")
    finally:
        screen_ctx.close()
        phone_ctx.close()
    assert not blocked and not blocked_phone, "the pages reached outside the machine"
    live.delete_workshop(s, o.workshop.id)


def test_a_closed_or_deleted_workshop_refuses_entries_and_keeps_no_row(browser, server):
    url, s = server
    closed = opened(s, "Closed workshop (fictional)")
    live.close_now(s, closed.workshop.id)
    gone = opened(s, "Deleted workshop (fictional)")
    context, _ = offline_context(browser, url, PHONE, phone=True)
    try:
        page = context.new_page()
        page.goto(f"/join?w={closed.workshop.join_token}")
        expect(page.get_by_text("This workshop is closed: entries can no longer be made")).to_be_visible()
        expect(page.get_by_role("button", name="Send my entry")).to_have_count(0)

        page.goto(f"/join?w={gone.workshop.join_token}")
        fill(page, "Estonia", ["Digital"], "Quentin (fictional)")
        live.delete_workshop(s, gone.workshop.id)  # the facilitator deletes it while the form is open
        page.get_by_role("button", name="Send my entry").click()
        expect(page.get_by_text("This workshop link is not known")).to_be_visible()

        page.goto("/join?w=no-such-workshop")
        expect(page.get_by_text("This workshop link is not known")).to_be_visible()
    finally:
        context.close()
    live.delete_workshop(s, closed.workshop.id)
    assert rows(s, store_module.workshops) == 0 and rows(s, store_module.workshop_entries) == 0
    text = LOG.read_text(encoding="utf-8")
    assert "Quentin" not in text and "Zebulon" not in text


COUNTRIES = ["EE", "LV", "LT", "FI", "SE", "PL", "DE", "DK"]
TOPIC_SETS = [("energy", "digital"), ("digital",), ("energy", "climate_risk"), ("health", "social_inclusion"),
              ("research_innovation", "digital"), ("mobility",), ("energy", "environment"), ("education",)]
SCOPE_SETS = [(), ("EU-wide",), ("cross-border",), ("sea basin",), ("macro-regional",)]


def forty() -> list[tuple[str, list[str], list[str], str]]:
    """40 invented participants: (country, topic labels, scope labels, nickname)."""
    from coopdata.ui.live import scope_label

    names, labels = country_names(), topic_labels()
    return [(names[COUNTRIES[i % 8]], [labels[t] for t in TOPIC_SETS[(i * 3) % 8]],
             [scope_label(x) for x in SCOPE_SETS[i % 5]], f"Fictional{i:02d}") for i in range(40)]


async def send_at_once(url: str, join_token: str, people) -> tuple[list[Timed], float]:
    """Each participant's form filled over Streamlit's own protocol (benchmarks/ws_client.py: the messages a phone's
    browser sends), then the 40 sends let go in the same moment; (each send's run, seconds to fill them all)."""
    began = time.monotonic()
    async with contextlib.AsyncExitStack() as stack:
        phones = [await stack.enter_async_context(Session(url)) for _ in people]
        for phone, (country, _, _, _) in zip(phones, people, strict=True):
            await phone.load(f"join?w={join_token}")
            await phone.change("join_country", country)  # outside the form: a run of its own, as on a phone
        filled = time.monotonic() - began
        sends = [phone.submit({"join_topics": topics, "join_scopes": scopes, "join_nickname": nickname,
                               "join_send": True})
                 for phone, (_, topics, scopes, nickname) in zip(phones, people, strict=True)]
        return await asyncio.gather(*sends), filled


def test_forty_participants_at_once_give_the_tables_of_the_same_list_uploaded(browser, server):
    url, s = server
    began = time.monotonic()
    log_from = len(LOG.read_text(encoding="utf-8"))  # this test's lines only (a deleted workshop's id is reused)
    o = opened(s, "Forty at once (fictional)")
    people = forty()
    context, blocked = offline_context(browser, url, PHONE, phone=True)
    screen_ctx, _ = offline_context(browser, url, PROJECTOR)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        # What a phone shows, filled in (this one is not sent: the 40 below are).
        country, topics, scopes, nickname = people[0]
        phone = context.new_page()
        phone.goto(f"/join?w={o.workshop.join_token}")
        fill(phone, country, topics, nickname)
        for scope in scopes:
            choose(phone, "Partners you look for", scope, multi=True)
        phone.get_by_role("heading").first.scroll_into_view_if_needed()
        phone.screenshot(path=str(SCREENSHOTS / "live-workshop-phone-390x844.png"))
        phone.close()
        screen = screen_ctx.new_page()  # the projector is on before the sends, and follows them by itself
        screen.goto(f"/workshop?live={o.facilitator_token}&present=1")
        expect(metric(screen)).to_have_text("0")
        sent_at = time.monotonic()
        # In a thread of its own: this thread's event loop is the sync Playwright's.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            sends, filled = pool.submit(asyncio.run, send_at_once(url, o.workshop.join_token, people)).result()
        answered = time.monotonic() - sent_at
        thanks = [[t for t in run.view.texts if t.startswith("Thank you: your entry is in.")] for run in sends]
        assert all(run.view.ok for run in sends), [run.view.exceptions for run in sends]
        assert all(re.fullmatch(r"Thank you: your entry is in\. You are P\d\d on the screen\..*", t[0], re.S)
                   for t in thanks), thanks
        stored_at = [dt.datetime.strptime(m, "%Y-%m-%d %H:%M:%S,%f") for m in re.findall(
            rf"^(\S+ \S+) INFO coopdata\.ui\.live: live workshop {o.workshop.id}: entry \d+ added$",
            LOG.read_text(encoding="utf-8")[log_from:], re.M)]
        assert len(stored_at) == 40
        spread = (max(stored_at) - min(stored_at)).total_seconds()

        found = live.entries(s, o.workshop.id)
        assert sorted(found["number"]) == list(range(1, 41))  # each stored once
        assert sorted(found["nickname"]) == [f"Fictional{i:02d}" for i in range(40)]
        shown = timed(lambda: expect(metric(screen)).to_have_text("40", timeout=LIVE_MS))
        expect(screen.locator(".st-key-live_projected table.coopdata-projected")).to_have_count(2)

        # The same list as a spreadsheet, through the upload's reader and the pure pairing and seating.
        ds = load_dataset()
        reg = read_registrations(live.registration_csv(found), "forty_FICTIONAL.csv", ds.programmes, ds.regions)
        pairs = pair_scores(reg.participants, Geography.from_dataset(ds))
        weights = seating_weights(pairs)
        table_of = seating.propose_seating(list(reg.participants["code"]), weights, 4)
        summary = seating.table_summary(table_of, reg.participants, pairs, weights)
        labels = topic_labels()
        tables = [[f"Table {t}", ", ".join(m), ", ".join(labels[x] for x in ts[:3]) or "no topic in common"]
                  for t, m, ts in zip(summary["table"], summary["members"], summary["common_topics"], strict=True)]
        best = best_pairs(pairs)
        assert eventually(lambda: projected_rows(screen, 0), tables) == tables
        pairs_shown = [[p, str(sc), why] for p, sc, why in zip(best["pair"], best["score"], best["why"], strict=True)]
        assert eventually(lambda: projected_rows(screen, 1), pairs_shown) == pairs_shown

        for size, name in ((PROJECTOR, "1280x720"), ({"width": 1920, "height": 1080}, "1920x1080")):
            screen.set_viewport_size(size)
            screen.get_by_role("heading", name="Forty at once (fictional)").scroll_into_view_if_needed()
            screen.wait_for_timeout(1000)
            screen.get_by_test_id("stImage").screenshot(path=str(SCREENSHOTS / f"live-workshop-join-qr-{name}.png"))
            screen.screenshot(path=str(SCREENSHOTS / f"live-workshop-projector-{name}.png"))  # the first screen
            screen.get_by_role("heading", name="Best pairs").scroll_into_view_if_needed()
            screen.wait_for_timeout(500)
            screen.screenshot(path=str(SCREENSHOTS / f"live-workshop-projector-pairs-{name}.png"))
        print(f"40 forms filled in {filled:.0f} s; the 40 sends, let go at once, were stored within "
              f"{spread:.1f} s of each other and all answered {answered:.1f} s after; the projector showed 40 "
              f"{shown:.1f} s later; whole test "
              f"{time.monotonic() - began:.0f} s")
    finally:
        context.close()
        screen_ctx.close()
    assert not blocked
    text = LOG.read_text(encoding="utf-8")
    assert not re.search(r"Fictional\d\d", text)
    live.delete_workshop(s, o.workshop.id)
