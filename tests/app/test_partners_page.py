"""AppTest: the Partner search page restores a search from its URL and shows the ranked candidates."""

import pandas as pd
import pytest

from coopdata.analysis.partners import NO_MATCH_MESSAGE, Query, candidates_per_country, matches_table, search
from coopdata.ui import listing, partners_view
from tests.app.helpers import run_page

PAGE = "pages/partners.py"


def _basilicata(dataset):
    p = dataset.programmes
    row = p[p["period"].eq("2021-2027") & p["title"].str.contains("Basilicata")].iloc[0]
    # Bound selectboxes keep the label they show in the URL: "<title> (<CCI>)".
    return row["cci"], f"{row['title']} ({row['cci']})"


def test_search_from_its_link_shows_the_top_ten_with_reasons(dataset):
    cci, label = _basilicata(dataset)
    at = run_page(PAGE, {"p_start": label, "p_topic": ["Employment", "Education & skills"]})
    assert at.selectbox(key="p_start").value == cci
    assert at.multiselect(key="p_topic").value == ["employment", "education"]
    assert at.selectbox(key="p_scope").value == "eu-wide"

    result = search(dataset, Query(cci, ("employment", "education"), "eu-wide"))
    expected = matches_table(result)
    assert len(expected) > 10  # real data: enough candidates to need "show all"
    assert at.header[0].value == f"{len(expected)} programmes match, best first"
    shown = at.dataframe[0].value
    pd.testing.assert_frame_equal(shown.reset_index(drop=True), expected.head(10))
    assert cci not in set(shown["cci"])
    assert shown["rank"].tolist() == list(range(1, 11))
    assert all(shown["topics"].str.len() > 0) and all(shown["why_here"].str.startswith("in "))
    assert at.toggle(key="p_all").label == f"Show all {len(expected)} (top 10 shown)"

    at.toggle(key="p_all").set_value(True).run()
    assert len(at.dataframe[0].value) == len(expected)
    per_country = at.dataframe[1].value
    pd.testing.assert_frame_equal(per_country, candidates_per_country(result))
    assert "IT" not in set(per_country["code"]) and per_country["programmes"].sum() >= len(expected)


def test_own_country_as_the_only_partner_country_gives_the_no_match_message(dataset):
    _, label = _basilicata(dataset)
    at = run_page(PAGE, {"p_start": label, "p_topic": ["Employment"], "p_scope": "A list of countries",
                         "p_partners": ["Italy"]})
    assert [i.value for i in at.info] == [NO_MATCH_MESSAGE]
    assert not at.dataframe


def test_without_a_starting_point_the_page_asks_for_one():
    at = run_page(PAGE)
    assert [i.value for i in at.info] == ["Choose a programme or a NUTS region to start from."]


def test_starting_from_a_nuts3_region_alone(dataset):
    regions = dataset.regions
    potenza = regions[regions["level"].eq(3) & regions["nuts_version"].eq(2021)
                      & regions["name"].eq("Potenza")].iloc[0]
    at = run_page(PAGE, {"p_country": "Italy", "p_region": f"Potenza ({potenza['nuts_id']})",
                         "p_topic": ["Health"]})
    expected = search(dataset, Query(region=potenza["nuts_id"], topics=("health",), scope="eu-wide"))
    assert at.selectbox(key="p_region").value == potenza["nuts_id"] and at.selectbox(key="p_start").value is None
    assert expected.matches and f"From Potenza ({potenza['nuts_id']})." in next(c.value for c in at.caption if c.value.startswith("From "))
    shown = at.dataframe[0].value
    assert shown["cci"].tolist() == [m.cci for m in expected.matches][:10]
    assert not any(set(m.countries) == {"IT"} for m in expected.matches)


