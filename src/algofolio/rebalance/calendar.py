"""Calendar rebalancing: due on the first trading day of each new period (day, week, month, ...).

A day is the first of its period when its period differs from the previous trading day's; the day
before the first candidate is the last rebalance. Weeks start on Monday; quarters are calendar
quarters (the periods of :func:`algofolio.core.calendar.period_numbers`, re-exported here).

>>> import numpy as np, pandas as pd
>>> from algofolio.rebalance.window import DriftWindow
>>> dates = pd.DatetimeIndex(["2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02"])
>>> window = DriftWindow(dates, pd.Timestamp("2024-01-29"), np.zeros((4, 1)), np.zeros(1), ("A",))
>>> CalendarRule("monthly").due(window).tolist()
[False, False, True, False]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from algofolio.core.calendar import period_numbers
from algofolio.core.options import RebalanceFrequency, check_option
from algofolio.rebalance.window import DriftWindow

__all__ = ["CalendarRule", "period_numbers"]

_NOUN: Mapping[str, str] = {
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
    "yearly": "year",
}


@dataclass(frozen=True, slots=True)
class CalendarRule:
    """Due on the first trading day of each new ``frequency`` period."""

    frequency: RebalanceFrequency = "monthly"

    def __post_init__(self) -> None:
        check_option(self.frequency, RebalanceFrequency, "frequency")

    def due(self, window: DriftWindow) -> np.ndarray:
        """True where a day's period differs from the previous trading day's (bool, ``(n,)``)."""
        days = np.concatenate(
            [np.array([window.last_rebalance.to_datetime64()]), window.dates.to_numpy()]
        )
        periods = period_numbers(days, self.frequency)
        due: np.ndarray = np.diff(periods) != 0
        return due

    def describe(self) -> str:
        """E.g. ``"monthly calendar (first trading day of each month)"``."""
        return f"{self.frequency} calendar (first trading day of each {_NOUN[self.frequency]})"
