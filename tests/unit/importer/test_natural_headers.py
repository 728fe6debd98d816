"""Import that reads what people write: header variants (synonyms, extra words, units, other EU languages),
every cell checked on its own, CCIs normalised, look-alike columns named, and --map on the command line."""

from __future__ import annotations

import io
from argparse import Namespace

import pytest

from coopdata.__main__ import main as coopdata_main
from coopdata.importer import cli
from coopdata.importer.columns import OTHER_LANGUAGES, MappingError, parse_map, recognise
from coopdata.importer.normalise import NotAccepted, cci
from coopdata.importer.store import ImportStore
from coopdata.importer.validate import validate
from tests.unit.importer.make_files import workbook

# Header as people write it -> the template column it is read as.
VARIANTS = {
    # synonyms and extra words
    "Programme CCI": "cci", "CCI of the programme": "cci", "Programme code": "cci",
    "Cooperation actions planned? (yes/no)": "planned", "Actions planned": "planned",
    "Specific objective (code)": "objective_code", "Thematic objective": "objective_code",
    "Topic(s)": "topic", "Theme": "topic", "Type of action": "approach", "Scope of partnership": "scopes",
    "Partnership scope(s)": "scopes", "Partner country": "partner_countries", "Countries sought": "partner_countries",
    "Partner regions (NUTS 2024)": "partner_regions", "Implementation status": "status",
    "Status of the call": "status", "Notes / comments": "notes", "Title of the programme": "programme_title",
    "Programming period": "period", "Fictional?": "fictional",
    # units in brackets, currency words
    "Amount (EUR)": "amount_eur", "Amount in EUR": "amount_eur", "Amount [€]": "amount_eur",
    "Planned budget (EUR)": "amount_eur", "Total planned amount in EUR": "amount_eur",
    "Amount planned (EUR)": "amount_eur",
    # other EU languages
    "Programmcode": "cci", "Code du programme": "cci", "Codice del programma": "cci", "Código del programa": "cci",
    "Kod programu": "cci",
    "Geplant": "planned", "Prévu (oui/non)": "planned", "Previsto": "planned", "Planificado": "planned",
    "Planowane": "planned",
    "Partnerländer": "partner_countries", "Pays partenaires": "partner_countries", "Paesi partner": "partner_countries",
    "Países socios": "partner_countries", "Kraje partnerskie": "partner_countries",
    "Betrag (EUR)": "amount_eur", "Montant (€)": "amount_eur", "Importo": "amount_eur", "Importe": "amount_eur",
    "Kwota": "amount_eur",
    "Anmerkungen": "notes", "Remarques": "notes", "Note": "notes", "Notas": "notes", "Uwagi": "notes",
    "Spezifisches Ziel": "objective_code", "Objectif spécifique": "objective_code", "Cel szczegółowy": "objective_code",
    "Thema": "topic", "Tema": "topic", "Temat": "topic", "Statut": "status",
}
NOT_TEMPLATE = ["Managing authority", "Region", "Cooperation?", "Contact person"]


@pytest.mark.parametrize(("header", "field"), VARIANTS.items())
def test_header_variants_are_recognised(header, field):
    assert recognise(header).field == field


@pytest.mark.parametrize("header", NOT_TEMPLATE)
def test_other_headers_are_not(header):
    assert recognise(header).field is None


def test_every_language_word_listed_is_recognised_as_its_column():
    for field, by_language in OTHER_LANGUAGES.items():
        assert set(by_language) <= {"de", "fr", "it", "es", "pl"}
        for words in by_language.values():
            for word in words:
                assert recognise(word).field == field, word


def test_amounts_in_millions_are_a_look_alike_not_euro():
    found = recognise("Amount (million EUR)")
    assert (found.field, found.resembles, found.why) == (
        None, "amount_eur", "its amounts are not in euro (millions or thousands)")
    assert recognise("Partner contries").resembles == "partner_countries"  # a typo


def test_ccis_are_normalised():
    assert cci(" 2021 at 16 ffpr 001 ") == "2021AT16FFPR001"
    assert cci("2021GR16FFPR001") == cci("2021el16ffpr001") == "2021EL16FFPR001"  # 2021-2027 CCIs write EL
    assert cci("2014EL16M1OP001") == "2014GR16M1OP001"  # as the public 2014-2020 list writes it
    assert cci("2021-AT-16-FFPR-001") == "2021AT16FFPR001"
    with pytest.raises(NotAccepted, match="'2021AT16FF' is not a programme code"):
        cci("2021AT16FF")


