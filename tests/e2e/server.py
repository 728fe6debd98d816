"""Start and stop a streamlit server of this checkout: the one start-up the browser tests and benchmarks use.

The e2e harness's `app_url` (conftest.py) serves app.py as it is; tests that need a damaged data/, an import
folder of their own or another script (and benchmarks/load_test.py) use `running_server`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
START_TIMEOUT = 90


@dataclass(frozen=True)
class Server:
    url: str
    pid: int
    log: Path


class ServerDidNotStart(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_tail(log: Path, lines: int = 40) -> str:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return "\n".join(text.splitlines()[-lines:]) or "(the server wrote nothing)"


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def start_server(port: int, log: Path, script: str = "app.py", env: dict[str, str] | None = None,
                 timeout: float = START_TIMEOUT) -> subprocess.Popen:
    """`streamlit run script` from the repo root (so .streamlit/config.toml applies) on `port`; returns once
    /_stcore/health answers, or raises ServerDidNotStart with the end of its log."""
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    deadline = time.monotonic() + timeout
    while not healthy(f"http://127.0.0.1:{port}"):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_server(proc)
            why = f"exited with code {proc.returncode}" if proc.returncode else f"not healthy after {timeout} s"
            raise ServerDidNotStart(f"the app server {why}; last lines of {log.name}:\n{log_tail(log)}")
        time.sleep(0.5)
    return proc


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)


@contextlib.contextmanager
def running_server(log: Path, script: str = "app.py", env: dict[str, str] | None = None,
                   timeout: float = START_TIMEOUT) -> Iterator[Server]:
    """A healthy server of `script` on a free port, stopped on exit. Its output goes to `log`."""
    port = free_port()
    proc = start_server(port, log, script, env, timeout)
    try:
        yield Server(f"http://127.0.0.1:{port}", proc.pid, log)
    finally:
        stop_server(proc)
