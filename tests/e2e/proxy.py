"""Debian's nginx in front of app servers, with the repo's deploy/nginx.conf: for the two-server test and the
workshop load benchmark. It runs from a temporary folder (its own pid, logs and temporary files) on a free port
of 127.0.0.1, needs no root, and is stopped afterwards. The access log names the server (upstream) each
request went to, so a test can see the sessions spread and stick.

`bash tests/run.sh` installs nginx (as it installs chromium); elsewhere the tests that need it are skipped.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.server import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
SITE = ROOT / "deploy" / "nginx.conf"
# What the site file says, and what the test puts instead.
LISTEN, UPSTREAMS = "listen 80;", ("server 127.0.0.1:8501;", "server 127.0.0.1:8502;")
MAIN = """\
pid {dir}/nginx.pid;
error_log {dir}/error.log;
worker_processes 1;
events {{ worker_connections 2048; }}
http {{
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    log_format upstreams '$upstream_addr $cookie_coopdata_route "$request" $status';
    access_log {dir}/access.log upstreams;
    include {dir}/coopdata.conf;
}}
"""


def binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def why_not() -> str | None:
    """None when nginx can be started here; else the reason, for a skip."""
    return None if binary() else "Debian's nginx is not installed: apt-get install nginx"


def site_config(port: int, upstreams: list[str]) -> str:
    """deploy/nginx.conf with the test's port and app servers ("127.0.0.1:PORT"); one server is allowed."""
    text = SITE.read_text(encoding="utf-8")
    assert text.count(LISTEN) == 1 and all(text.count(u) == 1 for u in UPSTREAMS), "deploy/nginx.conf changed shape"
    text = text.replace(LISTEN, f"listen 127.0.0.1:{port};")
    servers = "\n    ".join(f"server {u};" for u in upstreams)
    return text.replace(f"{UPSTREAMS[0]}\n    {UPSTREAMS[1]}", servers)


@dataclass(frozen=True)
class Proxy:
    url: str
    pid: int
    folder: Path

    def upstreams(self, path: str = "/_stcore/stream") -> list[tuple[str, str]]:
        """(app server, routing cookie or "-") of each request for `path` nginx has logged (a WebSocket is logged
        when it closes), in order."""
        log = self.folder / "access.log"
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        found = []
        for line in lines:
            head, request = line.split('"', 2)[:2]
            if f" {path}" in request:
                upstream, cookie = head.split()[:2]
                found.append((upstream, cookie))
        return found


@contextlib.contextmanager
def running_nginx(upstreams: list[str], timeout: float = 30) -> Iterator[Proxy]:
    """nginx on a free port of 127.0.0.1 in front of `upstreams` ("127.0.0.1:PORT"), stopped on exit."""
    folder = Path(tempfile.mkdtemp(prefix="coopdata-nginx-"))
    folder.chmod(0o755)  # as root, nginx's workers run as an unprivileged user and write temporary files here
    port = free_port()
    (folder / "coopdata.conf").write_text(site_config(port, upstreams), encoding="utf-8")
    (folder / "nginx.conf").write_text(MAIN.format(dir=folder), encoding="utf-8")
    cmd = [binary(), "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log"),
           "-g", "daemon off;"]
    check = subprocess.run([*cmd[:-2], "-t"], capture_output=True, text=True, timeout=30)
    if check.returncode:
        raise RuntimeError(f"nginx refused the configuration: {check.stderr.strip()}")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log = folder / "error.log"
                raise RuntimeError("nginx did not answer: " + (log.read_text() if log.exists() else "no log"))
            time.sleep(0.2)
        yield Proxy(url, proc.pid, folder)
    finally:
        proc.terminate()  # SIGTERM: nginx's fast shutdown
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        shutil.rmtree(folder, ignore_errors=True)
