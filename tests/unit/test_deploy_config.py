"""deploy/nginx.conf (run by tests/e2e/test_two_servers.py) keeps what Streamlit needs behind a proxy, and its upload
limit stays above the app's own."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT
from tests.e2e.proxy import site_config

NGINX = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")


def test_uploads_the_app_accepts_pass_nginx():
    app_mb = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]["maxUploadSize"]
    assert int(re.search(r"client_max_body_size (\d+)m;", NGINX).group(1)) > app_mb


def test_websocket_and_sticky_sessions():
    stream = NGINX.split("location /_stcore/stream", 1)[1]
    for line in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                 "proxy_set_header Connection $coopdata_connection;", "proxy_set_header Host $http_host;",
                 "proxy_read_timeout 1d;"):
        assert line in stream, line
    assert "hash $coopdata_route consistent;" in NGINX and "ip_hash" not in NGINX.split("upstream", 1)[1]


def test_the_test_changes_only_the_port_and_the_servers():
    rendered = site_config(12345, ["127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"])
    assert "listen 127.0.0.1:12345;" in rendered and "server 127.0.0.1:3;" in rendered
    assert rendered.replace("listen 127.0.0.1:12345;", "listen 80;").replace(
        "server 127.0.0.1:1;\n    server 127.0.0.1:2;\n    server 127.0.0.1:3;",
        "server 127.0.0.1:8501;\n    server 127.0.0.1:8502;") == NGINX
