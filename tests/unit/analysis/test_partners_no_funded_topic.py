"""A fund filter under which no candidate funds the topic answers "no match" instead of failing
(found by benchmarks/load_test.py: ESF+ finances no digital objective)."""

from coopdata.analysis.partners import NO_MATCH_MESSAGE, Query, search


def test_fund_that_funds_none_of_the_topics_gives_no_match(dataset):
    result = search(dataset, Query("2021IT16FFPR004", ("digital",), "eu-wide", funds=("ESF+",)))
    assert (result.matches, result.message) == ((), NO_MATCH_MESSAGE)
