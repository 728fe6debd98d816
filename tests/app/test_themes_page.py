"""AppTest: the Themes page shows figures that reconcile with the source, with filters set."""

import pandas as pd
import pytest

from coopdata.analysis import actions as act
from coopdata.sources import esif_2014_2020
from tests.app.helpers import run_page
from tests.conftest import ROOT

SHIFT = "Shift between 2014-2020 and 2021-2027"  # the tab's label, as a link names it
OWN_PROGRAMMES = ["national", "regional", "multi-regional"]  # Interreg (MS 'TC' in the source) left out
COHESION = ["ERDF", "ESF", "CF", "YEI"]


@pytest.fixture(scope="module")
def italy_cohesion(mirror):
    src = pd.read_csv(mirror / "raw" / esif_2014_2020.FILE, dtype={"TO_code": str})
    return src[(src["MS"] == "IT") & src["Fund"].isin(COHESION)]


def topics_table(at):
    # AppTest finds dataframes by position, not key: the topics table is the one with a Topic column.
    return next(d.value for d in at.dataframe if {"Topic", "Programmes"} <= set(d.value.columns)).set_index("Topic")


def test_italy_cohesion_2014_employment_equals_the_source(italy_cohesion):
    # The sidebar's country multiselect is bound with a format_func, so its URL value is the label.
    at = run_page("pages/themes.py", {"period": "2014-2020", "country": "Italy (IT)", "fund": COHESION,
                                      "kind": OWN_PROGRAMMES})
    table = topics_table(at)
    employment = italy_cohesion.loc[italy_cohesion["TO_code"] == "08"]
    assert table.loc["Employment", "EU amount (EUR)"] == pytest.approx(employment["EU Amount"].sum(), abs=0.01)
    assert table.loc["Employment", "Programmes"] == employment["CCI"].nunique()
    assert table["Share of EU amount (%)"].sum() == pytest.approx(100.0)
    assert at.metric[0].value == str(italy_cohesion["CCI"].nunique())
    assert not at.warning  # 2014-2020 amounts are complete: no partial-source warning


def test_2021_says_how_partial_the_amounts_are_and_counts_programmes_apart():
    at = run_page("pages/themes.py")
    # No headline sum from a sample: amounts are known for 177 of 368 programmes, so the third figure counts
    # programmes, and the topics are ranked by programmes even though the radio says EU amount.
    assert [(m.label, m.value) for m in at.metric] == [
        ("Programmes in the selection", "368"), ("of which with objectives known", "269"),
        ("Programmes with EU amounts", "177 of 368")]
    assert not any("€" in m.value for m in at.metric)
    assert any("EU amounts are known for 177 of 368 programmes" in w.value for w in at.warning)
    assert any("Ranked by programmes: EU amounts are known for 177 of 368 programmes" in c.value for c in at.caption)
    table = topics_table(at)
    assert (table["Programmes"] >= table["Programmes with an EU amount"]).all()
    assert table["Share of EU amount (%)"].sum() == pytest.approx(100.0)
    assert any("counted once per topic" in c.value for c in at.caption)


def test_focusing_a_topic_narrows_the_page_to_it_and_goes_into_the_url(dataset):
    at = run_page("pages/themes.py", {"period": "2014-2020"})
    at.selectbox(key="focus").set_value("employment").run()
    assert not at.exception
    assert at.query_params["focus"] == "employment"
    table = topics_table(at)
    assert list(table.index) == ["Employment"]
    a = dataset.allocations
    rows = a[(a["period"] == "2014-2020") & (a["topic_id"] == "employment")]
    assert table.loc["Employment", "Programmes"] == rows["cci"].nunique()
    assert at.metric[0].value == f"{rows['cci'].nunique():,}"
    at.selectbox(key="focus").set_value("all").run()
    assert "focus" not in at.query_params and len(topics_table(at)) > 1


def test_period_shift_caption_counts_the_counterpart_fund_programmes_of_2021(dataset):
    # ESF in 2014-2020 is compared with ESF+ in 2021-2027: the caption counts the 2021-2027 ESF+ programmes.
    at = run_page("pages/themes.py", {"period": "2014-2020", "fund": "ESF", "section": SHIFT})
    assert not at.exception
    p = dataset.programmes
    esf_plus = set(p.loc[(p["period"] == "2021-2027") & p["funds"].map(lambda funds: "ESF+" in funds), "cci"])
    a = dataset.allocations
    rows = a[a["cci"].isin(esf_plus) & (a["fund"] == "ESF+")]
    with_amounts = rows.loc[rows["eu_amount"].notna(), "cci"].nunique()
    caption = next(c.value for c in at.caption if "objectives are known for" in c.value)
    assert f"objectives are known for {rows['cci'].nunique()} of {len(esf_plus)} programmes" in caption
    assert f"(2021-2027: {with_amounts} programmes with amounts)" in caption
    # ESF+ leaves out the 13 multi-fund programmes of 2021-2027 no source names funds for: the caption says so.
    assert caption.endswith("The fund filter leaves out 13 2021-2027 multi-fund programmes whose funds no loaded "
                            "source states.")
    unfiltered = run_page("pages/themes.py", {"period": "2014-2020", "section": SHIFT})
    assert "multi-fund" not in next(c.value for c in unfiltered.caption if "objectives are known for" in c.value)


