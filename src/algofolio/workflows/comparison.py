"""Run a backtest config: every strategy from one common start date, against an optional benchmark.

:func:`run_config` is the use case behind ``algofolio backtest`` and ``algofolio demo``; it returns a
:class:`Comparison` that the report and the CLI read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from algofolio.backtest import BacktestResult, Strategy, common_start, run_backtest
from algofolio.core.errors import ConfigError, DataError
from algofolio.costs import ProportionalCost
from algofolio.metrics import summary as summarize
from algofolio.workflows.config import BacktestConfig, FixedWeightsConfig
from algofolio.workflows.sources import load_benchmark, load_prices

__all__ = [
    "Comparison",
    "ProgressCallback",
    "build_strategies",
    "run_config",
    "with_benchmark_column",
]

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(description, completed, total)`` before each strategy and at the end."""


@dataclass(frozen=True, eq=False, slots=True)
class Comparison:
    """Strategies backtested over the same dates, and how they compare.

    ``benchmark`` is the benchmark's price series on the strategies' dates, rebased to the initial
    value on their first date (``None`` without a benchmark). ``summary`` is ``metrics.summary`` of
    the strategies' daily returns relative to the benchmark, with the benchmark's own metrics as the
    last column (rows = metric labels; the relative rows are NaN, not applicable, there).
    ``initial_value`` is the capital each strategy started with (its first NAV is that less the
    costs of buying the first portfolio).
    """

    results: list[BacktestResult]
    benchmark: pd.Series | None
    summary: pd.DataFrame
    title: str
    initial_value: float = 1.0


def run_config(config: BacktestConfig, *, progress: ProgressCallback | None = None) -> Comparison:
    """Backtest every strategy of ``config`` from their common start date and summarise them.

    The start is the later of ``data.start`` and the first date on which every strategy can trade
    (``backtest.common_start``). Raises :class:`ConfigError` when a fixed-weight asset has no prices.

    >>> from algofolio.workflows.config import (BacktestConfig, CalendarRebalanceConfig,
    ...     DataConfig, EqualWeightConfig, StrategyConfig)
    >>> config = BacktestConfig(
    ...     data=DataConfig(prices="dataset:factors", start="2020-01-01", end="2020-12-31"),
    ...     strategies=[StrategyConfig(name="1/N", allocator=EqualWeightConfig(),
    ...                                rebalance=CalendarRebalanceConfig(frequency="monthly"))])
    >>> comparison = run_config(config)
    >>> comparison.results[0].nav.index[0].date(), len(comparison.results[0].rebalances)
    (datetime.date(2020, 1, 2), 12)
    """
    prices = load_prices(config.data.prices, missing=config.data.missing, key="data.prices")
    _check_fixed_assets(config, prices)
    raw_benchmark = None
    if config.data.benchmark is not None:  # read before the long part: fail early
        raw_benchmark = load_benchmark(config.data.benchmark, key="data.benchmark")
    strategies = build_strategies(config)
    start = _start_date(prices, strategies, config)
    end = None if config.data.end is None else pd.Timestamp(config.data.end)
    results: list[BacktestResult] = []
    for done, strategy in enumerate(strategies):
        if progress is not None:
            progress(f"Backtesting {strategy.name}", done, len(strategies))
        results.append(
            run_backtest(
                prices,
                strategy,
                initial_value=config.backtest.initial_value,
                start=start,
                end=end,
            )
        )
    if progress is not None:
        progress("Backtests done", len(strategies), len(strategies))
    benchmark = None
    if raw_benchmark is not None:
        benchmark = _rebased_benchmark(raw_benchmark, results, config.backtest.initial_value)
    return Comparison(
        results=results,
        benchmark=benchmark,
        summary=_summary(results, benchmark, config.backtest.risk_free_rate),
        title=config.report.title or _default_title(results, benchmark),
        initial_value=config.backtest.initial_value,
    )


