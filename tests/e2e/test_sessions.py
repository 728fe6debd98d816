"""Three browser sessions at once for about 20 s, each with its own partner searches and filters: no error
shows and every session sees its own answers (benchmarks/load_test.py runs the same at 20 x 120 s)."""

import asyncio
import threading

import pytest

from benchmarks.load_test import run_sessions, steps

pytestmark = pytest.mark.e2e


def test_concurrent_sessions_no_errors_no_leaks(app_url):
    plan = steps(seed=3, count=24)
    out = {}
    # Own thread: async Playwright must not share a thread with pytest-playwright's sync one.
    worker = threading.Thread(target=lambda: out.update(result=asyncio.run(run_sessions(app_url, 3, 20, plan=plan))))
    worker.start()
    worker.join(timeout=600)
    assert not worker.is_alive(), "the sessions did not finish within 10 minutes"
    result = out["result"]
    assert result.errors == [] and result.leaks == []
    assert len(result.per_session) == 3 and min(result.per_session) >= 1  # each session had answers checked
