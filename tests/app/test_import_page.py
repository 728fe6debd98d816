"""Import page in AppTest: template, upload, report by kind, mapping, import, failures that change nothing."""

import pandas as pd
import pytest

from coopdata.importer.example import EXAMPLE_PATH
from coopdata.importer.store import ENV_VAR, ImportStore
from tests.app.helpers import run_page
from tests.unit.importer.make_files import FILES, HEADER, ROWS, workbook

PAGE = "pages/import.py"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def store(tmp_path, monkeypatch) -> ImportStore:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "imports"))
    return ImportStore()


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def upload(at, path_or_name, data=None):
    name = getattr(path_or_name, "name", path_or_name)
    at.file_uploader(key="upload").set_value((name, data if data is not None else path_or_name.read_bytes(), XLSX))
    at.run()
    assert not at.exception, at.exception
    return at


def example_counts() -> tuple[int, int, int]:
    """Rows, programmes and programmes planning actions, read with pandas straight from the workbook."""
    df = pd.read_excel(EXAMPLE_PATH, sheet_name=1, dtype=str)
    return len(df), df["CCI"].nunique(), df.loc[df["Planned"] == "yes", "CCI"].nunique()


def test_no_database_yet_says_so_and_offers_the_template(store):
    at = run_page(PAGE)
    assert any(t.startswith("No database imported yet") for t in texts(at.info))
    assert at.get("download_button")[0].proto.label == "Download the template (xlsx)"
    assert store.version() is None


def test_upload_example_see_report_import_and_see_it_loaded(store):
    rows, programmes, planning = example_counts()
    at = upload(run_page(PAGE), EXAMPLE_PATH)
    assert [m.value for m in at.metric] == [f"{rows:,}", "0", "0"]
    assert f"Ready: {rows:,} action rows for {programmes:,} programmes, {planning:,} of them planning " \
           "cooperation actions." in texts(at.info)
    at.button(key="do_import").click().run()
    assert not at.exception, at.exception
    success = texts(at.success)
    assert success[0] == (f"Imported {rows:,} action rows for {programmes:,} programmes from "
                          "'cooperation\\_actions\\_FICTIONAL\\_example.xlsx'. It is now the database in use "
                          "(version 1).")
    assert success[1].startswith("Database in use: **cooperation\\_actions\\_FICTIONAL\\_example.xlsx**")
    assert success[1].endswith(f"{rows:,} action rows for {programmes:,} programmes, {planning:,} of them "
                               "planning cooperation actions.")
    assert any(t.startswith("FICTIONAL DATA") for t in texts(at.warning))
    assert store.meta()["rows"] == rows and store.meta()["fictional"] is True
    # the result again where the Import button was (the browser stays scrolled there), and the page's last element
    assert success[-1] == success[0] and len(success) == 3


def test_errors_are_grouped_by_kind_and_nothing_is_imported(store):
    at = upload(run_page(PAGE), FILES / "text_amount.xlsx")
    assert [m.value for m in at.metric] == ["3", "1", "0"]
    assert [e.label for e in at.expander] == ["Column mapping: which of your columns holds each template column",
                                              "Amount: 1 error(s), 0 warning(s)"]
    table = at.dataframe[0].value
    assert table[["row", "column", "value"]].values.tolist() == [[2, "'Amount (EUR)' (J)", "about 2 million"]]
    assert texts(at.error) == ["Nothing was imported: fix the 1 error(s) and upload the file again. The database "
                               "in use stays as it was."]
    assert not [b for b in at.button if b.key == "do_import"]
    assert at.get("download_button")[1].proto.label == "Download the report (xlsx)"
    assert store.version() is None


