"""Statistical arbitrage on a pair: rolling hedge ratio, spread, and the spread's z-score.

* ``hedge_ratio_t``: the slope ``beta`` of the ordinary least squares fit ``y = alpha + beta x``
  over the last ``window`` dates, ``t`` included (computed two-pass per window: exact to rounding);
* ``spread_t = y_t - hedge_ratio_t x_t``: long one unit of ``y``, short ``hedge_ratio_t`` of ``x``;
* ``zscore_t``: ``(spread_t - mean) / std`` (ddof=1) over the last ``zscore_window`` spreads.

Everything at ``t`` uses data up to ``t`` only. NaN during the warm-up: the hedge ratio and the
spread for the first ``window - 1`` dates on which both series have a value, the z-score for
``window + zscore_window - 2``. Pass log prices for a spread in log terms.

>>> import pandas as pd
>>> x = pd.Series([1.0, 2.0, 3.0, 5.0, 4.0, 6.0], index=pd.RangeIndex(6))
>>> y = pd.Series([3.0, 5.0, 7.5, 11.0, 9.0, 13.5], index=x.index)
>>> pair = pair_spread(y, x, window=3)
>>> pair.hedge_ratio.round(4).tolist()
[nan, nan, 2.25, 1.9643, 1.75, 2.25]
>>> pair.spread.round(4).tolist(), pair.zscore.round(4).tolist()
([nan, nan, 0.75, 1.1786, 2.0, 0.0], [nan, nan, nan, nan, 1.087, -1.0539])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from algofolio.core.errors import DataError, EstimationError
from algofolio.signals._frames import check_same_layout, check_window, date_label, series_values

__all__ = ["PairSpread", "pair_spread"]


@dataclass(frozen=True, kw_only=True, slots=True)
class PairSpread:
    """The rolling hedge ratio, spread and spread z-score of a pair (``Series`` on ``y``'s dates)."""

    hedge_ratio: pd.Series
    spread: pd.Series
    zscore: pd.Series


def pair_spread(
    y: pd.Series, x: pd.Series, window: int, *, zscore_window: int | None = None
) -> PairSpread:
    """Hedge ratio of ``y`` on ``x`` (rolling OLS with an intercept), spread and z-score.

    ``y`` and ``x`` are ``Series`` on the same dates (:class:`DataError` otherwise); ``window``
    and ``zscore_window`` (default ``window``) are integers >= 2. A window where ``x`` is constant
    (no slope) or the spread is constant (no z-score) raises :class:`EstimationError` naming the
    date.
    """
    if not isinstance(y, pd.Series) or not isinstance(x, pd.Series):
        raise DataError("pair_spread takes two Series (y, x)")
    check_same_layout(y, x, ("y", "x"))
    window = check_window(window, "window", minimum=2)
    z_window = check_window(
        window if zscore_window is None else zscore_window, "zscore_window", minimum=2
    )
    ys, y_first = series_values(y, "y")
    xs, x_first = series_values(x, "x")
    start = int(max(y_first[0], x_first[0]))
    beta = _rolling_slope(ys[start:, 0], xs[start:, 0], window, y.index[start:])
    spread = ys[start:, 0] - beta * xs[start:, 0]
    z = _rolling_zscore(spread, z_window, window - 1, y.index[start:])
    lead = np.full(start, np.nan)
    return PairSpread(
        hedge_ratio=pd.Series(np.r_[lead, beta], index=y.index, name="hedge_ratio"),
        spread=pd.Series(np.r_[lead, spread], index=y.index, name="spread"),
        zscore=pd.Series(np.r_[lead, z], index=y.index, name="zscore"),
    )


def _rolling_slope(y: np.ndarray, x: np.ndarray, window: int, dates: pd.Index) -> np.ndarray:
    out = np.full(len(y), np.nan)
    if len(y) < window:
        return out
    xc = sliding_window_view(x, window)
    xc = xc - xc.mean(axis=1, keepdims=True)
    yc = sliding_window_view(y, window)
    yc = yc - yc.mean(axis=1, keepdims=True)
    sxx = np.einsum("ij,ij->i", xc, xc)
    _refuse_flat(sxx == 0.0, window - 1, dates, "x is constant over the", "hedge ratio")
    out[window - 1 :] = np.einsum("ij,ij->i", xc, yc) / sxx
    return out


def _rolling_zscore(values: np.ndarray, window: int, skip: int, dates: pd.Index) -> np.ndarray:
    """Z-score of ``values`` over rolling windows, the first ``skip`` values being NaN."""
    out = np.full(len(values), np.nan)
    if len(values) - skip < window:
        return out
    windows = sliding_window_view(values[skip:], window)
    mean = windows.mean(axis=1)
    std = np.sqrt(((windows - mean[:, None]) ** 2).sum(axis=1) / (window - 1))
    _refuse_flat(std == 0.0, skip + window - 1, dates, "the spread is constant over the", "z-score")
    out[skip + window - 1 :] = (values[skip + window - 1 :] - mean) / std
    return out


def _refuse_flat(flat: np.ndarray, offset: int, dates: pd.Index, what: str, result: str) -> None:
    if flat.any():
        date = dates[offset + int(np.argmax(flat))]
        raise EstimationError(f"{what} window ending {date_label(date)}: the {result} is undefined")
