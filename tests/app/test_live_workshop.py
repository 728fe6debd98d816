"""AppTest: the live workshop's pages. The join page (/join?w=...) on a phone's form: unknown link, send, edit,
withdraw, closed workshop, double submission; the facilitator view (/workshop?live=...): count, tables, pairs,
names only when switched on, lock, delete. Each test has its own empty database (tests/app/conftest.py)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import sqlalchemy as sa

from coopdata.importer import store as store_module
from coopdata.importer.store import ImportStore
from coopdata.workshop import live
from coopdata.workshop.live import Entry
from tests.app.helpers import run_page

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def opened() -> live.Opened:
    return live.open_workshop(ImportStore(), "Energy *partners* <b>", NOW + dt.timedelta(hours=2))


def join(o: live.Opened, **extra):
    return run_page("pages/join.py", {"w": o.workshop.join_token, **extra})


def facilitator(o: live.Opened):
    return run_page("pages/workshop.py", {"live": o.facilitator_token})


def fill(at, country="EE", topics=("energy", "digital"), nickname="Ana (fictional)", cci=None):
    at.selectbox(key="join_country").set_value(country).run()
    if cci:
        at.selectbox(key=f"join_cci_{country}").set_value(cci)
    at.multiselect(key="join_topics").set_value(list(topics))
    at.text_input(key="join_nickname").set_value(nickname)
    return at


def stored(o) -> list:
    return live.entries(ImportStore(), o.workshop.id).to_dict("records")


def test_an_unknown_link_says_so():
    at = run_page("pages/join.py", {"w": "not-a-workshop"})
    assert [e.value for e in at.error] == [live.UNKNOWN]
    assert not at.button


def test_send_edit_and_withdraw_from_the_same_session(opened):
    at = join(opened)
    assert at.title[0].value == "Energy \\*partners\\* \\<b\\>"  # typed text shown as typed, never Markdown
    assert any("deleted automatically 24 hours after the workshop closes" in c.value for c in at.caption)
    fill(at, cci="2021EE16FFPR001").button(key="join_send").click().run()
    assert at.success[0].value.startswith("Thank you: your entry is in. You are P01 on the screen.")
    token = at.query_params["e"]
    assert stored(opened)[0] | {"topics": None} == {"number": 1, "nickname": "Ana (fictional)", "country": "EE",
                                                    "cci": "2021EE16FFPR001", "nuts_id": None, "topics": None,
                                                    "scopes": ()}
    at.multiselect(key="join_topics").set_value(["health"])
    at.button(key="join_save").click().run()
    assert [s.value for s in at.success] == ["Your changes are saved."]
    assert stored(opened)[0]["topics"] == ("health",)
    at.button(key="join_withdraw").click().run()
    assert at.success[0].value.startswith("Your entry is withdrawn")
    assert stored(opened) == [] and "e" not in at.query_params
    assert live.my_entry(ImportStore(), opened.workshop.id, token) is None


def test_the_edit_link_reopens_the_entry_prefilled(opened):
    live.add_entry(ImportStore(), opened.workshop.join_token, Entry("LV", ("digital",), ("EU-wide",), nickname="Ben"),
                   "ben-token")
    at = join(opened, e="ben-token")
    assert at.info[0].value.startswith("You are P01 on the screen")
    assert at.selectbox(key="join_country").value == "LV"
    assert at.multiselect(key="join_topics").value == ["digital"]
    assert at.text_input(key="join_nickname").value == "Ben"


def test_a_form_sent_twice_stores_one_entry(opened):
    at = fill(join(opened))
    pending = at.session_state[f"join_pending_{opened.workshop.id}"]
    live.add_entry(ImportStore(), opened.workshop.join_token, Entry("EE", ("energy",)), pending)  # the first send
    at.button(key="join_send").click().run()
    assert [s.value for s in at.success] == [live.ALREADY]
    assert len(stored(opened)) == 1 and at.query_params["e"] == pending


def test_a_missing_country_or_topic_is_asked_for(opened):
    at = join(opened)
    at.button(key="join_send").click().run()
    assert [e.value for e in at.error] == ["Please choose your country and choose at least one topic."]
    assert stored(opened) == []


def test_a_closed_or_locked_workshop_refuses_and_a_deleted_one_is_unknown(opened):
    s = ImportStore()
    at = fill(join(opened))
    live.close_now(s, opened.workshop.id)
    at.button(key="join_send").click().run()
    assert at.error[0].value.startswith(live.CLOSED)
    assert stored(opened) == []
    live.delete_workshop(s, opened.workshop.id)
    at = join(opened)
    assert [e.value for e in at.error] == [live.UNKNOWN]
    with s.reading() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(store_module.workshops)).scalar() == 0


def _add(o, n: int) -> None:
    people = [("EE", ("energy", "digital")), ("LV", ("digital",)), ("FI", ("energy",)), ("SE", ("health",))]
    for i in range(n):
        country, topics = people[i % len(people)]
        live.add_entry(ImportStore(), o.workshop.join_token, Entry(country, topics, nickname=f"Nick{i} (fictional)"),
                       f"token{i}")


def _projected(at) -> str:
    return " ".join(h.proto.body for h in at.get("html") if "coopdata-projected" in h.proto.body)


def test_the_facilitator_view_counts_pairs_and_seats(opened):
    _add(opened, 6)
    at = facilitator(opened)
    assert at.title[0].value == "Energy \\*partners\\* \\<b\\>"
    assert at.metric[0].value == "6"
    assert [i.captions for i in at.get("image")] == [["Scan to join"]]  # the join QR code
    screen = _projected(at)
    assert "P01 + P02" in screen and "Table 1" in screen and "font-size: 24px" in screen
    assert "Nick0" not in screen  # codes only ...
    at.toggle(key="live_names").set_value(True).run()
    screen = _projected(at)
    assert "Nick0 (fictional) (P01)" in screen and "font-size: 34px" in screen  # ... names when switched on, 32 px+


def test_the_facilitator_locks_reseats_and_deletes(opened):
    _add(opened, 5)
    at = facilitator(opened)
    at.button(key="live_lock").click().run()
    assert live.by_join_token(ImportStore(), opened.workshop.join_token).locked
    assert any("List locked" in c.value for c in at.caption)
    refused = join(opened)
    assert refused.error[0].value == live.LOCKED
    at.button(key="live_reseat").click().run()
    assert not at.exception and at.session_state[live_ui_state()]["seed"] == 24
    at.checkbox(key="live_delete_sure").check().run()
    at.button(key="live_delete").click().run()
    assert at.error[0].value.startswith("This facilitator link is not known")
    assert stored(opened) == []


def live_ui_state() -> str:
    from coopdata.ui.live import STATE

    return STATE


def test_a_wrong_facilitator_link_shows_nothing_of_any_workshop(opened):
    _add(opened, 2)
    at = run_page("pages/workshop.py", {"live": opened.workshop.join_token})  # the public token is not the key
    assert at.error[0].value.startswith("This facilitator link is not known")
    assert not at.metric and not _projected(at)


def test_the_upload_page_offers_to_open_a_live_workshop():
    at = run_page("pages/workshop.py")
    at.text_input(key="live_title").set_value("Baltic energy")
    at.button(key="FormSubmitter:live_open-Open a live workshop").click().run()
    token = at.query_params["live"]
    assert live.by_facilitator_token(ImportStore(), token).title == "Baltic energy"
    assert at.success[0].value.startswith("The workshop is open.")


def test_nothing_personal_in_the_log(opened, caplog):
    with caplog.at_level(logging.DEBUG):
        at = fill(join(opened), nickname="Zebulon (fictional)")
        at.button(key="join_send").click().run()
        at.button(key="join_withdraw").click().run()
    assert "live workshop" in caplog.text and "Zebulon" not in caplog.text and "partners" not in caplog.text
