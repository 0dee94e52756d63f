"""No look-ahead: changing prices after t changes nothing the backtest recorded up to t."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.allocate import Allocator, EqualWeight, FixedWeights, InverseVolatility
from algofolio.backtest import BacktestResult, Strategy, run_backtest
from algofolio.costs import ProportionalCost
from algofolio.rebalance import CalendarRule, RebalanceRule, ThresholdRule

from .conftest import random_prices

ALLOCATORS = [EqualWeight(), InverseVolatility(), FixedWeights({"A0": 0.5, "A1": 0.3})]
RULES = [CalendarRule("monthly"), ThresholdRule(0.03)]


def until(result: BacktestResult, t: pd.Timestamp) -> tuple:
    return (
        result.nav.loc[:t],
        result.weights.loc[:t],
        result.cash.loc[:t],
        result.trades[result.trades["date"] <= t].reset_index(drop=True),
        result.rebalances.loc[:t],
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.describe().split(" (")[0])
@pytest.mark.parametrize("allocator", ALLOCATORS, ids=lambda a: type(a).__name__)
@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), cut=st.integers(30, 199))
def test_prices_after_t_do_not_change_the_past(
    allocator: Allocator, rule: RebalanceRule, seed: int, cut: int
) -> None:
    prices = random_prices(n_days=200, n_assets=4, seed=seed % 10_000)
    prices.iloc[:40, 3] = np.nan  # A3 is listed later: eligibility must not peek ahead either
    t = prices.index[cut]
    rng = np.random.default_rng(seed)
    shocked = prices.copy()
    shocked.iloc[cut + 1 :] *= rng.uniform(0.5, 1.5, size=shocked.iloc[cut + 1 :].shape)
    strategy = Strategy(
        name="s", allocator=allocator, rule=rule, costs=ProportionalCost(10), window=20
    )
    original = run_backtest(prices, strategy)
    perturbed = run_backtest(shocked, strategy)
    for ours, theirs in zip(until(original, t), until(perturbed, t), strict=True):
        if isinstance(ours, pd.Series):
            pd.testing.assert_series_equal(ours, theirs, check_exact=True)
        else:
            pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
