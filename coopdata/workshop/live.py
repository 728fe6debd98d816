"""Live workshops: participants enter their interests from their phones, stored in the project's database.

Pure store functions (no streamlit): each takes an `ImportStore` (the same database as the imported
cooperation actions: SQLite by default, PostgreSQL by URL) and, where time matters, `now` (UTC).

Who holds what:
- the facilitator link carries a long random token (`secrets.token_urlsafe`); only its sha256 is stored, and
  it is the only way to see the entries, lock, close or delete the workshop. There is no list of workshops:
  a workshop is reachable only by its tokens.
- the join link carries a shorter random token: it is on the projector for the room to scan anyway, and it
  only lets a person add an entry.
- each entry has its own edit token, kept in the participant's link after submitting (stored as sha256):
  the same device can change or withdraw that entry, and nobody else can.

Privacy: an entry holds a country, a programme (CCI), a region, topics, scopes and an optional nickname,
nothing else. The workshop and its entries are deleted `keep_hours` after closing (`purge`, run cheaply on
every page run), or at once by the facilitator. No function here logs an entry or a nickname.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import secrets
import time
import unicodedata
from dataclasses import dataclass

import pandas as pd
import segno
import sqlalchemy as sa

from coopdata.importer.store import ImportStore, workshop_entries, workshops
from coopdata.vocabularies import topic_labels
from coopdata.workshop.registration import PARTICIPANT_COLUMNS, SCOPES

KEEP_HOURS = 24  # entries are deleted this long after closing unless the facilitator says otherwise
MAX_KEEP_HOURS = 24 * 7
MAX_TITLE = 120
MAX_NICKNAME = 30
MAX_ENTRIES = 100  # as an uploaded list (registration.MAX_PARTICIPANTS): pairs and seating stay within seconds
PURGE_EVERY_SECONDS = 60  # purge() looks at most this often per process: a page run costs nothing more

UNKNOWN = ("This workshop link is not known: it may be mistyped, or the workshop was deleted. Scan the code on "
           "the screen again or ask the facilitator for the link.")
CLOSED = "This workshop is closed: entries can no longer be made, changed or withdrawn here."
LOCKED = "The facilitator has locked the list: entries can no longer be made, changed or withdrawn here."
ALREADY = ("Your entry was already submitted from this device: it is shown below, where you can change or "
           "withdraw it.")
FULL = f"This workshop is full ({MAX_ENTRIES} participants): ask the facilitator."
NO_ENTRY = "This entry is not known here any more: it was withdrawn, or the workshop was deleted."


class LiveError(Exception):
    """An entry refused; the message is for the participant (plain words, no personal data)."""


class UnknownWorkshop(LiveError):
    def __init__(self):
        super().__init__(UNKNOWN)


class WorkshopClosed(LiveError):
    pass


class AlreadySubmitted(LiveError):
    def __init__(self):
        super().__init__(ALREADY)


class UnknownEntry(LiveError):
    def __init__(self):
        super().__init__(NO_ENTRY)


class EntryError(ValueError):
    """The entry is incomplete or not in the vocabularies: `problems` in words."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Entry:
    """What a participant tells: nothing personal but an optional nickname."""

    country: str
    topics: tuple[str, ...]
    scopes: tuple[str, ...] = ()
    cci: str | None = None
    nuts_id: str | None = None
    nickname: str | None = None


@dataclass(frozen=True)
class Workshop:
    id: int
    join_token: str
    title: str
    created_at: dt.datetime
    closes_at: dt.datetime
    keep_hours: int
    purge_at: dt.datetime
    locked: bool

    def refusal(self, now: dt.datetime | None = None) -> str | None:
        """Why entries are refused now (locked, closed), or None when the workshop takes them."""
        if self.locked:
            return LOCKED
        if (now or _now()) >= self.closes_at:
            return f"{CLOSED} It closed at {self.closes_at:%H:%M} UTC."
        return None


@dataclass(frozen=True)
class Opened:
    workshop: Workshop
    facilitator_token: str  # shown once, in the facilitator's link; only its hash is stored


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(when: dt.datetime) -> str:
    # One format everywhere, so that times compare as text in SQL (purge_at <= now).
    return when.astimezone(dt.UTC).isoformat(timespec="seconds")


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _clean(text: str | None, limit: int) -> str | None:
    """Text typed on a phone, one line, no control characters, at most `limit` characters; None when empty."""
    if text is None:
        return None
    text = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in str(text))
    text = " ".join(text.split())[:limit]
    return text or None


