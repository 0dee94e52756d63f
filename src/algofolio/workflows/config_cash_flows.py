"""Periodic contributions or withdrawals of the backtest config, turned into the cash-flow
``Series`` (date -> amount) that :func:`algofolio.backtest.run_backtest` takes.

``amount`` (> 0 a contribution, < 0 a withdrawal) arrives on the day the calendar rule of
``frequency`` is due (the first trading day of each period for a named frequency, the first
trading day on or after each anchor for a pandas alias), counted after the backtest's first date
(its initial allocation holds the initial value), and only from ``start`` to ``end`` when given.

>>> import pandas as pd
>>> dates = pd.bdate_range("2024-01-29", "2024-04-05")
>>> flows = CashFlowsConfig(amount=500.0, frequency="monthly").schedule(dates, after=dates[0])
>>> flows.index.strftime("%Y-%m-%d").tolist(), flows.sum()
(['2024-02-01', '2024-03-01', '2024-04-01'], np.float64(1500.0))
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import numpy as np
import pandas as pd
from pydantic import Field, ValidationInfo, field_validator

from algofolio.core.history import MarketHistory
from algofolio.rebalance import CalendarRule, DriftWindow
from algofolio.workflows.config_base import Strict, check_frequency

__all__ = ["CashFlowsConfig", "ConfigDate"]

ConfigDate = Annotated[dt.date | None, Field(strict=False)]
"""A TOML date or a ``"YYYY-MM-DD"`` string."""


class CashFlowsConfig(Strict):
    """``amount`` (currency, not 0) every ``frequency`` period, from ``start`` to ``end``."""

    amount: float
    frequency: str = "monthly"
    start: ConfigDate = None
    end: ConfigDate = None

    _frequency = field_validator("frequency")(check_frequency)

    @field_validator("amount")
    @classmethod
    def _not_zero(cls, amount: float) -> float:
        if amount == 0:
            raise ValueError("a cash flow of 0 does nothing; give an amount > 0 or < 0")
        return amount

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise ValueError(f"{end} is before start {start}")
        return end

    def schedule(self, dates: pd.DatetimeIndex, *, after: pd.Timestamp) -> pd.Series:
        """The flows on ``dates`` (trading dates, sorted) strictly after ``after``: a ``Series``
        date -> amount named ``flow`` (empty when no period starts in the range)."""
        candidates = dates[dates > after]
        index = pd.DatetimeIndex([], name="date")
        if len(candidates):
            history = MarketHistory.from_prices(
                pd.DataFrame({"cash": np.ones(len(dates))}, index=dates).loc[: candidates[-1]]
            )
            window = DriftWindow(
                dates=candidates,
                last_rebalance=after,
                weights=np.zeros((len(candidates), 1)),
                target=np.zeros(1),
                assets=("cash",),
                history=history,
            )
            due = np.asarray(CalendarRule(self.frequency).due(window), dtype=bool)
            index = candidates[due]
            if self.start is not None:
                index = index[index >= pd.Timestamp(self.start)]
            if self.end is not None:
                index = index[index <= pd.Timestamp(self.end)]
        return pd.Series(self.amount, index=pd.DatetimeIndex(index, name="date"), name="flow")