def build_strategies(config: BacktestConfig) -> list[Strategy]:
    """The ``backtest.Strategy`` objects of ``config``, per-strategy overrides applied.

    >>> from algofolio.workflows.demo import demo_config
    >>> [(s.name, s.costs.bps, s.window) for s in build_strategies(demo_config())]
    [('Strategic 60/30/10', 10.0, 252), ('Inverse volatility', 10.0, 252)]
    """
    defaults = config.backtest
    return [
        Strategy(
            name=item.name,
            allocator=item.allocator.build(),
            rule=item.rebalance.build(),
            costs=ProportionalCost(
                bps=defaults.costs_bps if item.costs_bps is None else item.costs_bps
            ),
            window=defaults.window if item.window is None else item.window,
        )
        for item in config.strategies
    ]


def _check_fixed_assets(config: BacktestConfig, prices: pd.DataFrame) -> None:
    for i, item in enumerate(config.strategies):
        if not isinstance(item.allocator, FixedWeightsConfig):
            continue
        for asset in item.allocator.weights:
            if asset not in prices.columns:
                key = f"strategies[{i}].allocator.weights.{asset}"
                raise ConfigError(
                    f"{key}: asset {asset!r} is not in the prices ({config.data.prices})", key=key
                )


def _start_date(
    prices: pd.DataFrame, strategies: Sequence[Strategy], config: BacktestConfig
) -> pd.Timestamp:
    start = None if config.data.start is None else pd.Timestamp(config.data.start)
    end = None if config.data.end is None else pd.Timestamp(config.data.end)
    first = pd.Timestamp(common_start(prices.loc[:end], strategies, start=start))
    if end is not None and first >= end:
        raise ConfigError(
            f"data.end: {end:%Y-%m-%d} is not after the first date every strategy can trade "
            f"({first:%Y-%m-%d})",
            key="data.end",
        )
    return first


def _rebased_benchmark(
    prices: pd.Series, results: Sequence[BacktestResult], initial_value: float
) -> pd.Series:
    dates = results[0].nav.index
    on_dates = prices.reindex(prices.index.union(dates)).ffill().reindex(dates)
    if pd.isna(on_dates.iloc[0]):
        raise DataError(
            f"benchmark {prices.name!r} has no price on or before {dates[0]:%Y-%m-%d}, "
            "the strategies' first date",
            date=dates[0],
        )
    rebased: pd.Series = on_dates / on_dates.iloc[0] * initial_value
    names = {r.name for r in results}
    name = str(prices.name)
    return rebased.rename(f"{name} (benchmark)" if name in names else name)


def _summary(
    results: Sequence[BacktestResult], benchmark: pd.Series | None, risk_free_rate: float
) -> pd.DataFrame:
    returns = pd.concat({r.name: r.returns for r in results}, axis=1)
    if benchmark is None:
        return summarize(returns, risk_free_rate=risk_free_rate)
    benchmark_returns = benchmark.pct_change().iloc[1:]
    return with_benchmark_column(
        summarize(returns, benchmark=benchmark_returns, risk_free_rate=risk_free_rate),
        summarize(benchmark_returns, risk_free_rate=risk_free_rate),
    )


def with_benchmark_column(table: pd.DataFrame, benchmark_table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (with benchmark-relative rows) and the benchmark's own one-column summary as its
    last column; the benchmark-relative rows (alpha, beta, ...) are NaN there: not applicable.

    >>> rows = pd.Index(["CAGR", "Beta"], name="metric")
    >>> with_benchmark_column(pd.DataFrame({"A": [0.1, 0.9]}, index=rows),
    ...                       pd.DataFrame({"B": [0.08]}, index=rows[:1]))["B"].tolist()
    [0.08, nan]
    """
    return pd.concat([table, benchmark_table.reindex(table.index)], axis=1)


def _default_title(results: Sequence[BacktestResult], benchmark: pd.Series | None) -> str:
    title = "Backtest: " + ", ".join(r.name for r in results)
    return title if benchmark is None else f"{title} vs {benchmark.name}"
