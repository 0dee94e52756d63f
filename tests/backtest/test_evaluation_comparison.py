"""Strategies side by side: the summary against the metrics module called directly, the trading
figures against the trades log and NAV of each run."""

import numpy as np
import pandas as pd
import pytest

from algofolio.allocate import EqualWeight, InverseVolatility
from algofolio.backtest import Strategy, common_start, run_backtest
from algofolio.backtest.comparison import TRADING_COLUMNS, compare_strategies
from algofolio.core import ConfigError, DataError
from algofolio.costs import ProportionalCost
from algofolio.metrics import (
    alpha_beta,
    annualized_volatility,
    cagr,
    max_drawdown,
    sharpe_ratio,
    summary,
)
from algofolio.rebalance import CalendarRule

from .conftest import NeverRule, random_prices


def strategies() -> list[Strategy]:
    costs = ProportionalCost(bps=20.0)
    return [
        Strategy(name="1/N", allocator=EqualWeight(), rule=CalendarRule(), costs=costs, window=20),
        Strategy(
            name="IV",
            allocator=InverseVolatility(),
            rule=CalendarRule("weekly"),
            costs=costs,
            window=60,
        ),
        Strategy(name="hold", allocator=EqualWeight(), rule=NeverRule(), costs=costs, window=20),
    ]


def test_summary_equals_the_metrics_of_each_run() -> None:
    prices = random_prices(260, 4, seed=12)
    comparison = compare_strategies(prices, strategies())
    first = common_start(prices, strategies())
    assert comparison.summary.columns.tolist() == ["1/N", "IV", "hold"]
    for strategy in strategies():
        returns = run_backtest(prices, strategy, start=first).returns
        pd.testing.assert_series_equal(
            comparison.returns[strategy.name], returns, check_names=False
        )
        column = comparison.summary[strategy.name]
        assert column["Sharpe ratio"] == pytest.approx(sharpe_ratio(returns), rel=1e-12)
        assert column["CAGR"] == pytest.approx(cagr(returns), rel=1e-12)
        assert column["Max drawdown"] == pytest.approx(max_drawdown(returns), rel=1e-12)
        assert column["Annualized volatility"] == pytest.approx(
            annualized_volatility(returns), rel=1e-12
        )


def test_trading_figures_equal_the_trades_log() -> None:
    prices = random_prices(260, 4, seed=13)
    comparison = compare_strategies(prices, strategies())
    assert comparison.trading.columns.tolist() == list(TRADING_COLUMNS)
    for name, result in comparison.results.items():
        trades, nav = result.trades, result.nav
        years = (len(nav) - 1) / 252.0  # business days
        by_date = trades.groupby("date")
        traded = by_date["value"].apply(lambda v: np.abs(v).sum())
        paid = by_date["cost"].sum()
        # costs come out of the portfolio at the close: pre-trade value = NAV after + costs
        turnover = (traded / 2.0 / (nav.loc[traded.index] + paid)).sum() / years
        row = comparison.trading.loc[name]
        assert row["annual_turnover"] == pytest.approx(turnover, rel=1e-12)
        assert row["total_costs"] == pytest.approx(trades["cost"].sum(), rel=1e-12)
        assert row["cost_drag"] == pytest.approx(trades["cost"].sum() / nav.mean() / years)
        assert row["rebalances"] == trades["date"].nunique()  # every rebalance traded here
    assert comparison.trading.loc["hold", "rebalances"] == 1
    assert comparison.trading.loc["IV", "rebalances"] > comparison.trading.loc["1/N", "rebalances"]


def test_the_benchmark_is_the_last_column() -> None:
    prices = random_prices(200, 3, seed=14)
    index_level = prices.mean(axis=1).rename("index")
    index_level = index_level.drop(index_level.index[100:103])  # holidays of the benchmark
    comparison = compare_strategies(prices, strategies()[:2], benchmark=index_level)
    table = comparison.summary
    assert table.columns.tolist() == ["1/N", "IV", "index"]
    dates = comparison.returns.index
    carried = index_level.reindex(index_level.index.union(dates)).ffill()
    benchmark_returns = (carried / carried.shift(1) - 1).loc[dates]
    own = summary(benchmark_returns.rename("index"))["index"]
    pd.testing.assert_series_equal(table["index"].loc[own.index], own)
    assert table.loc[["Alpha", "Beta", "Tracking error", "Information ratio"], "index"].isna().all()
    fit = alpha_beta(comparison.returns["IV"], benchmark_returns)
    assert table.loc["Beta", "IV"] == pytest.approx(fit.beta, rel=1e-12)


def test_a_benchmark_named_like_a_strategy_is_renamed() -> None:
    prices = random_prices(120, 3, seed=15)
    level = prices["A0"].rename("1/N")
    comparison = compare_strategies(prices, strategies()[:1], benchmark=level)
    assert comparison.summary.columns.tolist() == ["1/N", "1/N (benchmark)"]


def test_a_benchmark_must_cover_the_first_date() -> None:
    prices = random_prices(120, 3, seed=15)
    late = prices["A0"].iloc[60:]
    with pytest.raises(DataError, match="no positive price on or before"):
        compare_strategies(prices, strategies()[:1], benchmark=late)


def test_names_must_differ() -> None:
    with pytest.raises(ConfigError, match="used twice"):
        compare_strategies(random_prices(120), [strategies()[0]] * 2)


def test_initial_value_scales_costs_not_returns() -> None:
    prices = random_prices(150, 3, seed=16)
    one = compare_strategies(prices, strategies())
    hundred = compare_strategies(prices, strategies(), initial_value=100.0)
    pd.testing.assert_frame_equal(one.returns, hundred.returns, rtol=1e-12)
    np.testing.assert_allclose(
        hundred.trading["total_costs"], 100.0 * one.trading["total_costs"], rtol=1e-12
    )
    np.testing.assert_allclose(hundred.trading["cost_drag"], one.trading["cost_drag"], rtol=1e-12)
