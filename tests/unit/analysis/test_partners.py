"""Partner search on the FICTIONAL fixture (tests/unit/analysis/fictional_partners_fixture.py).

Every expected order and reason can be checked by eye against the map in the fixture's docstring.
"""

import math
from io import BytesIO

import openpyxl
import pandas as pd
import pytest

from coopdata.analysis.partners import (
    NO_MATCH_MESSAGE,
    Query,
    Reason,
    candidates_per_country,
    criteria_line,
    criteria_table,
    matches_table,
    nuts3_lines,
    programme_areas,
    programme_lines,
    reason_text,
    search,
    search_link,
    shortlist_tables,
)
from coopdata.exports import sheets_to_csv_bytes, sheets_to_xlsx_bytes
from tests.unit.analysis import fictional_partners_fixture as fx
from tests.unit.analysis.fictional_partners_fixture import AT1, DE1, FR1, IT1, IT2, SI1, TC1

ENERGY_DIGITAL = ("energy", "digital")


def ranked(query, ds=None, actions=None):
    result = search(ds or fx.dataset(), query, actions)
    return [m.cci for m in result.matches]


def match(result, cci):
    return next(m for m in result.matches if m.cci == cci)


def texts(m):
    return [reason_text(r) for r in m.reasons]


# ---- order per scope --------------------------------------------------------------------------------

def test_eu_wide_order_ties_broken_by_cci_and_unknown_amounts_last():
    # AT1 and TC1 tie (2 topics, €50 each): CCI decides. SI1 has 2 topics but only €40 known.
    # FR1 and DE1 fund one topic; DE1's amount is not published, so it comes after FR1.
    # IT2 is in the start's own country and IT1 is the start: both left out.
    assert ranked(Query(IT1, ENERGY_DIGITAL, "eu-wide")) == [AT1, TC1, SI1, FR1, DE1]


def test_cross_border_order_and_reasons():
    result = search(fx.dataset(), Query(IT1, ENERGY_DIGITAL, "cross-border"))
    assert [m.cci for m in result.matches] == [AT1, TC1, SI1, FR1]  # DE1 shares no border with Italy
    assert texts(match(result, AT1)) == [
        "Energy & low carbon: €40, 40.0% of its published EU amount",
        "Digital: €10, 10.0% of its published EU amount",
        "Gamma alps (ATX11) is adjacent to Alpha valley (ITX11) across the IT-AT border",
    ]
    assert texts(match(result, SI1))[1:] == [
        "Digital: amount not published in the loaded source",
        "Delta karst (SIX11) is adjacent to Beta coast (ITX12) across the IT-SI border",
    ]
    # TC1 has no coverage row: taken to cover Austria and Germany, and said to be approximate.
    assert texts(match(result, TC1))[-1] == ("Gamma alps (ATX11) is adjacent to Alpha valley (ITX11) across the "
                                             "IT-AT border (approximate: its area is known by country only)")


def test_macro_regional_by_country_and_by_region():
    result = search(fx.dataset(), Query(IT1, ENERGY_DIGITAL, "macro-regional"))
    # DE1 covers DEX, outside the member region DEY1; the others are members by country.
    assert [m.cci for m in result.matches] == [AT1, TC1, SI1, FR1]
    assert texts(match(result, SI1))[-2:] == ["member of EUSAIR (FICTIONAL Adriatic strategy) like you",
                                              "member of EUSALP (FICTIONAL Alpine strategy) like you"]
    assert texts(match(result, FR1))[-1] == "member of EUSALP (FICTIONAL Alpine strategy) like you"


def test_sea_basin():
    result = search(fx.dataset(), Query(IT1, ENERGY_DIGITAL, "sea-basin"))
    assert [m.cci for m in result.matches] == [SI1, FR1]
    assert texts(match(result, FR1))[-1] == "in the FICTIONAL Mediterranean sea basin like you"


def test_list_of_countries_counts_only_the_countries_asked_for():
    result = search(fx.dataset(), Query(IT1, ENERGY_DIGITAL, "countries", countries=("FR", "DE")))
    assert [m.cci for m in result.matches] == [TC1, FR1, DE1]
    assert texts(match(result, TC1))[-1] == "covers Germany, which you asked for"


def test_starting_from_a_region_with_a_tie_on_amount():
    # Around Gamma alps (ATX11): Italy, Slovenia and Germany are across a border; Austria is home.
    # SI1 and TC1 tie on €40 in energy: CCI decides (SI before TC).
    assert ranked(Query(topics=("energy",), scope="cross-border", region="atx11")) == [IT2, IT1, SI1, TC1, DE1]


