"""Where imported databases live: the one small storage module (swap it for a shared database later).

Layout of the folder (env COOPDATA_IMPORT_DIR, default `local/imports/` in the repo, gitignored):

    versions/<id>/actions.parquet   the canonical cooperation_actions table
    versions/<id>/meta.json         file name, imported at, rows, sha256, fictional, previous
    CURRENT                         the id of the database in use

A save writes a new version folder under a temporary name (`versions/.new-*`), renames it into place, then
replaces CURRENT in one atomic step. A failure at any point leaves CURRENT, and so the last good database, as
it was; a folder that cannot be written (read-only, full, no permission) raises StoreWriteError naming it.
A save holds a lock file (`.lock`) while it writes; a killed import leaves its temporary folder behind, and
`clean_leftovers()` (run by the next save, and when the app starts) removes such leftovers whenever no
import holds the lock. The version in use and the one before it are kept; older ones are removed. When the files of
the version in use are damaged later (disk fault, a hand edit), `load_in_use()` falls back to the newest
earlier version that still reads, and says which file was damaged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "local" / "imports"
ENV_VAR = "COOPDATA_IMPORT_DIR"
TABLE_FILE, META_FILE, POINTER = "actions.parquet", "meta.json", "CURRENT"
LOCK_FILE, NEW_PREFIX, POINTER_PREFIX = ".lock", ".new-", ".CURRENT-"
log = logging.getLogger(__name__)

try:
    import fcntl
except ImportError:  # not on Windows: there, leftovers are left alone (saves still never mix)
    fcntl = None


class StoreError(Exception):
    """The stored database cannot be read; the message names the file."""


class StoreWriteError(OSError):
    """The store cannot be written (read-only, full, no permission): nothing was stored, the database in use is
    unchanged. `reason` is the system's reason in words (for a page: no folder names); the message names the
    folder too (for the command line and the server log)."""

    def __init__(self, folder: Path, exc: OSError):
        self.folder = folder
        self.reason = exc.strerror or str(exc) or type(exc).__name__
        super().__init__(f"the import folder {folder} cannot be written ({self.reason}): nothing was stored and "
                         "the database in use is unchanged. Make the folder writable for this user and free some "
                         f"disk space, or point {ENV_VAR} to another folder.")


@dataclass(frozen=True)
class StoredImport:
    version: str
    meta: dict
    actions: pd.DataFrame


def store_dir(folder: Path | str | None = None) -> Path:
    return Path(folder or os.environ.get(ENV_VAR) or DEFAULT_DIR)


class ImportStore:
    def __init__(self, folder: Path | str | None = None):
        self.folder = store_dir(folder)

    @property
    def _versions(self) -> Path:
        return self.folder / "versions"

    def version(self) -> str | None:
        """The id of the database in use (cheap: pages key their cache on it), or None."""
        try:
            text = (self.folder / POINTER).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return text or None

    def meta(self, version: str | None = None) -> dict | None:
        version = version or self.version()
        if version is None:
            return None
        path = self._versions / version / META_FILE
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise StoreError(f"imported database {version}: {META_FILE} cannot be read ({type(exc).__name__})") \
                from exc

    def load_in_use(self) -> tuple[StoredImport | None, str | None]:
        """The database in use and None; or, when it cannot be read, the newest earlier version that can,
        with the problem found. (None, None) when nothing was imported; StoreError when no version reads."""
        version = self.version()
        if version is None:
            return None, None
        try:
            return self.load(version), None
        except StoreError as exc:
            problem = str(exc)
        # Version ids start with their UTC time, so name order is import order.
        earlier = sorted((p.name for p in self._versions.iterdir() if not p.name.startswith(".") and p.name < version),
                         reverse=True) if self._versions.is_dir() else []
        for older in earlier:
            try:
                return self.load(older), problem
            except StoreError:
                continue
        raise StoreError(f"{problem}; no earlier imported database can be read either")

    def current(self) -> StoredImport | None:
        version = self.version()
        return None if version is None else self.load(version)

    def load(self, version: str) -> StoredImport:
        path = self._versions / version / TABLE_FILE
        try:
            actions = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several kinds for a missing or damaged file
            raise StoreError(f"imported database {version}: {TABLE_FILE} cannot be read ({type(exc).__name__})") \
                from exc
        for col in ("scopes", "scope_ids", "partner_countries", "partner_regions"):
            if col in actions:
                actions[col] = actions[col].map(lambda v: list(v) if v is not None else [])
            else:  # a database imported before the column existed (scope_ids) names no strategy
                actions[col] = [[] for _ in range(len(actions))]
        return StoredImport(version, self.meta(version), actions)

    def save(self, actions: pd.DataFrame, filename: str, sha256: str, now: dt.datetime | None = None) -> dict:
        """Store a validated table as the database in use; returns its metadata. StoreWriteError when the
        folder cannot be written; any other failure (an interrupt) also leaves the database in use as it was."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self._lock(wait=True):
                self._remove_leftovers()
                return self._save(actions, filename, sha256, now)
        except StoreWriteError:
            raise
        except OSError as exc:
            raise StoreWriteError(self.folder, exc) from exc

    def _save(self, actions: pd.DataFrame, filename: str, sha256: str, now: dt.datetime | None) -> dict:
        now = now or dt.datetime.now(dt.UTC)
        previous = self.version()
        version = f"{now:%Y%m%dT%H%M%S%fZ}-{sha256[:8]}"
        meta = {
            "version": version, "file_name": filename, "sha256": sha256,
            "imported_at": now.isoformat(timespec="seconds"), "rows": int(len(actions)),
            "programmes": int(actions["cci"].nunique()),
            "fictional": bool(actions["fictional"].any()) if len(actions) else False,
            "previous": previous,
        }
        self._versions.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=NEW_PREFIX, dir=self._versions))
        try:
            actions.to_parquet(tmp / TABLE_FILE, index=False)
            (tmp / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
            tmp.rename(self._versions / version)
            tmp = self._versions / version
            self._point_to(version)
        except BaseException:
            if self.version() != version:
                shutil.rmtree(tmp, ignore_errors=True)
            raise
        self._prune(keep={version, previous})
        return meta

    @contextlib.contextmanager
    def _lock(self, wait: bool) -> Iterator[bool]:
        """Holds the store's lock file while a save writes; yields False when `wait` is False and another
        process holds it (an import is running)."""
        if fcntl is None:
            yield wait
            return
        with open(self.folder / LOCK_FILE, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def clean_leftovers(self) -> int:
        """Remove what killed imports left (temporary version folders and pointer files), unless an import is
        running right now; returns how many were removed. Never raises: a folder that cannot be cleaned is
        left as it is (and logged)."""
        if not (self.folder / POINTER).exists() and not self._versions.is_dir():
            return 0
        try:
            with self._lock(wait=False) as free:
                return self._remove_leftovers() if free and fcntl is not None else 0
        except OSError as exc:
            log.warning("import folder %s: leftovers of an interrupted import not removed (%s)", self.folder,
                        exc.strerror or exc)
            return 0

    def _remove_leftovers(self) -> int:
        found = [p for p in self.folder.glob(f"{POINTER_PREFIX}*")]
        if self._versions.is_dir():
            found += [p for p in self._versions.iterdir() if p.name.startswith(NEW_PREFIX)]
        for path in found:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        if found:
            log.info("import folder %s: removed %d leftover(s) of an interrupted import: %s", self.folder,
                     len(found), ", ".join(sorted(p.name for p in found)))
        return len(found)

    def _point_to(self, version: str) -> None:
        fd, tmp_name = tempfile.mkstemp(prefix=POINTER_PREFIX, dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(version + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp_name, self.folder / POINTER)  # atomic: readers see the old or the new id
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def _prune(self, keep: set[str | None]) -> None:
        for path in self._versions.iterdir():
            if path.name not in keep and not path.name.startswith("."):
                shutil.rmtree(path, ignore_errors=True)
