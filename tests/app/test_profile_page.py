"""AppTest: the Programme profile page, opened from a link, shows the programme's real figures."""

import pandas as pd
import pytest

from coopdata.sources import esif_2014_2020
from coopdata.ui import listing, profile_view
from tests.app.helpers import run_page

CAMPANIA = "2014IT16RFOP007"


@pytest.fixture(scope="module")
def campania(mirror):
    src = pd.read_csv(mirror / "raw" / esif_2014_2020.FILE, dtype={"TO_code": str})
    return src[src["CCI"] == CAMPANIA]


def test_no_choice_asks_for_a_programme():
    at = run_page("pages/profile.py")
    assert any("Choose a programme" in i.value for i in at.info)


def test_campania_profile_from_a_link(campania):
    at = run_page("pages/profile.py", {"cci": CAMPANIA})
    assert at.header[0].value == campania["Programme Title"].iloc[0] == "Campania - ERDF"
    assert any(m.value == f"**CCI:** {CAMPANIA}" for m in at.markdown)
    assert any(m.value == "**Managing authority:** not in the loaded sources" for m in at.markdown)
    allocations = at.dataframe[0].value
    assert allocations["eu_amount"].sum() == pytest.approx(campania["EU Amount"].sum(), abs=0.01)
    per_objective = campania.groupby(campania["TO_code"].map(lambda c: f"TO{c}" if c.isdigit() else c))["EU Amount"].sum()
    assert allocations.set_index("objective_code")["eu_amount"].to_dict() == pytest.approx(per_objective.to_dict())
    assert any("No cooperation-action database is loaded" in i.value for i in at.info)


def test_similar_programmes_are_in_other_countries_and_link_to_their_profiles(dataset):
    at = run_page("pages/profile.py", {"cci": CAMPANIA})
    similar = at.dataframe[-1].value
    assert len(similar) == 10
    assert not similar["countries"].str.contains("IT").any()
    assert similar["similarity"].is_monotonic_decreasing
    assert (similar["profile"] == "profile?cci=" + similar["cci"]).all()
    p = dataset.programmes.set_index("cci")
    assert set(p.loc[similar["cci"], "period"]) == {"2014-2020"}
    assert set(p.loc[similar["cci"], "goal"]) == {"IJG"}


def test_2021_programme_without_amounts_says_so(dataset):
    a = dataset.allocations
    a21 = a[a["period"] == "2021-2027"]
    without = sorted(set(a21["cci"]) - set(a21.loc[a21["eu_amount"].notna(), "cci"]))[0]
    at = run_page("pages/profile.py", {"cci": without})
    assert any("no EU amount" in w.value for w in at.warning)
    assert any("partial sample" in c.value for c in at.caption)
    assert at.dataframe[0].value["eu_amount"].isna().all()
    p = dataset.programmes.set_index("cci")
    assert any(m.value == f"**Managing authority:** {p.loc[without, 'managing_authority']}" for m in at.markdown)


def test_switching_programme_updates_the_link():
    at = run_page("pages/profile.py", {"cci": CAMPANIA})
    at.selectbox(key="cci").set_value("2021AT16FFPR001").run()
    assert at.query_params["cci"] == "2021AT16FFPR001"
    assert at.header[0].value.startswith("Programme IfJG ERDF/JTF 2021-27")


def test_profile_lists_the_programmes_imported_actions_as_plain_text(example_imported, example_workbook):
    # A 2021-2027 programme of the example with a planned action naming a strategy or basin (EUSAIR, ...).
    w = example_workbook.fillna("")
    named = w[w["Planned"].eq("yes") & w["Period"].eq("2021-2027")
              & w["Partnership scope"].str.contains("EUSAIR|EUSALP|EUSDR|EUSBSR")]
    cci = sorted(named["CCI"])[0]
    rows = w[w["CCI"].eq(cci)]
    at = run_page("pages/profile.py", {"cci": cci})
    assert any(x.value.startswith("FICTIONAL DATA") for x in at.warning)
    assert any(m.value == f"**{rows['Planned'].eq('yes').sum()} of {len(rows)}** objectives (or topics) of the "
               "imported database plan cooperation actions." for m in at.markdown)
    shown = next(d.value for d in at.dataframe if "Partnership scope" in d.value.columns)
    assert len(shown) == len(rows)
    assert shown["Planned"].tolist() == sorted(rows["Planned"], reverse=True)  # planned first
    got = {(o, a, s, n) for o, a, s, n in zip(shown["Objective"], shown["Approach"], shown["Status"],
                                               shown["Notes"], strict=True)}
    assert got == {(o, a, s, n) for o, a, s, n in zip(rows["Objective code"], rows["Approach"], rows["Status"],
                                                       rows["Notes"], strict=True)}
    # The strategy named in the workbook is shown with its generic scope.
    for scope_cell in named.loc[named["CCI"].eq(cci), "Partnership scope"]:
        strategy = next(p.strip() for p in scope_cell.split(";") if p.strip().startswith("EUS"))
        assert shown["Partnership scope"].str.contains(f"macro-regional: {strategy}").any()
    assert all(shown[c].map(type).eq(str).all() for c in shown.columns)


