"""Where a backtest can start: the first date with enough history for the allocator's window.

>>> import pandas as pd
>>> prices = pd.DataFrame(
...     {"A": [1.0, 2.0, 3.0, 4.0], "B": [None, None, 3.0, 4.0]},
...     index=pd.bdate_range("2024-01-01", periods=4, name="date"),
... )
>>> first_rebalance_date(prices, window=2).date()
datetime.date(2024, 1, 3)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from algofolio.backtest.strategy import MIN_WINDOW
from algofolio.core.errors import DataError
from algofolio.data import validate_prices

__all__ = ["first_rebalance_date", "first_rebalance_row"]


def first_rebalance_date(
    prices: pd.DataFrame, window: int | None, start: pd.Timestamp | str | None = None
) -> pd.Timestamp:
    """The first date ``>= start`` with ``window`` returns of history (2 for an expanding window,
    ``None``) on which at least one asset is priced over the whole window.

    Raises :class:`DataError` when there is no such date.
    """
    frame = validate_prices(prices)
    first: pd.Timestamp = frame.index[first_rebalance_row(frame, window, start)]
    return first


def first_rebalance_row(
    prices: pd.DataFrame, window: int | None, start: pd.Timestamp | str | None = None
) -> int:
    """Row number of :func:`first_rebalance_date` in ``prices`` (already validated)."""
    finite = np.isfinite(prices.to_numpy(dtype=float))
    counts = np.vstack([np.zeros((1, finite.shape[1]), dtype=np.int64), np.cumsum(finite, axis=0)])
    rows = np.arange(len(prices))
    if window is None:  # expanding: from the first date with any price
        first = int(np.argmax(finite.any(axis=1)))
        enough = rows >= first + MIN_WINDOW
        eligible = (counts[rows + 1] - counts[first] == (rows - first + 1)[:, None]).any(axis=1)
    else:
        enough = rows >= window
        since = np.maximum(rows - window, 0)
        eligible = (counts[rows + 1] - counts[since] == window + 1).any(axis=1)
    ok = enough & eligible
    if start is not None:
        ok &= np.asarray(prices.index >= pd.Timestamp(start))
    hits = np.flatnonzero(ok)
    if hits.size == 0:
        need = MIN_WINDOW if window is None else window
        after = "" if start is None else f" on or after {pd.Timestamp(start):%Y-%m-%d}"
        raise DataError(
            f"no date{after} has {need} returns of history for any asset: nothing to backtest"
        )
    return int(hits[0])
