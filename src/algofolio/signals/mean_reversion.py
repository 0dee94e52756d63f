"""Mean reversion: how many rolling standard deviations a series is from its rolling mean.

``zscore_t = (x_t - mean_t) / std_t`` where the mean and the standard deviation (ddof=1) are over
the last ``window`` values, ``x_t`` included (pandas ``rolling``). Large positive values mean "far
above its recent average" (a mean-reversion short), large negative "far below". The value at ``t``
uses values up to ``t`` only; NaN for each asset's first ``window - 1`` values (warm-up).

>>> import pandas as pd
>>> prices = pd.Series([1.0, 2.0, 3.0, 2.0], index=pd.RangeIndex(4))
>>> zscore(prices, 3).round(6).tolist()
[nan, nan, 1.0, -0.57735]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from algofolio.core.errors import EstimationError
from algofolio.signals._frames import (
    Data,
    check_window,
    column_name,
    date_label,
    like,
    series_values,
)

__all__ = ["zscore"]


def zscore(prices: Data, window: int) -> Data:
    """Rolling z-score of each column of ``prices`` (dates x assets, or one ``Series``).

    ``window`` is an integer >= 2 (:class:`ConfigError` otherwise). A window of equal values has
    no z-score: :class:`EstimationError` naming the asset and the date (never a silent NaN or inf).
    """
    window = check_window(window, "window", minimum=2)
    values, _ = series_values(prices, "prices")
    rolling = pd.DataFrame(values).rolling(window, min_periods=window)
    mean, std = rolling.mean().to_numpy(), rolling.std(ddof=1).to_numpy()
    flat = std == 0.0
    if flat.any():
        row, col = (int(i[0]) for i in np.nonzero(flat))
        asset, date = column_name(prices, col, "prices"), prices.index[row]
        raise EstimationError(
            f"asset {asset!r} has the same value over the {window} dates ending "
            f"{date_label(date)}: its z-score is undefined"
        )
    return like((values - mean) / std, prices)