NATURAL_HEADER = ["Programme CCI code", "Programming period", "Specific objective (code)", "Topic(s)",
                  "Cooperation actions planned? (yes/no)", "Type of action", "Scope of partnership", "Partner country",
                  "NUTS regions", "Planned budget (EUR)", "Implementation status", "Comments", "Managing authority",
                  "Amount (million EUR)"]
NATURAL_ROWS = [
    ["2021AT16FFPR001", "2021-2027", "RSO1.1", "", "yes", "dedicated call", "cross-border", "DE", "DE212",
     "1,250,000", "launched", "fine", "Amt der Landesregierung", 1.25],
    # one row, four mistakes: each is reported
    ["2021AT16FF", "", "RSO9.9", "", "yes", "", "worldwide", "", "", "about 2 million", "", "", "", ""],
    # a CCI written with GR and lower case is read; three other mistakes on the row
    ["2021 gr 16 ffpr 001", "", "RSO2.1", "", "maybe", "", "", "Atlantis", "", "", "unknown status", "", "", ""],
    ["2014AT16RFOP001", "2021-2027", "TO01", "", "no", "lottery", "", "", "XX999", "", "", "", "", ""],
]


def _natural_workbook() -> bytes:
    wb = workbook(NATURAL_ROWS, NATURAL_HEADER, title="Our database")
    wb.active.insert_rows(1, 2)
    wb.active["A1"] = "Cooperation actions: support team database (2026)"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_workbook_with_natural_column_names_reports_every_problem_in_every_column(reference):
    result = validate(_natural_workbook(), "our_database.xlsx", reference)
    assert result.mapping == {
        "cci": "Programme CCI code", "period": "Programming period", "objective_code": "Specific objective (code)",
        "topic": "Topic(s)", "planned": "Cooperation actions planned? (yes/no)", "approach": "Type of action",
        "scopes": "Scope of partnership", "partner_countries": "Partner country", "partner_regions": "NUTS regions",
        "amount_eur": "Planned budget (EUR)", "status": "Implementation status", "notes": "Comments"}
    assert [p.message for p in result.report.errors] == [
        "Sheet 'Our database', row 5, column 'Programme CCI code' (A): '2021AT16FF' is not a programme code (CCI) "
        "(expected a CCI of 15 characters such as 2021EL16RFPR001).",
        "Sheet 'Our database', row 5, column 'Scope of partnership' (G): 'worldwide' is not a known partnership "
        "scope (expected one of: cross-border, macro-regional, sea basin, EU-wide, countries, or a strategy or sea "
        "basin by name: EUSBSR, EUSDR, EUSAIR, EUSALP, ATLANTIC, WESTMED, BLACKSEA, BALTIC).",
        "Sheet 'Our database', row 5, column 'Planned budget (EUR)' (J): 'about 2 million' is not an amount "
        "(expected a number in euro, e.g. 1250000 or 1,250,000).",
        "Sheet 'Our database', row 5, column 'Specific objective (code)' (C): 'RSO9.9' is not an objective of the "
        "2014-2020 or the 2021-2027 period (expected an objective code such as TO01 to TO12 (2014-2020) or RSO1.1, "
        "ESO4.1, JSO8.1, ISO6.1 (2021-2027)).",
        "Sheet 'Our database', row 6, column 'Cooperation actions planned? (yes/no)' (E): 'Planned' is 'maybe' "
        "(expected yes or no).",
        "Sheet 'Our database', row 6, column 'Implementation status' (K): 'unknown status' is not a known status "
        "(expected one of: planned, in preparation, launched, completed, cancelled).",
        "Sheet 'Our database', row 6, column 'Partner country' (H): 'Atlantis' is not a known country (expected a "
        "country code (EL, DE, ...) or name in English or in its own language).",
        "Sheet 'Our database', row 7, column 'Programming period' (B): the period '2021-2027' does not match the "
        "programme 2014AT16RFOP001, which is a 2014-2020 programme (expected 2014-2020).",
        "Sheet 'Our database', row 7, column 'Type of action' (F): 'lottery' is not a known approach (expected one "
        "of: dedicated call, selection criterion or bonus, strategic project, other).",
        "Sheet 'Our database', row 7, column 'NUTS regions' (I): 'XX999' is not a NUTS 2021 or NUTS 2024 code of an "
        "EU Member State (expected a NUTS 2024 code such as EL30 or DE212 (NUTS 2021 codes are converted)).",
    ]
    assert [p.message for p in result.report.warnings] == [
        "Sheet 'Our database': 'Managing authority' (M) is not a template column; it was ignored.",
        "Sheet 'Our database': 'Amount (million EUR)' (N) is not a template column; it was ignored. It looks like "
        "the template column 'Amount (EUR)', which column 'Planned budget (EUR)' (J) holds (its amounts are not in "
        "euro (millions or thousands)): if it holds that, pick it under 'Column mapping' (command line: --map "
        "\"Amount (million EUR)=Amount (EUR)\").",
    ]
    assert result.actions is None  # nothing half-checked can be stored


