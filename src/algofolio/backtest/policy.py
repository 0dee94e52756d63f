"""The decision at the close of one day: target weights from what is known then, and nothing after.

The backtest makes the same decision at every rebalance (through :class:`AllocatorTarget` on the
run's :class:`~algofolio.core.history.MarketHistory`); the account workflow calls this on today's
snapshot to get the same targets (one policy, two drivers).

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
from algofolio.core.history import MarketHistory
from algofolio.core.snapshot import MarketSnapshot
from algofolio.rebalance.target import AllocatorTarget, Target, check_target_weights, target_name

__all__ = ["decide_targets"]


def decide_targets(
    snapshot: MarketSnapshot, allocator: Allocator | Target, window: int | None = 252
) -> pd.Series:
    """Target weights at ``snapshot.date`` over the eligible assets (``Series``, sums to <= 1).

    An allocator is fitted on the last ``window`` simple returns (``None``: all of them) over the
    assets priced on every one of the ``window + 1`` last dates; a target (``window`` then ignored)
    decides as it does in the backtest. An expanding window starts on the first date with any
    price, so an asset listed after that never becomes eligible: use a finite window with later
    listings. Raises :class:`EstimationError` when the history is too short or no asset is eligible.
    """
    target = AllocatorTarget(allocator, window) if isinstance(allocator, Allocator) else allocator
    history = MarketHistory.from_prices(snapshot.prices)
    weights = check_target_weights(
        target.weights(history, np.zeros(len(history.assets))), history, target_name(target)
    )
    eligible = history.eligible(target.window)
    names = pd.Index(np.asarray(history.assets, dtype=object)[eligible].tolist())
    return pd.Series(weights[eligible], index=names, name="weight")
