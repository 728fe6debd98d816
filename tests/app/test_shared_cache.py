"""ui.data.shared: work on the dataset is done once per distinct arguments and shared by sessions."""

from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from coopdata.ui import data

    calls = st.session_state.setdefault("calls", [])

    @data.shared(max_entries=2)
    def programmes_in(ds, period):
        calls.append(period)
        return int((ds.programmes["period"] == period).sum())

    ds = data.dataset()
    counts = [programmes_in(ds, "2014-2020"), programmes_in(ds, "2014-2020"), programmes_in(ds, "2021-2027")]
    if st.session_state.get("reload"):
        data._dataset.clear()  # a new load of the same folder must not reuse results of the old one
        counts.append(programmes_in(data.dataset(), "2014-2020"))
    st.write(f"counts={counts} computed={calls}")


def test_same_arguments_compute_once_and_a_new_load_computes_again():
    at = AppTest.from_function(_script, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert at.markdown[0].value == "counts=[541, 541, 368] computed=['2014-2020', '2021-2027']"
    at.session_state["reload"] = True
    at.run()
    # Second run: both cached (nothing computed), then the reloaded dataset computes 2014-2020 afresh.
    assert at.markdown[0].value == ("counts=[541, 541, 368, 541] "
                                    "computed=['2014-2020', '2021-2027', '2014-2020']")


def _filters_script():
    import streamlit as st

    from coopdata.analysis.filters import Filters
    from coopdata.ui import data

    calls = st.session_state.setdefault("calls", [])

    @data.shared(max_entries=8)
    def funds_of(ds, f):
        calls.append(f.funds)
        return ",".join(f.funds) or "all"

    ds = data.dataset()
    results = [funds_of(ds, Filters(funds=("ERDF",))), funds_of(ds, Filters(funds=("ERDF",))),
               funds_of(ds, Filters(funds=("ESF+",))), funds_of(ds, Filters(funds=("ERDF",), search="x")),
               funds_of(ds, Filters())]
    st.write(f"results={results} computed={len(calls)}")


def test_filters_are_keyed_by_every_field():
    at = AppTest.from_function(_filters_script, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    # Equal filters share a result; filters differing in funds or search alone are computed apart.
    assert at.markdown[0].value == "results=['ERDF', 'ERDF', 'ESF+', 'ERDF', 'all'] computed=4"
