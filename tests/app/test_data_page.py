"""AppTest: the Data & sources page shows the real counts and the cooperation-fields statement."""

from tests.app.helpers import run_page


def test_data_page_shows_counts_and_coverage():
    at = run_page("pages/data.py")
    assert [m.value for m in at.metric] == ["541", "368", "177"]
    assert any("177 of 368 programmes have objective-level amounts" in i.value for i in at.info)
    assert any("no public source provides these fields" in w.value for w in at.warning)
    covered = next(d.value for d in at.dataframe if "what" in d.value.columns).set_index("what")["figure"]
    assert covered["programmes with objective-level EU amounts"] == "177 of 368"
    assert covered["programmes whose funds are unknown"] == "13 of 368"
    rule = covered["Interreg programmes with area from NUTS 3 regions by the Interreg Regulation's cross-border rule"]
    assert rule.tolist() == ["62", "53"]  # 2014-2020, 2021-2027
    # which boundaries draw the UK on the 2014-2020 map
    assert covered["UK regions on the map (NUTS 1 / 2 / 3)"] == "12 / 41 / 179"


def test_data_page_counts_per_fund_follow_the_period_filter():
    at = run_page("pages/data.py", {"period": "2014-2020"})
    per_fund = at.dataframe[0].value.set_index("fund")["programmes"]
    # 2014-2020: programmes per fund in e4v6-qrrq (a programme with two funds counted under each)
    assert per_fund["EAFRD"] == 115
    assert per_fund["ERDF"] == 290
    assert per_fund["ERDF"] > per_fund["CF"]
