"""Calendar periods of dates: which trading day opens a new day, week, month, quarter or year.

Weeks run Monday to Sunday; quarters and years are calendar ones. The arithmetic is numpy's own on
``datetime64`` day numbers (no pandas periods), cheap enough to run on every window of the simulator.
Calendar rebalancing (:class:`algofolio.rebalance.CalendarRule`) and drifting portfolio returns
(:func:`algofolio.returns.portfolio_returns`) both read their periods here.

>>> import pandas as pd
>>> period_starts(pd.DatetimeIndex(["2024-01-30", "2024-01-31", "2024-02-01"]), "monthly").tolist()
[True, False, True]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError
from algofolio.core.options import RebalanceFrequency, check_option

__all__ = ["period_numbers", "period_starts"]


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


def period_numbers(dates: np.ndarray, frequency: RebalanceFrequency) -> np.ndarray:
    """Integer period of each date (``datetime64`` array): equal numbers mean the same period.

    >>> period_numbers(np.array(["2024-03-31", "2024-04-01"], dtype="datetime64[ns]"), "quarterly")
    array([216, 217])
    """
    check_option(frequency, RebalanceFrequency, "frequency")
    days = np.asarray(dates).astype("datetime64[D]").astype(np.int64)
    return _PERIOD_OF_DAY[frequency](days)


def period_starts(index: pd.Index, frequency: RebalanceFrequency) -> np.ndarray:
    """Boolean mask ``(n,)``: True on each date whose period differs from the previous date's.

    The first date counts as the start of its period (the index opens a period there). Raises
    :class:`DataError` when ``index`` is not a ``DatetimeIndex``.
    """
    if not isinstance(index, pd.DatetimeIndex):
        raise DataError(
            f"calendar rebalancing ({frequency!r}) needs a DatetimeIndex, got {type(index).__name__}"
        )
    periods = period_numbers(index.to_numpy(), frequency)
    mask = np.ones(len(index), dtype=bool)
    mask[1:] = periods[1:] != periods[:-1]
    return mask
