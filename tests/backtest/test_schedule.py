"""Fixed-schedule runs equal the general simulator, bit for bit.

The general path is forced by wrapping the calendar rule in ``AnyRule`` (the same trigger, but not
a ``CalendarRule``, so the run takes the chunked drift windows)."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.allocate import EqualWeight, FixedWeights
from algofolio.backtest import BacktestResult, Strategy, run_backtest
from algofolio.backtest.inputs import prepare_inputs
from algofolio.backtest.schedule import has_fixed_schedule
from algofolio.costs import PerShareCost, ProportionalCost
from algofolio.rebalance import AnyRule, CalendarRule, StrategicMix, ThresholdRule

from .conftest import random_prices

CALENDARS = [
    CalendarRule("daily"),
    CalendarRule("weekly"),
    CalendarRule("monthly"),
    CalendarRule("quarterly"),
    CalendarRule("W-FRI"),
    CalendarRule("2MS"),
    CalendarRule("monthly", offset=3),
]
TARGETS = [
    EqualWeight(),
    FixedWeights({"A0": 0.5, "A1": 0.3}),
    StrategicMix({"A0": 0.2, "A1": 0.2, "A2": 0.2, "A3": 0.3}),
]
COSTS = [ProportionalCost(bps=10), PerShareCost(per_share=0.01, minimum=1.0)]


def frames(result: BacktestResult) -> tuple[pd.Series | pd.DataFrame, ...]:
    return result.nav, result.weights, result.cash, result.trades, result.rebalances


@settings(max_examples=80, deadline=None)
@given(
    calendar=st.sampled_from(CALENDARS),
    target=st.sampled_from(TARGETS),
    costs=st.sampled_from(COSTS),
    whole=st.booleans(),
    window=st.sampled_from([None, 5, 40]),
    seed=st.integers(0, 10_000),
)
def test_a_fixed_schedule_run_is_the_general_run(
    calendar: CalendarRule,
    target: EqualWeight | FixedWeights | StrategicMix,
    costs: ProportionalCost | PerShareCost,
    whole: bool,
    window: int | None,
    seed: int,
) -> None:
    prices = random_prices(n_days=260, n_assets=4, seed=seed)
    fast = Strategy(
        name="s", allocator=target, rule=calendar, costs=costs, window=window, whole_shares=whole
    )
    general = Strategy(
        name="s",
        allocator=target,
        rule=AnyRule(calendar),
        costs=costs,
        window=window,
        whole_shares=whole,
    )
    inputs = prepare_inputs(prices)
    assert has_fixed_schedule(fast, fast.target, inputs)
    assert not has_fixed_schedule(general, general.target, inputs)
    ours = run_backtest(prices, fast, initial_value=1e5)
    theirs = run_backtest(prices, general, initial_value=1e5)
    for a, b in zip(frames(ours), frames(theirs), strict=True):
        if isinstance(a, pd.Series):
            pd.testing.assert_series_equal(a, b, check_exact=True)
        else:
            pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_what_does_not_qualify_takes_the_general_path() -> None:
    prices = random_prices(n_days=60, n_assets=3, seed=1)
    inputs = prepare_inputs(prices)
    base = {"name": "s", "allocator": EqualWeight(), "window": 5}
    band = Strategy(rule=ThresholdRule(0.05), **base)  # type: ignore[arg-type]
    assert not has_fixed_schedule(band, band.target, inputs)
    gappy = prices.copy()
    gappy.iloc[10, 1] = np.nan
    monthly = Strategy(rule=CalendarRule(), **base)  # type: ignore[arg-type]
    assert has_fixed_schedule(monthly, monthly.target, inputs)
    assert not has_fixed_schedule(monthly, monthly.target, prepare_inputs(gappy))