def _workshop(row) -> Workshop:
    return Workshop(row["id"], row["join_token"], row["title"], _time(row["created_at"]), _time(row["closes_at"]),
                    row["keep_hours"], _time(row["purge_at"]), bool(row["locked"]))


# ---- workshops ------------------------------------------------------------------------------------------

def open_workshop(store: ImportStore, title: str, closes_at: dt.datetime, keep_hours: int = KEEP_HOURS,
                  now: dt.datetime | None = None) -> Opened:
    """A new workshop taking entries until `closes_at`; its entries go `keep_hours` after closing."""
    now = now or _now()
    title = _clean(title, MAX_TITLE)
    if not title:
        raise ValueError("a workshop needs a title")
    if closes_at <= now:
        raise ValueError("the closing time must be in the future")
    keep_hours = int(keep_hours)
    if not 1 <= keep_hours <= MAX_KEEP_HOURS:
        raise ValueError(f"entries are kept 1 to {MAX_KEEP_HOURS} hours after closing")
    facilitator = secrets.token_urlsafe(32)
    join = secrets.token_urlsafe(9)  # 72 random bits: short enough to type from the screen
    with store.transaction() as conn:
        wid = conn.execute(workshops.insert().values(
            join_token=join, facilitator_hash=token_hash(facilitator), title=title, created_at=_iso(now),
            closes_at=_iso(closes_at), keep_hours=keep_hours, purge_at=_iso(closes_at + dt.timedelta(hours=keep_hours)),
            locked=False, entries_made=0)).inserted_primary_key[0]
        row = conn.execute(sa.select(workshops).where(workshops.c.id == wid)).mappings().one()
    return Opened(_workshop(row), facilitator)


def by_join_token(store: ImportStore, join_token: str | None) -> Workshop | None:
    if not join_token:
        return None
    with store.reading() as conn:
        row = conn.execute(sa.select(workshops).where(workshops.c.join_token == join_token)).mappings().first()
    return _workshop(row) if row else None


def by_facilitator_token(store: ImportStore, token: str | None) -> Workshop | None:
    if not token:
        return None
    with store.reading() as conn:
        row = conn.execute(sa.select(workshops).where(workshops.c.facilitator_hash == token_hash(token))
                           ).mappings().first()
    return _workshop(row) if row else None


def set_locked(store: ImportStore, workshop_id: int, locked: bool) -> None:
    with store.transaction() as conn:
        conn.execute(workshops.update().where(workshops.c.id == workshop_id).values(locked=bool(locked)))


def close_now(store: ImportStore, workshop_id: int, now: dt.datetime | None = None) -> None:
    """Close at once; the entries are then deleted keep_hours from now."""
    now = now or _now()
    with store.transaction() as conn:
        keep = conn.execute(sa.select(workshops.c.keep_hours).where(workshops.c.id == workshop_id)).scalar()
        if keep is not None:
            conn.execute(workshops.update().where(workshops.c.id == workshop_id).values(
                closes_at=_iso(now), purge_at=_iso(now + dt.timedelta(hours=keep))))


def delete_workshop(store: ImportStore, workshop_id: int) -> None:
    """The workshop and every entry of it, gone in one transaction."""
    with store.transaction() as conn:
        conn.execute(workshop_entries.delete().where(workshop_entries.c.workshop_id == workshop_id))
        conn.execute(workshops.delete().where(workshops.c.id == workshop_id))


_last_purge: dict[str, float] = {}


def purge(store: ImportStore, now: dt.datetime | None = None, force: bool = False) -> int:
    """Delete the workshops (and their entries) whose keeping time after closing is over; how many.
    Cheap enough for every page run: at most once a minute per database in this process, one indexed read,
    and a write only when something is due."""
    clock = time.monotonic()
    if not force and clock - _last_purge.get(store.url, -PURGE_EVERY_SECONDS) < PURGE_EVERY_SECONDS:
        return 0
    _last_purge[store.url] = clock
    due_at = _iso(now or _now())
    with store.reading() as conn:
        due = conn.execute(sa.select(workshops.c.id).where(workshops.c.purge_at <= due_at)).scalars().all()
    if not due:
        return 0
    with store.transaction() as conn:
        conn.execute(workshop_entries.delete().where(workshop_entries.c.workshop_id.in_(due)))
        conn.execute(workshops.delete().where(workshops.c.id.in_(due)))
    return len(due)


# ---- entries --------------------------------------------------------------------------------------------

