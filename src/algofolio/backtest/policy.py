"""The decision at the close of one day: target weights from what is known then, and nothing after.

The backtest calls it at every rebalance; the account workflow can call it on today's snapshot to
get the same targets (one policy, two drivers).

>>> import pandas as pd
>>> from algofolio.allocate import EqualWeight
>>> from algofolio.core import MarketSnapshot
>>> prices = pd.DataFrame(
...     {"A": [10.0, 11.0, 12.0, 11.0, 12.0], "B": [None, None, 20.0, 21.0, 22.0]},
...     index=pd.bdate_range("2024-01-01", periods=5, name="date"),
... )
>>> today = MarketSnapshot.at(prices, prices.index[-1])
>>> decide_targets(today, EqualWeight(), window=3).to_dict()
{'A': 1.0}
>>> decide_targets(today, EqualWeight(), window=2).to_dict()
{'A': 0.5, 'B': 0.5}
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from algofolio.allocate import Allocator
from algofolio.allocate.fixed import WEIGHT_SUM_TOLERANCE
from algofolio.backtest.strategy import MIN_WINDOW
from algofolio.core.errors import DataError, EstimationError
from algofolio.core.snapshot import MarketSnapshot

__all__ = ["decide_targets"]


def _eligible_assets(history: np.ndarray) -> np.ndarray:
    """Bool mask of the assets priced on every row of ``history`` (dates x assets)."""
    complete: np.ndarray = np.isfinite(history).all(axis=0)
    return complete


def decide_targets(snapshot: MarketSnapshot, allocator: Allocator, window: int | None) -> pd.Series:
    """Fit ``allocator`` on the last ``window`` simple returns up to ``snapshot.date`` (``None``: all
    of them) and return its weights over the eligible assets (``Series``, sums to <= 1).

    Eligible: priced on every one of the ``window + 1`` last dates (so every return of the window
    exists). An expanding window (``None``) starts on the first date with any price, so an asset
    listed after that never becomes eligible: use a finite window with later listings.
    ``allocator`` is refitted in place. Errors of the fit are re-raised naming the date;
    :class:`EstimationError` when the history is too short or no asset is eligible.
    """
    prices = (
        _expanding(snapshot.prices) if window is None else snapshot.prices.iloc[-(window + 1) :]
    )
    day = f"{snapshot.date:%Y-%m-%d}"
    need = MIN_WINDOW if window is None else window
    if len(prices) < need + 1:
        raise EstimationError(f"{day}: {len(prices) - 1} return(s) of history; need {need}")
    values = prices.to_numpy(dtype=float)
    complete = _eligible_assets(values)
    if not complete.any():
        raise EstimationError(f"{day}: no asset is priced on every day of the window")
    every = bool(complete.all())
    kept = values if every else values[:, complete]
    returns = pd.DataFrame(  # simple returns, as algofolio.returns.simple_returns (checked in tests)
        kept[1:] / kept[:-1] - 1.0,
        index=prices.index[1:],
        columns=prices.columns if every else prices.columns[complete],
    )
    try:
        allocator.fit(returns)
    except DataError as exc:
        raise DataError(f"{day}: {exc}", asset=exc.asset, date=snapshot.date) from exc
    except EstimationError as exc:
        raise EstimationError(f"{day}: {exc}") from exc
    return _checked_weights(allocator, returns.columns, day)


def _expanding(prices: pd.DataFrame) -> pd.DataFrame:
    """``prices`` from the first date on which any asset has a price."""
    priced = np.isfinite(prices.to_numpy(dtype=float)).any(axis=1)
    return prices.iloc[int(np.argmax(priced)) :]


def _checked_weights(allocator: Allocator, eligible: pd.Index, day: str) -> pd.Series:
    weights = getattr(allocator, "weights_", None)
    name = type(allocator).__name__
    if not isinstance(weights, pd.Series):
        raise EstimationError(f"{day}: {name}.fit did not set a weights_ Series")
    if weights.index is not eligible and not weights.index.equals(eligible):
        extra = weights.index.difference(eligible)
        if len(extra):
            raise EstimationError(f"{day}: {name} weighted {extra[0]!r}, which is not eligible")
        weights = weights.reindex(eligible, fill_value=0.0)
    array = weights.to_numpy(dtype=float)
    bad = ~(np.isfinite(array) & (array >= 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise EstimationError(
            f"{day}: {name} gave {eligible[i]!r} the weight {float(array[i])!r}; need >= 0"
        )
    if array.sum() > 1 + WEIGHT_SUM_TOLERANCE:
        raise EstimationError(f"{day}: {name} weights sum to {array.sum():.6g} > 1")
    return pd.Series(array, index=eligible, name="weight")
