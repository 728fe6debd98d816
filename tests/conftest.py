"""Shared fixtures: where the public-source mirror is, and the committed data/."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MIRROR = ROOT.parent / "shared" / "data"
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def mirror() -> Path:
    if not MIRROR.exists():
        pytest.skip("../shared/data (the public-source mirror) is not beside this checkout")
    return MIRROR


@pytest.fixture(scope="session")
def dataset():
    from coopdata.load import load_dataset

    return load_dataset(DATA)


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a throwaway PostgreSQL cluster (Debian's binaries, started by tests/postgres.py) shared by the
    store tests; they skip without the binaries (tests/run.sh installs them)."""
    from tests.postgres import running_postgres, why_not

    if reason := why_not():
        pytest.skip(reason)
    with running_postgres() as url:
        yield url


def with_cents(allocations):
    """A hand-made allocations fixture written in euros, with the whole cents the build stores beside them (as a
    loaded dataset has both: coopdata.load.with_euros)."""
    from coopdata.amounts import to_cents

    out = allocations.assign(eu_cents=to_cents(allocations["eu_amount"]))
    return out.assign(total_cents=to_cents(out["total_amount"])) if "total_amount" in out else out
