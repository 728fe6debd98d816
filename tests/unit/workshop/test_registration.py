import logging

import pandas as pd
import pytest

from coopdata.importer.read import UnreadableFile
from coopdata.workshop.registration import (
    RegistrationError,
    correct_programme,
    correct_topics,
    match_programme,
    parse_scopes,
    programme_topics,
    read_registrations,
    review_table,
)
from tests.unit.workshop.conftest import FICTIONAL_CSV, csv_bytes, personal_values, xlsx_bytes

ROW_OK = ["Ann (fictional)", "ann@example.org", "2021EE16FFPR001", "Estonia", "digital", "EU-wide"]


def problems(exc_info) -> list[str]:
    return [p.text(exc_info.value.source) for p in exc_info.value.problems]


def test_fictional_list_reads_with_title_row_matches_and_notices(fictional):
    p = fictional.participants.set_index("code")
    assert list(p.index) == [f"P{n:02d}" for n in range(1, 17)]
    assert fictional.source == "workshop_registrations_FICTIONAL.xlsx, sheet 'Registrations'"
    assert fictional.fictional
    assert p.loc["P01", "row"] == 3 and p.loc["P16", "row"] == 18  # title row, then header on row 2
    assert (p.loc["P01", "cci"], p.loc["P01", "match"]) == ("2021BE16RFPR001", "CCI")
    assert (p.loc["P02", "cci"], p.loc["P02", "match"]) == ("2021DE16RFPR011", "title")
    assert (p.loc["P04", "country"], p.loc["P04", "nuts_id"], p.loc["P04", "cci"]) == ("EL", "EL61", "2021EL16FFPR008")
    assert p.loc["P01", "topics"] == ("research_innovation", "digital")
    assert p.loc["P01", "unmatched_topics"] == ("quantum computing",)
    assert p.loc["P06", "topics"] == ("energy", "just_transition")
    assert p.loc["P08", "scopes"] == ("cross-border",) and p.loc["P16", "scopes"] == ()
    assert pd.isna(p.loc["P15", "cci"]) and p.loc["P15", "match"].startswith("not matched")
    assert [n.text(fictional.source) for n in fictional.notices] == [
        "workshop_registrations_FICTIONAL.xlsx, sheet 'Registrations', row 17, column 'Organisation or programme': "
        "programme not matched (no programme with this CCI or title): choose it in the match review"]


def test_csv_and_xlsx_of_the_same_list_agree(fictional, read):
    from_csv = read(FICTIONAL_CSV.read_bytes(), FICTIONAL_CSV.name).participants
    assert (from_csv["row"] + 1).tolist() == fictional.participants["row"].tolist()
    pd.testing.assert_frame_equal(from_csv.drop(columns="row"), fictional.participants.drop(columns="row"))


def test_missing_columns_are_named(read):
    data = csv_bytes([ROW_OK[:4]], header=["Participant", "E-mail", "Programme", "Country"])
    with pytest.raises(RegistrationError) as exc:
        read(data, "reg.csv")
    assert problems(exc) == ["reg.csv: no column for 'topics of interest' (looked for headers like "
                             "'topics of interest', 'topics', 'topic', 'interests')"]


def test_row_problems_are_all_reported_with_row_and_column(read):
    rows = [ROW_OK,
            ["Bob (fictional)", "bob@example.org", "2021EE16FFPR001", "Atlantis", "energy", ""],
            ["Cy (fictional)", "cy@example.org", "2021EE16FFPR001", "Latvia", "", "EU-wide"],
            ["ann (fictional)", "other@example.org", "2021EE16FFPR001", "Latvia", "energy", "EU-wide"],
            ["Dee (fictional)", "ANN@example.org", "2021EE16FFPR001", "Latvia", "energy", "galactic"],
            ["", "", "", "", "", ""],  # a blank row is skipped, and keeps the numbering
            ["Eve (fictional)", "eve@example.org", "2021EE16FFPR001", "", "energy", "sea basin"]]
    with pytest.raises(RegistrationError) as exc:
        read(csv_bytes(rows), "reg.csv")
    assert problems(exc) == [
        "reg.csv, row 3, column 'Country': 'Atlantis' is not a country name or code we know",
        "reg.csv, row 4, column 'Topics of interest': empty: give at least one topic of interest",
        "reg.csv, row 5, column 'Participant': same participant as row 2: list each person once",
        "reg.csv, row 6, column 'E-mail': same e-mail as row 2: list each person once",
        "reg.csv, row 6, column 'Partnership scope': 'galactic' is not a partnership scope: "
        "use cross-border, macro-regional, sea basin, EU-wide",
        "reg.csv, row 8, column 'Country': empty: the country is needed (cooperation needs another Member State)",
    ]


