"""The Import page states the upload limit the server enforces (.streamlit/config.toml) and says why."""

import tomllib

from tests.app.helpers import run_page
from tests.conftest import ROOT


def test_import_page_states_the_servers_upload_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("COOPDATA_IMPORT_DIR", str(tmp_path / "imports"))
    limit = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]["maxUploadSize"]
    at = run_page("pages/import.py")
    assert at.get("file_uploader")[0].proto.label == f"Workbook (.xlsx) or CSV, at most {limit} MB"
    limits = [c.value for c in at.caption if c.value.startswith("Limits:")]
    assert limits == [f"Limits: {limit} MB, 20,000 rows of data, 60 columns. A programme database is a few hundred "
                      "rows; the limits keep one oversized or damaged file from slowing the dashboard for everyone. "
                      "Other formats and compressed files that would unpack to far more (zip bombs) are refused "
                      "without being opened; formulas and macros are never run."]
