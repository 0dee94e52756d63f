"""What a backtest produced: the book day by day, the trades and the rebalances. Data only: metrics
and reports read it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from algofolio.returns import simple_returns

__all__ = ["TRADE_COLUMNS", "BacktestResult"]

TRADE_COLUMNS = ("date", "asset", "shares", "price", "value", "cost")
"""Columns of :attr:`BacktestResult.trades`: one row per asset traded at a rebalance."""


@dataclass(frozen=True, slots=True)
class BacktestResult:
    """The simulated book of one strategy, from its first rebalance to the last date.

    * ``nav``: portfolio value at each close, after that day's trades and costs (named ``name``);
    * ``weights``: dates x assets, end-of-day weights after trading (cash excluded: the row sums to
      ``1 - cash / nav``);
    * ``cash``: cash value at each close;
    * ``trades``: columns ``date, asset, shares`` (signed, + buy), ``price, value`` (signed,
      ``shares * price``), ``cost`` (>= 0);
    * ``rebalances``: index ``date``; ``reason`` (why it traded), ``turnover`` (one-way:
      ``Σ|trade value| / 2 / pre-trade NAV``) and ``cost`` (total costs that day).
    """

    name: str
    nav: pd.Series
    weights: pd.DataFrame
    cash: pd.Series
    trades: pd.DataFrame
    rebalances: pd.DataFrame

    @property
    def returns(self) -> pd.Series:
        """Simple daily returns of ``nav`` (the first at the second date)."""
        return simple_returns(self.nav)
