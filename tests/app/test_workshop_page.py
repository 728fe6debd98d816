"""AppTest: the Workshop tables page on the FICTIONAL registration list (real programme data)."""

import logging

import pytest

from tests.app.helpers import run_page
from tests.conftest import ROOT
from tests.unit.workshop.conftest import csv_bytes, personal_values
from tests.unit.workshop.test_upload_safety import with_part

FICTIONAL = ROOT / "tests" / "fixtures" / "workshop_registrations_FICTIONAL.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def uploaded(data: bytes = FICTIONAL.read_bytes(), name: str = FICTIONAL.name):
    at = run_page("pages/workshop.py")
    at.file_uploader(key="workshop_upload").set_value((name, data, XLSX if name.endswith("xlsx") else "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def frame_with(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_without_a_list_the_page_says_what_to_upload():
    at = run_page("pages/workshop.py")
    assert any("No list loaded yet" in i.value for i in at.info)
    assert not at.metric


def test_fictional_list_gives_matches_tables_and_scores():
    at = uploaded()
    assert any("FICTIONAL" in w.value for w in at.warning)
    assert any("row 17, column 'Organisation or programme': programme not matched" in i.value for i in at.info)
    review = frame_with(at, "registered as").set_index("participant")
    assert len(review) == 16
    assert (review.at["P04", "CCI"], review.at["P04", "country"]) == ("2021EL16FFPR008", "EL")
    assert at.metric[0].value == "20"
    tables = frame_with(at, "common_topics")
    assert tables["members"].tolist() == ["P01, P02, P03, P14", "P04, P09, P10, P11", "P05, P06, P12, P13",
                                          "P07, P08, P15, P16"]
    assert tables["score"].tolist() == [7, 6, 5, 2]
    ranked = frame_with(at, "partner")
    assert ranked["partner"].head(3).tolist() == ["P14", "P02", "P03"]  # for P01, the default
    assert ranked["score"].head(3).tolist() == [2, 2, 2]
    assert len(at.get("plotly_chart")) == 1


def test_moving_a_person_updates_the_scores():
    at = uploaded()
    at.selectbox(key="workshop_move_who").set_value("P14")
    at.selectbox(key="workshop_move_to").set_value(4)
    at.button(key="workshop_move_apply").click().run()
    assert at.metric[0].value == "16"
    assert at.metric[0].delta == "-4"
    assert frame_with(at, "common_topics")["score"].tolist() == [3, 6, 5, 2]
    assert any("4 tables, total score 16; personal columns: none" in c.value for c in at.caption)
    at.button(key="workshop_repropose").click().run()
    assert at.metric[0].value == "20"


def test_facilitator_corrects_a_programme_match():
    at = uploaded()
    at.selectbox(key="workshop_fix_who").set_value("P15")
    at.selectbox(key="workshop_fix_cci").set_value("2021PT16FFPR001")
    at.button(key="workshop_fix_apply").click().run()
    review = frame_with(at, "registered as").set_index("participant")
    assert (review.at["P15", "CCI"], review.at["P15", "match"]) == ("2021PT16FFPR001", "set by the facilitator")


def _projected(at) -> str:
    return next(h.proto.body for h in at.get("html") if "coopdata-projected" in h.proto.body)


def test_projector_shows_one_table_in_large_type_codes_unless_names_asked():
    at = uploaded()
    at.selectbox(key="workshop_projector_table").set_value(2)
    at.run()
    assert [h.value for h in at.header if h.value.startswith("Table")] == [
        "Table 2: Employment, Social inclusion, Education & skills"]
    screen = _projected(at)
    assert "<td>P04</td>" in screen and "Participant D" not in screen
    assert "font-size: 34px" in screen  # the names: 32 px or more
    at.toggle(key="workshop_projector_names").set_value(True).run()
    assert "<td>Participant D (fictional)</td>" in _projected(at)


def test_the_fictional_example_list_is_one_click_away():
    from tests.app.helpers import run_page

    at = run_page("pages/workshop.py")
    at.button(key="workshop_use_example").click().run()
    assert any(w.value.startswith("This is a FICTIONAL example list") for w in at.warning)
    assert at.tabs and "<td>P01</td>" in _projected(at)


def test_bad_list_is_refused_with_rows_and_nothing_loaded():
    data = csv_bytes([["Ann (fictional)", "", "2021EE16FFPR001", "EE", "", ""],
                      ["Bob (fictional)", "", "2021EE16FFPR001", "Atlantis", "energy", ""]])
    at = uploaded(data, "bad.csv")
    assert len(at.error) == 1
    assert "bad.csv, row 2, column 'Topics of interest': empty" in at.error[0].value
    assert "bad.csv, row 3, column 'Country': 'Atlantis' is not a country" in at.error[0].value
    assert not at.metric and not at.tabs


def test_nothing_personal_in_the_log(caplog):
    # Streamlit's own loggers do not propagate to the root logger: listen to them too.
    st_logger = logging.getLogger("streamlit")
    st_logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="streamlit"):
            at = uploaded()
            at.selectbox(key="workshop_move_who").set_value("P14")
            at.button(key="workshop_move_apply").click().run()
            at.multiselect(key="workshop_export_personal").set_value(["label", "email"]).run()
    finally:
        st_logger.removeHandler(caplog.handler)
    assert "registration list read: 16 participants" in caplog.text
    for value in personal_values():
        assert value not in caplog.text


def test_csv_upload_gives_the_same_tables():
    name = "workshop_registrations_FICTIONAL.csv"
    at = uploaded((ROOT / "tests" / "fixtures" / name).read_bytes(), name)
    assert at.metric[0].value == "20"


def test_limits_are_stated_next_to_the_upload():
    at = run_page("pages/workshop.py")
    assert at.get("file_uploader")[0].proto.label == "Registration list (xlsx or csv), at most 20 MB"
    assert [c.value for c in at.caption if c.value.startswith("Limits:")] == [
        "Limits: 20 MB, 100 participants, 60 columns (pairs and tables are worked out for every pair of "
        "participants). Other formats and compressed files that would unpack to far more (zip bombs) are refused "
        "without being opened; formulas and macros are never run."]


def test_a_zip_bomb_after_a_good_list_is_refused_and_leaves_nothing_loaded():
    at = uploaded()
    assert at.metric and at.tabs
    bomb = with_part(FICTIONAL.read_bytes(), "xl/media/padding.bin", b"\x00" * (40 * 1024 * 1024))
    at.file_uploader(key="workshop_upload").set_value(("bomb.xlsx", bomb, XLSX)).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "This list cannot be used until these problems are fixed in the file (nothing was loaded):\n\n"
        "- 'bomb.xlsx' would unpack to 40 MB from 0.0 MB, which is how zip bombs look (limit 200 MB, 200x). It was "
        "refused without being opened. Expected: an Excel workbook (.xlsx) or a CSV file (.csv)."]
    assert not at.metric and not at.tabs and not at.dataframe
    assert "registration" not in at.session_state["workshop_state"]