def check_entry(entry: Entry) -> Entry:
    """The entry cleaned (topics in vocabulary order, scopes in SCOPES order), or EntryError."""
    labels = topic_labels()
    problems = []
    if not entry.country or len(entry.country) != 2:
        problems.append("choose your country")
    if not entry.topics:
        problems.append("choose at least one topic")
    unknown = [t for t in entry.topics if t not in labels]
    if unknown:
        problems.append("unknown topics")
    if any(s not in SCOPES for s in entry.scopes):
        problems.append("unknown partnership scope")
    if problems:
        raise EntryError(problems)
    return Entry(country=entry.country.upper(), topics=tuple(t for t in labels if t in entry.topics),
                 scopes=tuple(s for s in SCOPES if s in entry.scopes), cci=entry.cci or None,
                 nuts_id=entry.nuts_id or None, nickname=_clean(entry.nickname, MAX_NICKNAME))


def _values(entry: Entry) -> dict:
    return {"nickname": entry.nickname, "country": entry.country, "cci": entry.cci, "nuts_id": entry.nuts_id,
            "topics": json.dumps(list(entry.topics)), "scopes": json.dumps(list(entry.scopes))}


def _taking(conn, join_token: str, now: dt.datetime) -> dict:
    """The workshop row of `join_token`, locked for this transaction, when it takes entries; else LiveError."""
    row = conn.execute(sa.select(workshops).where(workshops.c.join_token == join_token).with_for_update()
                       ).mappings().first()
    if row is None:
        raise UnknownWorkshop()
    why = _workshop(row).refusal(now)
    if why:
        raise WorkshopClosed(why)
    return row


def new_entry_token() -> str:
    """The token a form keeps from its first drawing: submitting twice with it stores one entry."""
    return secrets.token_urlsafe(24)


def add_entry(store: ImportStore, join_token: str, entry: Entry, token: str, now: dt.datetime | None = None) -> int:
    """Store a participant's entry under the edit token `token`; returns its number (P07 -> 7).
    AlreadySubmitted when that token has an entry already (a second click, a resent form)."""
    entry = check_entry(entry)
    now = now or _now()
    with store.transaction() as conn:
        row = _taking(conn, join_token, now)
        if conn.execute(sa.select(workshop_entries.c.id).where(workshop_entries.c.token_hash == token_hash(token))
                        ).first() is not None:
            raise AlreadySubmitted()
        count = conn.execute(sa.select(sa.func.count()).select_from(workshop_entries)
                             .where(workshop_entries.c.workshop_id == row["id"])).scalar()
        if count >= MAX_ENTRIES:
            raise WorkshopClosed(FULL)
        number = row["entries_made"] + 1
        conn.execute(workshops.update().where(workshops.c.id == row["id"]).values(entries_made=number))
        conn.execute(workshop_entries.insert().values(workshop_id=row["id"], number=number, token_hash=token_hash(token),
                                                      created_at=_iso(now), updated_at=_iso(now), **_values(entry)))
    return number


def _mine(conn, workshop_id: int, token: str):
    return conn.execute(sa.select(workshop_entries).where(workshop_entries.c.workshop_id == workshop_id,
                                                          workshop_entries.c.token_hash == token_hash(token))
                        ).mappings().first()


def update_entry(store: ImportStore, join_token: str, token: str, entry: Entry, now: dt.datetime | None = None) -> None:
    entry = check_entry(entry)
    now = now or _now()
    with store.transaction() as conn:
        row = _taking(conn, join_token, now)
        if _mine(conn, row["id"], token) is None:
            raise UnknownEntry()
        conn.execute(workshop_entries.update().where(workshop_entries.c.token_hash == token_hash(token))
                     .values(updated_at=_iso(now), **_values(entry)))


def withdraw_entry(store: ImportStore, join_token: str, token: str, now: dt.datetime | None = None) -> None:
    now = now or _now()
    with store.transaction() as conn:
        row = _taking(conn, join_token, now)
        if _mine(conn, row["id"], token) is None:
            raise UnknownEntry()
        conn.execute(workshop_entries.delete().where(workshop_entries.c.token_hash == token_hash(token)))


def _entry(row) -> Entry:
    return Entry(country=row["country"], topics=tuple(json.loads(row["topics"])), scopes=tuple(json.loads(row["scopes"])),
                 cci=row["cci"], nuts_id=row["nuts_id"], nickname=row["nickname"])


