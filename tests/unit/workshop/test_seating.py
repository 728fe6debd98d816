import itertools
import random

import pytest

from coopdata.workshop.pairs import pair_scores, seating_weights
from coopdata.workshop.seating import move, propose_seating, seating_score, table_sizes, table_summary
from tests.unit.workshop.conftest import NO_GEOGRAPHY


def brute_force_optimum(codes, weights, sizes) -> int:
    """Best score over every seating with these table sizes (tiny cases only)."""
    def seatings(rest, sizes_left):
        if not rest:
            yield []
            return
        for size in sorted(set(sizes_left)):
            remaining_sizes = list(sizes_left)
            remaining_sizes.remove(size)
            for others in itertools.combinations(rest[1:], size - 1):
                table = (rest[0], *others)
                for tail in seatings([c for c in rest if c not in table], remaining_sizes):
                    yield [table, *tail]
    return max(seating_score({c: i for i, t in enumerate(s) for c in t}, weights) for s in seatings(codes, sizes))


@pytest.fixture(scope="module")
def fictional_pairs(fictional):
    return pair_scores(fictional.participants, NO_GEOGRAPHY)


def test_table_sizes_are_as_equal_as_possible():
    assert table_sizes(16, 4) == [4, 4, 4, 4]
    assert table_sizes(10, 4) == [4, 3, 3]
    assert table_sizes(17, 5) == [5, 4, 4, 4]
    assert table_sizes(3, 5) == [3]
    with pytest.raises(ValueError):
        table_sizes(3, 0)


def test_fictional_list_seating(fictional, fictional_pairs):
    codes = fictional.participants["code"].tolist()
    weights = seating_weights(fictional_pairs)
    seating = propose_seating(codes, weights, 4)
    assert sorted(seating) == codes  # everyone seated once
    tables = {t: sorted(c for c in codes if seating[c] == t) for t in set(seating.values())}
    assert tables == {1: ["P01", "P02", "P03", "P14"], 2: ["P04", "P09", "P10", "P11"],
                      3: ["P05", "P06", "P12", "P13"], 4: ["P07", "P08", "P15", "P16"]}
    summary = table_summary(seating, fictional.participants, fictional_pairs, weights)
    assert summary["score"].tolist() == [7, 6, 5, 2]  # 20, also the brute-force optimum of all 2,627,625 seatings
    assert summary.loc[0, "common_topics"] == ("research_innovation", "digital", "smes")
    assert summary.loc[0, "reasons"] == ("Research & innovation: P01, P02, P14", "Digital: P01, P03, P14",
                                         "SMEs & competitiveness: P02, P03")
    assert summary.loc[1, "reasons"][-1] == "P04 and P09 are both from EL: no cooperation action between them"


def test_seating_of_12_fictional_participants_equals_brute_force(fictional, fictional_pairs):
    codes = fictional.participants["code"].tolist()[:12]
    weights = {k: w for k, w in seating_weights(fictional_pairs).items() if k[0] in codes and k[1] in codes}
    for size, sizes in ((4, [4, 4, 4]), (5, [4, 4, 4]), (3, [3, 3, 3, 3])):
        assert table_sizes(12, size) == sizes
        got = seating_score(propose_seating(codes, weights, size), weights)
        assert got == brute_force_optimum(codes, weights, sizes)


@pytest.mark.parametrize("case", range(12))
def test_seating_equals_brute_force_on_random_small_cases(case):
    rng = random.Random(case)
    n, size = rng.choice([(7, 3), (8, 3), (9, 3), (10, 4), (10, 3)])
    codes = [f"P{i:02d}" for i in range(1, n + 1)]
    weights = {pair: rng.choice([0, 0, 1, 1, 2, 3]) for pair in itertools.combinations(codes, 2)}
    seating = propose_seating(codes, weights, size)
    sizes = table_sizes(n, size)
    assert sorted(list(seating.values()).count(t) for t in set(seating.values())) == sorted(sizes)
    assert seating_score(seating, weights) == brute_force_optimum(codes, weights, sizes)


def test_moving_a_person_changes_the_scores(fictional, fictional_pairs):
    codes = fictional.participants["code"].tolist()
    weights = seating_weights(fictional_pairs)
    seating = propose_seating(codes, weights, 4)
    moved = move(seating, "P14", 4)
    assert seating["P14"] == 1 and moved["P14"] == 4  # the original is unchanged
    summary = table_summary(moved, fictional.participants, fictional_pairs, weights)
    # P14 shared 2 topics with P01 and 1 each with P02, P03; nothing with table 4.
    assert summary[["table", "size", "score"]].values.tolist() == [[1, 3, 3], [2, 4, 6], [3, 4, 5], [4, 5, 2]]
    assert seating_score(moved, weights) == 16
    with pytest.raises(KeyError):
        move(seating, "P99", 1)


def test_deterministic_and_people_without_any_match_are_seated():
    codes = ["A", "B", "C", "D", "E"]
    weights = {("A", "B"): 2}
    first = propose_seating(codes, weights, 2)
    assert first == propose_seating(codes, weights, 2)
    assert sorted(first) == codes and first["A"] == first["B"]
    assert sorted(list(first.values()).count(t) for t in set(first.values())) == [1, 2, 2]
