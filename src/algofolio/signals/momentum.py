"""Time-series momentum: the return from ``lookback`` to ``skip`` dates ago (12-1 momentum).

``momentum_t = p_{t - skip} / p_{t - lookback} - 1``: with the defaults (252, 21) the return over
the past year without its last month (Jegadeesh and Titman), which skips the short-term reversal.
The value at ``t`` uses prices up to ``t - skip`` only; it is NaN for each asset's first
``lookback`` dates (warm-up, counted from its first price).

>>> import pandas as pd
>>> prices = pd.Series([100.0, 110.0, 121.0, 133.1], index=pd.RangeIndex(4))
>>> momentum(prices, lookback=2, skip=1).round(6).tolist()
[nan, nan, 0.1, 0.1]
"""

from __future__ import annotations

import numpy as np

from algofolio.core.errors import ConfigError
from algofolio.signals._frames import Data, check_positive, check_window, like, series_values

__all__ = ["momentum"]


def momentum(prices: Data, lookback: int = 252, skip: int = 21) -> Data:
    """Momentum ``p_{t-skip} / p_{t-lookback} - 1`` of each column of ``prices`` (dates x assets,
    or one ``Series``; same shape out, NaN during each asset's first ``lookback`` dates).

    ``lookback`` > ``skip`` >= 0, integers (:class:`ConfigError` otherwise); prices must be > 0
    and without gaps after each asset's first price (:class:`DataError` naming asset and date).
    """
    lookback = check_window(lookback, "lookback")
    skip = check_window(skip, "skip", minimum=0)
    if skip >= lookback:
        raise ConfigError(f"skip ({skip}) must be smaller than lookback ({lookback})", key="skip")
    values, _ = series_values(prices, "prices")
    check_positive(values, prices, "prices")
    out = np.full_like(values, np.nan)
    n_rows = len(values)
    if n_rows > lookback:
        out[lookback:] = values[lookback - skip : n_rows - skip] / values[: n_rows - lookback] - 1.0
    return like(out, prices)
