"""Rebalance rules on hand-made calendars and drift paths."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from algofolio.core import ConfigError, DataError, RebalanceFrequency
from algofolio.rebalance import (
    AnyRule,
    CalendarRule,
    DriftWindow,
    RebalanceRule,
    ThresholdRule,
    drift_measure,
    period_numbers,
)


def calendar_window(dates: list[str], last: str) -> DriftWindow:
    index = pd.DatetimeIndex(dates)
    return DriftWindow(index, pd.Timestamp(last), np.zeros((len(index), 1)), np.zeros(1), ("A",))


def drift_window(weights: list[list[float]], target: list[float]) -> DriftWindow:
    w = np.array(weights)
    dates = pd.bdate_range("2024-03-04", periods=len(w))
    names = tuple(f"A{i}" for i in range(w.shape[1]))
    return DriftWindow(dates, pd.Timestamp("2024-03-01"), w, np.array(target), names)


# Around the new year 2024: Jan 1 is a holiday, so Jan 2 opens the month, quarter and year.
YEAR_END = ["2023-12-27", "2023-12-28", "2023-12-29", "2024-01-02", "2024-01-03", "2024-01-31",
            "2024-02-01", "2024-02-02", "2024-02-29", "2024-03-01", "2024-04-01"]  # fmt: skip


def due_dates(rule: RebalanceRule, window: DriftWindow) -> list[str]:
    return [f"{d:%Y-%m-%d}" for d in window.dates[rule.due(window)]]


def test_monthly_fires_on_first_trading_days_across_a_holiday() -> None:
    window = calendar_window(YEAR_END, last="2023-12-22")
    assert due_dates(CalendarRule("monthly"), window) == [
        "2024-01-02", "2024-02-01", "2024-03-01", "2024-04-01"
    ]  # fmt: skip


def test_first_candidate_compares_with_the_last_rebalance() -> None:
    # the last rebalance was in November: the first December candidate opens a new month
    window = calendar_window(YEAR_END, last="2023-11-30")
    assert due_dates(CalendarRule("monthly"), window)[0] == "2023-12-27"


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        ("quarterly", ["2024-01-02", "2024-04-01"]),
        ("yearly", ["2024-01-02"]),
        # weeks start on Monday: Tue Jan 2 (Monday a holiday), Wed Jan 31, Thu Feb 29, Mon Apr 1
        ("weekly", ["2024-01-02", "2024-01-31", "2024-02-29", "2024-04-01"]),
        ("daily", YEAR_END),
    ],
)
def test_other_frequencies(frequency: RebalanceFrequency, expected: list[str]) -> None:
    window = calendar_window(YEAR_END, last="2023-12-26")
    assert due_dates(CalendarRule(frequency), window) == expected


dates_strategy = st.lists(
    st.dates(
        min_value=pd.Timestamp("1990-01-01").date(), max_value=pd.Timestamp("2040-12-31").date()
    ),
    min_size=2,
    max_size=40,
    unique=True,
).map(sorted)

PANDAS_PERIOD = {"daily": "D", "weekly": "W-SUN", "monthly": "M", "quarterly": "Q", "yearly": "Y"}


@pytest.mark.parametrize("frequency", list(PANDAS_PERIOD))
@given(dates=dates_strategy)
def test_period_changes_match_pandas_periods(frequency: RebalanceFrequency, dates: list) -> None:
    index = pd.DatetimeIndex(dates)
    ours = np.diff(period_numbers(index.to_numpy(), frequency)) != 0
    reference = np.diff(index.to_period(PANDAS_PERIOD[frequency]).asi8) != 0
    np.testing.assert_array_equal(ours, reference)


def test_unknown_frequency_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'montly' is not one of"):
        CalendarRule("montly")  # type: ignore[arg-type]


def test_threshold_fires_on_the_day_the_band_is_crossed() -> None:
    # 50/50 target; A drifts 0.52, 0.54, 0.5625 (exactly on the band: not beyond), 0.5626, 0.54
    path = [[0.52, 0.48], [0.54, 0.46], [0.5625, 0.4375], [0.5626, 0.4374], [0.54, 0.46]]
    window = drift_window(path, [0.5, 0.5])
    assert ThresholdRule(0.0625).due(window).tolist() == [False, False, False, True, False]


def test_relative_drift_scales_by_the_target() -> None:
    # 90/10 target, weights 85/15: absolute drift 5 points, relative drift 50% of the small target
    window = drift_window([[0.85, 0.15]], [0.9, 0.1])
    assert not ThresholdRule(0.1).due(window)[0]
    assert ThresholdRule(0.25, kind="relative").due(window)[0]
    assert not ThresholdRule(0.6, kind="relative").due(window)[0]


def test_relative_drift_of_a_zero_target_is_absolute() -> None:
    np.testing.assert_allclose(
        drift_measure(np.array([0.7, 0.3]), np.array([1.0, 0.0]), "relative"), [0.3, 0.3]
    )


@pytest.mark.parametrize(
    ("threshold", "kind"),
    [(0.0, "absolute"), (1.0, "absolute"), (1.5, "absolute"), (-0.1, "relative"),
     (0.0, "relative"), (float("nan"), "absolute"), (float("inf"), "relative"), (True, "absolute")],
)  # fmt: skip
def test_invalid_thresholds(threshold: float, kind: str) -> None:
    with pytest.raises(ConfigError, match="threshold") as info:
        ThresholdRule(threshold, kind=kind)  # type: ignore[arg-type]
    assert info.value.key == "threshold"


def test_relative_thresholds_may_exceed_one() -> None:
    assert ThresholdRule(2.0, kind="relative").threshold == 2.0


def test_any_rule_is_calendar_or_band() -> None:
    path = [[0.5, 0.5], [0.6, 0.4], [0.5, 0.5]]
    window = drift_window(path, [0.5, 0.5])  # Mon 4 .. Wed 6 March 2024
    rule = AnyRule(CalendarRule("weekly"), ThresholdRule(0.05))
    assert rule.due(window).tolist() == [True, True, False]  # new week; then out of the band
    assert rule == AnyRule(CalendarRule("weekly"), ThresholdRule(0.05))
    assert (
        rule.describe()
        == f"{CalendarRule('weekly').describe()} or {ThresholdRule(0.05).describe()}"
    )
    with pytest.raises(ConfigError):
        AnyRule()
    with pytest.raises(ConfigError):
        AnyRule("monthly")  # type: ignore[arg-type]


def test_rules_are_frozen_and_satisfy_the_protocol() -> None:
    rules = [CalendarRule(), ThresholdRule(0.05), AnyRule(CalendarRule())]
    assert all(isinstance(rule, RebalanceRule) for rule in rules)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules[1].threshold = 0.1  # type: ignore[misc]


def test_descriptions_are_plain_words() -> None:
    assert CalendarRule("quarterly").describe() == (
        "quarterly calendar (first trading day of each quarter)"
    )
    assert ThresholdRule(0.05).describe() == (
        "absolute drift band (any weight more than 5% from its target)"
    )
    assert ThresholdRule(0.25, "relative").describe() == (
        "relative drift band (any weight more than 25% of its target away from it)"
    )


def test_window_shapes_must_agree() -> None:
    with pytest.raises(DataError, match="do not match"):
        DriftWindow(
            pd.bdate_range("2024-01-01", periods=2),
            pd.Timestamp("2023-12-29"),
            np.zeros((3, 1)),
            np.zeros(1),
            ("A",),
        )
