"""Moving averages of prices: simple (rolling mean) or exponential, causal, NaN during warm-up.

* ``simple``: the mean of the last ``window`` values, from cumulative sums (each window is one
  subtraction of two cumulative sums, so many windows cost one pass each). The sums run in date
  order like vectorbt's ``MA`` (bit for bit equal to it on complete data).
* ``exponential``: ``m_t = a x_t + (1 - a) m_{t-1}`` with ``a = 2 / (window + 1)`` started at the
  first value (pandas ``ewm(span=window, adjust=False)``, vectorbt's ``MA(ewm=True)``).

Both are NaN for the first ``window - 1`` values of each asset (its warm-up, counted from its first
value) and defined after: the value at date ``t`` uses values up to ``t`` only.

>>> import pandas as pd
>>> prices = pd.Series([1.0, 2.0, 3.0, 4.0], index=pd.RangeIndex(4), name="A")
>>> moving_average(prices, 2).tolist()
[nan, 1.5, 2.5, 3.5]
>>> moving_average(prices, 3, kind="exponential").tolist()
[nan, nan, 2.25, 3.125]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from algofolio.core.options import check_option
from algofolio.signals._frames import Data, check_window, like, series_values

__all__ = ["MovingAverageKind", "moving_average", "moving_averages"]

MovingAverageKind = Literal["simple", "exponential"]
"""A rolling mean of the last ``window`` values, or an exponential average of span ``window``."""


def moving_average(prices: Data, window: int, kind: MovingAverageKind = "simple") -> Data:
    """Moving average of each column of ``prices`` (dates x assets, or one ``Series``).

    Same shape, index and columns as ``prices``; NaN for each asset's first ``window - 1`` values.
    ``window`` is an integer >= 1 (:class:`ConfigError` otherwise); a gap after an asset's first
    value raises :class:`DataError` naming the asset and the date.
    """
    window = check_window(window, "window")
    check_option(kind, MovingAverageKind, "kind")
    values, first = series_values(prices, "prices")
    return like(moving_averages(values, first, [window], kind)[0], prices)


def moving_averages(
    values: np.ndarray, first: np.ndarray, windows: Sequence[int], kind: MovingAverageKind
) -> np.ndarray:
    """Moving averages of ``values`` ``(T, N)`` for each of ``windows``: ``(len(windows), T, N)``.

    The array form of :func:`moving_average` for callers that need many windows at once (the
    cumulative sums are computed once): ``values`` have no gap after each column's first value,
    whose row is ``first`` ``(N,)`` (see :func:`~algofolio.signals._frames.series_values`).
    """
    n_rows = len(values)
    out = np.empty((len(windows), *values.shape))
    if kind == "simple":
        sums = np.zeros((n_rows + 1, values.shape[1]))
        np.cumsum(np.nan_to_num(values, nan=0.0) if first.any() else values, axis=0, out=sums[1:])
        for k, window in enumerate(windows):
            out[k, : window - 1] = np.nan
            if window <= n_rows:
                np.subtract(sums[window:], sums[: n_rows + 1 - window], out=out[k, window - 1 :])
                out[k, window - 1 :] /= window
    else:
        frame = pd.DataFrame(values)
        for k, window in enumerate(windows):
            ewm = frame.ewm(span=window, adjust=False, min_periods=window)
            out[k] = ewm.mean().to_numpy()
    if first.any():  # columns starting late: NaN until their own warm-up ends
        rows = np.arange(n_rows)[:, None]
        for k, window in enumerate(windows):
            out[k][rows < first + window - 1] = np.nan
    return out
