"""Start a streamlit server of this checkout with its own environment (data folder, import folder, script).

The e2e harness's `app_url` serves app.py as it is; tests that need a damaged data/, an import folder of
their own or another script (and benchmarks/load_test.py) use `running_server` instead.
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


@contextlib.contextmanager
def running_server(log: Path, script: str = "app.py", env: dict[str, str] | None = None,
                   timeout: float = 90) -> Iterator[Server]:
    """A server of `script` (relative to the repo root, run from the root so .streamlit/config.toml applies),
    healthy, on a free port; stopped on exit. Its output goes to `log`."""
    port = free_port()
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise ServerDidNotStart(f"streamlit did not start; its log:\n{log.read_text()}")
            time.sleep(0.5)
        yield Server(f"http://127.0.0.1:{port}", proc.pid, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