def test_only_candidates_planning_actions_in_the_topic_with_the_example_database(
        example_imported, example_store_dir, example_workbook, dataset):
    from coopdata.importer.store import ImportStore
    from tests.conftest import ROOT

    cci, label = _basilicata(dataset)
    at = run_page(PAGE, {"p_start": label, "p_topic": ["Employment"], "p_act_planning": "true"})
    assert any(w.value.startswith("FICTIONAL DATA") for w in at.warning)
    assert any(c.value == "Only programmes planning cooperation actions in Employment (imported database)."
               for c in at.caption)
    # Independently: the unfiltered search, kept to the programmes the workbook says plan employment actions.
    vocab = pd.read_csv(ROOT / "coopdata" / "vocab" / "objective_topics.csv", dtype=str)
    codes = set(vocab.loc[vocab["topic_id"].eq("employment"), "objective_code"])
    w = example_workbook
    planners = set(w.loc[w["Planned"].eq("yes") & (w["Objective code"].isin(codes) | w["Topic"].eq("Employment")),
                         "CCI"])
    full = search(dataset, Query(cci, ("employment",), "eu-wide"), ImportStore(example_store_dir).current().actions)
    expected = [m.cci for m in full.matches if m.cci in planners]
    assert 0 < len(expected) < len(full.matches)
    if len(expected) > 10:
        at.toggle(key="p_all").set_value(True).run()
    assert at.dataframe[0].value["cci"].tolist() == expected
    assert at.header[0].value == f"{len(expected)} programmes match, best first"


def _deck_spec(at) -> dict:
    import json

    (chart,) = at.get("deck_gl_json_chart")
    return json.loads(chart.proto.json)


def test_map_of_the_candidates_agrees_with_the_country_table(dataset):
    cci, label = _basilicata(dataset)
    at = run_page(PAGE, {"p_start": label, "p_topic": ["Employment"]})
    result = search(dataset, Query(cci, ("employment",), "eu-wide"))
    layers = {la["id"]: la["data"]["features"] for la in _deck_spec(at)["layers"]}
    # The start, Basilicata, is drawn by its two NUTS 3 regions: Potenza and Matera.
    assert sorted(f["properties"]["nuts_id"] for f in layers["start"]) == ["ITF51", "ITF52"]
    regions = layers["regions"]
    # Candidates' regions lie in exactly the countries of the text alternative, never in Italy.
    per_country = at.dataframe[1].value
    assert {f["properties"]["nuts_id"][:2] for f in regions} == set(per_country["code"])
    assert not any(f["properties"]["nuts_id"].startswith("IT") for f in regions)
    first = result.matches[0]
    tips = [f["properties"]["value"] for f in regions]
    assert any(t.startswith(f"best match #1: {first.title} ({first.cci})") for t in tips)
    assert all(t.startswith("best match #") for t in tips)
    assert any(m.value.startswith("**Legend — best rank of the candidates covering a region**") for m in at.markdown)
    countries = sum(len(f["properties"]["nuts_id"]) == 2 for f in regions)  # partners outside the EU
    assert countries > 0
    assert any("© EuroGeographics for the administrative boundaries" in c.value
               and f"{len(regions) - countries} NUTS 2 regions and {countries} non-EU countries with candidates"
               in c.value for c in at.caption)


def _lines(programmes) -> list[str]:
    return [f"{t} ({c})" for c, t in zip(programmes["cci"], programmes["title"], strict=True)]


def test_the_real_data_lists_every_programme_of_the_period_and_no_typed_start(dataset):
    at = run_page(PAGE, {"period": "2014-2020"})
    p = dataset.programmes
    assert len(p[p["period"].eq("2014-2020")]) == 541  # the largest period
    box = at.selectbox(key="p_start")
    assert box.options == _lines(p[p["period"].eq("2014-2020")]) and not box.proto.accept_new_options
    assert not any(c.value.startswith("The list offers") for c in at.caption)


@pytest.fixture
def cut_at_five(monkeypatch):
    """The start lists cut after 5 programmes, as the 2,000 cut does with 100x (fictional) data."""
    monkeypatch.setattr(listing, "MAX_LISTED", 5)
    partners_view.start_programmes.clear()  # lists cached with the real cut
    yield
    partners_view.start_programmes.clear()


def test_a_list_longer_than_the_cut_offers_its_first_programmes_and_says_how_to_reach_the_rest(dataset, cut_at_five):
    p = dataset.programmes
    period = p[p["period"].eq("2021-2027")]
    at = run_page(PAGE)
    box = at.selectbox(key="p_start")
    assert box.options == _lines(period.head(5)) and box.proto.accept_new_options
    assert ("The list offers the first 5 of the 368 programmes of 2021-2027: type a CCI or part of a title and "
            "press Enter to start from any other, or choose your country to shorten the list.") in [
                c.value for c in at.caption]

    at.selectbox(key="p_country").set_value("IT").run()
    italy = period[period["countries"].map(lambda cs: "IT" in cs)]
    assert at.selectbox(key="p_start").options == _lines(italy.head(5))
    assert (f"The list offers the first 5 of the {len(italy)} programmes of 2021-2027 in Italy: type a CCI or part "
            "of a title and press Enter to start from any other.") in [c.value for c in at.caption]


