"""Periods per year and annualisation, in one place.

Conventions used throughout algofolio:

* an annual *rate* (risk-free rate, target return) converts to a per-period rate geometrically:
  ``(1 + r) ** (1 / periods_per_year) - 1``;
* a mean per period annualises arithmetically (``mean * periods_per_year``) and a standard deviation
  by the square root of time (``std * sqrt(periods_per_year)``).

>>> import pandas as pd
>>> infer_periods_per_year(pd.bdate_range("2024-01-01", periods=60))
252.0
>>> infer_periods_per_year(pd.date_range("2020-01-31", periods=24, freq="ME"))
12.0
>>> round(per_period_rate(0.05, 12), 6)
0.004074
>>> per_period_rate(float("nan"), 12)
Traceback (most recent call last):
...
algofolio.core.errors.ConfigError: annual_rate: must be a finite annual rate > -1 (e.g. 0.02), got nan
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np
import pandas as pd

from algofolio.core.errors import ConfigError, DataError

__all__ = [
    "annualize_mean",
    "annualize_volatility",
    "check_annual_rate",
    "infer_periods_per_year",
    "per_period_rate",
    "resolve_periods_per_year",
]

# Upper bounds on the median gap between observations (in days) and the periods per year they imply.
_GAP_TO_PERIODS: tuple[tuple[float, float], ...] = (
    (4.5, 252.0),  # trading days (weekend gaps excluded by the median)
    (10.0, 52.0),  # weeks
    (45.0, 12.0),  # months
    (135.0, 4.0),  # quarters
    (250.0, 2.0),  # half years
    (math.inf, 1.0),  # years
)
_CALENDAR_DAY_SHARE = 0.1  # above this share of weekend dates, daily data trade every calendar day


def infer_periods_per_year(index: pd.Index) -> float:
    """Infer periods per year from a ``DatetimeIndex``: 252 (trading days), 365 (calendar days,
    when weekends carry data), 52, 12, 4, 2 or 1, from the median gap between dates.

    Raises :class:`DataError` when the index has fewer than two dates, is not datetime, or is not
    in increasing order (naming the first date out of order: reversed monthly dates would
    otherwise read as daily ones).
    """
    if not isinstance(index, pd.DatetimeIndex):
        raise DataError(
            f"cannot infer the data frequency from a {type(index).__name__}; "
            "use a DatetimeIndex or pass periods_per_year"
        )
    if len(index) < 2:
        raise DataError(
            "cannot infer the data frequency from fewer than two dates; pass periods_per_year"
        )
    stamps = index.to_numpy()
    gaps = np.diff(stamps) / np.timedelta64(1, "D")
    if (gaps < 0).any():
        later = int(np.flatnonzero(gaps < 0)[0]) + 1
        raise DataError(
            f"cannot infer the data frequency: the dates are not in increasing order "
            f"({index[later]:%Y-%m-%d} comes after {index[later - 1]:%Y-%m-%d}); sort them by "
            "date or pass periods_per_year",
            date=index[later],
        )
    median_gap = float(np.median(gaps))
    for bound, periods in _GAP_TO_PERIODS:
        if median_gap <= bound:
            if periods == 252.0 and _weekend_share(stamps) > _CALENDAR_DAY_SHARE:
                return 365.0
            return periods
    raise AssertionError("unreachable: the last bound is infinite")  # pragma: no cover


def _weekend_share(stamps: np.ndarray) -> float:
    """Share of Saturdays and Sundays among ``datetime64`` stamps (numpy only: this runs per column)."""
    days = stamps.astype("datetime64[D]").astype(np.int64)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    return float(np.mean(weekday >= 5))


def resolve_periods_per_year(index: pd.Index, periods_per_year: float | None) -> float:
    """Return ``periods_per_year`` if given (checked: a finite number > 0), else infer it from
    ``index``."""
    if periods_per_year is None:
        return infer_periods_per_year(index)
    if (
        isinstance(periods_per_year, bool)
        or not isinstance(periods_per_year, Real)
        or not math.isfinite(periods_per_year)
        or periods_per_year <= 0
    ):
        raise DataError(f"periods_per_year must be a positive number, got {periods_per_year!r}")
    return float(periods_per_year)


def check_annual_rate(rate: float, name: str = "annual_rate") -> float:
    """Return ``rate`` as a float if it is a finite annual rate > -1 (-100%), else raise
    :class:`ConfigError` naming ``name`` (a rate of -100% or below has no per-period equivalent).

    >>> check_annual_rate(0.02, "risk_free_rate")
    0.02
    """
    if (
        isinstance(rate, bool)
        or not isinstance(rate, Real)
        or not math.isfinite(rate)
        or not rate > -1.0
    ):
        raise ConfigError(
            f"{name}: must be a finite annual rate > -1 (e.g. 0.02), got {rate!r}", key=name
        )
    return float(rate)


def per_period_rate(annual_rate: float, periods_per_year: float) -> float:
    """Convert an annual rate to the equivalent compounded rate per period.

    Raises :class:`ConfigError` for a rate that is not finite and > -1 (see
    :func:`check_annual_rate`).
    """
    rate = check_annual_rate(annual_rate)
    return float((1.0 + rate) ** (1.0 / periods_per_year) - 1.0)


def annualize_mean(mean_per_period: float, periods_per_year: float) -> float:
    """Annualise a mean return per period arithmetically: ``mean * periods_per_year``."""
    return mean_per_period * periods_per_year


def annualize_volatility(std_per_period: float, periods_per_year: float) -> float:
    """Annualise a standard deviation per period by the square root of time."""
    return std_per_period * math.sqrt(periods_per_year)
