"""AppTest: shared filters from a link, notices for bad values, chips, reset, presentation mode.

AppTest runs every rerun through Streamlit's legacy pages/ mode first (it resets that mode on each run);
the app then reruns the page inside app.py, and a button callback's change does not survive that. So chip
clicks and the reset button are tested in the browser (tests/e2e/test_filters_links.py) and their logic in
tests/unit/test_filter_state.py; widget changes are tested here.
"""

from streamlit.testing.v1 import AppTest

from tests.app.helpers import run_page
from tests.conftest import ROOT

PAGE = "pages/data.py"


def count(programmes, period, country=None, fund=None) -> int:
    """Programmes of a period naming a country / fund, counted straight from the table."""
    p = programmes[programmes["period"] == period]
    if country:
        p = p[p["countries"].map(lambda cs: country in list(cs))]
    if fund:
        p = p[p["funds"].map(lambda fs: fund in list(fs))]
    return len(p)


def match_heading(at) -> str:
    return next(h.value for h in at.header if "match the filters" in h.value)


def run_app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    assert not at.exception, at.exception
    return at


def qp(at, name: str) -> list[str]:
    """A query parameter of the app's URL as a list (AppTest gives a lone value as a string)."""
    value = at.query_params.get(name, [])
    return [value] if isinstance(value, str) else list(value)


def chip_labels(at) -> list[str]:
    return [b.label for b in at.button if b.key and b.key.startswith("chip_")]


def test_a_link_opens_with_its_filters_and_their_figures(dataset):
    at = run_page(PAGE, {"period": "2014-2020", "country": "AT", "fund": "ERDF"})
    expected = count(dataset.programmes, "2014-2020", "AT", "ERDF")
    assert expected > 0
    assert match_heading(at) == f"Programmes per fund, 2014-2020: {expected:,} programmes match the filters"
    assert chip_labels(at) == ["ERDF", "Austria (AT)"]
    assert not at.warning or all("link were not used" not in w.value for w in at.warning)
    assert at.multiselect(key="country").value == ["AT"]


def test_bad_values_in_a_link_are_dropped_with_a_notice_and_the_rest_applied(dataset):
    at = run_page(PAGE, {"country": ["GR", "XX"], "topic": "bogus", "period": "1999", "present": "maybe"})
    notice = next(w.value for w in at.warning if "link were not used" in w.value)
    for word in ("Period", "“1999”", "Member States", "“XX”", "Topics", "“bogus”", "Presentation mode", "“maybe”"):
        assert word in notice.replace("\\", "")
    assert chip_labels(at) == ["Greece (EL)"]  # GR read as EL
    expected = count(dataset.programmes, "2021-2027", "EL")
    assert match_heading(at) == f"Programmes per fund, 2021-2027: {expected:,} programmes match the filters"
    # The address bar now holds the cleaned link.
    assert (qp(at, "country"), qp(at, "period"), qp(at, "topic"), qp(at, "present")) == (["EL"], ["2021-2027"], [], [])


def test_changing_a_widget_updates_the_link():
    at = run_app()
    at.multiselect(key="fund").select("ESF+").run()
    at.text_input(key="q").input("  interreg ").run()
    assert (qp(at, "fund"), qp(at, "q")) == (["ESF+"], ["interreg"])
    assert chip_labels(at) == ["ESF+", "title contains “interreg”"]


def test_presentation_mode_from_the_link_shows_the_main_chart_only():
    normal = run_page(PAGE)
    present = run_page(PAGE, {"present": "1"})
    assert present.toggle(key="present").value is True
    assert qp(present, "present") == ["1"]
    assert any("per country" in h.value for h in normal.header)
    assert not any("per country" in h.value for h in present.header)
    assert [m.value for m in present.metric] == [m.value for m in normal.metric]  # same headline numbers
