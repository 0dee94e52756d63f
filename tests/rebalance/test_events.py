"""Volatility and signal triggers: hand-computed crossings, a pandas rolling reference, causality."""

import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.core import ConfigError, DataError
from algofolio.core.history import MarketHistory
from algofolio.rebalance import AnyRule, CalendarRule, DriftWindow, RebalanceRule
from algofolio.rebalance.events import SignalTrigger, VolatilityTrigger
from algofolio.rebalance.rules import AllRule
from tests.rebalance._windows import assert_causal, due_dates, history_of, window_after

# --- volatility ---------------------------------------------------------------------------------

# One asset; returns by row: -, 0, 0, 0, +2%, -2%, 0, 0, 0 (prices 100 ... 102, 99.96, ...)
STEP_RETURNS = [0.0, 0.0, 0.0, 0.02, -0.02, 0.0, 0.0, 0.0]
STEP_PRICES = 100.0 * np.cumprod([1.0, *(1 + r for r in STEP_RETURNS)])[:, None]
STEP = history_of(pd.bdate_range("2024-01-01", periods=9), STEP_PRICES)


def test_volatility_crossings_by_hand() -> None:
    # window 2, no annualisation: the volatility of rows (c-1, c) is |r_{c-1} - r_c| / sqrt(2):
    # rows 4..8: 0.0141, 0.0283, 0.0141, 0, 0; "before" (rows c-2, c-1) is the previous row's value
    window = window_after(STEP, 1, weights=np.ones((7, 1)))  # candidates: rows 2..8
    up = VolatilityTrigger(threshold=0.02, window=2, periods_per_year=1)
    down = VolatilityTrigger(threshold=0.02, window=2, periods_per_year=1, direction="down")
    either = VolatilityTrigger(threshold=0.02, window=2, periods_per_year=1, direction="either")
    assert due_dates(up, window) == ["2024-01-08"]  # row 5: 0.0141 -> 0.0283
    assert due_dates(down, window) == ["2024-01-09"]  # row 6: 0.0283 -> 0.0141
    assert due_dates(either, window) == ["2024-01-08", "2024-01-09"]
    # the level 0.01 is crossed upwards on row 4 (0 -> 0.0141); annualised: 0.01 * sqrt(252)
    low = VolatilityTrigger(threshold=0.01 * np.sqrt(252), window=2)
    assert due_dates(low, window) == ["2024-01-05"]


def test_not_due_without_a_full_window_or_with_no_holding() -> None:
    window = window_after(STEP, 0, weights=np.ones((8, 1)))  # candidates: rows 1..8
    # row c needs returns on rows c-4 .. c, all >= 1: rows 5.. only. Row 5: before = std(0, 0, 0,
    # 0.02) = 0.01, now = std(0, 0, 0.02, -0.02) = 0.0163. Row 4 would cross 0.005 (0 -> 0.01) if
    # its missing first return counted as 0
    assert due_dates(VolatilityTrigger(threshold=0.005, window=4, periods_per_year=1), window) == []
    rule = VolatilityTrigger(threshold=0.012, window=4, periods_per_year=1)
    assert due_dates(rule, window) == ["2024-01-08"]
    cash = window_after(STEP, 0, weights=np.zeros((8, 1)))  # all in cash: volatility 0
    assert not rule.due(cash).any()


def test_asset_volatility_ignores_the_weights() -> None:
    prices = np.hstack([STEP_PRICES, np.full((9, 1), 50.0)])
    history = history_of(pd.bdate_range("2024-01-01", periods=9), prices)  # A0 steps, A1 flat
    window = window_after(history, 1, weights=np.tile([0.0, 1.0], (7, 1)))
    rule = VolatilityTrigger(threshold=0.02, window=2, periods_per_year=1, asset="A0")
    assert due_dates(rule, window) == ["2024-01-08"]
    portfolio = VolatilityTrigger(threshold=0.02, window=2, periods_per_year=1)
    assert not portfolio.due(window).any()  # the portfolio holds only the flat asset


def market(seed: int, n_days: int = 90, k: int = 4) -> MarketHistory:
    rng = np.random.default_rng(seed)
    vol = np.where(np.arange(n_days) % 30 < 15, 0.005, 0.03)[:, None]  # calm and wild spells
    returns = rng.standard_normal((n_days, k)) * vol
    prices = 100 * np.cumprod(1 + returns, axis=0)
    prices[:5, 0] = np.nan  # A0 lists late
    return history_of(pd.bdate_range("2023-06-01", periods=n_days), prices)


def drifting_weights(seed: int, n: int, k: int) -> np.ndarray:
    rng = np.random.default_rng(seed + 1)
    weights = rng.dirichlet(np.ones(k + 1), size=n)[:, :k]  # some cash
    weights[rng.random((n, k)) < 0.2] = 0.0
    return weights


