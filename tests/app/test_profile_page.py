"""AppTest: the Programme profile page, opened from a link, shows the programme's real figures."""

import pandas as pd
import pytest

from coopdata.sources import esif_2014_2020
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
    assert any("partial source" in c.value for c in at.caption)
    assert at.dataframe[0].value["eu_amount"].isna().all()
    p = dataset.programmes.set_index("cci")
    assert any(m.value == f"**Managing authority:** {p.loc[without, 'managing_authority']}" for m in at.markdown)


def test_switching_programme_updates_the_link():
    at = run_page("pages/profile.py", {"cci": CAMPANIA})
    at.selectbox(key="cci").set_value("2021AT16FFPR001").run()
    assert at.query_params["cci"] == "2021AT16FFPR001"
    assert at.header[0].value.startswith("Programme IfJG ERDF/JTF 2021-27")
