"""From a return ``Series`` or ``DataFrame`` to validated :class:`Columns`, and the decorator that
turns a metric of ``Columns`` into a metric of a ``Series`` (a float) or ``DataFrame`` (a ``Series``).

NaN policy of every metric: leading NaN (before a series' first return) are dropped, each series
from its own first return; a NaN or an infinite value after the first return raises
:class:`DataError` naming the series and the date.

>>> import numpy as np, pandas as pd
>>> frame = pd.DataFrame({"a": [np.nan, 0.1, 0.2], "b": [0.1, np.nan, 0.3]})
>>> checked = validate_returns(frame, min_periods=1)
>>> checked.columns.names, str(checked.error)
(('a',), 'b: the return on 1 is missing (NaN); only NaN before the first return are allowed (fill or drop the gap first)')
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, Protocol, overload

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError
from algofolio.metrics._checks import Measured, unchecked_floats
from algofolio.metrics._columns import Columns

__all__ = ["ColumnwiseMetric", "Validated", "columnwise", "date_label", "validate_returns"]

P = ParamSpec("P")


@dataclass(frozen=True, slots=True, eq=False)
class Validated:
    """The valid series before the first invalid one, and the error of that one (``None``: all
    valid). A metric computes ``columns`` first: an earlier series' own error comes first."""

    columns: Columns
    error: DataError | None


def series_name(returns: pd.Series) -> str:
    """The name used in messages: the series' name, or ``"returns"``."""
    return "returns" if returns.name is None else str(returns.name)


def date_label(date: object) -> str:
    """A date as ``YYYY-MM-DD`` when it is a timestamp, else as given."""
    return f"{date:%Y-%m-%d}" if isinstance(date, pd.Timestamp) else str(date)


def validate_returns(
    returns: pd.Series | pd.DataFrame, *, min_periods: int, name: str | None = None
) -> Validated:
    """Check ``returns`` (a ``Series``, or each column of a ``DataFrame``): numbers, no NaN or
    infinite value after the first return, at least ``min_periods`` returns. A ``Series`` keeps
    only its rows from its first return; ``name`` replaces its name in messages."""
    if isinstance(returns, pd.DataFrame):
        labels = ["returns" if c is None else str(c) for c in returns.columns.tolist()]
        if not returns.columns.is_unique:
            duplicated = str(returns.columns[returns.columns.duplicated()][0])
            raise DataError(
                f"returns: the column {duplicated} appears more than once", asset=duplicated
            )
        values, error = _frame_values(returns, labels)
        labels = labels[: values.shape[1]]
        return _validated(values, tuple(labels), returns.index, min_periods, error)
    if not isinstance(returns, pd.Series):
        raise DataError(
            f"returns must be a pandas Series or DataFrame, got {type(returns).__name__}"
        )
    label = name if name is not None else series_name(returns)
    values = _numbers(returns, label)[:, np.newaxis]
    valid = np.flatnonzero(~np.isnan(values[:, 0]))
    first = int(valid[0]) if len(valid) else len(values)
    return _validated(values[first:], (label,), returns.index[first:], min_periods, None)


def _numbers(series: pd.Series, label: str) -> np.ndarray:
    try:
        return series.to_numpy(dtype="float64")
    except (TypeError, ValueError) as exc:
        raise DataError(f"{label}: returns must be numbers ({exc})") from None


def _frame_values(frame: pd.DataFrame, labels: list[str]) -> tuple[np.ndarray, DataError | None]:
    """The values of ``frame`` as float64; when a column holds no numbers, those of the columns
    before it and its error."""
    try:
        return frame.to_numpy(dtype="float64"), None
    except (TypeError, ValueError):
        for position, label in enumerate(labels):
            try:
                _numbers(frame.iloc[:, position], label)
            except DataError as exc:
                return frame.iloc[:, :position].to_numpy(dtype="float64"), exc
        raise


def _validated(
    values: np.ndarray,
    labels: tuple[str, ...],
    index: pd.Index,
    min_periods: int,
    error: DataError | None,
) -> Validated:
    n_rows, n_series = values.shape
    finite = np.isfinite(values)
    if finite.all():
        starts = np.zeros(n_series, dtype=np.int64)
        invalid = np.zeros(n_series, dtype=bool)
        missing = None
    else:
        missing = np.isnan(values)
        starts = np.where(missing.all(axis=0), n_rows, np.argmin(missing, axis=0))
        invalid = n_rows - np.count_nonzero(finite, axis=0) > starts  # NaN or inf after the start
    bad = np.flatnonzero(invalid | (n_rows - starts < min_periods))
    if len(bad):
        first = int(bad[0])
        error = _error(values[:, first], int(starts[first]), labels[first], index, min_periods)
        values, starts, labels = values[:, :first], starts[:first], labels[:first]
    if missing is not None:
        values = np.array(values, order="F")
        np.copyto(values, 0.0, where=missing[:, : len(labels)])  # leading NaN: start at wealth 1
    columns = Columns.from_starts(values, starts.astype(np.int64), labels, index)
    return Validated(columns, error)


def _error(
    values: np.ndarray, start: int, label: str, index: pd.Index, min_periods: int
) -> DataError:
    """The error of one invalid series (its ``values``, its first return at ``start``)."""
    tail = values[start:]
    bad = np.flatnonzero(~np.isfinite(tail))
    if len(bad):
        date = index[start + int(bad[0])]
        kind = "missing (NaN)" if np.isnan(tail[bad[0]]) else "infinite"
        return DataError(
            f"{label}: the return on {date_label(date)} is {kind}; only NaN before the first "
            "return are allowed (fill or drop the gap first)",
            asset=label,
            date=date,
        )
    return DataError(
        f"{label}: {len(tail)} return(s) after dropping leading NaN, need at least {min_periods}",
        asset=label,
    )


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
) -> Callable[[Callable[Concatenate[Columns, P], Measured]], ColumnwiseMetric[P]]:
    """Decorate a metric of validated :class:`Columns` (one value per series, with its checks) to
    take a ``Series`` or ``DataFrame`` needing at least ``min_periods`` returns per series."""

    def decorate(metric: Callable[Concatenate[Columns, P], Measured]) -> ColumnwiseMetric[P]:
        @functools.wraps(metric)
        def wrapper(
            returns: pd.Series | pd.DataFrame, /, *args: P.args, **kwargs: P.kwargs
        ) -> float | pd.Series:
            checked = validate_returns(returns, min_periods=min_periods)
            values = np.empty(0)
            if checked.columns.n_series:
                with unchecked_floats():
                    measured = metric(checked.columns, *args, **kwargs)
                values = measured.checked(checked.columns)
            if checked.error is not None:
                raise checked.error
            if isinstance(returns, pd.DataFrame):
                return pd.Series(values, index=returns.columns, name=metric.__name__, dtype=float)
            result: float = values[0].item()
            return result

        return wrapper  # type: ignore[return-value]

    return decorate