def test_column_mapping_can_be_adjusted(store, tmp_path):
    path = tmp_path / "renamed.xlsx"
    header = ["Cooperation?" if h == "Planned" else h for h in HEADER]
    workbook(ROWS, header).save(path)
    at = upload(run_page(PAGE), path)
    assert "Sheet 'Actions': no column 'Planned' (expected a column named 'Planned')." in \
        at.dataframe[0].value["message"].tolist()
    at.selectbox(key="map_planned").set_value("Cooperation?").run()
    assert not at.exception, at.exception
    assert [m.value for m in at.metric] == [str(len(ROWS)), "0", "0"]
    at.button(key="do_import").click().run()
    assert store.meta()["file_name"] == "renamed.xlsx" and store.meta()["rows"] == len(ROWS)


def test_write_failing_midway_keeps_the_previous_database_loaded(store, monkeypatch, caplog):
    at = upload(run_page(PAGE), FILES / "unknown_cci.xlsx")
    at.button(key="do_import").click().run()
    previous = store.version()
    assert previous is not None

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    at = upload(run_page(PAGE), EXAMPLE_PATH)
    monkeypatch.setattr(ImportStore, "_insert", disk_full)
    at.button(key="do_import").click().run()
    assert not at.exception, at.exception
    assert texts(at.error) == [
        "The import failed while writing (No space left on device); nothing was changed: the database in use is "
        "still the previous one. Tell whoever runs the dashboard: the import folder cannot be written."]
    assert (f"import of '{EXAMPLE_PATH.name}' not stored: the import folder {store.folder} cannot be written (No "
            "space left on device)") in caplog.text  # the server log names the folder
    assert store.version() == previous
    assert any(t.startswith("Database in use: **unknown\\_cci.xlsx**") for t in texts(at.success))


def test_the_gap_bomb_workbook_is_checked_as_its_four_rows(store):
    """A 5 kB workbook claiming the whole grid (A1:XFD1048576): the page reads its real rows only."""
    from tests.fixtures.big_uploads import gap_bomb_xlsx

    at = upload(run_page(PAGE), "gap.xlsx", gap_bomb_xlsx())
    assert [m.value for m in at.metric] == [str(len(ROWS)), "0", "0"]


def test_a_mapping_is_saved_by_name_and_reused_on_the_next_upload(store, tmp_path):
    path = tmp_path / "renamed.xlsx"
    header = ["Cooperation?" if h == "Planned" else h for h in HEADER]
    workbook(ROWS, header).save(path)
    at = upload(run_page(PAGE), path)
    at.selectbox(key="map_planned").set_value("Cooperation?").run()
    at.text_input(key="mapping_name").input("Team workbook").run()
    at.button(key="save_mapping").click().run()
    assert not at.exception, at.exception
    assert "Mapping 'Team workbook' saved: choose it under 'Start from a saved mapping' next time." in texts(at.success)
    assert store.mappings()["Team workbook"]["planned"] == "Cooperation?"
    # A new session: the columns recognised first, then the saved mapping chosen by name.
    at = upload(run_page(PAGE), path)
    assert at.selectbox(key="map_planned").value == ""
    at.selectbox(key="saved_mapping").set_value("Team workbook").run()
    assert at.selectbox(key="map_planned").value == "Cooperation?"
    assert [m.value for m in at.metric] == [str(len(ROWS)), "0", "0"]


def test_a_database_file_that_cannot_be_opened_is_said_without_naming_the_folder(store, caplog):
    store.folder.mkdir(parents=True)
    (store.folder / "coopdata.sqlite3").write_bytes(b"not a database at all, but long enough " * 40)
    at = run_page(PAGE)
    assert not at.exception, at.exception
    assert texts(at.error)[0] == ("The imported database cannot be opened (file is not a database). Tell whoever "
                                  "runs the dashboard; nothing imported can be shown until it is fixed.")
    assert f"imported database in {store.folder} cannot be opened" in caplog.text  # the log names the folder
    at.button(key="use_example").click().run()
    at.button(key="do_import").click().run()
    assert not at.exception, at.exception
    assert any(t.startswith("The import failed while writing (file is not a database); nothing was changed")
               for t in texts(at.error))
