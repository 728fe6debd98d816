"""Smoke run of the workshop load benchmark (benchmarks/ws_load.py): a few light WebSocket clients against one
server for a few seconds, so CI notices when the client no longer speaks Streamlit's protocol (every run must end,
show the checked answer and no exception)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks import ws_load
from coopdata.settings import IMPORT_DIR_ENV
from tests.e2e.server import ServerDidNotStart, running_server

pytestmark = pytest.mark.e2e


def test_three_light_sessions_for_ten_seconds(tmp_path):
    try:
        with running_server(tmp_path / "streamlit.log", env={IMPORT_DIR_ENV: str(tmp_path / "imports")}) as server:
            run = ws_load.measure("one", server.url, [server.url], [server.pid], sessions=3, seconds=10,
                                  think=(0.5, 1.5), ramp=1, browser_count=0)
            # A thread of its own: Playwright's sync API may keep an event loop running in this one.
            with ThreadPoolExecutor(1) as pool:
                result = pool.submit(asyncio.run, run).result()
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))
    tally = result.tally
    assert not tally.errors and not tally.wrong, (tally.errors + tally.wrong)[:5]
    assert len(result.alone) == ws_load.ALONE_RERUNS
    assert len(tally.loads) == 3 and len(tally.reruns) >= 3
    assert result.rss_peak[0] > 0 and "| rerun p50 / p95, under load |" in ws_load.table([result])