def test_profile_of_a_programme_not_in_the_database_says_so(example_imported, example_workbook, dataset):
    absent = sorted(set(dataset.programmes["cci"]) - set(example_workbook["CCI"]))[0]
    at = run_page("pages/profile.py", {"cci": absent})
    assert any(i.value == "The imported database has no row for this programme." for i in at.info)


def _deck_spec(at) -> dict:
    import json

    (chart,) = at.get("deck_gl_json_chart")
    return json.loads(chart.proto.json)


def test_regional_programme_map_shows_its_region_in_view():
    at = run_page("pages/profile.py", {"cci": CAMPANIA})
    spec = _deck_spec(at)
    (region,) = next(la for la in spec["layers"] if la["id"] == "regions")["data"]["features"]
    assert region["properties"]["nuts_id"] == "ITF3" and region["properties"]["value"] == "regional: title match"
    view = spec["initialViewState"]
    assert 13.5 < view["longitude"] < 16 and 40 < view["latitude"] < 41.6  # Campania, not Europe
    assert any(m.value.startswith("**Legend**:") and "covered approximately" in m.value for m in at.markdown)
    assert any("© EuroGeographics for the administrative boundaries" in c.value for c in at.caption)
    assert at.dataframe[1].value["nuts_id"].tolist() == ["ITF3"]  # the table beside the map


def test_cross_border_programme_map_shows_the_regions_of_the_regulation_rule():
    at = run_page("pages/profile.py", {"cci": "2021TC16RFCB034"})  # Interreg VI-A Italy-Slovenia
    features = next(la for la in _deck_spec(at)["layers"] if la["id"] == "regions")["data"]["features"]
    # Udine, Gorizia, Trieste and Slovenia's western regions on the land border; Venice, Padua, Rovigo, Ferrara
    # and Ravenna within 150 km of the Slovenian coast across the Adriatic. Before: all of Italy and Slovenia.
    assert [f["properties"]["nuts_id"] for f in features] == [
        "ITH35", "ITH36", "ITH37", "ITH42", "ITH43", "ITH44", "ITH56", "ITH57", "SI042", "SI043", "SI044"]
    assert all(len(f["properties"]["fill"]) == 3 for f in features)  # opaque: derived by rule, not approximate


def test_interreg_programme_at_country_level_is_drawn_lighter():
    at = run_page("pages/profile.py", {"cci": "2021TC16NXCB012"})  # NEXT Romania-Ukraine: no Ukrainian NUTS 2021
    features = next(la for la in _deck_spec(at)["layers"] if la["id"] == "regions")["data"]["features"]
    assert [f["properties"]["nuts_id"] for f in features] == ["RO"]
    assert all(len(f["properties"]["fill"]) == 4 for f in features)  # translucent: approximate


def _lines(programmes) -> list[str]:
    return [f"{c} — {t}" for c, t in zip(programmes["cci"], programmes["title"], strict=True)]


def test_the_list_holds_the_programmes_the_filters_select(dataset):
    at = run_page("pages/profile.py", {"period": "2014-2020", "country": "AT"})
    p = dataset.programmes
    austria = p[p["period"].eq("2014-2020") & p["countries"].map(lambda cs: "AT" in cs)]
    # 4 national programmes and 14 Interreg programmes whose area covers Austria: 7 cross-border, 3 transnational
    # and the 4 EU-wide ones (before the Interreg areas: 11, only the programmes whose title names Austria).
    assert len(austria) == 18
    assert at.selectbox(key="cci").options == _lines(austria)
    assert ("Listed: the 18 programmes of 2014-2020 the sidebar filters select. For others, change the filters "
            "(e.g. the period).") in [c.value for c in at.caption]


def test_a_linked_programme_the_filters_leave_out_is_shown_and_stays_listed(dataset):
    at = run_page("pages/profile.py", {"period": "2014-2020", "country": "AT", "cci": "2021AT16FFPR001"})
    assert at.header[0].value.startswith("Programme IfJG ERDF/JTF 2021-27")
    p = dataset.programmes
    austria = p[p["period"].eq("2014-2020") & p["countries"].map(lambda cs: "AT" in cs)]
    assert at.selectbox(key="cci").options == _lines(p[p["cci"].eq("2021AT16FFPR001")]) + _lines(austria)


def test_a_list_longer_than_the_cut_offers_its_first_programmes_and_says_so(dataset, monkeypatch):
    monkeypatch.setattr(listing, "MAX_LISTED", 5)
    profile_view.programmes_in.clear()  # results cached with the real cut
    try:
        at = run_page("pages/profile.py", {"period": "2014-2020", "country": "AT"})
    finally:
        profile_view.programmes_in.clear()
    p = dataset.programmes
    austria = p[p["period"].eq("2014-2020") & p["countries"].map(lambda cs: "AT" in cs)]
    assert at.selectbox(key="cci").options == _lines(austria.head(5))
    assert ("The list offers the first 5 of the 18 programmes the sidebar filters select: narrow the filters "
            "(e.g. Programme title contains) to reach the others.") in [c.value for c in at.caption]
