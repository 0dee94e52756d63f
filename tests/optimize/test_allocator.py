"""``MeanVariance`` as an allocator: same weights as the function on pandas moments, fitted from
returns or a distribution, cloneable, accepted by the backtest."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from algofolio.allocate import Allocator
from algofolio.backtest import Strategy, run_backtest
from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import DataError
from algofolio.datasets import load_sp500_prices
from algofolio.optimize import (
    Bounds,
    Budget,
    MaxSharpe,
    MeanVariance,
    MinVariance,
    PortfolioProblem,
    optimize_portfolio,
)
from algofolio.rebalance import CalendarRule


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    return load_sp500_prices().iloc[-600:].pct_change().iloc[1:]


def test_fit_on_returns_uses_the_sample_moments(returns: pd.DataFrame) -> None:
    objective, constraints = MaxSharpe(risk_free_rate=0.02), (Budget(), Bounds(upper=0.25))
    model = MeanVariance(objective, constraints).fit(returns)
    problem = PortfolioProblem(
        assets=tuple(returns.columns),
        mu=returns.mean().to_numpy(),
        Sigma=returns.cov().to_numpy(),
        periods_per_year=252.0,  # inferred from the business-day index
    )
    expected = optimize_portfolio(problem, objective, constraints)
    pd.testing.assert_series_equal(model.weights_, expected.weights, atol=1e-9)
    assert model.result_.sharpe == pytest.approx(expected.sharpe, rel=1e-9)


def test_fit_on_a_distribution(returns: pd.DataFrame) -> None:
    distribution = ReturnDistribution(
        assets=tuple(returns.columns),
        mu=returns.mean().to_numpy(),
        covariance=returns.cov().to_numpy(),
        periods_per_year=252.0,
    )
    from_distribution = MeanVariance().fit(distribution).weights_
    from_returns = MeanVariance().fit(returns).weights_
    pd.testing.assert_series_equal(from_distribution, from_returns, atol=1e-9)


def test_default_is_long_only_min_variance(returns: pd.DataFrame) -> None:
    weights = MeanVariance().fit(returns).weights_
    problem = PortfolioProblem(
        assets=tuple(returns.columns),
        mu=returns.mean().to_numpy(),
        Sigma=returns.cov().to_numpy(),
        periods_per_year=252.0,
    )
    expected = optimize_portfolio(problem, MinVariance(), (Budget(), Bounds())).weights
    pd.testing.assert_series_equal(weights, expected, atol=1e-9)


def test_fit_rejects_other_inputs() -> None:
    with pytest.raises(DataError, match="needs a returns DataFrame or a return distribution"):
        MeanVariance().fit(np.zeros((3, 2)))  # type: ignore[arg-type]


def test_is_a_cloneable_allocator_the_backtest_runs(returns: pd.DataFrame) -> None:
    model = MeanVariance(MaxSharpe(risk_free_rate=0.01), (Budget(), Bounds(upper=0.3)))
    assert isinstance(model, Allocator)
    assert clone(model).get_params() == model.get_params()
    prices = load_sp500_prices().iloc[-300:]
    strategy = Strategy(
        name="max Sharpe", allocator=model, rule=CalendarRule("quarterly"), window=120
    )
    result = run_backtest(prices, strategy, initial_value=1_000_000.0)
    day = result.rebalances.index[0]
    window = prices.loc[:day].pct_change().iloc[-120:]  # the trailing window ending on the day
    expected = clone(model).fit(window).weights_
    held = result.weights.loc[day].reindex(expected.index)
    np.testing.assert_allclose(held.to_numpy(), expected.to_numpy(), atol=1e-6)
