"""Production settings in .streamlit/config.toml: the values security depends on, and every option explained."""

import tomllib

from coopdata.importer.read import MAX_FILE_BYTES
from tests.conftest import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"


def _config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_security_settings():
    config = _config()
    assert config["client"]["showErrorDetails"] == "none"  # error details hidden from users...
    assert config["logger"]["level"] in {"info", "warning", "error"}  # ...but errors still logged
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["enableXsrfProtection"] is True


def test_upload_limit_is_the_importers():
    assert _config()["server"]["maxUploadSize"] * 1024 * 1024 == MAX_FILE_BYTES


def test_closed_sessions_are_not_kept_for_long():
    """Every page load leaves a session on the server until this many seconds pass (memory grows with them);
    Streamlit's default is 120."""
    assert 5 <= _config()["server"]["disconnectedSessionTTL"] <= 30


def test_every_option_has_a_comment_above_it():
    """Each option, or the group of options it belongs to (lines without a blank between), has a comment."""
    lines = CONFIG.read_text(encoding="utf-8").splitlines()

    def is_option(line: str) -> bool:
        return bool(line) and not line.startswith(("#", "["))

    options = [i for i, line in enumerate(lines) if is_option(line)]
    assert options, "no option found"
    uncommented = []
    for i in options:
        above = i - 1
        while above >= 0 and is_option(lines[above]):
            above -= 1
        if above < 0 or not lines[above].startswith("#"):
            uncommented.append(lines[i])
    assert uncommented == []
