"""URL <-> filters on a tiny hand-made option list: every dropped value is named, nothing raises."""

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopdata.analysis import filter_state as fs
from coopdata.analysis.filters import Filters
from coopdata.vocabularies import normalise_country

OPTS = fs.FilterOptions(
    funds=("CF", "ERDF", "ESF", "ESF+", "Interreg"),
    countries={"AT": "Austria", "EL": "Greece", "DE": "Germany"},
    topics={"digital": "Digital", "energy": "Energy & low carbon"},
    kinds=("national", "Interreg"),
)


def parse(**params):
    return fs.parse_query(params, OPTS, normalise_country)


def test_no_parameters_gives_the_default_view_without_notice():
    assert parse() == (Filters(), [])


def test_valid_link_is_read_exactly():
    f, notices = parse(period="2014-2020", fund=["ERDF", "CF"], country=["DE", "AT"], topic="energy",
                       kind="Interreg", q="  alpha  ")
    assert f == Filters(period="2014-2020", funds=("ERDF", "CF"), countries=("DE", "AT"), topics=("energy",),
                        kinds=("Interreg",), search="alpha")
    assert notices == []


def test_country_codes_and_names_as_people_type_them():
    f, notices = parse(country=["GR", "greece", "at", "Österreich", " de ", "Italy (IT)", "Greece (GR)"])
    assert f.countries == ("EL", "AT", "DE")  # GR, Greece and 'Greece (GR)' read as EL, kept once
    assert notices == ["Member States: “Italy (IT)” not known, ignored."]  # IT is not in OPTS
    f, notices = parse(country=["GR", "greece", "at", "Österreich", " de ", "Germany (DE)"])
    assert f.countries == ("EL", "AT", "DE")
    assert notices == []


def test_unknown_country_and_country_outside_the_data_are_dropped_and_named():
    f, notices = parse(country=["XX", "AT", "FR"])
    assert f.countries == ("AT",)
    assert notices == ["Member States: “XX”, “FR” not known, ignored."]


def test_duplicates_are_kept_once_silently():
    f, notices = parse(fund=["ERDF", "erdf", "ERDF"], topic=["digital", "DIGITAL"])
    assert (f.funds, f.topics, notices) == (("ERDF",), ("digital",), [])


def test_topic_by_id_or_label_and_unknown_topic():
    f, notices = parse(topic=["Energy & low carbon", "bogus", "<script>alert(1)</script>"])
    assert f.topics == ("energy",)
    assert notices == ["Topics: “bogus”, “<script>alert(1)</script>” not known, ignored."]


def test_fund_plus_sign_that_arrived_as_a_space():
    # 'fund=ESF+' typed by hand decodes to 'ESF ': the plus is meant, not the 2014-2020 ESF.
    assert parse(fund="ESF ")[0].funds == ("ESF+",)
    assert parse(fund="ESF")[0].funds == ("ESF",)
    assert parse(fund="esf+")[0].funds == ("ESF+",)


@pytest.mark.parametrize("value, period", [("2014-2020", "2014-2020"), ("2014", "2014-2020"),
                                           ("2021–2027", "2021-2027"), (" 2014 / 2020 ", "2014-2020")])
def test_period_spellings(value, period):
    assert parse(period=value) == (Filters(period=period), [])


def test_unknown_period_falls_back_to_the_default_with_a_notice():
    assert parse(period="1999") == (Filters(period="2021-2027"), ["Period: “1999” not known, ignored."])


def test_two_periods_keep_the_first():
    f, notices = parse(period=["2014-2020", "2021-2027"])
    assert f.period == "2014-2020"
    assert notices == ["Period: one period at a time; showing 2014-2020, ignored 2021-2027."]


def test_empty_values_mean_no_filter():
    assert parse(country="", fund=["", " "], q="") == (Filters(), [])


def test_very_long_values_are_cut_and_quoted_short():
    f, notices = parse(q="x" * 10_000, country="Y" * 10_000)
    assert f.search == "x" * fs.MAX_SEARCH_CHARS
    assert notices[0] == "Member States: “" + "Y" * fs.SHOWN_CHARS + "…” not known, ignored."
    assert notices[1] == "Programme title search: cut to its first 200 characters."


def test_too_many_values_are_not_all_read():
    f, notices = parse(country=["AT"] + ["XX"] * 5_000)
    assert f.countries == ("AT",)
    assert notices == ["Member States: " + ", ".join(["“XX”"] * (fs.MAX_VALUES - 1)) + " not known, ignored.",
                       f"Member States: only the first {fs.MAX_VALUES} values of the link were read."]


def test_control_characters_never_reach_the_search_or_a_notice():
    f, notices = parse(q="al\x00pha\r\n", kind="na\ttional")
    assert f.search == "al pha"
    assert notices == ["Programme kind: “na?tional” not known, ignored."]


def test_unrelated_parameters_are_left_alone():
    assert parse(cci="2021AT16RFPR001", utm_source="mail") == (Filters(), [])