def test_a_link_with_a_focus_opens_on_that_topic():
    at = run_page("pages/themes.py", {"period": "2014-2020", "focus": "health"})
    assert at.selectbox(key="focus").value == "all"  # no 2014-2020 objective maps to health: code ignored
    at = run_page("pages/themes.py", {"period": "2014-2020", "focus": "digital"})
    assert list(topics_table(at).index) == ["Digital"]


def test_leaving_out_non_thematic_topics():
    at = run_page("pages/themes.py", {"period": "2014-2020"})
    assert "Technical assistance" in topics_table(at).index
    at.toggle(key="thematic").set_value(True).run()
    table = topics_table(at)
    assert "Technical assistance" not in table.index and "Not specified in the source" not in table.index
    assert table["Share of EU amount (%)"].sum() == pytest.approx(100.0)


def _planning_in_workbook(workbook, topic_id: str, label: str, period: str = "2021-2027") -> int:
    """Programmes with a row Planned = yes in the topic (an objective of it, or the topic named), with pandas."""
    vocab = pd.read_csv(ROOT / "coopdata" / "vocab" / "objective_topics.csv", dtype=str)
    codes = set(vocab.loc[vocab["topic_id"].eq(topic_id) & vocab["period"].eq(period), "objective_code"])
    rows = workbook[workbook["Planned"].eq("yes") & workbook["Period"].eq(period)]
    return rows.loc[rows["Objective code"].isin(codes) | rows["Topic"].eq(label), "CCI"].nunique()


def _planning_table(at):
    return next(d.value for d in at.dataframe if "Programmes funding the topic (public data)" in d.value.columns)


def test_no_database_no_planning_section():
    at = run_page("pages/themes.py")
    assert not any("planning cooperation actions" in h.value for h in at.header)


def test_planning_per_topic_beside_public_funding_labelled_fictional(example_imported, example_workbook):
    at = run_page("pages/themes.py")
    assert "Programmes planning cooperation actions per topic, 2021-2027 — FICTIONAL data" in [
        h.value for h in at.header]
    # the page leads with the imported database: its chart comes before the ranked topics
    assert [c.key for c in at.get("plotly_chart")][:2] == ["themes_planning", "themes_bars"]
    assert any(w.value.startswith("FICTIONAL DATA") for w in at.warning)
    planning_col = "Programmes planning cooperation actions (imported database, FICTIONAL)"
    table = _planning_table(at).set_index("Topic")
    assert table.at["Energy & low carbon", planning_col] == _planning_in_workbook(
        example_workbook, "energy", "Energy & low carbon")
    assert table.at["Digital", planning_col] == _planning_in_workbook(example_workbook, "digital", "Digital")
    public = topics_table(at)
    assert table.at["Energy & low carbon", "Programmes funding the topic (public data)"] == \
        public.at["Energy & low carbon", "Programmes"]
    assert any(c.value.startswith(act.PLANNING_RULE)
               for c in at.caption)


def test_only_planning_filter_narrows_the_public_distribution(example_imported, example_workbook, dataset):
    at = run_page("pages/themes.py", {"period": "2014-2020", "themes_act_planning": "true"})
    planning = set(example_workbook.loc[example_workbook["Planned"].eq("yes")
                                        & example_workbook["Period"].eq("2014-2020"), "CCI"])
    assert at.metric[0].value == f"{len(planning & set(dataset.programmes['cci'])):,}"
    assert any(c.value == "Only programmes planning cooperation actions (imported database)." for c in at.caption)


def test_cached_charts_keep_the_style_of_their_presentation_mode():
    import json

    from coopdata import charts_style

    def bar_font(at):
        return json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["font"]["size"]

    assert bar_font(run_page("pages/themes.py")) == charts_style.FONT_SIZE
    assert bar_font(run_page("pages/themes.py", {"present": "1"})) == charts_style.PRESENTATION_FONT_SIZE
    # The same filters again, not projecting: the figure shared by every session was not restyled in place.
    assert bar_font(run_page("pages/themes.py")) == charts_style.FONT_SIZE


