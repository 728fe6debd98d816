"""Helpers of the filters/links and accessibility browser tests (the fixtures app_url and page come from
tests/e2e/conftest.py)."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'
AXE_VERSION = "4.14.1"
AXE_DIR = Path(__file__).resolve().parent / ".node"  # gitignored
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"  # gitignored; CI keeps it as an artifact


def existing_pages() -> list[tuple[str, str, str, str]]:
    """app.PAGES entries whose file exists: (file, title, icon, url path). Read from the source, not
    imported, since importing app.py would run the Streamlit app."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = next(ast.literal_eval(n.value) for n in tree.body
                 if isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "PAGES" for t in n.targets))
    return [p for p in pages if (ROOT / p[0]).exists()]


def wait_idle(page) -> None:
    """Wait until the app's script run has finished."""
    page.wait_for_selector(IDLE, timeout=60_000)


def open_view(page, url: str) -> None:
    page.goto(url)
    wait_idle(page)
    assert page.get_by_role("dialog", name="Page not found").count() == 0, f"{url} is not a page of the app"


def axe_script() -> Path:
    """axe-core from the npm registry, installed on first use into a gitignored folder."""
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: install Node.js and npm (Debian: apt-get install npm); the "
                        f"accessibility test installs axe-core {AXE_VERSION} with it")
        subprocess.run([npm, "install", "--prefix", str(AXE_DIR), f"axe-core@{AXE_VERSION}", "--no-audit",
                        "--no-fund"], check=True, timeout=300)
    return AXE_JS


def page_url(app_url: str, file: str) -> str:
    """The URL of a page as the app serves it: the first page is the default one, served at the root only."""
    pages = existing_pages()
    url_path = next(p[3] for p in pages if p[0] == file)
    return f"{app_url}/" + ("" if pages[0][0] == file else url_path)