def test_a_workbook_with_macros_is_refused_with_its_name():
    # A .xlsm never reaches the page (the uploader's type list is enforced by the server); the same
    # workbook renamed to .xlsx is caught by its content.
    at = uploaded(with_part(FICTIONAL.read_bytes(), "xl/vbaProject.bin", b"\x00" * 64), "list.xlsx")
    assert "'list.xlsx' contains macros; save it as a plain .xlsx workbook. Macros are never run." in at.error[0].value
    assert not at.metric and not at.tabs


@pytest.mark.slow  # scores a list, corrects it, scores again
def test_pairs_are_scored_once_per_list_and_again_after_a_correction_they_read(monkeypatch):
    from coopdata.ui import workshop

    calls = []
    real = workshop.pair_scores
    monkeypatch.setattr(workshop, "pair_scores", lambda participants, geo: calls.append(1) or real(participants, geo))
    at = uploaded()
    at.selectbox(key="workshop_move_who").set_value("P14")
    at.selectbox(key="workshop_move_to").set_value(4)
    at.button(key="workshop_move_apply").click().run()
    assert at.metric[0].value == "16" and len(calls) == 1  # a move reruns the page, not the scoring
    at.selectbox(key="workshop_fix_who").set_value("P15")
    at.selectbox(key="workshop_fix_cci").set_value("2021BE16RFPR001")
    at.button(key="workshop_fix_apply").click().run()
    assert len(calls) == 1  # scores read countries, regions, topics and scopes, not the programme
    at.selectbox(key="workshop_topics_who").set_value("P15").run()
    at.multiselect(key="workshop_topics_P15").set_value(["energy"])
    at.button(key="workshop_topics_apply").click().run()
    assert len(calls) == 2


def test_a_list_of_one_participant_says_why_and_no_tab_fails():
    at = uploaded(csv_bytes([["Ann (fictional)", "", "2021EE16FFPR001", "Estonia", "digital", "EU-wide"]]), "one.csv")
    assert [e.value for e in at.error] == [
        "This list cannot be used until these problems are fixed in the file (nothing was loaded):\n\n"
        "- one.csv, row 2: the only participant of the list: pairs and tables need at least two participants"]
    assert not at.tabs


@pytest.mark.slow
def test_a_list_of_100_participants_loads_every_tab():
    """The allowed maximum: read, scored and seated in one run (timed in benchmarks/upload_bench.py)."""
    from tests.fixtures.big_uploads import participants_csv

    at = uploaded(participants_csv(100), "hundred_FICTIONAL.csv")
    assert not at.error
    assert [t.label for t in at.tabs] == ["1 · Check matches", "2 · Tables", "3 · Pairs", "4 · Projector",
                                         "5 · Download"]
    assert any("100 participants at 25 tables" in c.value for c in at.caption)