def test_messages_never_quote_names_or_emails(read):
    rows = [ROW_OK, ROW_OK]
    with pytest.raises(RegistrationError) as exc:
        read(csv_bytes(rows), "reg.csv")
    assert "Ann" not in str(exc.value) and "ann@example.org" not in str(exc.value)
    assert len(exc.value.problems) == 2  # same name, same e-mail


def test_unknown_programme_is_a_notice_with_row_number_and_the_rest_loads(read):
    rows = [ROW_OK, ["Bob (fictional)", "", "Programme of Nowhere", "LV", "energy", ""],
            ["Cy (fictional)", "", "2021XX16RFPR999", "LV", "energy", ""]]
    reg = read(csv_bytes(rows), "reg.csv")
    assert len(reg.participants) == 3
    assert [n.text("reg.csv") for n in reg.notices] == [
        "reg.csv, row 3, column 'Programme': programme not matched (no programme with this CCI or title): "
        "choose it in the match review",
        "reg.csv, row 4, column 'Programme': programme not matched (the CCI is not in the programme data): "
        "choose it in the match review"]


def test_xlsx_header_below_a_title_and_sheet_named_in_messages(read):
    data = xlsx_bytes([["Workshop 12 May"], [], ["Name", "Organisation", "Member State", "Topics", "Scope"],
                       ["Ann (fictional)", "2021EE16FFPR001", "EE", "digital", ""],
                       ["Bob (fictional)", "2021EE16FFPR001", "EE", None, ""]])
    with pytest.raises(RegistrationError) as exc:
        read(data, "reg.xlsx")
    assert problems(exc) == ["reg.xlsx, sheet 'Form responses', row 5, column 'Topics': "
                             "empty: give at least one topic of interest"]


def test_files_that_are_not_lists(read):
    with pytest.raises(UnreadableFile, match=r"'notes.pdf' is a .pdf, not an Excel workbook"):
        read(b"%PDF", "notes.pdf")
    with pytest.raises(UnreadableFile, match=r"'broken.xlsx' is damaged or not a real .xlsx workbook"):
        read(b"not a zip", "broken.xlsx")
    with pytest.raises(RegistrationError, match=r"no header row found in rows 1-10"):
        read(b"a,b\n1,2\n", "x.csv")


def test_semicolon_csv_and_nuts_code_in_the_country_column(read):
    data = "Participant;Programme;Country / region;Topics\nAnn (fictional);2021EE16FFPR001;DE21;energy\n" \
           "Bob (fictional);2021EE16FFPR001;Latvia;energy\n"
    p = read(data.encode("cp1252"), "reg.csv").participants
    assert (p.loc[0, "country"], p.loc[0, "nuts_id"]) == ("DE", "DE21")


def test_programme_titles_shared_by_two_programmes_use_the_country(dataset):
    progs = dataset.programmes
    assert match_programme("Transport", "EL", progs) == ("2021EL16FFPR004", "title")
    assert match_programme("Transport", "RO", progs) == ("2021RO16FFPR002", "title")
    assert match_programme("transport", "FR", progs) == (None, "2 programmes have this title: give the CCI")
    assert match_programme("Programme ERDF 2021-2027 Thuringa", "DE", progs) == ("2021DE16RFPR011", "closest title")
    assert match_programme("cci 2021ee16ffpr001", None, progs) == ("2021EE16FFPR001", "CCI")
    assert match_programme("2021 EE 16 FFPR 001 (Estonia)", None, progs) == ("2021EE16FFPR001", "CCI")