def test_no_candidate_gives_a_message_not_an_empty_table():
    result = search(fx.dataset(), Query(IT1, ENERGY_DIGITAL, "cross-border", leave_out=("AT", "SI", "FR")))
    assert result.matches == ()
    assert result.message == NO_MATCH_MESSAGE == "No programme matches; try a wider scope (for example EU-wide) or more topics."


def test_own_country_allowed_and_countries_left_out():
    assert ranked(Query(IT1, ENERGY_DIGITAL, "eu-wide", allow_own_country=True)) == [AT1, TC1, SI1, IT2, FR1, DE1]
    # Leaving Austria out keeps the Interreg programme for its German side.
    result = search(fx.dataset(), Query(IT1, ENERGY_DIGITAL, "eu-wide", leave_out=("AT",)))
    assert [m.cci for m in result.matches] == [TC1, SI1, FR1, DE1]
    assert texts(match(result, TC1))[-1] == "in Germany"
    assert match(result, TC1).offered == ("DE",) and match(result, TC1).countries == ("AT", "DE")


def test_funds_and_period_narrow_the_candidates():
    result = search(fx.dataset(), Query(IT1, ("energy",), "eu-wide", funds=("ESF+",)))
    assert [m.cci for m in result.matches] == [DE1]
    assert ranked(Query(IT1, ("energy",), "eu-wide", period="2014-2020")) == [fx.AT_OLD]


# ---- imported cooperation actions -------------------------------------------------------------------

def test_planned_actions_seeking_the_start_country_rank_first_and_say_so():
    acts = fx.actions([
        (DE1, "energy", True, [], ["IT"]),        # seeks Italy: first
        (FR1, "energy", True, [], ["ES"]),        # seeks Spain only: no effect
        (SI1, "energy", False, ["EU-wide"], []),  # not planned: no effect
        (TC1, "digital", True, ["EU-wide"], []),  # EU-wide includes Italy
    ])
    result = search(fx.dataset(), Query(IT1, ENERGY_DIGITAL, "eu-wide"), acts)
    assert [m.cci for m in result.matches] == [TC1, DE1, AT1, SI1, FR1]
    assert texts(match(result, DE1))[0] == ("plans cooperation actions in Energy & low carbon, seeking partners "
                                            "in Italy (imported database, FICTIONAL data)")
    assert [m.plans_actions for m in result.matches] == [True, True, False, False, False]


def test_actions_sought_in_a_strategy_of_the_start_and_in_a_topic_without_public_amounts():
    acts = fx.actions([(AT1, "mobility", True, ["EUSAIR"], [])])  # the start is in EUSAIR
    result = search(fx.dataset(), Query(IT1, ("mobility",), "eu-wide"), acts)
    assert [m.cci for m in result.matches] == [AT1, FR1]
    assert texts(match(result, AT1))[1] == "Mobility & transport: amount not published in the loaded source"
    assert math.isnan(match(result, AT1).eu_amount)


def test_actions_count_only_when_the_named_strategy_or_basin_includes_the_start():
    acts = fx.actions([
        (SI1, "energy", True, ["MED"], []),              # the start (Italy) is in the MED basin: first
        (FR1, "energy", True, ["macro-regional"], []),   # names no strategy: no effect
        (DE1, "energy", True, ["EUSBSR"], []),           # a strategy the start is not in: no effect
    ])
    assert ranked(Query(IT1, ("energy",), "eu-wide")) == [FR1, AT1, SI1, TC1, DE1]
    result = search(fx.dataset(), Query(IT1, ("energy",), "eu-wide"), acts)
    assert [m.cci for m in result.matches] == [SI1, FR1, AT1, TC1, DE1]
    assert [m.plans_actions for m in result.matches] == [True, False, False, False, False]


# ---- starting point and messages --------------------------------------------------------------------

def test_start_found_by_part_of_its_title():
    assert ranked(Query("alpha REGION", ("energy",), "sea-basin")) == [FR1, SI1]


