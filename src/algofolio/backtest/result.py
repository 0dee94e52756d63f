"""What a backtest produced: the book day by day, the trades and the rebalances. Data only, plus
the figures read straight off it (returns net of cash flows, turnover, cost drag, summary metrics).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.core.frequency import infer_periods_per_year
from algofolio.metrics import summary

__all__ = ["TRADE_COLUMNS", "BacktestResult"]

TRADE_COLUMNS = ("date", "asset", "shares", "price", "value", "cost")
"""Columns of :attr:`BacktestResult.trades`: one row per asset traded at a rebalance."""


@dataclass(frozen=True, slots=True)
class BacktestResult:
    """The simulated book of one strategy, from its first rebalance to the last date.

    * ``nav``: portfolio value at each close, after that day's trades, costs and cash flows (named
      ``name``);
    * ``weights``: dates x assets, end-of-day weights after trading (cash excluded: the row sums to
      ``1 - cash / nav``);
    * ``cash``: cash value at each close;
    * ``trades``: columns ``date`` (of the fill), ``asset`` (categorical), ``shares`` (signed,
      + buy), ``price`` (of the fill), ``value`` (signed, ``shares * price``), ``cost`` (>= 0);
    * ``rebalances``: index ``date`` (of the decision); ``reason`` (the trigger that fired, "cash
      flow" or "initial allocation"), ``filled`` (date of the fill), ``turnover`` (one-way:
      ``Σ|trade value| / 2 / pre-trade NAV``) and ``cost`` (total costs of that rebalance);
    * ``flows``: external cash flows added at each close (0 on most days);
    * :attr:`holdings`: shares held at each close, read off the trades.
    """

    name: str
    nav: pd.Series
    weights: pd.DataFrame
    cash: pd.Series
    trades: pd.DataFrame
    rebalances: pd.DataFrame
    flows: pd.Series | None = None

    @property
    def returns(self) -> pd.Series:
        """Daily simple returns net of cash flows, ``(nav_t - flow_t) / nav_{t-1} - 1`` (the first
        at the second date): a contribution is not a gain."""
        nav = self.nav.to_numpy()
        flows = np.zeros(len(nav)) if self.flows is None else self.flows.to_numpy()
        values = (nav[1:] - flows[1:]) / nav[:-1] - 1.0
        return pd.Series(values, index=self.nav.index[1:], name=self.name)

    @property
    def holdings(self) -> pd.DataFrame:
        """Shares held at each close (dates x assets), from the trades: a fill's shares count from
        its date on."""
        trades = self.trades
        traded = trades.pivot_table(
            index="date", columns="asset", values="shares", aggfunc="sum", fill_value=0.0
        )
        held = traded.cumsum().reindex(self.nav.index, method="ffill").fillna(0.0)
        return held.reindex(columns=self.weights.columns, fill_value=0.0).rename_axis(columns=None)

    @property
    def total_costs(self) -> float:
        """Every cost paid (currency)."""
        return float(self.rebalances["cost"].sum())

    @property
    def annual_turnover(self) -> float:
        """One-way turnover per year: the sum of the rebalances' turnover over the years run."""
        return float(self.rebalances["turnover"].sum()) / self._years()

    @property
    def cost_drag(self) -> float:
        """Costs per year as a fraction of the average NAV (0.001 = 10 bps a year)."""
        return self.total_costs / float(self.nav.mean()) / self._years()

    def summary(
        self,
        benchmark: pd.Series | None = None,
        *,
        risk_free_rate: float = 0.0,
        confidence: float = 0.95,
    ) -> pd.DataFrame:
        """:func:`algofolio.metrics.summary` of :attr:`returns` against ``benchmark`` returns."""
        return summary(
            self.returns,
            benchmark=benchmark,
            risk_free_rate=risk_free_rate,
            confidence=confidence,
        )

    def _years(self) -> float:
        periods = infer_periods_per_year(self.nav.index)
        return max(len(self.nav) - 1, 1) / periods
