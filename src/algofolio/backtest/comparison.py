"""Strategies side by side: one run each from a common start, their metrics and trading figures.

>>> import numpy as np, pandas as pd
>>> from algofolio.allocate import EqualWeight, InverseVolatility
>>> from algofolio.rebalance import CalendarRule
>>> dates = pd.bdate_range("2024-01-01", periods=120, name="date")
>>> rng = np.random.default_rng(0)
>>> prices = pd.DataFrame(100 * np.exp(np.cumsum(rng.normal(0, 0.01, (120, 2)), axis=0)),
...                       index=dates, columns=["A", "B"])
>>> comparison = compare_strategies(prices, [
...     Strategy(name="1/N", allocator=EqualWeight(), rule=CalendarRule(), window=20),
...     Strategy(name="IV", allocator=InverseVolatility(), rule=CalendarRule(), window=20)])
>>> comparison.summary.columns.tolist(), comparison.trading["rebalances"].tolist()
(['1/N', 'IV'], [6, 6])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from algofolio.backtest.candidates import ProgressCallback, run_candidates
from algofolio.backtest.result import BacktestResult
from algofolio.backtest.strategy import Strategy
from algofolio.core.errors import DataError
from algofolio.metrics import summary

__all__ = ["TRADING_COLUMNS", "StrategyComparison", "compare_strategies"]

TRADING_COLUMNS = ("annual_turnover", "cost_drag", "total_costs", "rebalances")
"""Columns of :attr:`StrategyComparison.trading`."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class StrategyComparison:
    """Strategies run over the same dates.

    * ``results``: each strategy's :class:`BacktestResult`, by name, in the order given;
    * ``returns``: dates x strategies, daily simple returns net of costs;
    * ``summary``: :func:`algofolio.metrics.summary` (rows: metrics, columns: strategies), with the
      benchmark's own metrics as the last column when one is given (its benchmark-relative rows,
      alpha, beta, tracking error, information ratio, are NaN there: not applicable);
    * ``trading``: strategies x :data:`TRADING_COLUMNS`: one-way turnover per year, costs per year
      as a fraction of the average NAV, total costs (currency) and the number of rebalances
      (the initial allocation included), read off each result.
    """

    results: dict[str, BacktestResult]
    returns: pd.DataFrame
    summary: pd.DataFrame
    trading: pd.DataFrame


def compare_strategies(
    prices: pd.DataFrame,
    strategies: Sequence[Strategy],
    *,
    benchmark: pd.Series | None = None,
    start: pd.Timestamp | str | None = None,
    initial_value: float = 1.0,
    risk_free_rate: float = 0.0,
    n_jobs: int = 1,
    progress: ProgressCallback | None = None,
) -> StrategyComparison:
    """Backtest each strategy once from their common start (names must differ) and compare them.

    ``benchmark``: prices of a benchmark (an index level, a fund's NAV), read on the strategies'
    dates (the last price on or before each); its daily returns over those dates feed the
    benchmark-relative rows and its own column. ``initial_value`` is each strategy's capital (the
    currency of ``total_costs``); ``risk_free_rate`` is annual.
    """
    results = run_candidates(
        prices,
        strategies,
        start=start,
        initial_value=initial_value,
        n_jobs=n_jobs,
        progress=progress,
    )
    returns = pd.concat({r.name: r.returns for r in results}, axis=1)
    returns.columns.name = "strategy"
    if benchmark is None:
        table = summary(returns, risk_free_rate=risk_free_rate)
    else:
        dates = pd.DatetimeIndex(results[0].nav.index)
        reference = _benchmark_returns(benchmark, dates, set(returns.columns))
        relative = summary(returns, benchmark=reference, risk_free_rate=risk_free_rate)
        own = summary(reference, risk_free_rate=risk_free_rate)
        table = pd.concat([relative, own.reindex(relative.index)], axis=1)
    trading = pd.DataFrame(
        {
            "annual_turnover": [r.annual_turnover for r in results],
            "cost_drag": [r.cost_drag for r in results],
            "total_costs": [r.total_costs for r in results],
            "rebalances": [len(r.rebalances) for r in results],
        },
        index=pd.Index([r.name for r in results], name="strategy"),
    )
    return StrategyComparison(
        results={r.name: r for r in results}, returns=returns, summary=table, trading=trading
    )


def _benchmark_returns(benchmark: pd.Series, dates: pd.DatetimeIndex, names: set[str]) -> pd.Series:
    """The benchmark's daily returns on ``dates[1:]`` from its prices carried to ``dates``."""
    if not isinstance(benchmark, pd.Series) or not isinstance(benchmark.index, pd.DatetimeIndex):
        raise DataError("benchmark must be a Series of prices indexed by dates")
    if not benchmark.index.is_monotonic_increasing or not benchmark.index.is_unique:
        raise DataError("benchmark: the dates must be sorted and unique")
    on_dates = benchmark.reindex(benchmark.index.union(dates)).ffill().reindex(dates)
    missing = on_dates.isna() | ~(on_dates > 0)
    if missing.any():
        day = dates[int(missing.to_numpy().argmax())]
        raise DataError(
            f"benchmark {benchmark.name!r} has no positive price on or before {day:%Y-%m-%d}",
            date=day,
        )
    name = "benchmark" if benchmark.name is None else str(benchmark.name)
    if name in names:
        name = f"{name} (benchmark)"
    returns: pd.Series = on_dates.pct_change().iloc[1:].rename(name)
    return returns
