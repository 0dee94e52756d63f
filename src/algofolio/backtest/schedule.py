"""Runs whose decisions can be laid out in advance: a calendar trigger, a static target on complete
prices, full rebalances at the close, no cash flows, dividends or financing.

Then the rebalance dates do not depend on the portfolio and the target never changes, so the
simulator skips the general machinery between decisions (drift windows, trigger calls per chunk,
history cuts) and holds each segment in one step. The book is computed by the same code, so the
result is the general path's (a hypothesis test runs both on random calendars, targets and costs).

>>> import pandas as pd
>>> from algofolio.core.history import MarketHistory
>>> from algofolio.rebalance import CalendarRule
>>> prices = pd.DataFrame({"A": range(1, 61)}, index=pd.bdate_range("2024-01-25", periods=60),
...                       dtype=float)
>>> rows = calendar_rows(CalendarRule("monthly"), MarketHistory.from_prices(prices), first=0)
>>> prices.index[rows].strftime("%Y-%m-%d").tolist()
['2024-02-01', '2024-03-01', '2024-04-01']
"""

from __future__ import annotations

import numpy as np

from algofolio.backtest.inputs import RunInputs
from algofolio.backtest.strategy import Strategy
from algofolio.core.history import MarketHistory
from algofolio.rebalance import CalendarRule, DriftWindow, StrategicMix
from algofolio.rebalance.target import AllocatorTarget, Target

__all__ = ["calendar_rows", "has_fixed_schedule"]


def has_fixed_schedule(strategy: Strategy, target: Target, inputs: RunInputs) -> bool:
    """Whether the run qualifies (see the module docstring)."""
    static = isinstance(target, StrategicMix) or (
        isinstance(target, AllocatorTarget) and not getattr(target.allocator, "uses_returns", True)
    )
    history = inputs.history
    return (
        static
        and isinstance(strategy.rule, CalendarRule)
        and strategy.trade is None
        and strategy.execution == "close"
        and strategy.financing is None
        and inputs.flows is None
        and inputs.dividends is None
        and bool((history.counts[-1] == len(history.dates)).all())  # every price known
    )


def calendar_rows(rule: CalendarRule, history: MarketHistory, first: int) -> np.ndarray:
    """Rows after ``first`` on which ``rule`` is due, ascending (the rule asked once, as the
    simulator would ask it day by day: each candidate's answer only reads dates up to it)."""
    n = len(history.dates) - first - 1
    if n <= 0:
        return np.zeros(0, dtype=np.intp)
    window = DriftWindow(
        dates=history.dates[first + 1 :],
        last_rebalance=history.dates[first],
        weights=np.zeros((n, 0)),
        target=np.zeros(0),
        assets=(),
        history=history,
    )
    due = np.asarray(rule.due(window), dtype=bool)
    rows: np.ndarray = first + 1 + np.flatnonzero(due)
    return rows
