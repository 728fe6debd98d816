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
