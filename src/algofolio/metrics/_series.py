"""Checks shared by the metric functions, and the decorator that maps a Series metric over columns.

NaN policy of every metric: leading NaN (before the series' first return) are dropped; a NaN or an
infinite value after the first return raises :class:`DataError` naming the series and the date.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, overload

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError, EstimationError

P = ParamSpec("P")


class ColumnwiseMetric(Protocol[P]):
    """A metric of a return ``Series`` (a float) that gives a ``Series`` of floats for a ``DataFrame``."""

    @overload
    def __call__(self, returns: pd.Series, /, *args: P.args, **kwargs: P.kwargs) -> float: ...

    @overload
    def __call__(
        self, returns: pd.DataFrame, /, *args: P.args, **kwargs: P.kwargs
    ) -> pd.Series: ...


def columnwise(
    min_periods: int,
) -> Callable[[Callable[Concatenate[pd.Series, P], float]], ColumnwiseMetric[P]]:
    """Decorate a metric of a clean ``Series`` (see :func:`clean_returns`) to accept raw data.

    The decorated function cleans its first argument (a ``Series``; a ``DataFrame`` column by column,
    each from its own first return) and needs at least ``min_periods`` returns.
    """

    def decorate(metric: Callable[Concatenate[pd.Series, P], float]) -> ColumnwiseMetric[P]:
        @functools.wraps(metric)
        def wrapper(
            returns: pd.Series | pd.DataFrame, /, *args: P.args, **kwargs: P.kwargs
        ) -> float | pd.Series:
            if isinstance(returns, pd.DataFrame):
                values = [
                    metric(clean_returns(returns[c], min_periods=min_periods), *args, **kwargs)
                    for c in returns.columns
                ]
                return pd.Series(values, index=returns.columns, name=metric.__name__, dtype=float)
            return metric(clean_returns(returns, min_periods=min_periods), *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def series_name(returns: pd.Series) -> str:
    """The name used in messages: the series' name, or ``"returns"``."""
    return "returns" if returns.name is None else str(returns.name)


def clean_returns(
    returns: pd.Series, *, min_periods: int = 1, name: str | None = None
) -> pd.Series:
    """Float copy of ``returns`` from its first non-NaN value, named ``name`` (default: its name).

    Raises :class:`DataError` when ``returns`` is not a ``Series``, holds a NaN or infinite value
    after its first return, or has fewer than ``min_periods`` returns.
    """
    if not isinstance(returns, pd.Series):
        raise DataError(
            f"returns must be a pandas Series or DataFrame, got {type(returns).__name__}"
        )
    label = name if name is not None else series_name(returns)
    try:
        values = returns.to_numpy(dtype="float64")
    except (TypeError, ValueError) as exc:
        raise DataError(f"{label}: returns must be numbers ({exc})") from None
    valid = np.flatnonzero(~np.isnan(values))
    first = int(valid[0]) if len(valid) else len(values)
    tail = values[first:]
    bad = np.flatnonzero(~np.isfinite(tail))
    if len(bad):
        date = returns.index[first + int(bad[0])]
        kind = "missing (NaN)" if np.isnan(tail[bad[0]]) else "infinite"
        raise DataError(
            f"{label}: the return on {date_label(date)} is {kind}; only NaN before the first "
            "return are allowed (fill or drop the gap first)",
            asset=label,
            date=date,
        )
    if len(tail) < min_periods:
        raise DataError(
            f"{label}: {len(tail)} return(s) after dropping leading NaN, need at least {min_periods}",
            asset=label,
        )
    return pd.Series(tail, index=returns.index[first:], name=label, dtype="float64")


def require_periods(returns: pd.Series, min_periods: int, what: str) -> None:
    """Raise :class:`DataError` unless the clean ``returns`` have at least ``min_periods`` values."""
    if len(returns) < min_periods:
        raise DataError(
            f"{returns.name}: {what} needs at least {min_periods} returns, got {len(returns)}",
            asset=str(returns.name),
        )


# Values whose spread is below this share of their magnitude are equal up to rounding: the standard
# deviation of ``a - (a - c)`` is a residue near 1e-18, and dividing by it gives a meaningless 1e15.
_RELATIVE_SPREAD = 1e-12


def require_dispersion(values: np.ndarray, name: object, what: str) -> None:
    """Raise :class:`EstimationError` when ``values`` are all equal up to rounding (zero dispersion)."""
    if np.ptp(values) <= _RELATIVE_SPREAD * np.max(np.abs(values)):
        raise EstimationError(f"{name}: {what} is undefined: the returns have zero dispersion")


def date_label(date: object) -> str:
    """A date as ``YYYY-MM-DD`` when it is a timestamp, else as given."""
    return f"{date:%Y-%m-%d}" if isinstance(date, pd.Timestamp) else str(date)