def rolling_reference(
    history: MarketHistory, last: int, weights: np.ndarray, rule: VolatilityTrigger
) -> list[bool]:
    """One candidate at a time: the portfolio's returns with the candidate's weights, pandas'
    rolling std, the crossing of the level."""
    frame = pd.DataFrame(history.returns, columns=list(history.assets))
    due = []
    for i, w in enumerate(weights):
        row = last + 1 + i
        block = frame.iloc[row - rule.window : row + 1]
        held = block.loc[:, w != 0]
        if row - rule.window < 1 or held.isna().to_numpy().any():
            due.append(False)
            continue
        path = held @ w[w != 0]
        vol = path.rolling(rule.window).std() * np.sqrt(rule.periods_per_year)
        before, now = vol.iloc[-2], vol.iloc[-1]
        due.append(bool(before <= rule.threshold < now))
    return due


@settings(max_examples=25)
@given(seed=st.integers(0, 2**32 - 1), window=st.integers(2, 25), split=st.integers(0, 60))
def test_portfolio_volatility_matches_pandas_rolling_std(
    seed: int, window: int, split: int
) -> None:
    history = market(seed)
    n = len(history.dates) - split - 1
    weights = drifting_weights(seed, n, len(history.assets))
    rule = VolatilityTrigger(threshold=0.2, window=window)
    due = rule.due(window_after(history, split, weights))
    assert due.tolist() == rolling_reference(history, split, weights, rule)


@settings(max_examples=10)
@given(seed=st.integers(0, 2**32 - 1), direction=st.sampled_from(["up", "down", "either"]))
def test_volatility_trigger_is_causal(seed: int, direction: str) -> None:
    history = market(seed, n_days=70)
    weights = drifting_weights(seed, 70 - 26, len(history.assets))
    rule = VolatilityTrigger(threshold=0.25, window=10, direction=direction)  # type: ignore[arg-type]
    assert_causal(rule, history, 25, weights)


