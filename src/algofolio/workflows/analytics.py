"""The metric summary of every asset in a price file (the ``algofolio metrics`` use case).

>>> table = compute_metrics("dataset:factors")
>>> list(table.columns)
['MTUM', 'QUAL', 'SIZE', 'USMV', 'VLUE']
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from algofolio.metrics import summary as summarize
from algofolio.returns import simple_returns
from algofolio.workflows.comparison import with_benchmark_column
from algofolio.workflows.datasets_info import cut_dates
from algofolio.workflows.sources import load_benchmark, load_prices

__all__ = ["compute_metrics"]


def compute_metrics(
    prices: str | Path,
    *,
    benchmark: str | Path | None = None,
    risk_free_rate: float = 0.0,
    confidence: float = 0.95,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.DataFrame:
    """``metrics.summary`` of each asset's simple daily returns (rows = metrics, columns = assets).

    ``prices`` and ``benchmark`` are files or ``dataset:NAME``; the benchmark (one price column) adds
    the relative metrics (alpha, beta, ...; over the dates both have) and its own last column. ``risk_free_rate`` is
    annual; ``confidence`` is the VaR/CVaR level. ``start`` and ``end`` (inclusive) cut the prices
    first (see :func:`~algofolio.workflows.datasets_info.cut_dates`).
    """
    asset_prices = cut_dates(load_prices(prices), start, end)
    returns = simple_returns(asset_prices)
    if benchmark is None:
        return summarize(returns, risk_free_rate=risk_free_rate, confidence=confidence)
    benchmark_prices = load_benchmark(benchmark)
    if (
        start is not None or end is not None
    ):  # its returns from the first cut date on, like the assets'
        benchmark_prices = benchmark_prices.loc[asset_prices.index[0] : asset_prices.index[-1]]
    name = str(benchmark_prices.name)
    if name in returns.columns:
        name = f"{name} (benchmark)"
    benchmark_returns = simple_returns(benchmark_prices.to_frame(name)).iloc[:, 0]
    return with_benchmark_column(
        summarize(
            returns,
            benchmark=benchmark_returns,
            risk_free_rate=risk_free_rate,
            confidence=confidence,
        ),
        summarize(benchmark_returns, risk_free_rate=risk_free_rate, confidence=confidence),
    )
