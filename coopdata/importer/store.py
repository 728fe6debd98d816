"""Where imported databases live: a real database behind one small interface (SQLAlchemy Core).

SQLite is the embedded default: the file `coopdata.sqlite3` in the import folder (env COOPDATA_IMPORT_DIR, default
`local/imports/` in the repo, gitignored); no server to install. A deployment with several app servers points
COOPDATA_DATABASE_URL at PostgreSQL (`postgresql+psycopg://...`, the `postgresql` extra); the schema is the same.
The app creates the tables itself and records the schema's version in `schema_version` (migrations are
functions in MIGRATIONS, run in order when an older database is opened).

Tables:

    versions      one row per import, edit or restore: who, when, what (import/edit/restore/carried over), file
                  name and sha256, the validation report (JSON), rows, programmes, fictional, the version it
                  came from. Never updated, never deleted: nothing is ever overwritten.
    action_rows   the canonical cooperation_actions table of each version (list columns as JSON text)
    in_use        one row: the id of the version in use
    mappings      column mappings saved by users (name -> field: header), reused on later imports
    workshops, workshop_entries
                  live workshops and their participants' entries (schema 2; read and written by
                  coopdata.workshop.live, which says what they hold and when it is deleted)

A save writes the version row, its action rows and the switch of `in_use` in ONE transaction: a failure at any
point (disk full, a kill, an exception) rolls it all back, so the previous version stays in use and complete.
Writes on SQLite take the write lock at BEGIN (BEGIN IMMEDIATE) and wait for each other (busy timeout), so two
imports at once both end as versions, one after the other; on PostgreSQL the pointer row is locked FOR UPDATE.

A store that cannot be written raises StoreWriteError naming the place (folder, or database without password).
The folder-based store of earlier releases (versions/<id>/actions.parquet + meta.json + CURRENT) is carried over
once, automatically, when the database is first opened in that folder (see `_carry_over_folder_store`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url

from coopdata import settings

ENV_VAR = settings.IMPORT_DIR_ENV
URL_ENV_VAR = settings.DATABASE_URL_ENV
DB_FILE = "coopdata.sqlite3"
SCHEMA_VERSION = 2
LOCAL_USER = "local user"
# The action table's columns as stored (validate.ACTION_COLUMNS); list columns are JSON text in the database.
ACTION_COLUMNS = ["cci", "period", "objective_code", "topic_id", "planned", "approach", "scopes", "scope_ids",
                  "partner_countries", "partner_regions", "amount_eur", "status", "notes", "fictional",
                  "source_file", "source_sheet", "source_row"]
LIST_COLUMNS = ("scopes", "scope_ids", "partner_countries", "partner_regions")
log = logging.getLogger(__name__)

metadata = sa.MetaData()
schema_version = sa.Table("schema_version", metadata, sa.Column("version", sa.Integer, nullable=False))
versions = sa.Table(
    "versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.String(40), nullable=False),   # ISO 8601, UTC
    sa.Column("who", sa.String(320), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),       # import, edit, restore, carried over
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("report", sa.Text, nullable=False),             # JSON list of the report's problems
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("programmes", sa.Integer, nullable=False),
    sa.Column("fictional", sa.Boolean, nullable=False),
    sa.Column("based_on", sa.Integer, nullable=True),         # the version edited or restored; the one in use before
)
action_rows = sa.Table(
    "action_rows", metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("cci", sa.String(20), nullable=False),
    sa.Column("period", sa.String(9), nullable=False),
    sa.Column("objective_code", sa.String(20)),
    sa.Column("topic_id", sa.String(60), nullable=False),
    sa.Column("planned", sa.Boolean, nullable=False),
    sa.Column("approach", sa.Text),
    sa.Column("scopes", sa.Text, nullable=False),
    sa.Column("scope_ids", sa.Text, nullable=False),
    sa.Column("partner_countries", sa.Text, nullable=False),
    sa.Column("partner_regions", sa.Text, nullable=False),
    sa.Column("amount_eur", sa.Float),
    sa.Column("status", sa.Text),
    sa.Column("notes", sa.Text),
    sa.Column("fictional", sa.Boolean, nullable=False),
    sa.Column("source_file", sa.Text),
    sa.Column("source_sheet", sa.Text),
    sa.Column("source_row", sa.Integer),
)
# One row, made with the schema (version_id NULL until the first import): a save locks it FOR UPDATE, so two saves
# on PostgreSQL queue on it, even the very first two.
in_use = sa.Table("in_use", metadata, sa.Column("id", sa.Integer, primary_key=True),
                  sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=True))
mappings = sa.Table("mappings", metadata, sa.Column("name", sa.String(200), primary_key=True),
                    sa.Column("mapping", sa.Text, nullable=False), sa.Column("saved_by", sa.String(320), nullable=False),
                    sa.Column("saved_at", sa.String(40), nullable=False))
store_info = sa.Table("store_info", metadata, sa.Column("key", sa.String(100), primary_key=True),
                      sa.Column("value", sa.Text, nullable=False))

# Live workshops (coopdata.workshop.live): tokens are stored as sha256 hashes except the join token, which the
# projector shows anyway; entries hold no name beyond an optional nickname, and go at `purge_at`.
workshops = sa.Table(
    "workshops", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("join_token", sa.String(40), nullable=False, unique=True),
    sa.Column("facilitator_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),   # ISO 8601, UTC (as every time here)
    sa.Column("closes_at", sa.String(40), nullable=False),
    sa.Column("keep_hours", sa.Integer, nullable=False),
    sa.Column("purge_at", sa.String(40), nullable=False, index=True),  # closes_at + keep_hours
    sa.Column("locked", sa.Boolean, nullable=False),
    sa.Column("entries_made", sa.Integer, nullable=False),     # numbers P01, P02, ... are never given twice
)
workshop_entries = sa.Table(
    "workshop_entries", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Column("nickname", sa.String(40), nullable=True),
    sa.Column("country", sa.String(2), nullable=False),
    sa.Column("cci", sa.String(20), nullable=True),
    sa.Column("nuts_id", sa.String(10), nullable=True),
    sa.Column("topics", sa.Text, nullable=False),              # JSON list of topic ids
    sa.Column("scopes", sa.Text, nullable=False),              # JSON list of registration.SCOPES
    sa.UniqueConstraint("workshop_id", "number"),
)


def _add_workshop_tables(conn: Connection) -> None:
    """Schema 2: the live-workshop tables (a database made by schema 1 has none)."""
    workshops.create(conn, checkfirst=True)
    workshop_entries.create(conn, checkfirst=True)


# schema version reached -> function(connection) bringing a database from the version before to it
MIGRATIONS: dict[int, object] = {2: _add_workshop_tables}


class StoreError(Exception):
    """The stored database cannot be read; the message names the version or the place, `reason` (when given)
    says why without naming the place (for a page)."""

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason


class StoreWriteError(OSError):
    """The store cannot be written (read-only, full, no permission, server down): nothing was stored, the
    database in use is unchanged. `reason` is the reason in words (for a page: no folder names); the message
    names the place too (for the command line and the server log)."""

    def __init__(self, place: Path | str, exc: BaseException):
        self.folder = place
        self.reason = (getattr(exc, "strerror", None) or _db_reason(exc) or str(exc) or type(exc).__name__)
        what = f"the import folder {place}" if isinstance(place, Path) else f"the database {place}"
        fix = (f"Make the folder writable for this user and free some disk space, or point {ENV_VAR} to another "
               "folder." if isinstance(place, Path) else
               f"Check that the database server is running and this user may write, or correct {URL_ENV_VAR}.")
        super().__init__(f"{what} cannot be written ({self.reason}): nothing was stored and the database in use "
                         f"is unchanged. {fix}")


class NotAllowed(PermissionError):
    """The session has no editor rights: the store was not changed."""


def _db_reason(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", None)
    return str(orig).strip() if orig is not None else None


@dataclass(frozen=True)
class StoredImport:
    version: int
    meta: dict
    actions: pd.DataFrame


def store_dir(folder: Path | str | None = None) -> Path:
    return Path(folder) if folder else settings.import_dir()


_ENGINES: dict[str, Engine] = {}
_READY: set[str] = set()
_ENGINES_LOCK = threading.Lock()


def _engine(url: str) -> Engine:
    """One engine per database URL in this process (keyed on the URL's text)."""
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                engine = sa.create_engine(url, connect_args={"timeout": 60})

                @event.listens_for(engine, "connect")
                def _sqlite_connect(dbapi_connection, _record):
                    # SQLAlchemy's recipe for real transactions on pysqlite: the driver begins none itself ...
                    dbapi_connection.isolation_level = None
                    dbapi_connection.execute("PRAGMA foreign_keys=ON")

                @event.listens_for(engine, "begin")
                def _sqlite_begin(conn):
                    # ... and a write takes the database's write lock at once, so two writers queue instead of
                    # failing when both try to upgrade a read lock.
                    write = conn.get_execution_options().get("coopdata_write")
                    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
            else:
                engine = sa.create_engine(url, pool_pre_ping=True)
            _ENGINES[url] = engine
        return engine


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ImportStore:
    def __init__(self, folder: Path | str | None = None, url: str | None = None):
        self.folder = store_dir(folder)
        given = url or (None if folder else settings.database_url())
        embedded_url = f"sqlite:///{self.folder / DB_FILE}"
        self.url = given or embedded_url
        self.embedded = self.url == embedded_url  # the SQLite file in the import folder

    @property
    def place(self) -> Path | str:
        """Where the data is, as messages name it: the folder, or the database URL without its password."""
        return self.folder if self.embedded else make_url(self.url).render_as_string(hide_password=True)

    # ---- opening -------------------------------------------------------------------------------------------
    def _exists(self) -> bool:
        """Whether there is anything to read (looking never creates the database file or its folder)."""
        if not self.embedded:
            return True
        return (self.folder / DB_FILE).exists() or (self.folder / "CURRENT").exists()

    def _ready(self) -> Engine:
        """The engine, with the schema created or migrated and a folder store carried over (once)."""
        if self.embedded:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreWriteError(self.folder, exc) from exc
        engine = _engine(self.url)
        if self.url in _READY:
            return engine
        try:
            with self._write(engine) as conn:
                self._migrate(conn)
                if self.embedded:
                    self._carry_over_folder_store(conn)
        except (StoreError, StoreWriteError):
            raise
        except sa.exc.DBAPIError as exc:
            raise StoreWriteError(self.place, exc) from exc
        _READY.add(self.url)
        return engine

    @contextmanager
    def _write(self, engine: Engine) -> Iterator[Connection]:
        with engine.connect().execution_options(coopdata_write=True) as conn, conn.begin():
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction on the database, schema ready (for the tables of other modules: the live
        workshop's). A database error becomes StoreWriteError (nothing written)."""
        try:
            with self._write(self._ready()) as conn:
                yield conn
        except sa.exc.DBAPIError as exc:
            raise StoreWriteError(self.place, exc) from exc

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reading, schema ready (made if the database is new)."""
        try:
            with self._read() as conn:
                yield conn
        except sa.exc.DBAPIError as exc:
            raise StoreError(f"the database {self.place} cannot be read ({_db_reason(exc)})", _db_reason(exc)) \
                from exc

    def _migrate(self, conn: Connection) -> None:
        if conn.dialect.name == "postgresql":  # several servers may open a new database at once: one at a time
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(2021060)"))
        metadata.create_all(conn)  # new tables only: existing ones are left as they are
        if conn.execute(sa.select(in_use.c.id).where(in_use.c.id == 1)).first() is None:
            conn.execute(in_use.insert().values(id=1, version_id=None))
        found = conn.execute(sa.select(schema_version.c.version)).scalar()
        if found is None:
            conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
            return
        if found > SCHEMA_VERSION:
            raise StoreError(f"the database {self.place} was made by a newer coopdata (schema {found}, this one "
                             f"knows {SCHEMA_VERSION}); update the app")
        for target in range(found + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[target](conn)
        if found < SCHEMA_VERSION:
            conn.execute(schema_version.update().values(version=SCHEMA_VERSION))

    def _carry_over_folder_store(self, conn: Connection) -> None:
        """The folder store of earlier releases (versions/<id>/ + CURRENT), once: each readable version folder
        becomes a version (oldest first), the one CURRENT named is put in use. The folders are left in place."""
        done = conn.execute(sa.select(store_info.c.value).where(store_info.c.key == "folder_carried_over")).scalar()
        pointer = self.folder / "CURRENT"
        if done is not None or not pointer.exists():
            return
        current = pointer.read_text(encoding="utf-8").strip()
        folders = sorted(p for p in (self.folder / "versions").glob("*")
                         if p.is_dir() and not p.name.startswith("."))
        carried = []
        for path in folders:
            try:
                meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
                actions = pd.read_parquet(path / "actions.parquet")
            except Exception as exc:  # a damaged folder is skipped, and said
                log.warning("import folder %s: version %s not carried over (%s)", self.folder, path.name,
                            type(exc).__name__)
                continue
            for col in LIST_COLUMNS:
                if col in actions:
                    actions[col] = actions[col].map(lambda v: list(v) if v is not None else [])
            vid = self._insert(conn, actions, meta.get("file_name", path.name), meta.get("sha256", ""),
                               who=f"carried over from {path.name}", action="carried over",
                               when=meta.get("imported_at") or _now().isoformat(timespec="seconds"),
                               report=[], based_on=None)
            if path.name == current:
                self._point(conn, vid)
            carried.append(path.name)
        conn.execute(store_info.insert().values(key="folder_carried_over", value=json.dumps(carried)))
        log.info("import folder %s: %d version(s) of the folder store carried over into the database",
                 self.folder, len(carried))

    # ---- reading -------------------------------------------------------------------------------------------
    def _read(self):
        engine = self._ready()
        return engine.connect()

    def version(self) -> int | None:
        """The id of the version in use (cheap: pages key their cache on it), or None."""
        if not self._exists():
            return None
        try:
            with self._read() as conn:
                return conn.execute(sa.select(in_use.c.version_id).where(in_use.c.id == 1)).scalar()
        except sa.exc.DBAPIError as exc:
            raise StoreError(f"the database {self.place} cannot be read ({_db_reason(exc)})", _db_reason(exc)) \
                from exc
        except StoreWriteError as exc:  # it could not even be opened (its tables made or migrated)
            raise StoreError(f"the database {self.place} cannot be opened ({exc.reason})", exc.reason) from exc

    def meta(self, version: int | None = None) -> dict | None:
        version = version or self.version()
        if version is None:
            return None
        with self._read() as conn:
            row = conn.execute(sa.select(versions).where(versions.c.id == version)).mappings().first()
        if row is None:
            raise StoreError(f"imported database version {version} does not exist")
        return _meta(row)

    def history(self) -> pd.DataFrame:
        """Every version, newest first: version, created_at, who, action, file_name, sha256, rows, programmes,
        fictional, based_on, in_use."""
        cols = ["version", "created_at", "who", "action", "file_name", "sha256", "rows", "programmes", "fictional",
                "based_on", "in_use"]
        if not self._exists():
            return pd.DataFrame(columns=cols)
        current = self.version()
        with self._read() as conn:
            rows = conn.execute(sa.select(versions).order_by(versions.c.id.desc())).mappings().all()
        frame = pd.DataFrame([_meta(r) for r in rows], columns=[c for c in cols if c != "in_use"])
        frame["based_on"] = frame["based_on"].astype("Int64")
        frame["in_use"] = frame["version"] == current
        return frame

    def report(self, version: int) -> list[dict]:
        with self._read() as conn:
            text = conn.execute(sa.select(versions.c.report).where(versions.c.id == version)).scalar()
        return json.loads(text) if text else []

    def load_in_use(self) -> tuple[StoredImport | None, str | None]:
        """The version in use and None; or, when it cannot be read, the newest earlier version that can, with
        the problem found. (None, None) when nothing was imported; StoreError when no version reads."""
        version = self.version()
        if version is None:
            return None, None
        try:
            return self.load(version), None
        except StoreError as exc:
            problem = str(exc)
        with self._read() as conn:
            earlier = conn.execute(sa.select(versions.c.id).where(versions.c.id < version)
                                   .order_by(versions.c.id.desc())).scalars().all()
        for older in earlier:
            try:
                return self.load(older), problem
            except StoreError:
                continue
        raise StoreError(f"{problem}; no earlier imported database can be read either")

    def current(self) -> StoredImport | None:
        version = self.version()
        return None if version is None else self.load(version)

    def load(self, version: int) -> StoredImport:
        """One version's table, checked: its row count must be the one recorded with it."""
        meta = self.meta(version)
        with self._read() as conn:
            query = (sa.select(*[action_rows.c[c] for c in ACTION_COLUMNS])
                     .where(action_rows.c.version_id == version).order_by(action_rows.c.position))
            rows = conn.execute(query).all()
        try:
            actions = _frame(rows)
        except (ValueError, TypeError) as exc:
            raise StoreError(f"imported database version {version}: its rows cannot be read "
                             f"({type(exc).__name__})") from exc
        if len(actions) != meta["rows"]:
            raise StoreError(f"imported database version {version}: {len(actions):,} rows stored, "
                             f"{meta['rows']:,} recorded")
        return StoredImport(version, meta, actions)

    # ---- writing -------------------------------------------------------------------------------------------
    def save(self, actions: pd.DataFrame, filename: str, sha256: str, now: dt.datetime | None = None,
             who: str = LOCAL_USER, report: list[dict] | None = None, action: str = "import",
             based_on: int | None = None) -> dict:
        """Store a validated table as a new version and put it in use, in one transaction; returns its metadata.
        StoreWriteError when the store cannot be written; any failure leaves the version in use as it was."""
        when = (now or _now()).isoformat(timespec="seconds")
        try:
            engine = self._ready()
            with self._write(engine) as conn:
                previous = conn.execute(sa.select(in_use.c.version_id).where(in_use.c.id == 1)
                                        .with_for_update()).scalar()
                vid = self._insert(conn, actions, filename, sha256, who=who, action=action, when=when,
                                   report=report or [], based_on=based_on if based_on is not None else previous)
                self._point(conn, vid)
        except (StoreWriteError, StoreError):
            raise
        except (OSError, sa.exc.DBAPIError) as exc:
            raise StoreWriteError(self.place, exc) from exc
        meta = self.meta(vid)
        meta["previous"] = previous
        return meta

    def restore(self, version: int, who: str = LOCAL_USER) -> dict:
        """An earlier version, stored again as a new version and put in use (history is never rewritten)."""
        old = self.load(version)
        return self.save(old.actions, old.meta["file_name"], old.meta["sha256"], who=who, action="restore",
                         report=self.report(version), based_on=version)

    def _insert(self, conn: Connection, actions: pd.DataFrame, filename: str, sha256: str, *, who: str,
                action: str, when: str, report: list[dict], based_on: int | None) -> int:
        vid = conn.execute(versions.insert().values(
            created_at=when, who=who, action=action, file_name=filename, sha256=sha256,
            report=json.dumps(report, ensure_ascii=False, default=str), rows=int(len(actions)),
            programmes=int(actions["cci"].nunique()) if len(actions) else 0,
            fictional=bool(actions["fictional"].any()) if len(actions) else False, based_on=based_on,
        )).inserted_primary_key[0]
        records = _records(actions, vid)
        if records:
            conn.execute(action_rows.insert(), records)
        return vid

    def _point(self, conn: Connection, vid: int) -> None:
        if conn.execute(in_use.update().where(in_use.c.id == 1).values(version_id=vid)).rowcount == 0:
            conn.execute(in_use.insert().values(id=1, version_id=vid))

    # ---- saved column mappings -----------------------------------------------------------------------------
    def save_mapping(self, name: str, mapping: dict[str, str], who: str = LOCAL_USER) -> None:
        """Save (or replace) a named column mapping: template field -> the file's header."""
        name = name.strip()
        if not name:
            raise ValueError("a saved mapping needs a name")
        try:
            with self._write(self._ready()) as conn:
                conn.execute(mappings.delete().where(mappings.c.name == name))
                conn.execute(mappings.insert().values(name=name, mapping=json.dumps(mapping, ensure_ascii=False),
                                                      saved_by=who, saved_at=_now().isoformat(timespec="seconds")))
        except sa.exc.DBAPIError as exc:
            raise StoreWriteError(self.place, exc) from exc

    def mappings(self) -> dict[str, dict[str, str]]:
        if not self._exists():
            return {}
        with self._read() as conn:
            rows = conn.execute(sa.select(mappings.c.name, mappings.c.mapping).order_by(mappings.c.name)).all()
        return {name: json.loads(text) for name, text in rows}


def _meta(row) -> dict:
    return {"version": row["id"], "created_at": row["created_at"], "imported_at": row["created_at"],
            "who": row["who"], "action": row["action"], "file_name": row["file_name"], "sha256": row["sha256"],
            "rows": row["rows"], "programmes": row["programmes"], "fictional": bool(row["fictional"]),
            "based_on": row["based_on"]}


def _records(actions: pd.DataFrame, vid: int) -> list[dict]:
    frame = actions.reindex(columns=ACTION_COLUMNS)
    out = []
    for position, rec in enumerate(frame.to_dict("records")):
        row = {"version_id": vid, "position": position}
        for col, value in rec.items():
            if col in LIST_COLUMNS:
                value = json.dumps([str(v) for v in value] if isinstance(value, list | tuple) or
                                   hasattr(value, "tolist") else [], ensure_ascii=False)
            elif value is None or (isinstance(value, float) and value != value):
                value = None
            elif col in ("planned", "fictional"):
                value = bool(value)
            elif col == "source_row":
                value = int(value)
            elif col == "amount_eur":
                value = float(value)
            row[col] = value
        out.append(row)
    return out


def _frame(rows) -> pd.DataFrame:
    """The stored rows as the canonical table, with the dtypes validate() gives it."""
    df = pd.DataFrame([tuple(r) for r in rows], columns=ACTION_COLUMNS)
    for col in LIST_COLUMNS:
        df[col] = df[col].map(json.loads)
        if not df[col].map(lambda v: isinstance(v, list)).all():
            raise ValueError(f"{col} is not a list")
    df["planned"] = df["planned"].astype(bool)
    df["fictional"] = df["fictional"].astype(bool)
    df["amount_eur"] = df["amount_eur"].astype("float64")
    df["source_row"] = df["source_row"].astype("int64")
    return df