MAPPED_HEADER = ["Code", "Objective", "Cooperation?", "Budget line", "Remarks for the team"]
MAPPED_ROWS = [["2021AT16FFPR001", "RSO1.1", "yes", "1.250.000", "first"],
               ["2021gr16ffpr001", "RSO2.1", "no", "", "second"]]


def test_cli_map_imports_the_mapped_columns(tmp_path, capsys):
    path = tmp_path / "theirs.xlsx"
    workbook(MAPPED_ROWS, MAPPED_HEADER).save(path)
    # as typed: python -m coopdata import theirs.xlsx --map "Code=CCI" --map ... (repeatable)
    argv = ["import", str(path), "--store", str(tmp_path / "imports"), "--map", "Code=CCI", "--map",
            "Cooperation?=Planned", "--map", "Budget line=Amount (EUR)", "--map", "Remarks for the team=notes"]
    assert coopdata_main(argv) == cli.OK
    stored = ImportStore(tmp_path / "imports").current().actions
    assert stored[["cci", "objective_code", "planned", "notes"]].values.tolist() == [
        ["2021AT16FFPR001", "RSO1.1", True, "first"], ["2021EL16FFPR001", "RSO2.1", False, "second"]]
    assert stored["amount_eur"].tolist()[0] == 1250000.0 and stored["amount_eur"].isna().tolist() == [False, True]
    assert "Imported 2 action rows for 2 programmes (database version 1, by " in capsys.readouterr().out


def test_without_map_the_same_file_is_refused_and_nothing_is_stored(tmp_path, capsys):
    path = tmp_path / "theirs.xlsx"
    workbook(MAPPED_ROWS, MAPPED_HEADER).save(path)
    args = Namespace(command="import", file=path, store=tmp_path / "imports", mapping=None, map=[])
    assert cli.main(args) == cli.INVALID
    assert ImportStore(tmp_path / "imports").version() is None


def test_a_saved_mapping_is_used_by_name(tmp_path, capsys):
    path = tmp_path / "theirs.xlsx"
    workbook(MAPPED_ROWS, MAPPED_HEADER).save(path)
    ImportStore(tmp_path / "imports").save_mapping("team", {"cci": "Code", "planned": "Cooperation?"})
    args = Namespace(command="import", file=path, store=tmp_path / "imports", mapping="team", map=[])
    assert cli.main(args) == cli.OK
    assert ImportStore(tmp_path / "imports").current().actions["planned"].tolist() == [True, False]


@pytest.mark.parametrize(("specs", "message"), [
    (["Code"], "'Code' is not of the form \"Their column=Template column\""),
    (["Code=Programme identifier"], "'Programme identifier' is not a template column; the template columns are: "
                                    "CCI, Period, Programme title, Objective code, Topic, Planned, Approach, "
                                    "Partnership scope, Partner countries, Partner regions (NUTS), Amount (EUR), "
                                    "Status, Notes, Fictional"),
    (["Code=CCI", "Other=cci"], "two columns are mapped to 'CCI': 'Code' and 'Other'"),
])
def test_a_map_that_cannot_be_understood_says_why(specs, message):
    with pytest.raises(MappingError) as exc:
        parse_map(specs)
    assert str(exc.value) == message


def test_a_map_naming_a_column_the_file_does_not_have_is_exit_2(tmp_path, capsys):
    path = tmp_path / "theirs.xlsx"
    workbook(MAPPED_ROWS, MAPPED_HEADER).save(path)
    args = Namespace(command="import", file=path, store=tmp_path / "imports", mapping=None,
                     map=["Code=CCI", "Cooperation=Planned"])
    assert cli.main(args) == cli.UNREADABLE
    assert capsys.readouterr().err == ("--map: the file has no column 'Cooperation'; its columns are: 'Code', "
                                       "'Objective', 'Cooperation?', 'Budget line', 'Remarks for the team'\n")