def test_start_found_by_its_line_in_the_list_as_a_link_holds_it():
    # 'title (CCI)': the CCI decides, whatever the title says; a title's own closing parentheses are no CCI.
    assert search(fx.dataset(), Query(f"Any old title ({IT1})", ("energy",))).start.cci == IT1
    assert search(fx.dataset(), Query(f"fictional alpha region programme ({IT1.lower()}) ",
                                      ("energy",))).start.cci == IT1
    bracketed = fx.PROGRAMMES.assign(title=fx.PROGRAMMES["title"].where(fx.PROGRAMMES["cci"].ne(IT1),
                                                                       "FICTIONAL Alpha region (ALPHA)"))
    assert search(fx.dataset(programmes=bracketed), Query("region (alpha)", ("energy",))).start.cci == IT1


@pytest.mark.parametrize(("query", "message"), [
    (Query("fictional", ("energy",)), "7 programmes match 'fictional': FICTIONAL Alpha region programme "
                                      "(2021IT16RFPR901); FICTIONAL Italy national programme (2021IT16RFPR902); "
                                      "FICTIONAL Gamma programme (2021AT16RFPR901); FICTIONAL Slovenia programme "
                                      "(2021SI16RFPR901); FICTIONAL Epsilon programme (2021FR16RFPR901) and 2 more. "
                                      "Type more of the title or the CCI."),
    (Query("omega", ("energy",)), "No programme of 2021-2027 has a CCI or title containing 'omega'."),
    (Query(region="XX99"), "No NUTS 2021 region has the code 'XX99'."),
    (Query(), "Choose a programme or a NUTS region to start from."),
    (Query(IT1), "Choose at least one topic."),
    (Query(IT1, ("energy",), "countries"), "Choose the countries you want partners in."),
])
def test_clear_messages(query, message):
    result = search(fx.dataset(), query)
    assert (result.matches, result.message) == ((), message)


def test_scope_needing_an_empty_geography_table_says_which():
    ds = fx.dataset(scope_members=fx.SCOPE_MEMBERS.iloc[0:0])
    assert search(ds, Query(IT1, ("energy",), "macro-regional")).message == (
        "The scope 'Same macro-regional strategy' needs the geography table scope_members, which the loaded "
        "data does not have yet. Use EU-wide or a list of countries.")


def test_reason_text_for_amounts_and_lists():
    assert reason_text(Reason("topic", topic_id="energy", eu_amount=12_345_678.0, share=0.0456)) == (
        "Energy & low carbon: €12.3 m, 4.6% of its published EU amount")
    assert reason_text(Reason("topic", topic_id="energy", eu_amount=2.5e9)) == "Energy & low carbon: €2.50 bn"
    assert reason_text(Reason("eu-wide", countries=("EL", "FR"))) == "in Greece, France"
    assert reason_text(Reason("cross-border", region="B1", region_name="B", start_region="A1", start_region_name="A",
                              border=("AT", "DE"), more=2)) == (
        "B (B1) is adjacent to A (A1) across the AT-DE border, and 2 more border pairs")


def test_the_search_leaves_its_input_tables_unchanged():
    ds = fx.dataset()
    before = {name: getattr(ds, name).copy() for name in ("programmes", "allocations", "coverage")}
    search(ds, Query(IT1, ENERGY_DIGITAL, "cross-border"))
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(ds, name), frame)


def test_programme_areas_read_by_eye_from_the_fixture():
    areas = programme_areas(fx.dataset())
    # IT1 covers ITX1: both its NUTS 3 regions; its one area is in EUSALP (by region) and EUSAIR and MED (all IT).
    assert areas.nuts3[IT1] == {"ITX11", "ITX12"}
    assert [(a.nuts_id, a.approximate, a.scopes) for a in areas.rows[IT1]] == [
        ("ITX1", False, {"EUSALP", "EUSAIR", "MED"})]
    # DE1 covers DEX, which is outside EUSALP's DEY1; TC1 has no coverage row: its countries, approximate.
    assert [a.scopes for a in areas.rows[DE1]] == [frozenset()]
    assert [(a.nuts_id, a.approximate) for a in areas.rows[TC1]] == [("AT", True), ("DE", True)]
    assert areas.nuts3[TC1] == {"ATX11", "DEX11"}
    assert areas.region_scopes[("SIX11", 2021)] == {"EUSALP", "EUSAIR", "MED"}
    assert areas.region_scopes[("DEX11", 2021)] == frozenset()


def test_areas_made_once_give_the_same_answers_and_are_refused_for_other_tables():
    ds = fx.dataset()
    areas = programme_areas(ds)
    for scope in ("eu-wide", "cross-border", "macro-regional", "sea-basin"):
        query = Query(IT1, ENERGY_DIGITAL, scope)
        # Compared as tables: a reason's unknown amount is NaN, which equals nothing.
        pd.testing.assert_frame_equal(matches_table(search(ds, query, areas=areas)), matches_table(search(ds, query)))
    fewer = fx.dataset(programmes=fx.PROGRAMMES.iloc[:-1])
    with pytest.raises(ValueError, match="areas of 8 programmes given for 7"):
        search(fewer, Query(IT1, ENERGY_DIGITAL), areas=areas)