@pytest.mark.parametrize("typed", ["2021IT16FFPR004", "basilicata", "RP Basilicata ERDF ESF+ 2021-2027 (2021IT16FFPR004)"])
def test_a_start_outside_the_cut_list_typed_or_linked_still_searches_from_it(dataset, cut_at_five, typed):
    # The box keeps what was typed (its URL parameter too); a link holds the line 'title (CCI)'.
    # (AppTest cannot type into a box, its values must be options: the URL is how the typed text arrives here;
    # tests/e2e/test_partners_long_list.py types it in a browser.)
    cci, label = _basilicata(dataset)
    assert cci == "2021IT16FFPR004"
    at = run_page(PAGE, {"p_start": typed, "p_topic": ["Employment"]})
    assert at.selectbox(key="p_start").value == typed and label not in at.selectbox(key="p_start").options
    expected = matches_table(search(dataset, Query(cci, ("employment",), "eu-wide")))
    assert at.header[0].value == f"{len(expected)} programmes match, best first"
    pd.testing.assert_frame_equal(at.dataframe[0].value.reset_index(drop=True), expected.head(10))
    assert any(c.value.startswith(f"From {label}.") for c in at.caption)


def test_a_typed_title_naming_several_programmes_asks_for_more(dataset, cut_at_five):
    p = dataset.programmes
    sicily = p[p["period"].eq("2021-2027") & p["title"].str.contains("sicilia", case=False)]
    assert len(sicily) > 1
    at = run_page(PAGE, {"p_start": "sicilia", "p_topic": ["Employment"]})
    assert at.info[0].value.startswith(f"{len(sicily)} programmes match 'sicilia': ")
    assert at.info[0].value.endswith("Type more of the title or the CCI.") and not at.dataframe


def test_a_link_written_with_codes_in_any_case_opens_the_search(dataset):
    at = run_page(PAGE, {"p_region": "itf51", "p_topic": ["ENERGY", "no-such-topic"], "p_scope": "EU-Wide",
                         "period": "2021-2027"})
    assert at.selectbox(key="p_region").value == "ITF51"
    assert at.multiselect(key="p_topic").value == ["energy"]
    assert at.selectbox(key="p_scope").value == "eu-wide"
    # the value that matched nothing goes to the link notice app.py shows above the page (tests/e2e checks it there)
    assert at.session_state["coopdata_url_notices"] == ["Topics: “no-such-topic” not known, ignored."]
    # the link fixed the search: the settings fold into one line naming it
    assert [e.label for e in at.expander] == ["Search settings: Potenza (ITF51) · Energy & low carbon · EU-wide"]
    assert at.header[0].value.endswith("match, best first")


def test_a_region_chosen_by_hand_does_not_fold_the_settings():
    at = run_page(PAGE, {"present": "1"})
    at.selectbox(key="p_region").set_value("ITF51").run()
    assert not at.expander  # the topic can still be chosen
    assert at.multiselect(key="p_topic").value == []


def test_a_uk_start_region_is_offered_in_2014_2020_only():
    at = run_page(PAGE, {"p_region": "UKL11", "period": "2014-2020"})
    assert at.selectbox(key="p_region").value == "UKL11"
    at = run_page(PAGE, {"p_region": "UKL11"})  # 2021-2027
    assert at.selectbox(key="p_region").value is None
    assert at.session_state["coopdata_url_notices"] == ["NUTS 3 region: “UKL11” not known, ignored."]


def test_a_strategy_scope_with_no_candidate_left_by_the_fund_says_so():
    # No programme with JTF money funds climate-risk work in a macro-regional strategy's country for Midden-Limburg
    # (the Netherlands belong to none): the page raised a KeyError here before.
    at = run_page(PAGE, {"p_region": "NL422", "p_topic": "climate_risk", "p_scope": "macro-regional",
                         "fund": "JTF", "period": "2021-2027"})
    assert not at.exception
    assert at.multiselect(key="p_topic").value == ["climate_risk"] and at.selectbox(key="p_scope").value == \
        "macro-regional"
    assert [i.value for i in at.info] == [NO_MATCH_MESSAGE]
