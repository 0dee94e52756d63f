"""A performance tearsheet of value series (NAVs or prices) without a backtest: the ``algofolio
report VALUES.csv`` use case.

Each column of a value file (dates x series, e.g. the ``nav.csv`` that ``algofolio backtest``
writes) becomes a :class:`~algofolio.backtest.BacktestResult` with no positions (an empty weights
frame on its dates, zero cash, no trades, no rebalances), so the report draws its equity,
drawdown and return charts and its metrics table like a backtest's. Every column is rebased to the
first column's first value (a NAV file whose columns start equal is kept as it is); each starts at
its own first value (a later start is not truncated).

>>> import pandas as pd
>>> values = pd.DataFrame({"A": [100.0, 110.0, 99.0, 105.0, 108.0],
...                        "B": [50.0, 50.0, 55.0, 54.0, 60.0]},
...                       index=pd.bdate_range("2024-01-01", periods=5, name="date"))
>>> sheet = tearsheet(values)
>>> sheet.results[1].nav.tolist(), sheet.summary.loc["Total return"].round(4).tolist()
([100.0, 100.0, 110.0, 108.0, 120.0], [0.08, 0.2])
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from algofolio.backtest import BacktestResult
from algofolio.backtest.result import TRADE_COLUMNS
from algofolio.core.errors import DataError
from algofolio.metrics import summary as summarize
from algofolio.workflows.comparison import (
    Comparison,
    rebased_benchmark,
    trading_table,
    with_benchmark_column,
)
from algofolio.workflows.sources import load_benchmark, load_prices

__all__ = ["REBALANCE_COLUMNS", "load_tearsheet", "result_of_values", "tearsheet"]

REBALANCE_COLUMNS = ("reason", "filled", "turnover", "cost")
"""Columns of :attr:`BacktestResult.rebalances` (index ``date``), as the simulator logs them."""


def result_of_values(values: pd.Series, *, name: str | None = None) -> BacktestResult:
    """A :class:`BacktestResult` whose NAV is ``values`` (NaN dropped), with no positions:
    ``weights`` has no columns, ``cash`` is 0, ``trades`` and ``rebalances`` are empty with the
    simulator's columns and dtypes.

    >>> nav = pd.Series([1.0, 1.1], index=pd.to_datetime(["2024-01-02", "2024-01-03"]))
    >>> result = result_of_values(nav, name="Fund")
    >>> result.returns.round(2).tolist(), list(result.trades.columns), result.annual_turnover
    ([0.1], ['date', 'asset', 'shares', 'price', 'value', 'cost'], 0.0)
    """
    label = str(values.name if name is None else name)
    nav = values.dropna().astype(np.float64).rename(label)
    if len(nav) < 2:
        raise DataError(
            f"{label!r} has fewer than two values; a tearsheet needs returns", asset=label
        )
    dates = pd.DatetimeIndex(nav.index, name="date")
    nav.index = dates
    empty_dates = dates[:0]  # the unit of the dates (pandas' default differs across versions)
    trades = pd.DataFrame(
        {
            "date": pd.Series(empty_dates),
            "asset": pd.Categorical([]),
            "shares": np.empty(0),
            "price": np.empty(0),
            "value": np.empty(0),
            "cost": np.empty(0),
        },
        columns=list(TRADE_COLUMNS),
    )
    rebalances = pd.DataFrame(
        {
            "reason": pd.Series([], dtype=object),
            "filled": pd.Series(empty_dates),
            "turnover": np.empty(0),
            "cost": np.empty(0),
        },
        index=empty_dates.rename("date"),
        columns=list(REBALANCE_COLUMNS),
    )
    return BacktestResult(
        name=label,
        nav=nav,
        weights=pd.DataFrame(index=dates, columns=pd.Index([], dtype=object), dtype=np.float64),
        cash=pd.Series(0.0, index=dates, name=label),
        trades=trades,
        rebalances=rebalances,
    )


def tearsheet(
    values: pd.DataFrame,
    *,
    benchmark: pd.Series | None = None,
    risk_free_rate: float = 0.0,
    title: str | None = None,
) -> Comparison:
    """The :class:`Comparison` of the columns of ``values`` (dates x series, > 0 or NaN).

    Columns are rebased to the first column's first value (the ``initial_value``); ``summary`` is
    ``metrics.summary`` of their daily simple returns against the ``benchmark`` (a price series,
    rebased like a backtest's on the first column's dates) with the benchmark's own column last,
    as :func:`~algofolio.workflows.comparison.run_config` builds it.
    """
    if values.shape[1] == 0:
        raise DataError("no value columns to report on")
    initial = float(values.iloc[:, 0].dropna().iloc[0])
    results = []
    for column in values.columns:
        series = values[column].dropna()
        first = float(series.iloc[0])
        rebased = series if first == initial else series / first * initial
        results.append(result_of_values(rebased, name=str(column)))
    returns = pd.concat({r.name: r.returns for r in results}, axis=1)
    benchmark_values = None
    if benchmark is None:
        summary = summarize(returns, risk_free_rate=risk_free_rate)
    else:
        benchmark_values = rebased_benchmark(benchmark, results, initial)
        benchmark_returns = benchmark_values.pct_change().iloc[1:]
        summary = with_benchmark_column(
            summarize(returns, benchmark=benchmark_returns, risk_free_rate=risk_free_rate),
            summarize(benchmark_returns, risk_free_rate=risk_free_rate),
        )
    names = ", ".join(r.name for r in results)
    default = f"Performance: {names}" + (
        "" if benchmark_values is None else f" vs {benchmark_values.name}"
    )
    return Comparison(
        results=results,
        benchmark=benchmark_values,
        summary=summary,
        title=title or default,
        initial_value=initial,
        trading=trading_table(results),
    )


def load_tearsheet(
    source: str | Path,
    *,
    benchmark: str | Path | None = None,
    risk_free_rate: float = 0.0,
    start: dt.date | None = None,
    end: dt.date | None = None,
    title: str | None = None,
) -> Comparison:
    """:func:`tearsheet` of a value file (CSV or Parquet, wide or long, read and checked as prices)
    or ``dataset:NAME``, cut to ``start``..``end`` (inclusive); ``benchmark`` is a one-column price
    file or dataset. Raises :class:`DataError` when no dates remain."""
    values = load_prices(source)
    cut = values.loc[
        None if start is None else pd.Timestamp(start) : None if end is None else pd.Timestamp(end)
    ]
    if cut.dropna(how="all").shape[0] < 2:
        raise DataError(
            f"{source}: fewer than two dates between {start or 'the start'} and {end or 'the end'}",
            source=str(source),
        )
    series = None if benchmark is None else load_benchmark(benchmark, key="--benchmark")
    return tearsheet(cut, benchmark=series, risk_free_rate=risk_free_rate, title=title)
