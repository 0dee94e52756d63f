"""The demo, checked against independent computations on the bundled data."""

from __future__ import annotations

import empyrical
import numpy as np
import pandas as pd
import pytest

from algofolio.datasets import load_sp500_index, load_sp500_prices
from algofolio.workflows import Comparison
from algofolio.workflows.demo import STRATEGIC_MIX
from tests.workflows._demo import demo_comparison

INITIAL = 1_000_000.0
COST_RATE = 10 / 10_000


@pytest.fixture(scope="module")
def demo() -> Comparison:
    return demo_comparison()


@pytest.fixture(scope="module")
def index_returns(demo: Comparison) -> pd.Series:
    start = demo.results[0].nav.index[0]
    return load_sp500_index()["SP500"].loc[start:].pct_change().iloc[1:]


def test_strategies_and_benchmark_share_dates(demo: Comparison) -> None:
    strategic, inverse = demo.results
    assert [r.name for r in demo.results] == ["Strategic 60/30/10", "Inverse volatility"]
    assert strategic.nav.index.equals(inverse.nav.index)
    assert demo.benchmark is not None
    assert demo.benchmark.index.equals(strategic.nav.index)
    # 252 returns of history for the inverse-volatility window: the 253rd price date
    prices = load_sp500_prices()
    assert strategic.nav.index[0] == prices.index[252]
    assert strategic.nav.index[-1] == prices.index[-1]


def test_benchmark_is_the_index_rebased_to_the_initial_value(demo: Comparison) -> None:
    assert demo.benchmark is not None
    index = load_sp500_index()["SP500"].reindex(demo.benchmark.index)
    np.testing.assert_allclose(demo.benchmark, INITIAL * index / index.iloc[0], rtol=1e-12)
    assert demo.initial_value == INITIAL


def test_first_nav_pays_the_costs_of_the_first_purchase(demo: Comparison) -> None:
    # Fully invested from cash: costs c = rate * (I - c), so the first NAV is I / (1 + rate).
    for result in demo.results:
        assert result.nav.iloc[0] == pytest.approx(INITIAL / (1 + COST_RATE), rel=1e-12)


def test_strategic_mix_starts_at_its_configured_weights(demo: Comparison) -> None:
    first = demo.results[0].weights.iloc[0]
    expected = pd.Series(STRATEGIC_MIX).reindex(first.index, fill_value=0.0)
    np.testing.assert_allclose(first, expected, atol=1e-12)
    assert expected.sum() == pytest.approx(1.0)


def test_inverse_volatility_starts_at_one_over_trailing_volatility(demo: Comparison) -> None:
    prices = load_sp500_prices()
    first_date = demo.results[1].nav.index[0]
    window = prices.loc[:first_date].pct_change().iloc[1:].iloc[-252:]
    assert len(window) == 252
    inverse = 1.0 / window.std(ddof=1)
    expected = inverse / inverse.sum()
    np.testing.assert_allclose(demo.results[1].weights.iloc[0], expected, rtol=1e-9)


def test_monthly_rebalances_on_each_months_first_trading_day(demo: Comparison) -> None:
    dates = demo.results[0].rebalances.index
    nav_dates = demo.results[0].nav.index
    months = pd.Series(nav_dates, index=nav_dates).groupby(nav_dates.to_period("M")).first()
    expected = pd.DatetimeIndex([nav_dates[0], *months.iloc[1:]])
    assert dates.equals(expected.rename(dates.name))


def test_benchmark_column_matches_empyrical(demo: Comparison, index_returns: pd.Series) -> None:
    column = demo.summary["SP500"]
    assert column["CAGR"] == pytest.approx(empyrical.cagr(index_returns), rel=1e-9)
    assert column["Annualized volatility"] == pytest.approx(
        empyrical.annual_volatility(index_returns), rel=1e-9
    )
    assert column["Sharpe ratio"] == pytest.approx(empyrical.sharpe_ratio(index_returns), rel=1e-9)
    assert column["Sortino ratio"] == pytest.approx(
        empyrical.sortino_ratio(index_returns), rel=1e-9
    )
    assert column["Max drawdown"] == pytest.approx(-empyrical.max_drawdown(index_returns), rel=1e-9)
    assert column["Calmar ratio"] == pytest.approx(empyrical.calmar_ratio(index_returns), rel=1e-9)
    assert column["Total return"] == pytest.approx(
        empyrical.cum_returns_final(index_returns), rel=1e-9
    )
    assert np.isnan(column["Beta"])  # relative rows do not apply to the benchmark itself


def test_strategy_columns_match_empyrical(demo: Comparison, index_returns: pd.Series) -> None:
    for result in demo.results:
        column = demo.summary[result.name]
        returns = result.nav.pct_change().iloc[1:]
        alpha, beta = empyrical.alpha_beta(returns, index_returns)
        assert column["Alpha"] == pytest.approx(alpha, rel=1e-6)
        assert column["Beta"] == pytest.approx(beta, rel=1e-9)
        assert column["Sharpe ratio"] == pytest.approx(empyrical.sharpe_ratio(returns), rel=1e-9)
        assert column["Max drawdown"] == pytest.approx(-empyrical.max_drawdown(returns), rel=1e-9)
