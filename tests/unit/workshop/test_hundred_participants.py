"""A registration list at the allowed maximum (100 FICTIONAL participants with real programmes, countries,
regions, topics and scopes): read, scored and seated within the bounds in the tests' names. The tests assert
the work done (places looked up in the geography, swaps of the seating search); benchmarks/upload_bench.py
measures the seconds (before this change: about 5 s to score and 9-24 s to seat on the 2-core server)."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from coopdata.workshop.pairs import Geography, GeoIndex, pair_scores, scope_fit, seating_weights
from coopdata.workshop.registration import MAX_PARTICIPANTS
from coopdata.workshop.seating import MAX_SWAPS, RESTARTS, search_seating, seating_score, table_sizes
from tests.fixtures.big_uploads import participants_csv


@pytest.fixture(scope="module")
def hundred(dataset):
    from coopdata.workshop.registration import read_registrations

    return read_registrations(participants_csv(MAX_PARTICIPANTS), "hundred_FICTIONAL.csv", dataset.programmes,
                              dataset.regions).participants


@pytest.fixture(scope="module")
def geo(dataset):
    return Geography.from_dataset(dataset)


def test_100_participants_are_scored_within_1_s_looking_each_place_up_once(hundred, geo):
    index = GeoIndex(geo, hundred.itertuples(index=False))
    assert index.places == 20  # 20 distinct (country, region) places in the list, 100 people
    pairs = pair_scores(hundred, geo)
    assert len(pairs) == 100 * 99 // 2
    assert pairs["a"].lt(pairs["b"]).all()
    # Same country scores 0; otherwise shared topics (+1 for a confirmed scope when a topic is shared).
    same = hundred.set_index("code")["country"]
    assert pairs.loc[pairs["a"].map(same).eq(pairs["b"].map(same)), "score"].eq(0).all()
    eligible = pairs[pairs["eligible"]]
    bonus = eligible["scope_fit"].eq(True) & eligible["shared_topics"].map(len).gt(0)
    assert eligible["score"].equals(eligible["shared_topics"].map(len) + bonus.astype(int))


def _neighbours_across_by_filtering(a, b, neighbours: pd.DataFrame) -> bool:
    """The pair check as it was written before the index: filter the neighbour table for each pair."""
    for x, y in ((a, b), (b, a)):
        rows = neighbours[neighbours["country"].eq(x.country) & neighbours["neighbour_country"].eq(y.country)]
        if isinstance(x.nuts_id, str):
            rows = rows[rows["nuts_id"].str.startswith(x.nuts_id)]
        if isinstance(y.nuts_id, str):
            rows = rows[rows["neighbour_id"].str.startswith(y.nuts_id)]
        if not rows.empty:
            return True
    return False


@pytest.mark.slow
def test_the_index_answers_as_filtering_the_tables_for_every_pair(hundred, geo):
    """On the list's 20 distinct places (190 pairs), the index and the per-pair filter agree."""
    places = list(hundred.drop_duplicates(["country", "nuts_id"]).itertuples(index=False))
    index = GeoIndex(geo, places)
    found = [index.neighbours_across(a, b) for a, b in itertools.combinations(places, 2)]
    assert found == [_neighbours_across_by_filtering(a, b, geo.neighbours)
                     for a, b in itertools.combinations(places, 2)]
    assert any(found)  # the list has neighbours across a border (e.g. AT13 and a Slovak or Hungarian region)
    fits = [scope_fit(a, b, geo, index) for a, b in itertools.combinations(places, 2)]
    assert fits == [scope_fit(a, b, geo) for a, b in itertools.combinations(places, 2)]


@pytest.mark.slow
@pytest.mark.parametrize("size", [4, 6, 10])
def test_100_participants_are_seated_within_3_s_by_a_bounded_search(hundred, geo, size):
    weights = seating_weights(pair_scores(hundred, geo))
    codes = hundred["code"].tolist()
    result = search_seating(codes, weights, size)
    assert sorted(result.seating) == codes
    counts = pd.Series(result.seating).value_counts()
    assert sorted(counts) == sorted(table_sizes(100, size))
    assert result.starts <= RESTARTS and result.swaps <= MAX_SWAPS
    assert seating_score(result.seating, weights) == result.score


def test_a_list_with_one_or_two_people_is_scored_without_error(hundred, geo):
    assert pair_scores(hundred.head(1), geo).empty
    assert seating_weights(pair_scores(hundred.head(1), geo)) == {}
    two = pair_scores(hundred.head(2), geo)
    assert two[["a", "b"]].values.tolist() == [["P001", "P002"]]