@pytest.mark.parametrize("scope", ["macro-regional", "sea-basin", "cross-border"])
def test_a_geography_scope_with_no_candidate_left_says_so(scope):
    # No programme has JTF money: no candidate is left before the geography is looked at (this raised a
    # KeyError for the strategies and sea basins).
    result = search(fx.dataset(), Query(IT1, ("energy",), scope, funds=("JTF",)))
    assert result.message == NO_MATCH_MESSAGE and result.matches == ()


# ---- the real data ----------------------------------------------------------------------------------

def _basilicata_query(dataset, scope):
    start = dataset.programmes[dataset.programmes["period"].eq("2021-2027")
                               & dataset.programmes["title"].str.contains("Basilicata")]
    assert len(start) == 1, "the 2021-2027 programme list should hold one Basilicata programme"
    cci = start["cci"].iloc[0]
    funded = dataset.allocations.loc[dataset.allocations["cci"].eq(cci), "topic_id"]
    topic = funded[funded.ne("not_specified")].iloc[0]
    return cci, topic, Query("Basilicata", (topic,), scope)


def test_real_data_basilicata_eu_wide(dataset):
    cci, topic, query = _basilicata_query(dataset, "eu-wide")
    result = search(dataset, query)
    assert result.start.cci == cci and result.message is None
    found = [m.cci for m in result.matches]
    assert len(found) > 0 and cci not in found
    funds_topic = set(dataset.allocations.loc[dataset.allocations["topic_id"].eq(topic), "cci"])
    assert set(found) <= funds_topic
    countries = dataset.programmes.set_index("cci").loc[found, "countries"]
    assert all(set(cs) - {"IT"} for cs in countries), "an Italian-only programme was proposed to an Italian one"
    assert all(m.topics == (topic,) for m in result.matches)


@pytest.mark.parametrize("scope", ["cross-border", "macro-regional", "sea-basin"])
def test_real_data_basilicata_geography_scopes(dataset, scope):
    needs = {"cross-border": ["coverage", "neighbours"]}.get(scope, ["scope_members"])
    empty = [name for name in needs if getattr(dataset, name).empty]
    if empty:
        pytest.skip(f"data/ has no {' or '.join(empty)} table yet (the geography build writes it)")
    _, _, query = _basilicata_query(dataset, scope)
    result = search(dataset, query)
    for m in result.matches:
        assert m.geography_reasons and all(r.kind == scope for r in m.geography_reasons)
        if scope == "cross-border":
            assert all(r.start_region in result.start.nuts3 for r in m.geography_reasons)


# ---- tables and the shortlist export ----------------------------------------------------------------

def test_matches_table_and_candidates_per_country():
    result = search(fx.dataset(), Query(IT1, ENERGY_DIGITAL, "countries", countries=("FR", "DE")))
    table = matches_table(result)
    assert table[["rank", "cci", "countries"]].to_dict("list") == {
        "rank": [1, 2, 3], "cci": [TC1, FR1, DE1], "countries": ["AT, DE", "FR", "DE"]}
    assert table["eu_amount_in_topics"].tolist()[:2] == [50.0, 80.0] and math.isnan(table["eu_amount_in_topics"][2])
    assert table.loc[0, "topics"] == ("Energy & low carbon: €40, 80.0% of its published EU amount; "
                                      "Digital: €10, 20.0% of its published EU amount")
    assert table.loc[0, "why_here"] == "covers Germany, which you asked for"
    assert table.loc[1, "programme_page"] == f"https://example.org/{FR1}"
    assert candidates_per_country(result).to_dict("list") == {
        "code": ["DE", "AT", "FR"], "country": ["Germany", "Austria", "France"], "programmes": [2, 1, 1]}


