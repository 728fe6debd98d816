"""The live-workshop store (coopdata.workshop.live) on tiny hand-made entries, on SQLite and on a real PostgreSQL
server (tests/postgres.py): tokens, closing, locking, double submission, withdrawal, purge, delete, the
migration of a schema-1 database, and the entries read back as the same list an upload gives."""

from __future__ import annotations

import datetime as dt
import itertools
import threading

import pytest
import sqlalchemy as sa

from coopdata.importer import store as store_module
from coopdata.importer.store import ImportStore
from coopdata.workshop import live
from coopdata.workshop.live import Entry
from coopdata.workshop.registration import PARTICIPANT_COLUMNS
from tests.postgres import new_database

_names = itertools.count()
T0 = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
ANA = Entry(country="EE", topics=("digital", "energy"), scopes=("EU-wide",), cci="2021EE16FFPR001", nickname="Ana")
BEN = Entry(country="LV", topics=("digital",), nuts_id="LV006")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def store(request, tmp_path) -> ImportStore:
    if request.param == "sqlite":
        return ImportStore(tmp_path / "imports")
    url = new_database(request.getfixturevalue("postgres_server"), f"coopdata_live_{next(_names)}")
    return ImportStore(tmp_path / "unused", url=url)


def opened(store, hours: float = 2, keep: int = 24) -> live.Opened:
    return live.open_workshop(store, "Energy partners", T0 + hours * HOUR, keep, now=T0)


def rows(store, table) -> int:
    with store.reading() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_tokens_reach_the_workshop_and_only_hashes_of_the_private_ones_are_stored(store):
    o = opened(store)
    assert len(o.facilitator_token) >= 40 and len(o.workshop.join_token) >= 12
    assert live.by_facilitator_token(store, o.facilitator_token) == o.workshop
    assert live.by_join_token(store, o.workshop.join_token) == o.workshop
    assert live.by_facilitator_token(store, o.workshop.join_token) is None  # the join link opens no facilitator view
    assert live.by_join_token(store, "nope") is None and live.by_facilitator_token(store, "") is None
    live.add_entry(store, o.workshop.join_token, ANA, "edit-token-ana", now=T0)
    with store.reading() as conn:
        stored = " ".join(str(v) for table in (store_module.workshops, store_module.workshop_entries)
                          for row in conn.execute(sa.select(table)) for v in row)
    assert o.facilitator_token not in stored and "edit-token-ana" not in stored
    assert o.workshop.purge_at == T0 + 26 * HOUR


def test_add_edit_withdraw_with_the_entry_token(store):
    join = opened(store).workshop.join_token
    wid = live.by_join_token(store, join).id
    assert live.add_entry(store, join, ANA, "a", now=T0) == 1
    assert live.add_entry(store, join, BEN, "b", now=T0) == 2
    assert live.my_entry(store, wid, "a") == (1, ANA)
    live.update_entry(store, join, "a", Entry(country="EE", topics=("health", "energy")), now=T0)
    assert live.my_entry(store, wid, "a") == (1, Entry(country="EE", topics=("energy", "health")))  # vocabulary order
    live.withdraw_entry(store, join, "a", now=T0)
    assert live.my_entry(store, wid, "a") is None
    with pytest.raises(live.UnknownEntry):
        live.update_entry(store, join, "a", ANA, now=T0)
    # numbers are never given twice: the next one is P03, whoever left
    assert live.add_entry(store, join, ANA, "c", now=T0) == 3
    found = live.entries(store, wid)
    assert found["number"].tolist() == [2, 3]
    assert found.to_dict("records")[0] == {"number": 2, "nickname": None, "country": "LV", "cci": None,
                                       "nuts_id": "LV006", "topics": ("digital",), "scopes": ()}