@pytest.mark.parametrize("value, on, notices", [
    (None, False, []), ("1", True, []), ("true", True, []), ("ON", True, []), ("0", False, []),
    ("maybe", False, ["Presentation mode: “maybe” is not on/off (use present=1), ignored."]),
])
def test_presentation_flag(value, on, notices):
    params = {} if value is None else {"present": value}
    assert fs.parse_flag(params, "present", "Presentation mode") == (on, notices)


def test_view_link_exact():
    f = Filters(funds=("ESF+",), countries=("AT", "EL"), search="a b&c")
    assert fs.view_link("http://host:8501/", "data", f, {"cci": "X1", "country": "FR"}) == (
        "http://host:8501/data?period=2021-2027&fund=ESF%2B&country=AT&country=EL&q=a%20b%26c&cci=X1")
    assert fs.view_link("", "", Filters(period="2014-2020"), present=True) == "/?period=2014-2020&present=1"


@given(
    period=st.sampled_from(OPTS.periods),
    funds=st.lists(st.sampled_from(OPTS.funds), unique=True),
    countries=st.lists(st.sampled_from(list(OPTS.countries)), unique=True),
    topics=st.lists(st.sampled_from(list(OPTS.topics)), unique=True),
    kinds=st.lists(st.sampled_from(OPTS.kinds), unique=True),
    search=st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=50).map(str.strip),
)
def test_a_link_reopens_exactly_the_filters_it_was_made_from(period, funds, countries, topics, kinds, search):
    f = Filters(period=period, funds=tuple(funds), countries=tuple(countries), topics=tuple(topics),
                kinds=tuple(kinds), search=search)
    query = parse_qs(urlsplit(fs.view_link("http://h", "themes", f)).query, keep_blank_values=True)
    assert fs.parse_query(query, OPTS, normalise_country) == (f, [])


def test_describe_in_words():
    f = Filters(period="2014-2020", countries=("EL", "AT"), topics=("energy",), search="alpha")
    assert fs.describe(f, OPTS) == [
        ("Period", "2014-2020"), ("Funds", "all"), ("Member States", "Greece (EL), Austria (AT)"),
        ("Topics", "Energy & low carbon"), ("Programme kind", "all"), ("Programme title contains", "“alpha”")]


def test_chips_and_removing_one():
    f = Filters(funds=("ERDF",), countries=("AT", "EL"), search="alpha")
    assert fs.active_chips(f, OPTS) == [("fund", "ERDF", "ERDF"), ("country", "AT", "Austria (AT)"),
                                        ("country", "EL", "Greece (EL)"), ("q", "alpha", "title contains “alpha”")]
    assert fs.without(f, "country", "AT") == Filters(funds=("ERDF",), countries=("EL",), search="alpha")
    assert fs.without(f, "q", "alpha") == Filters(funds=("ERDF",), countries=("AT", "EL"))
    with pytest.raises(ValueError):
        fs.without(f, "period", "2021-2027")


def test_page_values_match_codes_and_labels_in_any_case():
    from coopdata.analysis.filter_state import match_choices

    regions = {"ITF51": "Potenza (ITF51, NUTS 3)", "ITF52": "Matera (ITF52, NUTS 3)", "DE111": "Stuttgart (DE111)"}
    assert match_choices(["itf51", " ITF52 ", "Potenza (ITF51, NUTS 3)", "matera", "stuttgart (de111)"], regions,
                         "Region") == (("ITF51", "ITF52", "DE111"), [])
    assert match_choices(["ITF5", "nowhere"], regions, "Region") == (
        (), ["Region: “ITF5”, “nowhere” not known, ignored."])
    topics = {"energy": "Energy & low carbon", "digital": "Digital transition"}
    assert match_choices(["ENERGY", "digital transition"], topics, "Topics") == (("energy", "digital"), [])
    # a normaliser rewrites a value first: Greece is EL in Commission data
    tokens = ["country:EL", "country:IT"]
    assert match_choices(["Country:gr", "country:it"], tokens, "Compare",
                         lambda v: v.replace("gr", "EL")) == (("country:EL", "country:IT"), [])


def test_a_name_shared_by_two_options_is_not_guessed():
    from coopdata.analysis.filter_state import match_choices

    assert match_choices(["Limburg"], {"BE22": "Limburg (BE22)", "NL42": "Limburg (NL42)"}, "Region") == (
        (), ["Region: “Limburg” not known, ignored."])


def test_page_values_are_matched_as_vocabularies_fold_them_accents_included():
    from coopdata.analysis.filter_state import match_choices
    from coopdata.vocabularies import fold

    regions = {"ES612": "Cádiz (ES612, NUTS 3)", "AT": "Österreich"}
    # One folding for every lookup (vocabularies.fold): a link typed without accents finds the accented label.
    assert match_choices(["cadiz", "OSTERREICH", "Cádiz (ES612, NUTS 3)"], regions, "Region") == (("ES612", "AT"), [])
    assert fold("  Österreich\t ") == "osterreich"
