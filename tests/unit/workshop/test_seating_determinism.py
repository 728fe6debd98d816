"""The same list gets the same tables in every process: the live projector (a server) and a test or another
server must agree, whatever the process's string hashing (PYTHONHASHSEED)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = """
import random
from coopdata.workshop.seating import propose_seating
rng = random.Random(5)
codes = [f"P{i:02d}" for i in range(1, 49)]
weights = {(a, b): rng.choice([0, 0, 1, 1, 2, 3]) for i, a in enumerate(codes) for b in codes[i + 1:]}
print(sorted(propose_seating(codes, {k: w for k, w in weights.items() if w}, 4).items()))
"""


def test_seating_does_not_depend_on_the_process_string_hashing():
    runs = {subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(runs) == 1
