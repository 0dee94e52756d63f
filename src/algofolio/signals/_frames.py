"""Input checks shared by the signals: a time series frame in, float64 values and warm-up starts out.

A signal's input is a ``DataFrame`` (dates x assets) or a ``Series`` (one asset) of numbers on
sorted, unique dates. Each column may start with NaN (before its first value: an IPO gap); a NaN
after a column's first value is a gap, which no rolling signal can bridge without inventing a
value, so it raises :class:`DataError` naming the asset and the date (fill or drop gaps first, e.g.
``validate_prices(prices, missing="ffill")``).

>>> import numpy as np, pandas as pd
>>> frame = pd.DataFrame({"A": [1.0, 2.0, 3.0], "B": [np.nan, 5.0, 6.0]}, index=pd.RangeIndex(3))
>>> values, first = series_values(frame, "prices")
>>> first.tolist()
[0, 1]
>>> series_values(frame.assign(A=[1.0, np.nan, 3.0]), "prices")
Traceback (most recent call last):
...
algofolio.core.errors.DataError: prices: asset 'A' has no value on 1 after its first value (a gap); fill or drop gaps first, e.g. validate_prices(..., missing='ffill')
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import TypeVar

import numpy as np
import pandas as pd

from algofolio.core.errors import ConfigError, DataError

__all__ = [
    "Data",
    "check_positive",
    "check_positive_number",
    "check_same_layout",
    "check_window",
    "column_name",
    "date_label",
    "like",
    "series_values",
]

Data = TypeVar("Data", pd.Series, pd.DataFrame)
"""A signal maps a ``Series`` to a ``Series`` and a ``DataFrame`` to a ``DataFrame``."""


def date_label(date: object) -> str:
    """A date as ``YYYY-MM-DD`` when it is a timestamp, else as given."""
    return f"{date:%Y-%m-%d}" if isinstance(date, pd.Timestamp) else str(date)


def column_name(data: pd.Series | pd.DataFrame, col: int, what: str) -> str:
    """The name of column ``col`` of ``data`` (a ``Series``: its name, else ``what``)."""
    return str(_frame(data, what).columns[col])


def _frame(data: pd.Series | pd.DataFrame, what: str) -> pd.DataFrame:
    if isinstance(data, pd.Series):
        return data.to_frame(what if data.name is None else data.name)
    if isinstance(data, pd.DataFrame):
        return data
    raise DataError(f"{what} must be a pandas Series or DataFrame, got {type(data).__name__}")


def _check_index(index: pd.Index, what: str) -> None:
    if index.has_duplicates:
        date = index[index.duplicated()][0]
        raise DataError(f"{what}: the date {date_label(date)} appears twice", date=date)
    if not index.is_monotonic_increasing:
        row = next(i for i in range(1, len(index)) if index[i] < index[i - 1])
        raise DataError(
            f"{what}: the dates are not sorted in increasing order: {date_label(index[row])} "
            f"comes after {date_label(index[row - 1])}",
            date=index[row],
        )


def series_values(data: pd.Series | pd.DataFrame, what: str) -> tuple[np.ndarray, np.ndarray]:
    """``(values, first)``: the data as a float64 ``(T, N)`` array (a ``Series`` is one column)
    and the row of each column's first value (``T`` for an all-NaN column).

    Raises :class:`DataError` (naming ``what``, the asset and the date) for a type that is not a
    pandas object, unsorted or repeated dates, non-numbers, infinities, or a gap (NaN after a
    column's first value).
    """
    frame = _frame(data, what)
    _check_index(frame.index, what)
    try:
        values = np.asarray(frame.to_numpy(dtype=np.float64, na_value=np.nan))
    except (TypeError, ValueError) as exc:
        raise DataError(f"{what} must be numbers: {exc}") from None
    if np.isinf(values).any():
        row, col = (int(i[0]) for i in np.nonzero(np.isinf(values)))
        asset, date = str(frame.columns[col]), frame.index[row]
        raise DataError(
            f"{what}: asset {asset!r} is infinite on {date_label(date)}", asset=asset, date=date
        )
    if len(values) == 0:
        raise DataError(f"{what} has no dates")
    missing = np.isnan(values)
    first = np.where(missing.all(axis=0), len(values), np.argmin(missing, axis=0))
    gaps = missing & (np.arange(len(values))[:, None] > first)
    if gaps.any():
        col = int(np.argmin(np.where(gaps.any(axis=0), gaps.argmax(axis=0), len(values))))
        row = int(gaps[:, col].argmax())
        asset, date = str(frame.columns[col]), frame.index[row]
        raise DataError(
            f"{what}: asset {asset!r} has no value on {date_label(date)} after its first value "
            "(a gap); fill or drop gaps first, e.g. validate_prices(..., missing='ffill')",
            asset=asset,
            date=date,
        )
    return values, first.astype(np.intp)


def check_positive(values: np.ndarray, data: pd.Series | pd.DataFrame, what: str) -> None:
    """Raise :class:`DataError` naming the asset and date of the first value that is not > 0."""
    bad = values <= 0.0  # NaN compares False: warm-up NaN are allowed
    if bad.any():
        frame = _frame(data, what)
        row, col = (int(i[0]) for i in np.nonzero(bad))
        asset, date = str(frame.columns[col]), frame.index[row]
        raise DataError(
            f"{what}: asset {asset!r} is {float(values[row, col])!r} on {date_label(date)}: prices "
            "must be > 0",
            asset=asset,
            date=date,
        )


def check_same_layout(
    first: pd.Series | pd.DataFrame, second: pd.Series | pd.DataFrame, names: tuple[str, str]
) -> None:
    """Raise :class:`DataError` unless both are of one kind with equal index (and columns)."""
    if type(first) is not type(second):
        raise DataError(f"{names[0]} and {names[1]} must both be Series or both DataFrames")
    if not first.index.equals(second.index):
        raise DataError(f"{names[0]} and {names[1]} must have the same dates")
    if (
        isinstance(first, pd.DataFrame)
        and isinstance(second, pd.DataFrame)
        and not first.columns.equals(second.columns)
    ):
        raise DataError(f"{names[0]} and {names[1]} must have the same columns (assets)")


def check_window(value: object, name: str, *, minimum: int = 1) -> int:
    """``value`` as an ``int`` when it is an integer >= ``minimum``, else :class:`ConfigError`."""
    if isinstance(value, bool) or not isinstance(value, Integral) or int(value) < minimum:
        raise ConfigError(f"{name} must be an integer >= {minimum}, got {value!r}", key=name)
    return int(value)


def check_positive_number(value: object, name: str) -> float:
    """``value`` as a float when it is a finite number > 0, else :class:`ConfigError`."""
    if (
        isinstance(value, bool)
        or not isinstance(value, Real)
        or not math.isfinite(value)
        or not float(value) > 0.0
    ):
        raise ConfigError(f"{name} must be a finite number > 0, got {value!r}", key=name)
    return float(value)


def like(values: np.ndarray, data: Data) -> Data:
    """``values`` ``(T, N)`` with the index and columns (or name) of ``data``."""
    if isinstance(data, pd.Series):
        return pd.Series(values[:, 0], index=data.index, name=data.name)
    return pd.DataFrame(values, index=data.index, columns=data.columns)