def test_shortlist_export_csv_and_xlsx_hold_rows_criteria_link_and_sources():
    acts = fx.actions([(FR1, "energy", True, [], ["ES"])])  # changes no rank, but the search used it
    result = search(fx.dataset(), Query(IT1, ENERGY_DIGITAL, "eu-wide", leave_out=("DE",)), acts)
    table = matches_table(result).iloc[[0, 2]]  # the user ticked the 1st and 3rd rows
    link = search_link("http://host/partners?old=1", {"p_start": [IT1], "p_topic": ["energy", "digital"]})
    assert link == f"http://host/partners?p_start={IT1}&p_topic=energy&p_topic=digital"
    sources = pd.DataFrame({"source": ["FICTIONAL fixture"], "vintage": ["none"]})
    tables = shortlist_tables(table, criteria_table(result), link, sources, acts)

    csv = sheets_to_csv_bytes(tables)
    assert csv.startswith("\ufeff".encode())
    text = csv.decode("utf-8-sig")
    assert text.splitlines()[0] == "Shortlist"
    assert f"includes FICTIONAL imported cooperation actions,1,FICTIONAL Gamma programme,{AT1}" in text
    assert f",3,FICTIONAL Slovenia programme,{SI1}," in text and FR1 not in text
    assert "Scope of partnership,EU-wide" in text and "Countries left out,Germany" in text
    assert f"Link\nlink\n{link}\n" in text and "FICTIONAL fixture,none" in text
    assert text.endswith("Imported cooperation-action database (FICTIONAL),\n")

    book = pd.read_excel(BytesIO(sheets_to_xlsx_bytes(tables)), sheet_name=None)
    assert list(book) == ["Shortlist", "Criteria", "Link", "Sources"]
    assert book["Shortlist"]["cci"].tolist() == [AT1, SI1]
    assert book["Criteria"].set_index("criterion").loc["Starting point", "value"] == (
        f"FICTIONAL Alpha region programme ({IT1})")
    assert book["Link"]["link"].tolist() == [link]


def test_criteria_in_one_line_name_what_was_asked():
    result = search(fx.dataset(), Query(IT1, ENERGY_DIGITAL, "eu-wide", leave_out=("DE",)))
    assert criteria_line(result) == (f"Starting point: FICTIONAL Alpha region programme ({IT1}) · "
                                     "Topics: Energy & low carbon, Digital · Scope of partnership: EU-wide · "
                                     "Countries left out: Germany")


def test_shortlist_export_neutralises_formula_cells():
    table = pd.DataFrame({"rank": [1], "programme": ["=1+1"], "cci": [IT1], "managing_authority": ["+cmd"]})
    criteria = pd.DataFrame({"criterion": ["Topics"], "value": ["-x"]})
    tables = shortlist_tables(table, criteria, "http://host/partners", pd.DataFrame({"source": ["@src"]}))

    text = sheets_to_csv_bytes(tables).decode("utf-8-sig")
    assert f"1,'=1+1,{IT1},'+cmd" in text and "Topics,'-x" in text and "'@src" in text

    book = openpyxl.load_workbook(BytesIO(sheets_to_xlsx_bytes(tables)))
    assert book.sheetnames == ["Shortlist", "Criteria", "Link", "Sources"]
    assert [c.value for c in book["Shortlist"][2]] == [1, "'=1+1", IT1, "'+cmd"]
    assert book["Shortlist"]["B2"].data_type == "s"
    assert book["Criteria"]["B2"].value == "'-x" and book["Sources"]["A2"].value == "'@src"


def test_start_lists_of_a_period_and_a_country():
    # An Interreg programme is in each of its countries' lists.
    assert programme_lines(fx.PROGRAMMES, "2021-2027", "AT") == {
        AT1: f"FICTIONAL Gamma programme ({AT1})", TC1: f"FICTIONAL Interreg Austria-Germany ({TC1})"}
    assert list(programme_lines(fx.PROGRAMMES, "2014-2020")) == [fx.AT_OLD]
    assert len(programme_lines(fx.PROGRAMMES, "2021-2027")) == 7
    assert nuts3_lines(fx.REGIONS, "IT") == {"ITX11": "Alpha valley (ITX11)", "ITX12": "Beta coast (ITX12)"}
    # Extra-regio codes and other NUTS versions are not places to start from.
    extra = pd.DataFrame([{"nuts_id": "ITZZZ", "nuts_version": 2021, "level": 3, "name": "Extra-regio",
                           "country": "IT", "extra_regio": True},
                          {"nuts_id": "ITX13", "nuts_version": 2016, "level": 3, "name": "Old coast",
                           "country": "IT", "extra_regio": False}])
    assert list(nuts3_lines(pd.concat([fx.REGIONS, extra]), "IT")) == ["ITX11", "ITX12"]
    assert len(nuts3_lines(fx.REGIONS)) == 6