def test_volatility_needs_the_history_and_known_assets() -> None:
    window = window_after(STEP, 1, weights=np.ones((7, 1)))
    bare = DriftWindow(window.dates, window.last_rebalance, window.weights, window.target, ("A",))
    with pytest.raises(ConfigError, match="VolatilityTrigger reads market data") as info:
        VolatilityTrigger(threshold=0.2).due(bare)
    assert info.value.key == "history"
    with pytest.raises(ConfigError, match="'SPY' is not an asset") as info:
        VolatilityTrigger(threshold=0.2, asset="SPY").due(window)
    assert info.value.key == "asset"


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"threshold": 0.0}, "threshold"),
        ({"threshold": float("inf")}, "threshold"),
        ({"threshold": 0.2, "window": 1}, "window"),
        ({"threshold": 0.2, "window": 2.5}, "window"),
        ({"threshold": 0.2, "direction": "sideways"}, "direction"),
        ({"threshold": 0.2, "periods_per_year": 0}, "periods_per_year"),
        ({"threshold": 0.2, "asset": 3}, "asset"),
    ],
)
def test_invalid_volatility_triggers(kwargs: dict, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        VolatilityTrigger(**kwargs)
    assert info.value.key == key


def test_window_assets_must_follow_the_history_order() -> None:
    history = market(0, n_days=40)
    window = window_after(history, 30, drifting_weights(0, 9, 4))
    shuffled = DriftWindow(
        window.dates, window.last_rebalance, window.weights[:, :2], window.target[:2],
        ("A2", "A1"), history=history,
    )  # fmt: skip
    with pytest.raises(DataError, match="history's order"):
        VolatilityTrigger(threshold=0.2, window=5).due(shuffled)
    subset = DriftWindow(
        window.dates, window.last_rebalance, window.weights[:, [1, 3]], window.target[:2],
        ("A1", "A3"), history=history,
    )  # fmt: skip
    full = window.weights.copy()
    full[:, [0, 2]] = 0.0
    everything = DriftWindow(window.dates, window.last_rebalance, full, window.target,
                             history.assets, history=history)  # fmt: skip
    rule = VolatilityTrigger(threshold=0.1, window=5, direction="either")
    assert rule.due(subset).tolist() == rule.due(everything).tolist()


# --- signals ----------------------------------------------------------------------------------

DAYS = pd.DatetimeIndex(["2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09", "2024-01-10"])


def signal_window(last: str = "2024-01-03") -> DriftWindow:
    days = DAYS[last < DAYS]
    return DriftWindow(days, pd.Timestamp(last), np.zeros((len(days), 1)), np.zeros(1), ("A",))


def test_signal_fires_on_the_first_trading_day_on_or_after_each_event() -> None:
    events = pd.Series(
        [True, True, False, True, True, True],
        index=pd.DatetimeIndex(["2024-01-02", "2024-01-05", "2024-01-08", "2024-01-06",
                                "2024-01-07", "2024-01-10"]),
    )  # fmt: skip
    # Jan 2 is before the window; Jan 5 on a candidate; Sat 6 and Sun 7 both fire Mon 8 (once);
    # the False on Jan 8 does not cancel them; Jan 10 on the last candidate
    assert due_dates(SignalTrigger(events), signal_window()) == [
        "2024-01-05",
        "2024-01-08",
        "2024-01-10",
    ]
    # an event on the last rebalance day is behind the window
    assert due_dates(SignalTrigger(events), signal_window(last="2024-01-05")) == [
        "2024-01-08", "2024-01-10"
    ]  # fmt: skip


def test_signal_frames_fire_when_any_column_is_true() -> None:
    frame = pd.DataFrame(
        {"cpi": [False, True, False], "fomc": [True, False, False]},
        index=pd.DatetimeIndex(["2024-01-04", "2024-01-09", "2024-01-10"]),
    )
    trigger = SignalTrigger(frame, name="macro")
    assert due_dates(trigger, signal_window()) == ["2024-01-04", "2024-01-09"]
    assert trigger.event_dates.strftime("%Y-%m-%d").tolist() == ["2024-01-04", "2024-01-09"]
    assert (
        trigger.describe() == "macro events (first trading day on or after each of 2 event dates)"
    )
    assert trigger == SignalTrigger(frame, name="macro")
    assert trigger != SignalTrigger(frame["cpi"], name="macro")
    assert isinstance(trigger, RebalanceRule)


@pytest.mark.parametrize(
    "events",
    [
        pd.Series([1.0, 0.0], index=pd.DatetimeIndex(["2024-01-04", "2024-01-05"])),
        pd.Series(
            [True, None], index=pd.DatetimeIndex(["2024-01-04", "2024-01-05"]), dtype="boolean"
        ),
        pd.Series([True], index=pd.DatetimeIndex(["2024-01-04"], tz="UTC")),
        pd.Series([True], index=[3]),
        [True, False],
    ],
)
def test_invalid_signals(events: object) -> None:
    with pytest.raises(ConfigError) as info:
        SignalTrigger(events)  # type: ignore[arg-type]
    assert info.value.key == "SignalTrigger.events"


@settings(max_examples=20)
@given(
    flags=st.lists(st.booleans(), min_size=60, max_size=60),
    split=st.integers(0, 50),
)
def test_signal_trigger_is_causal_and_matches_a_day_by_day_scan(flags: list, split: int) -> None:
    calendar = pd.bdate_range("2024-01-01", periods=60)
    history = history_of(calendar)
    events = pd.Series(flags, index=pd.date_range("2023-12-31", periods=60, freq="D"))
    trigger = SignalTrigger(events)
    window = window_after(history, split)
    # day by day: some event in (previous trading day, day]
    expected = [
        bool(events[(events.index > calendar[r - 1]) & (events.index <= calendar[r])].any())
        for r in range(split + 1, 60)
    ]
    assert trigger.due(window).tolist() == expected
    assert_causal(trigger, history, split, np.zeros((60 - split - 1, 1)))


def test_all_rule_needs_every_rule() -> None:
    events = pd.Series(True, index=DAYS[[1, 2]])  # Jan 5 and Jan 8
    rule = AllRule(CalendarRule("weekly"), SignalTrigger(events))
    assert due_dates(rule, signal_window()) == ["2024-01-08"]  # a new week and an event
    assert due_dates(AnyRule(CalendarRule("weekly"), SignalTrigger(events)), signal_window()) == [
        "2024-01-05", "2024-01-08"
    ]  # fmt: skip
    with pytest.raises(ConfigError):
        AllRule()
    with pytest.raises(ConfigError, match="AllRule"):
        AllRule("weekly")  # type: ignore[arg-type]


def test_triggers_answer_an_empty_window_and_copy() -> None:
    history = market(3, n_days=30)
    empty = DriftWindow(
        pd.DatetimeIndex([]), history.dates[-1], np.zeros((0, 4)), np.zeros(4), history.assets,
        history=history,
    )  # fmt: skip
    events = pd.Series(True, index=history.dates[::5])
    triggers = [VolatilityTrigger(threshold=0.2), SignalTrigger(events), CalendarRule("W-FRI", 2)]
    for trigger in triggers:
        assert trigger.due(empty).shape == (0,)
        assert pickle.loads(pickle.dumps(trigger)) == trigger
