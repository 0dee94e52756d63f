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
from algofolio.core.history import MarketHistory
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
    prices: pd.DataFrame | MarketHistory,
    window: int | None,
    start: pd.Timestamp | str | None = None,
) -> int:
    """Row number of :func:`first_rebalance_date` in ``prices`` (already validated) or in a
    history built from them."""
    history = prices if isinstance(prices, MarketHistory) else MarketHistory.from_prices(prices)
    counts = history.counts
    n_rows = len(history.dates)
    begin = 0 if start is None else int(history.dates.searchsorted(pd.Timestamp(start)))
    rows = np.arange(begin, n_rows)
    if window is None:  # expanding: from the first date with any price
        first = history.first_priced_row()
        enough = rows >= first + MIN_WINDOW
        since = np.full(rows.size, min(first, n_rows))
    else:
        enough = rows >= window
        since = np.maximum(rows - window, 0)
    ok = enough.copy()
    for lo in range(0, rows.size, 256):  # in blocks: stop at the first row that qualifies
        block = slice(lo, lo + 256)
        if not ok[block].any():
            continue
        r = rows[block]
        ok[block] &= (counts[r + 1] - counts[since[block]] == (r - since[block] + 1)[:, None]).any(
            axis=1
        )
        if ok[block].any():
            ok[lo + 256 :] = False
            break
    hits = rows[ok]
    if hits.size == 0:
        need = MIN_WINDOW if window is None else window
        after = "" if start is None else f" on or after {pd.Timestamp(start):%Y-%m-%d}"
        raise DataError(
            f"no date{after} has {need} returns of history for any asset: nothing to backtest"
        )
    return int(hits[0])
