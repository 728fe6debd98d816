"""AppTest: the Compare page, opened from a link, shows Italy and Spain with the source's figures."""

import pandas as pd
import pytest

from coopdata.amounts import format_eur
from coopdata.sources import esif_2014_2020
from tests.app.helpers import run_page

LINK = {"period": "2014-2020", "cmp": ["country:IT", "country:ES"]}


@pytest.fixture(scope="module")
def source(mirror):
    return pd.read_csv(mirror / "raw" / esif_2014_2020.FILE, dtype={"TO_code": str})


def shown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_no_choice_asks_for_two():
    at = run_page("pages/compare.py")
    assert any("Choose at least two" in i.value for i in at.info)
    assert not at.metric


def test_italy_and_spain_totals_and_spelled_out_employment_match_the_source(source):
    at = run_page("pages/compare.py", LINK)
    assert at.multiselect(key="cmp").value == ["country:IT", "country:ES"]
    totals = {ms: source.loc[source["MS"] == ms, "EU Amount"].sum() for ms in ("IT", "ES")}
    assert [(m.label, m.value) for m in at.metric] == [("Italy", format_eur(totals["IT"])),
                                                       ("Spain", format_eur(totals["ES"]))]
    employment = {ms: source.loc[(source["MS"] == ms) & (source["TO_code"] == "08"), "EU Amount"].sum()
                  for ms in ("IT", "ES")}
    it, es = (employment[ms] / totals[ms] * 100 for ms in ("IT", "ES"))
    assert (f"Italy puts {it:.1f}% of its EU amount into Employment ({format_eur(employment['IT'])}), "
            f"Spain {es:.1f}% ({format_eur(employment['ES'])}).") in shown_text(at)
    table = at.dataframe[0].value.set_index("code")
    assert table.loc["employment", "Italy: EU amount (EUR)"] == pytest.approx(employment["IT"], abs=0.01)
    assert table["Spain: share (%)"].sum() == pytest.approx(100.0)


def test_largest_difference_comes_first(source):
    at = run_page("pages/compare.py", LINK)
    first = at.markdown[0].value.splitlines()[0]
    # 2014-2020, all funds: SMEs (TO03) differ most between Italy and Spain
    shares = {}
    for ms in ("IT", "ES"):
        rows = source[source["MS"] == ms]
        shares[ms] = rows.loc[rows["TO_code"] == "03", "EU Amount"].sum() / rows["EU Amount"].sum() * 100
    assert first.startswith(f"- Italy puts {shares['IT']:.1f}% of its EU amount into SMEs & competitiveness")


def test_breakdown_by_fund(source):
    at = run_page("pages/compare.py", LINK)
    at.radio(key="cmp_by").set_value("fund").run()
    table = at.dataframe[0].value.set_index("code")
    esf = source[(source["MS"] == "ES") & (source["Fund"] == "ESF")]["EU Amount"].sum()
    assert table.loc["ESF", "Spain: EU amount (EUR)"] == pytest.approx(esf, abs=0.01)
    assert set(table.index) == set(source.loc[source["MS"].isin(["IT", "ES"]), "Fund"].replace({"IPAE": "IPA"}))


def test_2021_comparison_of_it_el_hr_counts_programmes_where_amounts_are_too_partial(dataset):
    at = run_page("pages/compare.py", {"cmp": ["country:IT", "country:EL", "country:HR"]})
    assert not at.exception
    p = dataset.programmes
    italy = p[(p["period"] == "2021-2027") & (p["country"] == "IT")]
    a = dataset.allocations
    with_amounts = a.loc[a["cci"].isin(italy["cci"]) & a["eu_amount"].notna(), "cci"].nunique()
    assert (with_amounts, len(italy)) == (17, 48)  # fewer than half: no share of EU amounts is compared
    assert [w.value for w in at.warning] == [
        "Compared by programmes, not by shares of EU amounts: amounts are known for too few programmes (fewer than "
        "half) of Italy 17 of 48."]
    assert [(m.label, m.value) for m in at.metric] == [("Italy", "48 programmes"), ("Greece", "22 programmes"),
                                                       ("Croatia", "4 programmes")]
    text = shown_text(at)
    assert "puts" not in text and "EU amount" not in text
    assert "- 4 of 48 programmes of Italy fund Education & skills (8.3%), 3 of 22 of Greece (13.6%), 1 of 4 of " \
           "Croatia (25.0%)." in text.split("\n")
    assert not any(c.endswith("share (%)") for c in at.dataframe[0].value.columns)


def test_2014_comparison_states_shares_of_complete_amounts():
    at = run_page("pages/compare.py", {"period": "2014-2020", "cmp": ["country:IT", "country:ES"]})
    assert not at.warning
    assert "of its EU amount into" in shown_text(at)
    assert all(m.value.startswith("€") for m in at.metric)


def test_regions_are_hidden_while_coverage_is_empty(dataset):
    at = run_page("pages/compare.py", LINK)
    options = at.multiselect(key="cmp").options
    if dataset.coverage.empty:
        assert not any(o.startswith("NUTS region") for o in options)
        assert any("NUTS regions cannot be compared yet" in c.value for c in at.caption)
    else:
        assert any(o.startswith("NUTS region") for o in options)


def test_programmes_offered_follow_the_filters_and_a_linked_one_they_leave_out_stays_chosen(dataset):
    esf, erdf = "2014AT05SFOP001", "2014AT16RFOP001"  # Austria's ESF and ERDF programmes of 2014-2020
    at = run_page("pages/compare.py", {"period": "2014-2020", "fund": "ESF",
                                       "cmp": [f"programme:{esf}", f"programme:{erdf}"]})
    assert at.multiselect(key="cmp").value == [f"programme:{esf}", f"programme:{erdf}"]
    p = dataset.programmes
    with_esf = p[p["period"].eq("2014-2020") & p["funds"].map(lambda fs: "ESF" in fs)]
    assert len(with_esf) == 187
    offered = [o for o in at.multiselect(key="cmp").options if o.startswith("Programme: ")]
    assert offered == ([f"Programme: {t} ({c})" for c, t in zip(with_esf["cci"], with_esf["title"], strict=True)]
                       + [f"Programme: Investments in Growth and Employment - AT - ERDF ({erdf})"])
    # Under an ESF filter the ERDF programme has no rows: shown by name, with no amount rather than 0.
    assert [m.value for m in at.metric][1] == "no amount"
    assert [c.value for c in at.caption][:2] == ["1 programmes; EU amounts known for 1",
                                                 "0 programmes; EU amounts known for 0"]
    # The filters, not the source, are why it has no amount.
    assert (f", Investments in Growth and Employment - AT - ERDF ({erdf}) is not among the programmes the current "
            "filters select.\n") in at.markdown[0].value


def test_a_uk_region_is_a_place_to_compare_in_2014_2020_only():
    link = {"cmp": ["region:UKL1", "country:IE"]}
    at = run_page("pages/compare.py", {**link, "period": "2014-2020"})
    assert at.multiselect(key="cmp").value == ["region:UKL1", "country:IE"]
    at = run_page("pages/compare.py", link)  # 2021-2027: the UK is no Member State
    assert at.multiselect(key="cmp").value == ["country:IE"]
    assert any("Compare: “region\\:UKL1” not known, ignored." in w.value for w in at.warning)
