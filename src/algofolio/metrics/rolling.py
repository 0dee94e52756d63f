"""Rolling metrics of periodic simple returns: volatility, Sharpe ratio and beta over a window.

Each value uses the ``window`` returns up to and including its date (no look-ahead). The result
starts at the first full window: the first ``window - 1`` dates are dropped, not filled with NaN.
A ``Series`` gives a ``Series`` (same name); a ``DataFrame`` gives a ``DataFrame`` with one column
per input column, whose rows start at the earliest full window of any column; a column whose
first return comes later is NaN before its own first full window (the only NaN: leading NaN, as
in the input). Input NaN policy as every metric: leading NaN dropped, a NaN after the first return
raises :class:`DataError`; a series with fewer than ``window`` returns raises :class:`DataError`.
``periods_per_year`` is inferred per series from all its dates when not given; ``risk_free_rate``
is an **annual** rate converted per period geometrically. Rows are taken in the order given
(sort the dates first); :func:`rolling_beta` sorts the dates it shares with the benchmark.

All series are computed at once with numpy: window sums over blocks of ``window`` rows of the
returns centred on each series' mean (see :func:`_window_reduce`), as accurate as summing each
window directly, where pandas' running updates lose digits after a volatile stretch.

>>> import pandas as pd
>>> r = pd.Series([0.01, 0.03, -0.01, 0.02], index=pd.date_range("2024-01-31", periods=4, freq="ME"))
>>> rolling_volatility(r, window=2).round(6).tolist()  # std of each pair * sqrt(12)
[0.04899, 0.09798, 0.07348]
>>> rolling_volatility(r, window=2).index[0].date()
datetime.date(2024, 2, 29)
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral
from typing import overload

import numpy as np
import pandas as pd

from algofolio.core.errors import ConfigError, EstimationError
from algofolio.core.frequency import check_annual_rate
from algofolio.metrics._checks import (
    periods_per_year_of,
    raise_first,
    too_short,
    unchecked_floats,
)
from algofolio.metrics._columns import Columns
from algofolio.metrics._stats import per_period_rates
from algofolio.metrics._validate import date_label, validate_returns
from algofolio.metrics.capm import align

__all__ = ["rolling_beta", "rolling_sharpe", "rolling_volatility"]

# As in :func:`~algofolio.metrics._checks.zero_dispersion`: values whose spread is below this
# share of their magnitude are equal up to rounding.
_RELATIVE_SPREAD = 1e-12


def check_window(window: int) -> int:
    """``window`` as an int if it is an integer >= 2, else :class:`ConfigError` naming it."""
    if isinstance(window, bool) or not isinstance(window, Integral) or window < 2:
        raise ConfigError(
            f"window: must be an integer number of periods >= 2, got {window!r}", key="window"
        )
    return int(window)


@dataclass(frozen=True, slots=True, eq=False)
class _Windows:
    """Validated returns for a rolling metric: ``array`` ``(T, N)`` float64 in the input's column
    order (0 before each series' first return), the ``index``, each series' ``first`` full-window
    row and ``names`` (input order)."""

    array: np.ndarray
    index: pd.Index
    first: np.ndarray
    names: tuple[str, ...]
    window: int

    @classmethod
    def of(cls, columns: Columns, window: int) -> _Windows:
        return cls(
            _in_input_order(columns, columns.array),
            columns.index,
            _in_input_order(columns, columns.starts) + window - 1,
            _input_names(columns),
            window,
        )

    @property
    def start(self) -> int:
        """First row of the result: the earliest full window."""
        return int(self.first.min())

    def centred(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``values`` ``(T, N)`` minus each column's mean over its series' rows (0 on the rows
        before), and those means: centring keeps the window sums of squares accurate."""
        used = np.arange(len(values))[:, np.newaxis] >= self.first - (self.window - 1)
        counts = np.count_nonzero(used, axis=0)
        means: np.ndarray = np.where(used, values, 0.0).sum(axis=0) / np.maximum(counts, 1)
        return np.where(used, values - means, 0.0), means

    def shaped(
        self, result: np.ndarray, returns: pd.Series | pd.DataFrame
    ) -> pd.Series | pd.DataFrame:
        """``result`` of each full window (``(T - window + 1, N)``, the window ending at row
        ``window - 1`` first) from the earliest full window on, NaN before a series' own first
        full window, as a ``Series`` or a ``DataFrame``."""
        start = self.start
        rows = result[start - (self.window - 1) :]
        before = np.arange(start, len(self.index))[:, np.newaxis] < self.first
        if before.any():
            rows = np.where(before, np.nan, rows)
        index = self.index[start:]
        if isinstance(returns, pd.DataFrame):
            return pd.DataFrame(rows, index=index, columns=returns.columns, dtype=float)
        return pd.Series(rows[:, 0], index=index, name=returns.name, dtype=float)

    def first_failure(self, failed: np.ndarray) -> tuple[str, str] | None:
        """The name of the first series (input order) with a ``failed`` full window (``(T -
        window + 1, N)`` bool) and the date ending that window, or ``None``."""
        rows = np.arange(self.window - 1, len(self.index))[:, np.newaxis]
        failed = failed & (rows >= self.first)
        hit = failed.any(axis=0)
        if not hit.any():
            return None
        series = int(np.flatnonzero(hit)[0])
        row = self.window - 1 + int(np.argmax(failed[:, series]))
        return self.names[series], date_label(self.index[row])


def _in_input_order(columns: Columns, values: np.ndarray) -> np.ndarray:
    """Per-series ``values`` (the last axis in ``columns``' order) back in the input's order."""
    return columns.in_input_order(values)


def _window_reduce(values: np.ndarray, window: int, ufunc: np.ufunc, fill: float) -> np.ndarray:
    """``ufunc`` (``add``, ``maximum``, ``minimum``; ``fill`` its identity) over each full window
    of the rows of ``values`` ``(T, N)``: ``(T - window + 1, N)``, the window ending at row
    ``window - 1`` first.

    The rows are cut into blocks of ``window`` (van Herk / Gil-Werman): a window is the tail of
    one block (reduced from the block's end) and the head of the next (reduced from its start),
    so each value costs three ``ufunc`` calls whatever the window, and a sum adds at most
    ``window`` terms each way: as accurate as summing the window directly, unlike a difference of
    running totals over the whole series.
    """
    n_rows, n_series = values.shape
    n_blocks, remainder = divmod(n_rows, window)
    # position in block, block, series: each step of a reduction down the blocks is one vector
    blocks = np.empty((window, n_blocks + (remainder > 0), n_series))
    by_block = blocks.transpose(1, 0, 2)  # a view: block, position, series
    by_block[:n_blocks] = values[: n_blocks * window].reshape(n_blocks, window, n_series)
    if remainder:
        by_block[-1, :remainder] = values[n_blocks * window :]
        by_block[-1, remainder:] = fill
    head = ufunc.accumulate(blocks, axis=0)
    tail = ufunc.accumulate(blocks[::-1], axis=0, out=blocks[::-1])[::-1]  # in place
    # the window starting at position p > 0 of block b ends at position p - 1 of block b + 1;
    # one starting a block (p = 0) is that block's tail alone
    ufunc(tail[1:, :-1], head[:-1, 1:], out=tail[1:, :-1])
    result: np.ndarray = tail.transpose(1, 0, 2).reshape(-1, n_series)[: n_rows - window + 1]
    return result


def _flat(values: np.ndarray, window: int) -> np.ndarray:
    """Windows whose values are all equal up to rounding, as
    :func:`~algofolio.metrics._checks.zero_dispersion` decides it (``(T - window + 1, N)``)."""
    highest = _window_reduce(values, window, np.maximum, -np.inf)
    lowest = _window_reduce(values, window, np.minimum, np.inf)
    magnitude = np.maximum(np.abs(highest), np.abs(lowest))
    flat: np.ndarray = highest - lowest <= _RELATIVE_SPREAD * magnitude
    return flat


def _constant(values: np.ndarray, window: int) -> np.ndarray:
    """Windows whose values are all exactly equal (``(T - window + 1, N)``): no change from one
    row to the next within the window (a count of changes, exact in integers)."""
    changes = np.zeros(values.shape, dtype=np.int64)
    np.cumsum(values[1:] != values[:-1], axis=0, out=changes[1:])
    constant: np.ndarray = changes[window - 1 :] == changes[: len(values) - window + 1]
    return constant


def _sum_of_products(centred: np.ndarray, other: np.ndarray, window: int) -> np.ndarray:
    """Sum over each window of the products of the deviations from the window means, of centred
    columns (``(T, N)``, or ``(T, 1)`` broadcast against the other)."""
    sum_x = _window_reduce(centred, window, np.add, 0.0)
    sum_y = sum_x if other is centred else _window_reduce(other, window, np.add, 0.0)
    products = _window_reduce(centred * other, window, np.add, 0.0)
    result: np.ndarray = products - sum_x * sum_y / window
    return result


def _window_std(centred: np.ndarray, window: int, flat: np.ndarray) -> np.ndarray:
    """Standard deviation (ddof=1) of each window of centred columns; exactly 0 when ``flat``."""
    squares = np.maximum(_sum_of_products(centred, centred, window), 0.0)
    std: np.ndarray = np.sqrt(squares / (window - 1))
    std[flat] = 0.0
    return std


@overload
def rolling_volatility(
    returns: pd.Series, *, window: int = 126, periods_per_year: float | None = None
) -> pd.Series: ...
@overload
def rolling_volatility(
    returns: pd.DataFrame, *, window: int = 126, periods_per_year: float | None = None
) -> pd.DataFrame: ...
def rolling_volatility(
    returns: pd.Series | pd.DataFrame, *, window: int = 126, periods_per_year: float | None = None
) -> pd.Series | pd.DataFrame:
    """Annualised rolling volatility: the standard deviation (ddof=1) of the last ``window``
    returns times ``sqrt(periods_per_year)``, from the first full window on (quantstats'
    ``rolling_volatility`` without its leading NaN). A constant window has volatility 0.

    >>> import pandas as pd
    >>> r = pd.Series([0.01, 0.03, 0.03], index=pd.RangeIndex(3))
    >>> rolling_volatility(r, window=2, periods_per_year=4).round(6).tolist()
    [0.028284, 0.0]
    """
    window = check_window(window)
    windows, ppy, _ = _validated(returns, window, "a rolling volatility", periods_per_year)
    centred, _ = windows.centred(windows.array)
    std = _window_std(centred, window, _constant(windows.array, window))
    return windows.shaped(std * np.sqrt(ppy), returns)


@overload
def rolling_sharpe(
    returns: pd.Series,
    *,
    window: int = 126,
    risk_free_rate: float = 0.0,
    periods_per_year: float | None = None,
) -> pd.Series: ...
@overload
def rolling_sharpe(
    returns: pd.DataFrame,
    *,
    window: int = 126,
    risk_free_rate: float = 0.0,
    periods_per_year: float | None = None,
) -> pd.DataFrame: ...
def rolling_sharpe(
    returns: pd.Series | pd.DataFrame,
    *,
    window: int = 126,
    risk_free_rate: float = 0.0,
    periods_per_year: float | None = None,
) -> pd.Series | pd.DataFrame:
    """Annualised rolling Sharpe ratio: :func:`~algofolio.metrics.sharpe_ratio` of the last
    ``window`` returns at each date (mean excess return over its standard deviation, ddof=1, times
    ``sqrt(periods_per_year)``; excess over the per-period equivalent of the annual
    ``risk_free_rate``), from the first full window on.

    A window whose returns are all equal (up to rounding; e.g. a strategy all in cash for a whole
    window) has no Sharpe ratio: it raises :class:`EstimationError` naming the series and the
    window's last date, as :func:`~algofolio.metrics.sharpe_ratio` raises for a constant series,
    rather than leaving a NaN or an infinite value in the result.

    >>> import pandas as pd
    >>> r = pd.Series([0.01, 0.03, -0.01], index=pd.RangeIndex(3))
    >>> rolling_sharpe(r, window=2, periods_per_year=4).round(6).tolist()
    [2.828427, 0.707107]
    """
    window = check_window(window)
    windows, ppy, rate = _validated(
        returns, window, "a rolling Sharpe ratio", periods_per_year, risk_free_rate
    )
    excess = windows.array - rate if rate.any() else windows.array
    flat = _flat(excess, window)
    failure = windows.first_failure(flat)
    if failure is not None:
        name, date = failure
        raise EstimationError(
            f"{name}: the rolling Sharpe ratio is undefined on {date}: the {window} returns up "
            "to that date have zero dispersion"
        )
    centred, means = windows.centred(excess)
    mean = _window_reduce(centred, window, np.add, 0.0) / window + means
    with unchecked_floats():  # flat windows before a series' first full window
        result = mean / _window_std(centred, window, flat) * np.sqrt(ppy)
    return windows.shaped(result, returns)


@overload
def rolling_beta(returns: pd.Series, benchmark: pd.Series, *, window: int = 126) -> pd.Series: ...
@overload
def rolling_beta(
    returns: pd.DataFrame, benchmark: pd.Series, *, window: int = 126
) -> pd.DataFrame: ...
def rolling_beta(
    returns: pd.Series | pd.DataFrame, benchmark: pd.Series, *, window: int = 126
) -> pd.Series | pd.DataFrame:
    """Rolling OLS beta of ``returns`` on ``benchmark``: ``cov(r, b) / var(b)`` (ddof=1) over the
    last ``window`` dates the two have in common (dates sorted; each series and the benchmark
    cleaned of leading NaN first, as :func:`~algofolio.metrics.alpha_beta`, whose ``beta`` it
    equals on each window). The result is indexed by the common dates from the first full window.
    A window in which the benchmark is constant raises :class:`EstimationError` naming it and the
    window's last date; a series with fewer than ``window`` common dates raises
    :class:`DataError`.

    >>> import pandas as pd
    >>> b = pd.Series([0.01, -0.02, 0.03, 0.01], index=pd.RangeIndex(4))
    >>> rolling_beta(0.001 + 1.5 * b, b, window=3).round(6).tolist()
    [1.5, 1.5]
    """
    window = check_window(window)
    checked = validate_returns(returns, min_periods=1)
    columns = checked.columns
    aligned = align(columns, benchmark)
    common = aligned.returns
    label = "benchmark" if benchmark.name is None else f"benchmark {benchmark.name}"
    short = too_short(
        common, window, f"a rolling beta over {window} dates in common with the {label}"
    )
    raise_first((*aligned.checks[:1], short), common.order)
    if checked.error is not None:
        raise checked.error
    windows = _Windows.of(common, window)
    bench = aligned.benchmark[:, np.newaxis]
    flat = _flat(bench, window)
    failure = windows.first_failure(np.broadcast_to(flat, (len(flat), len(windows.names))))
    if failure is not None:
        name, date = failure
        raise EstimationError(
            f"{name}: the rolling beta is undefined on {date}: the {label} is constant over "
            f"the {window} dates up to that date"
        )
    centred, _ = windows.centred(windows.array)
    centred_bench = bench - bench.mean()
    with unchecked_floats():  # a flat benchmark window before a series' first full window
        covariance = _sum_of_products(centred, centred_bench, window)
        variance = _sum_of_products(centred_bench, centred_bench, window)
        result = covariance / variance
    return windows.shaped(result, returns)


def _input_names(columns: Columns) -> tuple[str, ...]:
    """``columns.names`` in the input's order."""
    names = [""] * columns.n_series
    for position, name in zip(columns.order.tolist(), columns.names, strict=True):
        names[position] = name
    return tuple(names)


def _validated(
    returns: pd.Series | pd.DataFrame,
    window: int,
    what: str,
    periods_per_year: float | None,
    risk_free_rate: float = 0.0,
) -> tuple[_Windows, np.ndarray, np.ndarray]:
    """Validated windows, and per series (input order) the periods per year and the risk-free
    rate per period; raises the error of the first invalid series (input order)."""
    check_annual_rate(risk_free_rate, "risk_free_rate")
    checked = validate_returns(returns, min_periods=1)
    columns = checked.columns
    periods = periods_per_year_of(columns, periods_per_year)
    short = too_short(columns, window, f"{what} over {window} periods")
    raise_first((short, periods.check), columns.order)
    if checked.error is not None:
        raise checked.error
    ppy = _in_input_order(columns, periods.each)
    rate = per_period_rates(risk_free_rate, ppy)
    return _Windows.of(columns, window), ppy, rate
