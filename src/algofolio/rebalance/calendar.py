"""Calendar rebalancing: due on the first trading day of each new period (day, week, month, ...).

A day is the first of its period when its period differs from the previous trading day's; the day
before the first candidate is the last rebalance. Weeks start on Monday; quarters are calendar
quarters.

>>> import numpy as np, pandas as pd
>>> from algofolio.rebalance.window import DriftWindow
>>> dates = pd.DatetimeIndex(["2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02"])
>>> window = DriftWindow(dates, pd.Timestamp("2024-01-29"), np.zeros((4, 1)), np.zeros(1), ("A",))
>>> CalendarRule("monthly").due(window).tolist()
[False, False, True, False]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from algofolio.core.options import RebalanceFrequency, check_option
from algofolio.rebalance.window import DriftWindow

__all__ = ["CalendarRule", "period_numbers"]


def _days(days: np.ndarray) -> np.ndarray:
    return days


def _weeks(days: np.ndarray) -> np.ndarray:
    return (days + 3) // 7  # 1970-01-01 was a Thursday: shift so weeks start on Monday


def _months(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _quarters(days: np.ndarray) -> np.ndarray:
    return _months(days) // 3


def _years(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)


_PERIOD_OF_DAY: Mapping[str, Callable[[np.ndarray], np.ndarray]] = {
    "daily": _days,
    "weekly": _weeks,
    "monthly": _months,
    "quarterly": _quarters,
    "yearly": _years,
}

_NOUN: Mapping[str, str] = {
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
    "yearly": "year",
}


def period_numbers(dates: np.ndarray, frequency: RebalanceFrequency) -> np.ndarray:
    """Integer period of each date (``datetime64`` array): equal numbers mean the same period.

    >>> period_numbers(np.array(["2024-03-31", "2024-04-01"], dtype="datetime64[ns]"), "quarterly")
    array([216, 217])
    """
    check_option(frequency, RebalanceFrequency, "frequency")
    days = np.asarray(dates).astype("datetime64[D]").astype(np.int64)
    return _PERIOD_OF_DAY[frequency](days)


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