def my_entry(store: ImportStore, workshop_id: int, token: str | None) -> tuple[int, Entry] | None:
    """(number, entry) of the edit token, or None."""
    if not token:
        return None
    with store.reading() as conn:
        row = _mine(conn, workshop_id, token)
    return (row["number"], _entry(row)) if row else None


ENTRY_COLUMNS = ["number", "nickname", "country", "cci", "nuts_id", "topics", "scopes"]


def entries(store: ImportStore, workshop_id: int) -> pd.DataFrame:
    """The workshop's entries in the order they came (by number): ENTRY_COLUMNS, topics and scopes as tuples."""
    with store.reading() as conn:
        rows = conn.execute(sa.select(workshop_entries).where(workshop_entries.c.workshop_id == workshop_id)
                            .order_by(workshop_entries.c.number)).mappings().all()
    # object columns: a missing nickname, programme or region stays None (not NaN, which reads as text "nan")
    frame = pd.DataFrame([{"number": r["number"], **_entry(r).__dict__} for r in rows], columns=ENTRY_COLUMNS,
                         dtype=object)
    return frame.astype({"number": int})


# ---- links -------------------------------------------------------------------------------------------------

JOIN_PATH = "join"


def join_link(base_url: str, join_token: str) -> str:
    """The participants' link: base_url is the app's root ('' gives a relative link)."""
    return f"{base_url.rstrip('/')}/{JOIN_PATH}?w={join_token}"


def qr_png(text: str, scale: int = 12) -> bytes:
    """A QR code of `text` as PNG bytes, made here (segno, no network): black on white, quiet zone of 4
    modules as the standard asks, error correction M or better so a projected, photographed code still reads."""
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


# ---- the entries as a registration list ---------------------------------------------------------------

def _text(value) -> str | None:
    """A text cell, None for missing (None or NaN, as pandas may give either)."""
    return value if isinstance(value, str) and value else None


def code(number: int, width: int = 2) -> str:
    return f"P{number:0{width}d}"


def participants(found: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """The entries as the participants frame an uploaded list gives (registration.PARTICIPANT_COLUMNS), so the
    same pairing, seating and export work on both. Codes keep the entry's number: P07 stays P07 when P03
    withdraws. `label` is the nickname (shown only when the facilitator switches names on)."""
    width = max(2, len(str(int(found["number"].max())))) if len(found) else 2
    labels = topic_labels()
    frame = pd.DataFrame({
        "code": [code(int(n), width) for n in found["number"]],
        "row": found["number"].astype(int),
        "label": found["nickname"].map(lambda n: _text(n) or ""),
        "email": None,
        "organisation": found["cci"].map(lambda c: titles.get(c, c) if isinstance(c, str) else ""),
        "cci": found["cci"].map(_text),
        "programme_title": found["cci"].map(lambda c: titles.get(c) if isinstance(c, str) else None),
        "match": "chosen by the participant",
        "country": found["country"],
        "region_text": found["nuts_id"].map(_text),
        "nuts_id": found["nuts_id"].map(_text),
        "topics_text": found["topics"].map(lambda ts: "; ".join(labels.get(t, t) for t in ts)),
        "topics": found["topics"].map(tuple),
        "unmatched_topics": [()] * len(found),
        "scopes": found["scopes"].map(tuple),
    }, columns=PARTICIPANT_COLUMNS)
    return frame.reset_index(drop=True)


REGISTRATION_HEADER = ["Participant", "Programme", "Country", "Region", "Topics of interest", "Partnership scope"]


def registration_csv(found: pd.DataFrame) -> bytes:
    """The entries as a registration list the Workshop page's upload reads (CCI, country and NUTS codes, topic
    labels): for a later workshop, and for checking that both paths give the same pairs and tables. A
    participant without a nickname, or with one taken by an earlier entry, is listed with the code ('Participant
    P07', 'Ana P07'): the upload wants each person once."""
    labels = topic_labels()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REGISTRATION_HEADER)
    width = max(2, len(str(int(found["number"].max())))) if len(found) else 2
    seen: set[str] = set()
    for rec in found.itertuples(index=False):
        name = _text(rec.nickname) or "Participant"
        if name == "Participant" or name.casefold() in seen:
            name = f"{name} {code(rec.number, width)}"
        seen.add(name.casefold())
        writer.writerow([name, _text(rec.cci) or "", rec.country, _text(rec.nuts_id) or "",
                         "; ".join(labels[t] for t in rec.topics), "; ".join(rec.scopes)])
    return out.getvalue().encode("utf-8")
