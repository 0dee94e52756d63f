"""Drift bands per asset and for the whole portfolio, on hand-made drift paths."""

import copy
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from algofolio.core import ConfigError, DataError
from algofolio.rebalance import DriftWindow, ThresholdRule


def drift_window(
    weights: list[list[float]], target: list[float], names: str = "ABC"
) -> DriftWindow:
    w = np.array(weights)
    dates = pd.bdate_range("2024-03-04", periods=len(w))
    return DriftWindow(
        dates, pd.Timestamp("2024-03-01"), w, np.array(target), tuple(names[: w.shape[1]])
    )


TARGET = [0.5, 0.3, 0.2]
# drifts per day: A -0.04 -0.06 +0.01; B +0.02 +0.02 +0.07; C +0.02 +0.04 -0.08
PATH = [[0.46, 0.32, 0.22], [0.44, 0.32, 0.24], [0.51, 0.37, 0.12]]


def test_a_band_per_asset() -> None:
    window = drift_window(PATH, TARGET)
    # A's band 5 points, B's 10, C's 3: day 1 C (+0.04 > 0.03) and A (0.06 > 0.05); day 2 C (0.08)
    rule = ThresholdRule({"A": 0.05, "B": 0.10, "C": 0.03})
    assert rule.due(window).tolist() == [False, True, True]
    # the same bands as an array in the window's order; wide bands on C: only A on day 1
    assert ThresholdRule([0.05, 0.10, 0.03]).due(window).tolist() == [False, True, True]
    assert ThresholdRule({"A": 0.05, "B": 0.10, "C": 0.09}).due(window).tolist() == [
        False, True, False
    ]  # fmt: skip


def test_relative_bands_per_asset() -> None:
    # relative drifts: A 0.08 0.12 0.02; B 0.0667 0.0667 0.2333; C 0.1 0.2 0.4
    window = drift_window(PATH, TARGET)
    rule = ThresholdRule({"A": 0.1, "B": 0.25, "C": 0.5}, kind="relative")
    assert rule.due(window).tolist() == [False, True, False]


def test_portfolio_band_is_the_one_way_distance() -> None:
    # sum |w - w*| / 2: day 0 (0.04 + 0.02 + 0.02) / 2 = 0.04; day 1 0.06; day 2 0.08
    window = drift_window(PATH, TARGET)
    assert ThresholdRule(0.05, scope="portfolio").due(window).tolist() == [False, True, True]
    assert ThresholdRule(0.07, scope="portfolio").due(window).tolist() == [False, False, True]
    # with cash: weights sum to 0.9 against a full target; the cash is not counted
    cash = drift_window([[0.45, 0.27, 0.18]], TARGET)
    assert ThresholdRule(0.049, scope="portfolio").due(cash).tolist() == [True]  # 0.05
    assert ThresholdRule(0.051, scope="portfolio").due(cash).tolist() == [False]


def test_missing_and_misaligned_bands() -> None:
    window = drift_window(PATH, TARGET)
    with pytest.raises(DataError, match="no band for 'C'") as info:
        ThresholdRule({"A": 0.05, "B": 0.1}).due(window)
    assert info.value.asset == "C"
    with pytest.raises(DataError, match="2 bands for 3 assets"):
        ThresholdRule([0.05, 0.1]).due(window)


@pytest.mark.parametrize(
    ("threshold", "kwargs", "match"),
    [
        ({"A": 0.05, "B": 1.5}, {}, "threshold of 'B'"),
        ({"A": -0.1}, {"kind": "relative"}, "threshold of 'A'"),
        ([0.05, float("nan")], {}, r"threshold\[1\]"),
        ({}, {}, "empty"),
        (0.05, {"scope": "everything"}, "scope"),
        (0.05, {"scope": "portfolio", "kind": "relative"}, "one absolute threshold"),
        ({"A": 0.05}, {"scope": "portfolio"}, "one absolute threshold"),
        (1.0, {"scope": "portfolio"}, "threshold"),
    ],
)
def test_invalid_bands(threshold: object, kwargs: dict, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        ThresholdRule(threshold, **kwargs)  # type: ignore[arg-type]


def test_bands_are_read_only_and_described() -> None:
    rule = ThresholdRule({"A": 0.05, "B": 0.1})
    with pytest.raises(TypeError):
        rule.threshold["A"] = 0.5  # type: ignore[index]
    assert rule == ThresholdRule({"B": 0.1, "A": 0.05})
    assert rule.describe() == "absolute drift bands per asset (2 bands; any asset beyond its own)"
    assert ThresholdRule(0.05, scope="portfolio").describe() == (
        "portfolio drift band (sum |w - w*| / 2 more than 5%)"
    )


drift_paths = st.integers(1, 6).flatmap(
    lambda k: st.tuples(
        hnp.arrays(float, (5, k), elements=st.floats(0, 1)),
        hnp.arrays(float, (k,), elements=st.floats(0, 1)),
        st.floats(0.001, 0.999),
    )
)


@given(case=drift_paths)
def test_equal_bands_per_asset_are_the_single_band(case: tuple) -> None:
    weights, target, band = case
    window = drift_window(weights.tolist(), target.tolist(), names="ABCDEF")
    single = ThresholdRule(band).due(window)
    mapped = ThresholdRule(dict.fromkeys(window.assets, band)).due(window)
    assert single.tolist() == mapped.tolist()
    # and, independently, any |w - w*| beyond the band, day by day
    expected = [any(abs(w - t) > band for w, t in zip(day, target, strict=True)) for day in weights]
    assert single.tolist() == expected


@given(case=drift_paths)
def test_portfolio_band_matches_a_loop_over_days(case: tuple) -> None:
    weights, target, band = case
    window = drift_window(weights.tolist(), target.tolist(), names="ABCDEF")
    expected = [
        sum(abs(w - t) for w, t in zip(day, target, strict=True)) / 2 > band for day in weights
    ]
    assert ThresholdRule(band, scope="portfolio").due(window).tolist() == expected


def test_rules_with_bands_copy_and_pickle() -> None:
    for rule in (ThresholdRule({"A": 0.05, "B": 0.1}), ThresholdRule([0.05, 0.1])):
        assert copy.deepcopy(rule) == rule
        assert pickle.loads(pickle.dumps(rule)) == rule
        assert hash(rule) == hash(copy.deepcopy(rule))
