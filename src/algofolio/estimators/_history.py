"""Validated return histories: each asset from its own first return (staggered listings).

NaN policy of every estimator: NaN before an asset's first return is an IPO gap and is kept (the
asset is estimated over its own history, pairs over their common dates); a NaN or infinite value
after the first return raises :class:`DataError` naming the asset and the date.

>>> import numpy as np, pandas as pd
>>> frame = pd.DataFrame({"A": [0.01, 0.02, 0.03], "B": [np.nan, 0.01, -0.01]})
>>> history = check_return_history(frame)
>>> history.starts.tolist(), history.common().shape
([0, 1], (2, 2))
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError, EstimationError

__all__ = ["ReturnHistory", "check_return_history", "first_rows"]


@dataclass(frozen=True, slots=True, eq=False)
class ReturnHistory:
    """``values`` (``T x n``, NaN only before ``starts[j]``), the asset names and the dates."""

    values: np.ndarray
    starts: np.ndarray
    assets: tuple[str, ...]
    index: pd.Index

    def common(self) -> np.ndarray:
        """The rows on which every asset has a return (from the latest first return)."""
        common: np.ndarray = self.values[int(self.starts.max()) :]
        return common

    def common_window(self, estimator: str, min_periods: int = 2) -> np.ndarray:
        """:meth:`common`, or :class:`EstimationError` naming ``estimator`` and the asset that
        starts last when it has fewer than ``min_periods`` rows."""
        common = self.common()
        if common.shape[0] < min_periods:
            latest = self.assets[int(np.argmax(self.starts))]
            raise EstimationError(
                f"{estimator}: the common window has {common.shape[0]} date(s) because asset "
                f"{latest!r} starts last; need at least {min_periods}"
            )
        return common


def check_return_history(returns: pd.DataFrame, *, min_periods: int = 2) -> ReturnHistory:
    """Check ``returns`` (dates x assets) and return it as a :class:`ReturnHistory`.

    Raises :class:`DataError` (not a ``DataFrame``, no or duplicate columns, not numeric, a NaN or
    infinite value after an asset's first return, naming the asset and the date) and
    :class:`EstimationError` when an asset has fewer than ``min_periods`` returns (naming it).
    """
    if not isinstance(returns, pd.DataFrame):
        raise DataError(
            f"returns must be a DataFrame (dates x assets), got {type(returns).__name__}"
        )
    if returns.shape[1] == 0:
        raise DataError("returns have no asset columns")
    assets = tuple(str(c) for c in returns.columns)
    if len(set(assets)) < len(assets):
        dup = next(a for i, a in enumerate(assets) if a in assets[:i])
        raise DataError(f"asset {dup!r} appears twice in the returns", asset=dup)
    try:
        values = returns.to_numpy(dtype=np.float64, copy=True)
    except (TypeError, ValueError):
        raise DataError("returns must be numeric") from None
    n_rows = values.shape[0]
    starts = first_rows(values)
    after_start = np.arange(n_rows)[:, None] >= starts[None, :]
    bad = after_start & ~np.isfinite(values)
    if bad.any():
        row, column = (int(i) for i in np.argwhere(bad.T)[0][::-1])
        asset, date = assets[column], returns.index[row]
        label = f"{date:%Y-%m-%d}" if isinstance(date, pd.Timestamp) else str(date)
        kind = "missing (NaN)" if np.isnan(values[row, column]) else "infinite"
        raise DataError(
            f"returns of asset {asset!r} on {label} are {kind}; only NaN before an asset's first "
            "return are allowed (fill or drop the gap first)",
            asset=asset,
            date=date,
        )
    counts = n_rows - starts
    short = np.flatnonzero(counts < min_periods)
    if short.size:
        asset = assets[int(short[0])]
        raise EstimationError(
            f"asset {asset!r} has {int(counts[short[0]])} return(s), need at least {min_periods}"
        )
    return ReturnHistory(values=values, starts=starts, assets=assets, index=returns.index)


def first_rows(X: np.ndarray) -> np.ndarray:
    """The row of each column's first non-NaN value (``T`` for an all-NaN column)."""
    missing = np.isnan(X)
    starts: np.ndarray = np.where(missing.all(axis=0), X.shape[0], np.argmin(missing, axis=0))
    return starts.astype(np.int64)
