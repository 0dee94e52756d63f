"""Drawdowns: how far the wealth of a return series sits below its running peak.

Wealth starts at 1 before the first return and compounds the simple returns; the peak is the
running maximum of the wealth, including that starting 1. The drawdown is a **positive** fraction
below the peak (0 at a new high, 1 if the wealth is wiped out). A ``DataFrame`` is computed for all
columns at once, each from its own first return.

>>> import pandas as pd
>>> path = pd.Series([0.10, -0.20, 0.05, 0.30], index=pd.date_range("2024-01-31", periods=4, freq="ME"))
>>> drawdown(path).round(4).tolist()
[0.0, 0.2, 0.16, 0.0]
>>> max_drawdown(path), max_drawdown_duration(path)
(0.2, 3)
"""

from __future__ import annotations

from typing import overload

import numpy as np
import pandas as pd

from algofolio.core.errors import ConfigError, DataError
from algofolio.metrics._checks import Measured
from algofolio.metrics._columns import Columns
from algofolio.metrics._stats import ReturnStats, underwater_spells
from algofolio.metrics._validate import columnwise, validate_returns

__all__ = ["drawdown", "drawdown_episodes", "max_drawdown", "max_drawdown_duration"]


def max_drawdown_of(stats: ReturnStats) -> Measured:
    return Measured(stats.max_drawdown, ())


def max_drawdown_duration_of(stats: ReturnStats) -> Measured:
    return Measured(stats.longest_drawdown, ())


def _valid(returns: pd.Series | pd.DataFrame) -> Columns:
    checked = validate_returns(returns, min_periods=1)
    if checked.error is not None:
        raise checked.error
    return checked.columns


@overload
def drawdown(returns: pd.Series) -> pd.Series: ...
@overload
def drawdown(returns: pd.DataFrame) -> pd.DataFrame: ...
def drawdown(returns: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """Underwater series: the drawdown at each date, as a positive fraction below the running peak.

    Same index as ``returns``, each series from its own first return (NaN before it); a
    ``DataFrame`` gives one column per series. A NaN after the first return raises
    :class:`DataError`.

    >>> import pandas as pd
    >>> drawdown(pd.Series([None, -0.5, 1.0], index=pd.RangeIndex(3))).tolist()
    [nan, 0.5, 0.0]
    """
    columns = _valid(returns)
    underwater = ReturnStats(columns).underwater
    if isinstance(returns, pd.DataFrame):
        before_start = np.arange(len(underwater))[:, np.newaxis] < columns.starts
        np.copyto(underwater, np.nan, where=before_start)
        frame = columns.in_input_order(underwater)
        return pd.DataFrame(frame, index=returns.index, columns=returns.columns)
    path = np.full(len(returns), np.nan)
    path[len(returns) - len(underwater) :] = underwater[:, 0]  # leading NaN stay NaN
    return pd.Series(path, index=returns.index, name=returns.name)


@columnwise(min_periods=1)
def max_drawdown(returns: Columns) -> Measured:
    """Maximum drawdown, a positive fraction in [0, 1] (empyrical's and quantstats' with the sign flipped).

    NaN: leading NaN dropped, a later NaN raises :class:`DataError`. Needs 1 return.

    >>> import pandas as pd
    >>> max_drawdown(pd.Series([0.1, -0.5, 0.2], index=pd.RangeIndex(3)))
    0.5
    """
    return max_drawdown_of(ReturnStats(returns))


@columnwise(min_periods=1)
def max_drawdown_duration(returns: Columns) -> Measured:
    """Longest drawdown, in periods: from a peak until the wealth regains it (the recovery period
    counts), or until the last period if it never does.

    A path ``+10%, -20%, +5%, +30%`` peaks after period 1 and regains the peak in period 4: 3 periods.
    NaN: leading NaN dropped, a later NaN raises :class:`DataError`. Needs 1 return.

    >>> import pandas as pd
    >>> max_drawdown_duration(pd.Series([0.1, -0.2, 0.05], index=pd.RangeIndex(3)))  # not regained
    2
    """
    return max_drawdown_duration_of(ReturnStats(returns))


def drawdown_episodes(returns: pd.Series, top: int = 5) -> pd.DataFrame:
    """The ``top`` deepest drawdown episodes of a return ``Series``, deepest first.

    Columns: ``peak`` (date of the peak; NaT when the peak is the starting wealth, before the first
    return), ``start`` (first date below the peak), ``trough`` (date of the deepest point),
    ``recovery`` (first date back at the peak; NaT if not regained), ``depth`` (positive fraction)
    and ``length`` (periods from the peak to the recovery, or to the last date; as
    :func:`max_drawdown_duration`). NaN: leading NaN dropped, a later NaN raises :class:`DataError`.

    >>> import pandas as pd
    >>> path = pd.Series([0.1, -0.2, 0.3, -0.1], index=pd.date_range("2024-01-31", periods=4, freq="ME"))
    >>> episodes = drawdown_episodes(path)
    >>> episodes[["peak", "trough", "recovery", "length"]]
            peak     trough   recovery  length
    0 2024-01-31 2024-02-29 2024-03-31       2
    1 2024-03-31 2024-04-30        NaT       1
    >>> episodes["depth"].round(6).tolist()
    [0.2, 0.1]
    """
    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        raise ConfigError(f"top: must be a positive integer, got {top!r}", key="top")
    if isinstance(returns, pd.DataFrame):
        raise DataError("drawdown_episodes takes one return Series; pass a column")
    columns = _valid(returns)
    underwater = ReturnStats(columns).underwater
    spells = underwater_spells(underwater)
    dd, index = underwater[:, 0], columns.index
    rows = []
    for first, last, length, recovered in zip(
        spells.first.tolist(),
        spells.last.tolist(),
        spells.length.tolist(),
        spells.recovered.tolist(),
        strict=True,
    ):
        trough = first + int(np.argmax(dd[first : last + 1]))
        rows.append(
            {
                "peak": index[first - 1] if first > 0 else pd.NaT,
                "start": index[first],
                "trough": index[trough],
                "recovery": index[last + 1] if recovered else pd.NaT,
                "depth": float(dd[trough]),
                "length": length,
            }
        )
    columns_out = ["peak", "start", "trough", "recovery", "depth", "length"]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=_EMPTY_DTYPES[c]) for c in columns_out})
    table = pd.DataFrame(rows, columns=columns_out)
    table = table.sort_values("depth", ascending=False, kind="stable").head(top)
    return table.reset_index(drop=True)


_EMPTY_DTYPES = {
    "peak": "datetime64[ns]",
    "start": "datetime64[ns]",
    "trough": "datetime64[ns]",
    "recovery": "datetime64[ns]",
    "depth": "float64",
    "length": "int64",
}
