"""coopdata.ui.data.shared: results kept per distinct arguments, the oldest dropped, made once."""

import threading
import time

import pytest

from coopdata.ui import data


def test_results_are_kept_per_arguments_and_the_least_recently_used_dropped():
    calls = []

    @data.shared(max_entries=2)
    def double(x):
        calls.append(x)
        return 2 * x

    assert [double(1), double(2), double(1)] == [2, 4, 2] and calls == [1, 2]
    double(3)  # three kept at most two: 2, used least recently, goes
    assert [double(1), double(3), double(2)] == [2, 6, 4] and calls == [1, 2, 3, 2]
    double.clear()
    double(1)
    assert calls == [1, 2, 3, 2, 1]


def test_equal_values_of_other_types_are_other_arguments():
    @data.shared(max_entries=4)
    def kind(x):
        return type(x).__name__

    assert [kind(1), kind(True), kind(1.0)] == ["int", "bool", "float"]  # 1 == True == 1.0 in Python


def test_a_value_asked_for_by_two_sessions_at_once_is_made_once():
    calls = []

    @data.shared(max_entries=4)
    def slow(x):
        calls.append(x)
        time.sleep(0.2)
        return x

    threads = [threading.Thread(target=slow, args=("same",)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == ["same"]


def test_a_failure_is_not_kept():
    calls = []

    @data.shared(max_entries=4)
    def fails_once(x):
        calls.append(x)
        if len(calls) == 1:
            raise ValueError("first call fails")
        return x

    with pytest.raises(ValueError):
        fails_once("a")
    assert fails_once("a") == "a" and calls == ["a", "a"]