def test_scopes():
    assert parse_scopes("Cross border; EU wide") == (("cross-border", "EU-wide"), [])
    assert parse_scopes("sea-basin or macro-regional") == (("macro-regional", "sea basin"), [])
    assert parse_scopes("no preference") == ((), [])
    assert parse_scopes("global") == ((), ["global"])


def test_corrections_by_the_facilitator(fictional, dataset):
    p = correct_programme(fictional.participants, "P15", "2021PT16FFPR001", dataset.programmes)
    row = p.set_index("code").loc["P15"]
    assert (row["cci"], row["match"]) == ("2021PT16FFPR001", "set by the facilitator")
    assert row["programme_title"] == dataset.programmes.set_index("cci").at["2021PT16FFPR001", "title"]
    assert fictional.participants.set_index("code").loc["P15", "match"].startswith("not matched")  # not mutated
    p = correct_topics(p, "P15", ("culture_tourism", "digital"))
    assert p.set_index("code").loc["P15", "topics"] == ("culture_tourism", "digital")
    with pytest.raises(KeyError):
        correct_programme(p, "P99", None, dataset.programmes)


def test_review_table_shows_what_each_programme_funds(fictional):
    allocations = pd.DataFrame({"cci": ["2021BE16RFPR001", "2021BE16RFPR001", "2021BE16RFPR001"],
                                "topic_id": ["digital", "energy", "digital"]})
    table = review_table(fictional.participants, programme_topics(allocations)).set_index("participant")
    assert table.loc["P01", "programme funds (finance data)"] == "Digital; Energy & low carbon"
    assert table.loc["P02", "programme funds (finance data)"] == "no objective-level finance data"
    assert table.loc["P15", "programme funds (finance data)"] == ""
    assert table.loc["P16", "scopes"] == "no preference"
    assert table.loc["P01", "words not matched"] == "quantum computing"


def test_nothing_personal_in_the_log(dataset, read, caplog):
    with caplog.at_level(logging.DEBUG):
        read_registrations(FICTIONAL_CSV.read_bytes(), FICTIONAL_CSV.name, dataset.programmes, dataset.regions)
        with pytest.raises(RegistrationError):
            read(csv_bytes([ROW_OK, ROW_OK]), "dup.csv")
    assert "registration list read: 16 participants, 1 notices" in caplog.text  # the log is captured
    assert "registration list rejected: 2 problems" in caplog.text
    for value in personal_values() + ["Ann", "ann@example.org"]:
        assert value not in caplog.text


def test_an_empty_list_is_refused_with_its_reason_in_the_log(read, caplog):
    with caplog.at_level(logging.INFO), pytest.raises(RegistrationError) as exc:
        read(csv_bytes([]), "empty.csv")
    assert problems(exc) == ["empty.csv: no participants below the header row (row 1): pairs and tables need at "
                             "least two participants"]
    assert ("registration list rejected: 1 problems: list: no participants below the header row (row 1): pairs "
            "and tables need at least two participants") in caplog.text


def test_a_list_of_one_participant_is_refused_before_any_tab_needs_pairs(read, caplog):
    with caplog.at_level(logging.INFO), pytest.raises(RegistrationError) as exc:
        read(xlsx_bytes([["Participant", "Programme", "Country", "Topics of interest"],
                         ["Ann (fictional)", "2021EE16FFPR001", "Estonia", "digital"]]), "one.xlsx")
    assert problems(exc) == ["one.xlsx, sheet 'Form responses', row 2: the only participant of the list: pairs and "
                             "tables need at least two participants"]
    assert "list, row 2: the only participant of the list" in caplog.text
    assert "Ann" not in caplog.text