def test_a_second_submission_with_the_same_token_stores_one_entry(store):
    join = opened(store).workshop.join_token
    live.add_entry(store, join, ANA, "same", now=T0)
    with pytest.raises(live.AlreadySubmitted, match="already submitted"):
        live.add_entry(store, join, ANA, "same", now=T0)
    assert rows(store, store_module.workshop_entries) == 1


def test_an_entry_needs_a_country_and_a_topic_from_the_vocabularies(store):
    join = opened(store).workshop.join_token
    with pytest.raises(live.EntryError) as err:
        live.add_entry(store, join, Entry(country="", topics=()), "x", now=T0)
    assert err.value.problems == ["choose your country", "choose at least one topic"]
    with pytest.raises(live.EntryError, match="unknown topics; unknown partnership scope"):
        live.add_entry(store, join, Entry(country="EE", topics=("magic",), scopes=("galactic",)), "x", now=T0)
    assert rows(store, store_module.workshop_entries) == 0


def test_nicknames_are_one_short_line():
    entry = live.check_entry(Entry(country="ee", topics=("energy",), nickname=" Ana\n# *bold*\x00 " + "x" * 50))
    assert entry.country == "EE" and entry.nickname == ("Ana # *bold* " + "x" * 50)[:live.MAX_NICKNAME]
    assert live.check_entry(Entry(country="EE", topics=("energy",), nickname="  ")).nickname is None


def test_closed_locked_and_deleted_workshops_refuse_and_keep_no_row(store):
    o = opened(store, hours=1)
    join, wid = o.workshop.join_token, o.workshop.id
    live.add_entry(store, join, ANA, "a", now=T0)
    with pytest.raises(live.WorkshopClosed, match="closed at 10:00 UTC"):
        live.add_entry(store, join, BEN, "b", now=T0 + HOUR)
    with pytest.raises(live.WorkshopClosed):
        live.withdraw_entry(store, join, "a", now=T0 + 2 * HOUR)
    live.set_locked(store, wid, True)
    with pytest.raises(live.WorkshopClosed, match="locked the list"):
        live.add_entry(store, join, BEN, "b", now=T0)
    live.set_locked(store, wid, False)
    live.close_now(store, wid, now=T0 + 0.5 * HOUR)
    assert live.by_join_token(store, join).refusal(T0 + 0.5 * HOUR).startswith(live.CLOSED)
    assert live.by_join_token(store, join).purge_at == T0 + 24.5 * HOUR
    assert rows(store, store_module.workshop_entries) == 1
    live.delete_workshop(store, wid)
    with pytest.raises(live.UnknownWorkshop, match="not known"):
        live.add_entry(store, join, BEN, "b", now=T0)
    assert rows(store, store_module.workshops) == 0 and rows(store, store_module.workshop_entries) == 0


def test_purge_deletes_what_is_past_its_keeping_time_and_nothing_else(store):
    old = opened(store, hours=1, keep=1)
    kept = opened(store, hours=1, keep=24)
    for o in (old, kept):
        live.add_entry(store, o.workshop.join_token, ANA, f"t{o.workshop.id}", now=T0)
    assert live.purge(store, now=T0 + 1.5 * HOUR, force=True) == 0
    assert live.purge(store, now=T0 + 2 * HOUR, force=True) == 1
    assert live.by_join_token(store, old.workshop.join_token) is None
    assert live.by_join_token(store, kept.workshop.join_token) is not None
    assert rows(store, store_module.workshop_entries) == 1
    # not forced: at most once a minute per database and process (a page run costs one clock read)
    assert live.purge(store, now=T0 + 99 * HOUR) == 0


def test_forty_entries_at_once_are_each_stored_once_with_distinct_numbers(store):
    join = opened(store).workshop.join_token
    errors = []

    def submit(i):
        try:
            live.add_entry(store, join, Entry(country="EE" if i % 2 else "FI", topics=("energy",)), f"tok{i}", now=T0)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    found = live.entries(store, live.by_join_token(store, join).id)
    assert sorted(found["number"]) == list(range(1, 41))