def test_projecting_the_chart_comes_first_in_its_own_fonts():
    """Presentation mode: the ranked topics before the headline numbers (so the chart starts on the first
    screen) and drawn in the figure's own 22 px fonts, not Streamlit's theme (grey tick labels of 12-14 px)."""
    def metrics_and_charts(at):  # in page order
        return [el.type for el in _elements(at.main) if el.type in ("metric", "plotly_chart")]

    normal, present = run_page("pages/themes.py"), run_page("pages/themes.py", {"present": "1"})
    # both modes: the answer (the chart) first, so it starts on the first screen at 1280x720
    assert metrics_and_charts(normal) == ["plotly_chart", "metric", "metric", "metric"]
    assert metrics_and_charts(present) == ["plotly_chart", "metric", "metric", "metric"]
    assert normal.get("plotly_chart")[0].proto.theme == "streamlit"
    assert present.get("plotly_chart")[0].proto.theme == ""  # none: the figure's own style


def _elements(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _elements(child)


def test_only_the_open_tab_is_drawn_and_a_link_opens_another():
    # The figures tab opens first: the topics table only, no objectives treemap, split or period shift.
    at = run_page("pages/themes.py", {"period": "2014-2020"})
    assert [t.label for t in at.tabs] == ["The figures", "Objectives within topics", "Split by fund or Member State",
                                          SHIFT]
    assert [c.key for c in at.get("plotly_chart")] == ["themes_bars"] and len(at.dataframe) == 1
    assert "section" not in at.query_params  # the first tab is the default: the link does not name it
    at = run_page("pages/themes.py", {"period": "2014-2020", "section": "Split by fund or Member State"})
    assert [c.key for c in at.get("plotly_chart")] == ["themes_bars", "themes_split"]
    assert at.radio(key="split").value == "fund"
    assert "fund" in at.dataframe[0].value.columns  # the chart's numbers, in the expander below it
    at.radio(key="split").set_value("country").run()
    assert "country" in at.dataframe[0].value.columns and "fund" not in at.dataframe[0].value.columns


def test_projected_topics_chart_labels_every_topic_in_words_and_euros():
    import json

    from coopdata import charts_style

    at = run_page("pages/themes.py", {"present": "1", "fund": ["ERDF", "ESF"], "period": "2014-2020"})
    chart = next(c for c in at.get("plotly_chart") if c.proto.id and "themes_bars" in c.proto.id)
    fig = json.loads(chart.proto.spec)
    bar, layout = fig["data"][0], fig["layout"]
    topics = bar["y"]
    assert len(topics) == 13 and "Employment" in topics
    # Every topic has its own tick, its label shown whole (wrapped at spaces, never cut)
    assert layout["yaxis"]["tickmode"] == "array" and layout["yaxis"]["tickvals"] == topics
    assert [t.replace("<br>", " ") for t in layout["yaxis"]["ticktext"]] == topics
    lines = max(t.count("<br>") + 1 for t in layout["yaxis"]["ticktext"])
    # each bar is at least as tall as its label's lines at the projected 22 px
    plot_height = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    assert plot_height / len(topics) >= charts_style.PRESENTATION_FONT_SIZE * 1.2 * lines
    # value labels at the projected size, near black, outside the bars; the axis says euros as the labels do
    assert bar["textposition"] == "outside" and bar["textfont"] == {"size": 22, "color": "#111111"}
    assert all(t.startswith("€") and t.endswith((" bn", " m")) for t in bar["text"])
    assert layout["xaxis"]["ticktext"][0] == "€0" and all(t.endswith((" bn", " m")) for t in layout["xaxis"]["ticktext"][1:])


def test_a_tab_link_takes_its_code_or_label_in_any_case_and_names_an_unknown_one():
    # ?section=SHIFT (a code, upper case) opens the period shift; the link then holds the code
    at = run_page("pages/themes.py", {"period": "2014-2020", "section": "SHIFT"})
    assert at.session_state["section"] == SHIFT and at.query_params["section"] == "shift"
    assert "themes_shift" in [c.key for c in at.get("plotly_chart")]
    # the label, in lower case, as well
    at = run_page("pages/themes.py", {"period": "2014-2020", "section": "objectives within topics"})
    assert at.session_state["section"] == "Objectives within topics" and at.query_params["section"] == "objectives"
    # a value that matches no tab: the first tab, and the link notice names the value
    at = run_page("pages/themes.py", {"period": "2014-2020", "section": "nonsense"})
    assert at.session_state["section"] == "The figures" and "section" not in at.query_params
    # (the notice app.py draws above the page; tests/e2e/test_written_links.py sees it in the browser)
    assert at.session_state["coopdata_url_notices"] == ["Section: “nonsense” not known, ignored."]
