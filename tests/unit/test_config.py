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


def test_production_server_settings():
    server = _config()["server"]
    assert server["fileWatcherType"] == "none"  # no "File change. Rerun" for viewers when a file is edited
    assert server["runOnSave"] is False
    assert server["address"] == "127.0.0.1"  # behind a reverse proxy; a room's network is chosen at start-up
    assert server["headless"] is True


def test_the_readme_says_how_to_run_it_for_a_team():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Running it for a team", 1)[1].split("\n## ", 1)[0]
    for setting in ("server.address", "server.port", "server.baseUrlPath", "server.fileWatcherType",
                    "COOPDATA_IMPORT_DIR", "COOPDATA_DATA_DIR", "server.maxUploadSize", "disconnectedSessionTTL"):
        assert setting in section, setting


def test_no_full_garbage_collection_after_every_run():
    # It held the interpreter lock ~100 ms per rerun, for every session of the server (BENCHMARKS.md, ws_load).
    assert _config()["runner"]["postScriptGC"] is False
