"""Production settings: an unexpected error shows users a short message without details, and the server log
has the details (exception, message, traceback)."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.server import running_server

pytestmark = pytest.mark.e2e
TIMEOUT = 60_000
SECRET = "password=hunter2"


def test_error_hidden_from_the_user_and_logged(tmp_path, page: Page):
    with running_server(tmp_path / "streamlit.log", script="tests/e2e/apps/raises.py") as server:
        page.goto(server.url, timeout=TIMEOUT)
        expect(page.get_by_text("Before the failure")).to_be_visible(timeout=TIMEOUT)
        shown = page.get_by_test_id("stException")
        expect(shown).to_be_visible(timeout=TIMEOUT)
        expect(shown).to_contain_text("error")
        body = page.locator("body").inner_text()
        assert SECRET not in body and "RuntimeError" not in body and "Traceback" not in body
        log = server.log.read_text()
    assert "Uncaught app execution" in log and "Traceback (most recent call last)" in log
    assert f"RuntimeError: secret detail: folder private/db and {SECRET}" in log
