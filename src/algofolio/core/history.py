"""The market as known at one close, computed once per run and cut at each decision: no look-ahead.

A backtest builds one :class:`MarketHistory` over all its dates (prices, simple returns, cumulative
counts of priced days, optional volumes and open prices), then hands each decision
``history.until(row)``: read-only views ending at ``row`` (no copy). A trigger, target or trade rule
cannot index past its last row because the arrays end there; a test perturbs everything after a
random date and checks every decision up to it is unchanged.

Row ``i`` of :attr:`returns` is ``prices[i] / prices[i - 1] - 1`` (row 0 is NaN); a return is NaN
when either price is missing.

>>> import numpy as np, pandas as pd
>>> prices = pd.DataFrame(
...     {"A": [10.0, 11.0, 12.0, 11.0, 12.0], "B": [None, None, 20.0, 21.0, 22.0]},
...     index=pd.bdate_range("2024-01-01", periods=5, name="date"),
... )
>>> today = MarketHistory.from_prices(prices).until(4)
>>> today.date.date(), today.eligible(3).tolist(), today.eligible(2).tolist()
(datetime.date(2024, 1, 5), [True, False], [True, True])
>>> today.window_returns(2, today.eligible(2)).round(4).tolist()
[[-0.0833, 0.05], [0.0909, 0.0476]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError, EstimationError

__all__ = ["MarketHistory"]


def _read_only(array: np.ndarray) -> np.ndarray:
    view = array.view()
    view.flags.writeable = False
    return view


@dataclass(frozen=True, slots=True)
class MarketHistory:
    """Dates ``0..row`` of a run's market data (``n`` = ``row + 1`` dates x ``k`` assets).

    * ``dates``: ``DatetimeIndex`` (n,); ``assets``: the k asset names;
    * ``prices``: closes ``(n, k)``, > 0 or NaN (not priced that day);
    * :attr:`returns`: simple close-to-close returns ``(n, k)``, row 0 NaN (computed once per
      run, on first use);
    * ``counts``: ``(n + 1, k)`` cumulative number of priced days (``counts[0] = 0``), so the number
      priced on rows ``a..b`` is ``counts[b + 1] - counts[a]``;
    * ``volumes``: shares traded per day ``(n, k)`` or ``None``; ``opens``: opening prices ``(n, k)``
      or ``None``; ``first_priced``: the first row with any price (computed once by
      :meth:`from_prices`).

    All arrays are read-only. Build with :meth:`from_prices`; cut with :meth:`until`.
    """

    dates: pd.DatetimeIndex
    assets: tuple[str, ...]
    prices: np.ndarray
    counts: np.ndarray
    volumes: np.ndarray | None = None
    opens: np.ndarray | None = None
    first_priced: int = 0
    returns_of_run: _RunReturns | None = None

    @classmethod
    def from_prices(
        cls,
        prices: pd.DataFrame,
        *,
        volumes: pd.DataFrame | None = None,
        opens: pd.DataFrame | None = None,
    ) -> MarketHistory:
        """Precompute returns and counts from validated ``prices`` (dates x assets).

        ``volumes`` and ``opens``, when given, must have the same index and columns (:class:`DataError`
        naming the frame otherwise).
        """
        values = prices.to_numpy(dtype=float)
        finite = np.isfinite(values)
        if finite.all():  # complete prices: the counts are the row numbers (no cumulative sum)
            rows = np.arange(len(values) + 1, dtype=np.int64)[:, None]
            counts = np.broadcast_to(rows, (len(values) + 1, values.shape[1]))
        else:
            counts = np.zeros((len(values) + 1, values.shape[1]), dtype=np.int64)
            np.cumsum(finite, axis=0, out=counts[1:])
        return cls(
            dates=pd.DatetimeIndex(prices.index),
            assets=tuple(str(c) for c in prices.columns),
            prices=_read_only(values),
            returns_of_run=_RunReturns(_read_only(values)),
            counts=_read_only(counts),
            volumes=_aligned(volumes, prices, "volumes"),
            opens=_aligned(opens, prices, "opens"),
            first_priced=_first_priced(finite),
        )

    def until(self, row: int) -> MarketHistory:
        """The history up to and including ``row`` (views; nothing after it is reachable)."""
        if not 0 <= row < len(self.dates):
            raise IndexError(f"row {row} is outside 0..{len(self.dates) - 1}")
        stop = row + 1
        return MarketHistory(
            dates=self.dates[:stop],
            assets=self.assets,
            prices=self.prices[:stop],
            returns_of_run=self.returns_of_run,
            counts=self.counts[: stop + 1],
            volumes=None if self.volumes is None else self.volumes[:stop],
            opens=None if self.opens is None else self.opens[:stop],
            first_priced=min(self.first_priced, stop),
        )

    @property
    def returns(self) -> np.ndarray:
        """Simple close-to-close returns ``(n, k)``, row 0 NaN (computed for the whole run the
        first time any cut of it asks, then shared; read-only)."""
        if self.returns_of_run is None:
            return _simple_returns(self.prices)
        full = self.returns_of_run.get()
        return full[: len(self.dates)]

    @property
    def row(self) -> int:
        """Index of the last date (the decision date)."""
        return len(self.dates) - 1

    @property
    def date(self) -> pd.Timestamp:
        """The last date (the decision date)."""
        last: pd.Timestamp = self.dates[-1]
        return last

    def first_priced_row(self) -> int:
        """The first row on which any asset has a price (``row + 1`` when none has)."""
        return self.first_priced

    def window_start(self, window: int | None) -> int:
        """First price row of a ``window``-return window ending at the last row (``None``: from the
        first priced row, an expanding window). Raises :class:`EstimationError` when the history is
        shorter than the window."""
        start = self.first_priced_row() if window is None else self.row - window
        if start < 0 or start > self.row:
            raise EstimationError(
                f"{self.date:%Y-%m-%d}: {self.row} return(s) of history; need {window}"
            )
        return start

    def eligible(self, window: int | None) -> np.ndarray:
        """Bool ``(k,)``: assets priced on every date of the window (``window + 1`` prices, so every
        return of the window exists); ``None``: since the first priced row."""
        start = self.window_start(window)
        priced: np.ndarray = (self.counts[-1] - self.counts[start]) == (self.row - start + 1)
        return priced

    def window_returns(self, window: int | None, columns: np.ndarray | None = None) -> np.ndarray:
        """Simple returns of the window ``(m, j)``: rows after :meth:`window_start` to the last row,
        over ``columns`` (a bool mask or index array; ``None``: all assets). A view when possible."""
        start = self.window_start(window)
        block = self.returns[start + 1 :]
        if columns is None:
            return block
        mask = np.asarray(columns)
        if mask.dtype == bool and mask.all():
            return block
        selected: np.ndarray = block[:, mask]
        return selected

    def returns_frame(self, window: int | None, columns: np.ndarray | None = None) -> pd.DataFrame:
        """:meth:`window_returns` as a ``DataFrame`` (dates x asset names)."""
        start = self.window_start(window)
        names = np.asarray(self.assets, dtype=object)
        chosen = names if columns is None else names[np.asarray(columns)]
        return pd.DataFrame(
            self.window_returns(window, columns),
            index=self.dates[start + 1 :],
            columns=pd.Index(chosen.tolist()),
        )


def _first_priced(finite: np.ndarray) -> int:
    """The first row with any price (the row count when there is none)."""
    if finite.size and finite[0].any():
        return 0
    any_priced = finite.any(axis=1)
    return int(np.argmax(any_priced)) if any_priced.any() else len(finite)


def _simple_returns(values: np.ndarray) -> np.ndarray:
    returns = np.empty_like(values)
    if len(values):
        returns[0] = np.nan
        np.divide(values[1:], values[:-1], out=returns[1:])  # in place: no temporaries
        returns[1:] -= 1.0
    return _read_only(returns)


class _RunReturns:
    """The returns of a whole run, computed on first use and shared by every cut of its history
    (a static target or a drift band never asks: the run then skips the division)."""

    __slots__ = ("_prices", "_returns")

    def __init__(self, prices: np.ndarray) -> None:
        self._prices = prices
        self._returns: np.ndarray | None = None

    def get(self) -> np.ndarray:
        if self._returns is None:
            self._returns = _simple_returns(self._prices)
        return self._returns


def _aligned(frame: pd.DataFrame | None, prices: pd.DataFrame, name: str) -> np.ndarray | None:
    if frame is None:
        return None
    if not isinstance(frame, pd.DataFrame):
        raise DataError(f"{name} must be a DataFrame (dates x assets), got {type(frame).__name__}")
    if not frame.index.equals(prices.index) or not frame.columns.equals(prices.columns):
        missing = prices.columns.difference(frame.columns)
        where = f"asset {missing[0]!r} is missing" if len(missing) else "dates or assets differ"
        raise DataError(f"{name} must have the prices' dates and assets: {where}")
    return _read_only(frame.to_numpy(dtype=float))
