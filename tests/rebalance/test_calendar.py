"""Calendar rules with pandas aliases and trading-day offsets: hand-checked dates, pandas anchors."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.core import ConfigError, DataError
from algofolio.rebalance import CalendarRule, DriftWindow
from tests.rebalance._windows import assert_causal, due_dates, history_of, window_after

# A US-style trading calendar: Christmas, New Year, MLK day (Jan 15), Presidents' day (Feb 19)
# and Good Friday (Mar 29, 2024) are closed.
HOLIDAYS = ["2023-12-25", "2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29"]
_business = pd.bdate_range("2023-12-20", "2024-04-10")
TRADING = _business[~_business.isin(pd.to_datetime(HOLIDAYS))]
HISTORY = history_of(TRADING)


def q1_due(rule: CalendarRule, last: str = "2023-12-21") -> list[str]:
    """Due dates after ``last`` (a trading day) over the calendar above."""
    return due_dates(rule, window_after(HISTORY, TRADING.get_loc(pd.Timestamp(last))))


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        # month ends: Sun Dec 31 -> Tue Jan 2 (Jan 1 closed); Sun Mar 31 -> Mon Apr 1
        ("ME", ["2024-01-02", "2024-01-31", "2024-02-29", "2024-04-01"]),
        # business month ends: Fri Dec 29; Good Friday Mar 29 is closed -> Mon Apr 1
        ("BME", ["2023-12-29", "2024-01-31", "2024-02-29", "2024-04-01"]),
        ("MS", ["2024-01-02", "2024-02-01", "2024-03-01", "2024-04-01"]),
        ("QS", ["2024-01-02", "2024-04-01"]),
        # the 15th and the month end: Mon Jan 15 is MLK day -> Tue Jan 16
        ("SME", ["2024-01-02", "2024-01-16", "2024-01-31", "2024-02-15", "2024-02-29",
                 "2024-03-15", "2024-04-01"]),
        # Fridays; Good Friday closed -> Mon Apr 1
        ("W-FRI", ["2023-12-22", "2023-12-29", "2024-01-05", "2024-01-12", "2024-01-19",
                   "2024-01-26", "2024-02-02", "2024-02-09", "2024-02-16", "2024-02-23",
                   "2024-03-01", "2024-03-08", "2024-03-15", "2024-03-22", "2024-04-01",
                   "2024-04-05"]),
    ],
)  # fmt: skip
def test_aliases_fire_on_the_first_trading_day_on_or_after_each_anchor(
    alias: str, expected: list[str]
) -> None:
    assert q1_due(CalendarRule(alias)) == expected
    # the anchors need no history when the alias is a single period and the offset is 0
    window = window_after(HISTORY, 1)
    bare = DriftWindow(window.dates, window.last_rebalance, window.weights, window.target, ("A",))
    assert due_dates(CalendarRule(alias), bare) == expected


def test_third_trading_day_of_each_month() -> None:
    # Jan: 2, 3, 4; Feb: 1, 2, 5; Mar: 1, 4, 5; Apr: 1, 2, 3 (December's third day is before the
    # history, which starts on Dec 20)
    rule = CalendarRule("monthly", offset=2)
    assert q1_due(rule) == ["2024-01-04", "2024-02-05", "2024-03-05", "2024-04-03"]
    assert rule.describe() == "monthly calendar (3rd trading day of each month)"


def test_offset_counts_days_before_the_window() -> None:
    # the last rebalance was on Jan 3, after January's first trading day: Jan 4 is still due
    assert q1_due(CalendarRule("monthly", offset=2), last="2024-01-03")[0] == "2024-01-04"
    assert q1_due(CalendarRule("MS", offset=2), last="2024-01-03")[0] == "2024-01-04"
    assert q1_due(CalendarRule("monthly", offset=2), last="2024-01-04")[0] == "2024-02-05"


def test_offset_after_friday_anchors() -> None:
    # the trading day after each Friday anchor; Dec 29 -> Tue Jan 2; Good Friday -> Apr 1 -> Apr 2
    due = q1_due(CalendarRule("W-FRI", offset=1))
    assert due[:3] == ["2023-12-26", "2024-01-02", "2024-01-08"]
    assert due[-2:] == ["2024-04-02", "2024-04-08"]


def test_multiples_count_from_the_first_date_of_the_history() -> None:
    # pandas: date_range("2023-12-20", freq="2MS") -> Jan 1, Mar 1; from Jan 20 -> Feb 1, Apr 1
    assert q1_due(CalendarRule("2MS")) == ["2024-01-02", "2024-03-01"]
    later = history_of(TRADING[TRADING >= "2024-01-20"])
    assert due_dates(CalendarRule("2MS"), window_after(later, 0)) == ["2024-02-01", "2024-04-01"]


def test_named_frequencies_keep_their_descriptions_and_aliases_have_theirs() -> None:
    assert (
        CalendarRule("monthly").describe() == "monthly calendar (first trading day of each month)"
    )
    assert CalendarRule("W-FRI", offset=1).describe() == (
        "'W-FRI' calendar (2nd trading day on or after each W-FRI anchor)"
    )
    assert CalendarRule("ME") == CalendarRule("ME")
    assert CalendarRule("ME") != CalendarRule("ME", offset=1)


@pytest.mark.parametrize(
    "rule",
    [CalendarRule("monthly", offset=1), CalendarRule("2MS"), CalendarRule("W-FRI", offset=3)],
)
def test_rules_that_need_the_trading_days_before_the_window_need_the_history(
    rule: CalendarRule,
) -> None:
    window = window_after(HISTORY, 5)
    bare = DriftWindow(window.dates, window.last_rebalance, window.weights, window.target, ("A",))
    with pytest.raises(ConfigError, match="CalendarRule") as info:
        rule.due(bare)
    assert info.value.key == "history"


def test_a_history_that_does_not_end_on_the_last_candidate_is_refused() -> None:
    window = window_after(HISTORY, 5)
    stale = DriftWindow(
        window.dates, window.last_rebalance, window.weights, window.target, ("A",),
        history=HISTORY.until(len(TRADING) - 2),
    )  # fmt: skip
    with pytest.raises(DataError, match="last candidate"):
        CalendarRule("monthly", offset=1).due(stale)


@pytest.mark.parametrize(
    ("frequency", "offset", "match"),
    [
        ("montly", 0, "'montly' is not one of 'daily'"),
        ("h", 0, "shorter than a day"),
        ("bh", 0, "shorter than a day"),
        ("-1MS", 0, "must move forward"),
        (5, 0, "not one of"),
        ("monthly", -1, "offset must be >= 0"),
        ("monthly", 1.5, "whole number"),
        ("monthly", True, "whole number"),
    ],
)
def test_invalid_calendars(frequency: object, offset: object, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        CalendarRule(frequency, offset=offset)  # type: ignore[arg-type]


# --- against pandas' own anchors on random trading calendars --------------------------------

ALIASES = ["D", "B", "W-MON", "W-FRI", "2W-WED", "ME", "MS", "BME", "BMS", "SME", "QS", "QE-NOV",
           "YS", "2MS", "3D"]  # fmt: skip
NAMED = {"daily": "D", "weekly": "W-MON", "monthly": "MS", "quarterly": "QS", "yearly": "YS"}


def random_calendar(seed: int) -> pd.DatetimeIndex:
    """About 1.5 years of weekdays from a random start, about 5% of them closed."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("1995-01-01") + pd.Timedelta(days=int(rng.integers(0, 12_000)))
    days = pd.bdate_range(start, periods=380)
    return days[rng.random(len(days)) > 0.05]


