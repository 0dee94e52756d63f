"""Cost models, financing and whole shares through the simulator, against hand computations."""

import numpy as np
import pandas as pd
import pytest

from algofolio.allocate import FixedWeights
from algofolio.backtest import Strategy, run_backtest
from algofolio.core import ConfigError, EstimationError
from algofolio.core.history import MarketHistory
from algofolio.costs import Financing, PerShareCost, ProportionalCost, SquareRootImpact
from algofolio.rebalance import CalendarRule

from .conftest import NeverRule, random_prices


class LongShort:
    """130/30 on two assets: a fixed long-short target (for the borrow cost)."""

    window = 2

    def weights(self, history: MarketHistory, current: np.ndarray) -> np.ndarray:
        return np.array([1.3, -0.3])

    def describe(self) -> str:
        return "130/30"


def test_cash_earns_the_financing_rate_day_by_day() -> None:
    prices = random_prices(n_days=120, n_assets=2, seed=3)
    strategy = Strategy(
        name="s",
        allocator=FixedWeights({"A0": 0.5}),
        rule=NeverRule(),
        window=2,
        financing=Financing(cash_rate=0.05),
    )
    result = run_backtest(prices, strategy, initial_value=100.0)
    days = result.cash.index.to_series().diff().dt.days.fillna(0).to_numpy()
    expected = 50.0 * np.cumprod(1 + 0.05 * days / 365)  # ACT/365, compounding daily
    np.testing.assert_allclose(result.cash.to_numpy(), expected, rtol=1e-13)


def test_shorts_pay_borrow_on_their_market_value() -> None:
    prices = random_prices(n_days=60, n_assets=2, seed=5)
    strategy = Strategy(
        name="s",
        allocator=LongShort(),
        rule=NeverRule(),
        shorts=True,
        financing=Financing(borrow_rate=0.02),
    )
    result = run_backtest(prices, strategy, initial_value=100.0)
    shares = result.trades.set_index("asset")["shares"]
    assert shares["A1"] < 0
    cash = [result.cash.iloc[0]]
    for i in range(1, len(result.cash)):  # an explicit loop: the fee on |short value| each day
        day = result.cash.index[i]
        dt = (day - result.cash.index[i - 1]).days / 365
        cash.append(cash[-1] - 0.02 * dt * abs(shares["A1"] * prices.loc[day, "A1"]))
    np.testing.assert_allclose(result.cash.to_numpy(), cash, rtol=1e-12)


def test_long_short_targets_need_shorts_enabled() -> None:
    prices = random_prices(n_days=30, n_assets=2, seed=5)
    strategy = Strategy(name="s", allocator=LongShort(), rule=NeverRule())
    with pytest.raises(EstimationError, match=r"'A1' the weight -0\.3"):
        run_backtest(prices, strategy)


def test_per_share_commissions_on_whole_shares() -> None:
    prices = random_prices(n_days=80, n_assets=3, seed=6)
    strategy = Strategy(
        name="s",
        allocator=FixedWeights({"A0": 0.5, "A1": 0.3, "A2": 0.2}),
        rule=CalendarRule("monthly"),
        costs=PerShareCost(per_share=0.005, minimum=1.0),
        window=5,
        whole_shares=True,
    )
    result = run_backtest(prices, strategy, initial_value=100_000.0)
    trades = result.trades
    assert (trades["shares"] == trades["shares"].round()).all()
    expected = np.maximum(0.005 * trades["shares"].abs(), 1.0)
    np.testing.assert_allclose(trades["cost"].to_numpy(), expected.to_numpy(), rtol=1e-12)
    assert (result.cash >= 0).all()


def test_square_root_impact_reads_average_volume_and_volatility() -> None:
    prices = random_prices(n_days=80, n_assets=2, seed=7)
    volumes = pd.DataFrame(
        np.random.default_rng(7).uniform(1e4, 5e4, prices.shape),
        index=prices.index,
        columns=prices.columns,
    )
    costs = SquareRootImpact(coefficient=0.5) + ProportionalCost(bps=1)
    strategy = Strategy(
        name="s",
        allocator=FixedWeights({"A0": 0.6, "A1": 0.4}),
        rule=CalendarRule("monthly"),
        costs=costs,
        window=30,
    )
    with pytest.raises(ConfigError, match="volumes"):
        run_backtest(prices, strategy, initial_value=1e6)
    result = run_backtest(prices, strategy, initial_value=1e6, volumes=volumes)
    adv = volumes.rolling(21).mean()
    sigma = prices.pct_change().rolling(21).std()
    for _, trade in result.trades.iterrows():
        day, asset, value = trade["date"], trade["asset"], abs(trade["value"])
        impact = (
            0.5
            * sigma.loc[day, asset]
            * value
            * np.sqrt(value / (trade["price"] * adv.loc[day, asset]))
        )
        assert trade["cost"] == pytest.approx(impact + 1e-4 * value, rel=1e-9)
