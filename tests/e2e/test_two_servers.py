"""Browser: a deployment of two app servers behind Debian's nginx (deploy/nginx.conf, as docs/deployment.md gives
it) sharing one PostgreSQL (Debian's, a throwaway cluster: tests/postgres.py).

An import made on server A's Import page is what a session already open on server B shows at its next rerun (the
Map's "Programmes planning cooperation actions"); a browser through nginx gets the page and a working WebSocket;
nginx spreads sessions over both servers and keeps each session on its server (the routing cookie).
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from benchmarks.ws_client import Session
from coopdata.importer.example import EXAMPLE_PATH
from coopdata.importer.store import ImportStore
from coopdata.importer.validate import Reference, validate
from coopdata.settings import DATABASE_URL_ENV, IMPORT_DIR_ENV
from tests import postgres
from tests.conftest import DATA
from tests.e2e import proxy
from tests.e2e.conftest import fail_if_not_offline, offline_context
from tests.e2e.server import ServerDidNotStart, running_server
from tests.unit.importer.make_files import FILES

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(bool(postgres.why_not() or proxy.why_not()),
                                 reason=str(postgres.why_not() or proxy.why_not()))]
TIMEOUT = 90_000
PLANNING = "Programmes planning cooperation actions"
ALT = "Map of programmes planning cooperation actions per region"
SESSIONS = 12  # through nginx: the chance that all land on one of two servers is 2 in 4,096


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-servers")
    with postgres.running_postgres() as server_url:
        url = postgres.new_database(server_url, "coopdata_two_servers")
        first = validate((FILES / "unknown_cci.xlsx").read_bytes(), "unknown_cci.xlsx", Reference.load(DATA))
        ImportStore(url=url).save(first.actions, first.filename, first.sha256, who="operator")
        env = {DATABASE_URL_ENV: url, IMPORT_DIR_ENV: str(folder / "imports")}
        try:
            with running_server(folder / "a.log", env=env) as a, running_server(folder / "b.log", env=env) as b, \
                    proxy.running_nginx([a.url.removeprefix("http://"), b.url.removeprefix("http://")]) as px:
                yield SimpleNamespace(a=a.url, b=b.url, proxy=px)
        except ServerDidNotStart as exc:
            pytest.fail(str(exc))


def _map_text(page) -> str:
    expect(page.get_by_text(f"Legend — {PLANNING}")).to_be_visible(timeout=TIMEOUT)
    return page.get_by_text(ALT).inner_text(timeout=TIMEOUT)


def test_import_on_server_a_is_seen_on_server_b_at_its_next_rerun(browser, deployment):
    context, blocked = offline_context(browser, deployment.b)
    on_b = context.new_page()
    on_b.goto(deployment.b, timeout=TIMEOUT)  # the Map, led by the imported database's planning measure
    before = _map_text(on_b)
    expect(on_b.get_by_text("FICTIONAL DATA")).to_have_count(0)

    # Server A: import the FICTIONAL example on its Import page (no sign-in configured: local mode).
    on_a = context.new_page()
    on_a.goto(deployment.a, timeout=TIMEOUT)
    on_a.locator('[data-testid="stSidebarNav"]').get_by_text("Import database").click(timeout=TIMEOUT)
    on_a.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(EXAMPLE_PATH))
    on_a.get_by_role("button", name="Import this database").click(timeout=TIMEOUT)
    expect(on_a.get_by_text(re.compile(r"It is now the database in use \(version 2\)"))).to_be_visible(timeout=TIMEOUT)
    on_a.goto(deployment.a, timeout=TIMEOUT)
    on_a_map = _map_text(on_a)
    assert on_a_map != before, "the example's planning figures should differ from the first database's"

    # Server B, same session: nothing changes until it reruns; its next rerun reads the new version.
    assert on_b.get_by_text(ALT).inner_text() == before
    toggle = on_b.get_by_text("Only programmes planning cooperation actions", exact=True)
    toggle.click(timeout=TIMEOUT)  # on, then off again: two reruns, the same settings as before
    expect(on_b.get_by_text("FICTIONAL DATA: the cooperation actions loaded")).to_be_visible(timeout=TIMEOUT)
    toggle.click(timeout=TIMEOUT)
    expect(on_b.get_by_text(ALT)).to_have_text(on_a_map, timeout=TIMEOUT)
    assert on_b.locator('[data-testid="stException"]').count() == 0
    context.close()
    fail_if_not_offline(blocked)


def test_a_browser_through_nginx_gets_the_page_and_its_websocket(browser, deployment):
    context, blocked = offline_context(browser, deployment.proxy.url)
    page = context.new_page()
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(deployment.proxy.url, timeout=TIMEOUT)
    _map_text(page)
    # A widget change goes up the WebSocket and its rerun comes back down: the map is redrawn for NUTS 0.
    page.get_by_label("NUTS level").click(timeout=TIMEOUT)  # a selectbox: open it, then pick
    page.get_by_role("option", name="NUTS 0 (countries)").click(timeout=TIMEOUT)
    expect(page.get_by_text(re.compile(rf"{ALT}, NUTS 0"))).to_be_visible(timeout=TIMEOUT)
    assert any(u.startswith(f"{deployment.proxy.url.replace('http', 'ws')}/_stcore/stream") for u in sockets)
    assert page.locator('[data-testid="stException"]').count() == 0
    context.close()
    fail_if_not_offline(blocked)


def test_nginx_spreads_sessions_over_both_servers_and_keeps_each_on_its_server(deployment):
    async def session(n: int) -> str:
        # Each session with its own routing cookie, as each browser gets one; two connections per session.
        cookie = f"coopdata_route={uuid.uuid4().hex}"
        for _ in range(2):
            async with Session(deployment.proxy.url, cookie=cookie) as s:
                timed = await s.load("partners?p_region=ITF51&p_topic=energy")
                assert timed.view.ok, timed.view.exceptions
        return cookie.split("=", 1)[1]

    async def all_sessions():
        return [await session(n) for n in range(SESSIONS)]

    # In a thread of its own: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        cookies = pool.submit(asyncio.run, all_sessions()).result()
    servers = defaultdict(set)
    for upstream, cookie in deployment.proxy.upstreams():
        servers[cookie].add(upstream)
    assert all(len(servers[c]) == 1 for c in cookies), f"a session moved between servers: {dict(servers)}"
    assert len({next(iter(servers[c])) for c in cookies}) == 2, "every session went to the same server"