def pandas_due_rows(dates: pd.DatetimeIndex, alias: str, offset: int) -> set[int]:
    """Rows of the first trading day on or after each ``date_range(first date, last date)`` anchor,
    shifted by ``offset`` rows (one anchor at a time: the definition, written as a loop)."""
    rows = set()
    for anchor in pd.date_range(dates[0], dates[-1], freq=alias):
        row = int(dates.searchsorted(anchor, side="left")) + offset
        if row < len(dates):
            rows.add(row)
    return rows


@settings(max_examples=40)
@given(
    seed=st.integers(0, 2**32 - 1),
    alias=st.sampled_from(ALIASES + list(NAMED)),
    offset=st.sampled_from([0, 1, 4]),
    split=st.floats(0.0, 0.95),
)
def test_due_days_match_pandas_date_range_anchors(
    seed: int, alias: str, offset: int, split: float
) -> None:
    dates = random_calendar(seed)
    history = history_of(dates)
    last = int(split * (len(dates) - 1))
    expected = pandas_due_rows(dates, NAMED.get(alias, alias), offset)
    due = CalendarRule(alias, offset=offset).due(window_after(history, last))
    assert np.flatnonzero(due).tolist() == sorted(r - last - 1 for r in expected if r > last)


@settings(max_examples=15)
@given(seed=st.integers(0, 2**32 - 1), alias=st.sampled_from(["W-FRI", "2MS", "monthly"]))
def test_calendar_rules_are_causal(seed: int, alias: str) -> None:
    history = history_of(random_calendar(seed)[:120])
    weights = np.zeros((len(history.dates) - 31, 1))
    assert_causal(CalendarRule(alias, offset=3), history, 30, weights)


@pytest.mark.parametrize("alias", ["W-FRI", "2MS", "SME", "monthly", "BME"])
@pytest.mark.parametrize("offset", [0, 2])
def test_one_rule_walks_years_of_chunks_like_the_simulator(alias: str, offset: int) -> None:
    # the simulator asks chunk after chunk, starting after each due day; one rule object (and its
    # kept anchors) serves the whole walk, then a second calendar starting earlier
    rule = CalendarRule(alias, offset=offset)
    for seed, years in ((7, 6), (8, 3)):
        dates = pd.bdate_range(
            pd.Timestamp("2001-03-07") - pd.DateOffset(years=seed - 7), periods=260 * years
        )
        dates = dates[np.random.default_rng(seed).random(len(dates)) > 0.05]
        history = history_of(dates)
        found, last = [], 10
        while last < len(dates) - 1:
            stop = min(last + 37, len(dates) - 1)
            due = rule.due(window_after(history.until(stop), last))
            if due.any():
                last += 1 + int(np.argmax(due))
                found.append(last)
            else:
                last = stop
        expected = pandas_due_rows(dates, NAMED.get(alias, alias), offset)
        assert found == sorted(r for r in expected if r > 10)
