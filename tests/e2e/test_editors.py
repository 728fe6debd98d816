"""Browser: editors and viewers on a protected deployment, with sign-in through a local OpenID Connect provider
(the PyPI package oidc-provider-mock, made for testing OIDC clients, on a port of this machine).

An anonymous visitor sees the database in use and its history but no way to import, correct or restore (the
functions that write refuse a viewer too: tests/app/test_import_rights_history.py). An editor signs in through
the provider's form, imports, sees the new version in the history and restores the previous one.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from coopdata.importer.example import EXAMPLE_PATH
from coopdata.importer.store import ENV_VAR, ImportStore
from coopdata.importer.validate import Reference, validate
from coopdata.settings import EDITORS_ENV
from tests.conftest import DATA
from tests.e2e.conftest import fail_if_not_offline, offline_context
from tests.e2e.server import ServerDidNotStart, free_port, start_server, stop_server
from tests.unit.importer.make_files import FILES

pytestmark = pytest.mark.e2e
TIMEOUT = 90_000
EDITOR = "anna@example.eu"
PROVIDER_CSS = "https://cdn.jsdelivr.net/npm/@picocss/"
oidc_provider_mock = pytest.importorskip("oidc_provider_mock", reason="pip install -e .[test] (oidc-provider-mock)")
pytest.importorskip("authlib", reason="sign-in needs Authlib: pip install -e .[auth]")


@pytest.fixture(scope="module")
def protected_app(tmp_path_factory):
    """A server whose secrets configure sign-in against the local provider, with one version imported."""
    folder = tmp_path_factory.mktemp("editors-e2e")
    first = validate((FILES / "unknown_cci.xlsx").read_bytes(), "unknown_cci.xlsx", Reference.load(DATA))
    ImportStore(folder / "imports").save(first.actions, first.filename, first.sha256, who="operator")
    port = free_port()
    with oidc_provider_mock.run_server_in_thread() as provider:
        secrets = folder / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            'cookie_secret = "e2e-only-cookie-secret-0123456789abcdef"\n'
            'client_id = "coopdata"\nclient_secret = "e2e-only"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8")
        env = {ENV_VAR: str(folder / "imports"), EDITORS_ENV: EDITOR, "STREAMLIT_SECRETS_FILES": str(secrets)}
        try:
            proc = start_server(port, folder / "streamlit.log", env=env)
        except ServerDidNotStart as exc:
            pytest.fail(str(exc))
        try:
            yield f"http://localhost:{port}", folder / "imports"
        finally:
            stop_server(proc)


def _import_page(page, url):
    page.goto(url, timeout=TIMEOUT)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Import database").click(timeout=TIMEOUT)


def test_anonymous_visitor_sees_no_way_to_change_the_database(browser, protected_app):
    url, _ = protected_app
    context, blocked = offline_context(browser, url)
    page = context.new_page()
    _import_page(page, url)
    expect(page.get_by_text("Viewer: sign in to change the database.")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Database in use: unknown_cci.xlsx")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    for absent in ("Import this database", "Use the FICTIONAL example workbook (training)",
                   "Restore it as a new version", "Check and save the corrections", "Save the mapping"):
        expect(page.get_by_role("button", name=absent)).to_have_count(0)
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
    expect(page.get_by_text("Correct rows of the database in use")).to_have_count(0)
    context.close()
    fail_if_not_offline(blocked)


def test_editor_signs_in_imports_and_restores_the_previous_version(browser, protected_app):
    url, folder = protected_app
    context, blocked = offline_context(browser, url)
    page = context.new_page()
    _import_page(page, url)
    page.get_by_role("button", name="Sign in").click(timeout=TIMEOUT)
    # The provider's own form: who signs in.
    page.locator('input[name="sub"]').fill(EDITOR, timeout=TIMEOUT)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=TIMEOUT)
    _import_page(page, url)
    # (the page writes the address as plain text: a word joiner before '@' keeps it from becoming a link)
    expect(page.get_by_text(re.compile(r"^Signed in as anna\u2060?@example\.eu — editor: you can import"))) \
        .to_be_visible(timeout=TIMEOUT)

    page.get_by_role("button", name="Use the FICTIONAL example workbook (training)").click(timeout=TIMEOUT)
    page.get_by_role("button", name="Import this database").click(timeout=TIMEOUT)
    expect(page.get_by_text("It is now the database in use (version 2).").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(f"Database in use: {EXAMPLE_PATH.name}")).to_be_visible()
    store = ImportStore(folder)
    assert (store.version(), store.meta()["who"]) == (2, EDITOR)

    page.get_by_role("button", name="Restore it as a new version").click(timeout=TIMEOUT)  # preset: version 1
    expect(page.get_by_text("Version 1 restored as version 3: it is now the database in use.").first) \
        .to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Database in use: unknown_cci.xlsx")).to_be_visible()
    assert (store.version(), store.meta()["action"], store.meta()["who"]) == (3, "restore", EDITOR)
    assert page.locator('[data-testid="stException"]').count() == 0
    context.close()
    # The test provider's own login form asks a CDN for its stylesheet (aborted; the form works without it): not
    # the dashboard's request. Anything else leaving the machine fails the test.
    fail_if_not_offline([u for u in blocked if not u.startswith(PROVIDER_CSS)])
