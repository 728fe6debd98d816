"""Where things are, and what the environment says: the one home for paths and environment variables.

Each is read when asked, never at import, so a test or a deployment can set the variable before the app asks.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the checkout (or the installed project's folder)
DATA_DIR_ENV, IMPORT_DIR_ENV = "COOPDATA_DATA_DIR", "COOPDATA_IMPORT_DIR"
DATABASE_URL_ENV, EDITORS_ENV = "COOPDATA_DATABASE_URL", "COOPDATA_EDITORS"
PUBLIC_URL_ENV = "COOPDATA_PUBLIC_URL"


def data_dir() -> Path:
    """The built tables the app reads: data/, or the folder named by COOPDATA_DATA_DIR (benchmarks point it at
    scaled, fictional copies; tests at damaged ones)."""
    return Path(os.environ.get(DATA_DIR_ENV) or ROOT / "data")


def import_dir() -> Path:
    """Where imported cooperation-action databases live: local/imports/, or COOPDATA_IMPORT_DIR."""
    return Path(os.environ.get(IMPORT_DIR_ENV) or ROOT / "local" / "imports")


def database_url() -> str | None:
    """The cooperation-action database: a SQLAlchemy URL from COOPDATA_DATABASE_URL (e.g.
    postgresql+psycopg://coopdata@db.example/coopdata for several app servers), or None for the embedded SQLite
    file under import_dir()."""
    return os.environ.get(DATABASE_URL_ENV) or None


def editors() -> frozenset[str]:
    """Identities (e-mail addresses, compared without case) that may import, edit and restore on a deployment
    with sign-in: COOPDATA_EDITORS, comma-separated. Setting it turns the protection on (see coopdata.importer.rights)."""
    return frozenset(e.strip().lower() for e in os.environ.get(EDITORS_ENV, "").split(",") if e.strip())


def public_url() -> str | None:
    """The app's address as phones in the room reach it (e.g. http://192.168.1.20:8501), for the live workshop's
    join link and QR code: COOPDATA_PUBLIC_URL; None to use the address the facilitator's browser shows."""
    return (os.environ.get(PUBLIC_URL_ENV) or "").rstrip("/") or None


def mirror_beside_checkout() -> Path:
    """The public-source mirror laid beside the checkout (shared/data), as CI and the developers have it."""
    return ROOT.parent / "shared" / "data"


def programme_list_file() -> Path:
    """The 2021-2027 programme list, which has no download endpoint: COOPDATA_PROGRAMME_LIST or the mirror's."""
    given = os.environ.get("COOPDATA_PROGRAMME_LIST")
    return Path(given) if given else mirror_beside_checkout() / "raw" / \
        "programmes_2021_2027_ec_managing_authorities_list_2026-06-14.csv"


def soda_base() -> str:
    """The Cohesion Open Data Platform's base URL (COOPDATA_SODA_BASE: tests point it at a local server)."""
    return os.environ.get("COOPDATA_SODA_BASE", "https://cohesiondata.ec.europa.eu").rstrip("/")


def gisco_base() -> str:
    """GISCO's NUTS distribution base URL (COOPDATA_GISCO_BASE: tests point it at a local server)."""
    return os.environ.get("COOPDATA_GISCO_BASE",
                          "https://gisco-services.ec.europa.eu/distribution/v2/nuts/geojson").rstrip("/")
