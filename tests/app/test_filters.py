"""AppTest: shared filters from a link, notices for bad values, chips, widgets, presentation mode.

What app.py draws (sidebar, notice, chips, URL) is checked on the app's first run. After switch_page,
AppTest runs the page file alone (Streamlit's legacy pages/ mode, reset on every AppTest run), with the
filters app.py read from the link: the page's figures are checked there. So anything that needs a second
run of app.py (widget changes, chip clicks, reset, dismissing the notice) is tested in the browser
(tests/e2e/test_filters_links.py), and the logic behind it in tests/unit/test_filter_state.py.
"""

from streamlit.testing.v1 import AppTest

from tests.app.helpers import run_page
from tests.conftest import ROOT

PAGE = "pages/data.py"


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


def link_notice(at) -> str | None:
    return next((w.value.replace("\\", "") for w in at.warning if "link were not used" in w.value), None)


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


def test_a_link_sets_the_widgets_chips_and_url():
    at = run_app({"period": "2014-2020", "country": "AT", "fund": "ERDF"})
    assert at.radio(key="period").value == "2014-2020"
    assert at.multiselect(key="country").value == ["AT"]
    assert at.multiselect(key="fund").value == ["ERDF"]
    assert chip_labels(at) == ["ERDF", "Austria (AT)"]
    assert link_notice(at) is None
    assert (qp(at, "period"), qp(at, "country"), qp(at, "fund")) == (["2014-2020"], ["AT"], ["ERDF"])


def test_a_link_opens_the_page_with_its_figures(dataset):
    at = run_page(PAGE, {"period": "2014-2020", "country": "AT", "fund": "ERDF"})
    expected = count(dataset.programmes, "2014-2020", "AT", "ERDF")
    assert expected > 0
    assert match_heading(at) == f"Programmes per fund, 2014-2020: {expected:,} programmes match the filters"


def test_bad_values_in_a_link_are_dropped_with_a_notice_and_the_rest_applied(dataset):
    query = {"country": ["GR", "XX"], "topic": "bogus", "period": "1999", "present": "maybe"}
    at = run_app(query)
    notice = link_notice(at)
    for word in ("Period", "“1999”", "Member States", "“XX”", "Topics", "“bogus”", "Presentation mode", "“maybe”"):
        assert word in notice
    assert chip_labels(at) == ["Greece (EL)"]  # GR read as EL
    # The address bar now holds the cleaned link.
    assert (qp(at, "country"), qp(at, "period"), qp(at, "topic"), qp(at, "present")) == (["EL"], ["2021-2027"], [], [])
    page = run_page(PAGE, query)
    expected = count(dataset.programmes, "2021-2027", "EL")
    assert match_heading(page) == f"Programmes per fund, 2021-2027: {expected:,} programmes match the filters"


def test_presentation_mode_from_the_link_shows_the_main_chart_only():
    assert run_app({"present": "1"}).toggle(key="present").value is True
    assert qp(run_app({"present": "1"}), "present") == ["1"]
    normal = run_page(PAGE)
    present = run_page(PAGE, {"present": "1"})
    assert any("per country" in h.value for h in normal.header)
    assert not any("per country" in h.value for h in present.header)
    assert [m.value for m in present.metric] == [m.value for m in normal.metric]  # same headline numbers


def _filter_options_script():
    import streamlit as st

    from coopdata.ui import filters

    opts = filters.options()
    st.write(f"object {id(opts)}, funds {', '.join(opts.funds)}")


def test_the_filter_options_are_worked_out_once_and_shared_by_every_session(dataset):
    sessions = [AppTest.from_function(_filter_options_script, default_timeout=60) for _ in range(2)]
    for at in sessions:
        at.run()
        assert not at.exception, at.exception
    first, second = (at.markdown[0].value for at in sessions)
    assert first == second  # the same object: not a copy per session
    funds = sorted({f for fs in dataset.programmes["funds"] for f in fs})
    assert first.endswith(f"funds {', '.join(funds)}")


def fund_notice(at) -> str | None:
    return next((c.value for c in at.caption if "The fund filter leaves out" in c.value), None)


def test_a_fund_filter_says_how_many_programmes_it_leaves_out_for_want_of_stated_funds():
    # The 42 multi-fund (FF) programmes of 2021-2027 that no loaded source gives funds for (9 of them Greek).
    assert fund_notice(run_app({"fund": "ERDF"})).startswith("The fund filter leaves out 42 programmes whose funds")
    assert fund_notice(run_app({"fund": "ERDF", "country": "EL"})).startswith("The fund filter leaves out 9 programmes")
    assert fund_notice(run_app({"fund": "ERDF", "period": "2014-2020"})) is None  # every 2014-2020 fund is known
    assert fund_notice(run_app({"country": "EL"})) is None  # no fund chosen: nobody is left out