def test_a_schema_1_database_is_upgraded_with_the_workshop_tables(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    engine = sa.create_engine(f"sqlite:///{folder / store_module.DB_FILE}")
    old = [t for t in store_module.metadata.sorted_tables if not t.name.startswith("workshop")]
    with engine.begin() as conn:
        store_module.metadata.create_all(conn, tables=old)
        conn.execute(store_module.schema_version.insert().values(version=1))
    engine.dispose()
    s = ImportStore(folder)
    assert live.by_join_token(s, "x") is None  # opening migrates
    live.add_entry(s, opened(s).workshop.join_token, ANA, "a", now=T0)
    with s.reading() as conn:
        assert conn.execute(sa.select(store_module.schema_version.c.version)).scalar() == 2


def test_entries_become_the_participants_frame_and_the_same_list_as_a_spreadsheet():
    import pandas as pd

    found = pd.DataFrame([{"number": 1, **ANA.__dict__}, {"number": 3, **BEN.__dict__},
                          {"number": 4, **Entry(country="FI", topics=("health",), nickname="ana").__dict__}],
                         columns=live.ENTRY_COLUMNS)
    frame = live.participants(found, {"2021EE16FFPR001": "Estonia programme"})
    assert list(frame.columns) == PARTICIPANT_COLUMNS
    assert frame["code"].tolist() == ["P01", "P03", "P04"]
    assert frame["label"].tolist() == ["Ana", "", "ana"]
    assert frame.at[0, "programme_title"] == "Estonia programme" and frame.at[1, "organisation"] == ""
    assert frame.at[0, "topics"] == ("digital", "energy") and frame.at[1, "scopes"] == ()
    text = live.registration_csv(found).decode().splitlines()
    assert text == ["Participant,Programme,Country,Region,Topics of interest,Partnership scope",
                    "Ana,2021EE16FFPR001,EE,,Digital; Energy & low carbon,EU-wide",
                    "Participant P03,,LV,LV006,Digital,",
                    "ana P04,,FI,,Health,"]


def test_the_live_list_and_the_same_list_uploaded_give_the_same_pairs_and_tables(dataset):
    import pandas as pd

    from coopdata.workshop import seating
    from coopdata.workshop.pairs import Geography, pair_scores, seating_weights
    from coopdata.workshop.registration import read_registrations

    people = [("EE", ("digital", "energy"), ("EU-wide",), "2021EE16FFPR001", "EE008"), ("LV", ("digital",), (), None, None),
              ("FI", ("energy", "health"), ("sea basin",), None, "FI1D1"), ("SE", ("energy",), ("cross-border",), None, None),
              ("EE", ("health",), (), None, None), ("DE", ("digital", "health"), ("macro-regional",), None, None)]
    found = pd.DataFrame([{"number": i + 1, "nickname": None, "country": c, "cci": cci, "nuts_id": nuts, "topics": t,
                           "scopes": sc} for i, (c, t, sc, cci, nuts) in enumerate(people)], columns=live.ENTRY_COLUMNS)
    titles = dict(zip(dataset.programmes["cci"], dataset.programmes["title"], strict=True))
    geo = Geography.from_dataset(dataset)
    live_people = live.participants(found, titles)
    uploaded = read_registrations(live.registration_csv(found), "six_FICTIONAL.csv", dataset.programmes,
                                  dataset.regions).participants
    columns = ["code", "country", "nuts_id", "topics", "scopes", "cci"]
    pd.testing.assert_frame_equal(live_people[columns], uploaded[columns])
    live_pairs, uploaded_pairs = pair_scores(live_people, geo), pair_scores(uploaded, geo)
    pd.testing.assert_frame_equal(live_pairs, uploaded_pairs)
    weights = seating_weights(live_pairs)
    assert seating.propose_seating(list(live_people["code"]), weights, 3) == \
        seating.propose_seating(list(uploaded["code"]), seating_weights(uploaded_pairs), 3)
