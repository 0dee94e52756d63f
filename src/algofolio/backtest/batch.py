"""Several strategies over the same prices, started on the same date so their results compare.

>>> import numpy as np, pandas as pd
>>> from algofolio.allocate import EqualWeight, InverseVolatility
>>> from algofolio.rebalance import CalendarRule
>>> dates = pd.bdate_range("2024-01-01", periods=80, name="date")
>>> rng = np.random.default_rng(0)
>>> prices = pd.DataFrame(100 * np.exp(np.cumsum(rng.normal(0, 0.01, (80, 2)), axis=0)),
...                       index=dates, columns=["A", "B"])
>>> short = Strategy(name="1/N", allocator=EqualWeight(), rule=CalendarRule(), window=10)
>>> long = Strategy(name="IV", allocator=InverseVolatility(), rule=CalendarRule(), window=40)
>>> [r.nav.index[0].date() for r in run_backtests(prices, [short, long])]
[datetime.date(2024, 2, 26), datetime.date(2024, 2, 26)]
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from algofolio.backtest.engine import run_backtest
from algofolio.backtest.result import BacktestResult
from algofolio.backtest.start import first_rebalance_date
from algofolio.backtest.strategy import Strategy
from algofolio.core.errors import ConfigError

__all__ = ["common_start", "run_backtests"]


def common_start(
    prices: pd.DataFrame, strategies: Sequence[Strategy], *, start: pd.Timestamp | str | None = None
) -> pd.Timestamp:
    """The first date ``>= start`` on which every strategy can make its first rebalance (the
    latest of their :func:`first_rebalance_date`)."""
    if not strategies:
        raise ConfigError("no strategies given", key="strategies")
    return max(first_rebalance_date(prices, s.target.window, start) for s in strategies)


def run_backtests(
    prices: pd.DataFrame,
    strategies: Sequence[Strategy],
    *,
    initial_value: float = 1.0,
    start: pd.Timestamp | str | None = None,
    end: pd.Timestamp | str | None = None,
) -> list[BacktestResult]:
    """:func:`run_backtest` for each strategy, all from :func:`common_start` (names must differ)."""
    names = [s.name for s in strategies]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"strategy name {name!r} is used twice", key="strategies")
    if end is not None:
        prices = prices.loc[: pd.Timestamp(end)]
    first = common_start(prices, strategies, start=start)
    return [run_backtest(prices, s, initial_value=initial_value, start=first) for s in strategies]
