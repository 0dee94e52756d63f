"""Returns per calendar month and per calendar year, compounded from periodic simple returns.

A period's return is ``prod(1 + r) - 1`` over the returns dated in it (calendar months and years
of the ``DatetimeIndex``, in its time zone). A partial first or last period (a series that starts
or ends inside it) gets the return over the dates present, not an annualised or a full-period
figure. Input NaN policy as every metric: leading NaN dropped, a NaN after the first return raises
:class:`DataError`; a index that is not a ``DatetimeIndex`` raises :class:`DataError`.

>>> import pandas as pd
>>> r = pd.Series([0.10, 0.10, -0.50], index=pd.to_datetime(["2023-12-29", "2024-01-02", "2024-01-31"]))
>>> annual_returns(r).round(4).to_dict()
{2023: 0.1, 2024: -0.45}
>>> monthly_returns(r).loc[2024, 1].round(4), monthly_returns(r).loc[2024, 2]
(np.float64(-0.45), np.float64(nan))
"""

from __future__ import annotations

from typing import overload

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError
from algofolio.metrics._validate import validate_returns

__all__ = ["annual_returns", "monthly_returns"]

_MONTHS = pd.Index(range(1, 13), dtype=np.int64, name="month")


def _dates(returns: pd.Series | pd.DataFrame, what: str) -> pd.DatetimeIndex:
    """The ``DatetimeIndex`` of validated ``returns`` (raising :class:`DataError` otherwise)."""
    checked = validate_returns(returns, min_periods=1)
    if checked.error is not None:
        raise checked.error
    index = returns.index
    if not isinstance(index, pd.DatetimeIndex):
        raise DataError(
            f"{what} needs returns indexed by date (a DatetimeIndex), got a {type(index).__name__}"
        )
    return index


def _years(index: pd.DatetimeIndex) -> pd.Index:
    return pd.Index(index.year, dtype=np.int64, name="year")


def monthly_returns(returns: pd.Series) -> pd.DataFrame:
    """Compounded return of each calendar month as a table: years (int index named ``"year"``, the
    years with at least one return) x months ``1..12`` (columns named ``"month"``).

    A month with no return in it (before the first return, after the last, or a gap in the dates)
    is NaN, meaning "no data in that month": the only NaN in the table. Takes one return
    ``Series``; a ``DataFrame`` raises :class:`DataError` (call it once per column).

    >>> import pandas as pd
    >>> r = pd.Series([0.01, 0.02, 0.03], index=pd.to_datetime(["2024-01-15", "2024-01-31", "2024-03-29"]))
    >>> monthly_returns(r).round(4).iloc[0, :4].tolist()
    [0.0302, nan, 0.03, nan]
    """
    if isinstance(returns, pd.DataFrame):
        raise DataError(
            "monthly_returns takes one return Series, got a DataFrame with "
            f"{returns.shape[1]} column(s); pass one column, e.g. frame[name]"
        )
    index = _dates(returns, "monthly_returns")
    growth = (
        (1.0 + returns.astype(np.float64)).groupby([_years(index), index.month]).prod(min_count=1)
    )
    table = (growth - 1.0).unstack()
    table = table.loc[table.notna().any(axis=1)]
    table.columns = pd.Index(table.columns, dtype=np.int64)
    table = table.reindex(columns=_MONTHS)
    table.index = pd.Index(table.index, dtype=np.int64, name="year")
    table.columns.name = "month"
    return table.astype(np.float64)


@overload
def annual_returns(returns: pd.Series) -> pd.Series: ...
@overload
def annual_returns(returns: pd.DataFrame) -> pd.DataFrame: ...
def annual_returns(returns: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """Compounded return of each calendar year, indexed by the years with at least one return
    (int index named ``"year"``). A partial first or last year gets the return over the dates
    present in it. A ``Series`` gives a ``Series`` (same name); a ``DataFrame`` gives one column
    per series, NaN in the years before a series' first return (leading NaN, as in the input).

    >>> import pandas as pd
    >>> r = pd.Series([0.1, 0.1, 0.1], index=pd.to_datetime(["2023-06-30", "2023-12-29", "2024-01-31"]))
    >>> annual_returns(r).round(4).tolist()
    [0.21, 0.1]
    """
    if not isinstance(returns, pd.Series | pd.DataFrame):
        raise DataError(
            f"returns must be a pandas Series or DataFrame, got {type(returns).__name__}"
        )
    index = _dates(returns, "annual_returns")
    growth = (1.0 + returns.astype(np.float64)).groupby(_years(index)).prod(min_count=1)
    result = growth - 1.0
    if isinstance(result, pd.DataFrame):
        result = result.loc[result.notna().any(axis=1)]
    else:
        result = result.dropna()
    result.index = pd.Index(result.index, dtype=np.int64, name="year")
    return result
