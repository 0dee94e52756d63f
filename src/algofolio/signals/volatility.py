"""Volatility targeting: the exposure that would have run at a target volatility, capped.

``scale_t = min(target_volatility / sigma_t, max_leverage)`` where ``sigma_t`` is the annualised
realised volatility: the standard deviation (ddof=1) of the last ``window`` simple returns, ``r_t``
included, times ``sqrt(periods_per_year)``. The value at ``t`` uses returns up to ``t``, so it
sizes the position held over ``t + 1`` (shift it yourself when you multiply returns). A window
of zero volatility gets ``max_leverage``. NaN for each asset's first ``window - 1`` returns.

>>> import pandas as pd
>>> returns = pd.Series([0.01, -0.01, 0.01, -0.01], index=pd.RangeIndex(4))
>>> volatility_scale(returns, 0.1, 2, periods_per_year=1, max_leverage=10.0).round(6).tolist()
[nan, 7.071068, 7.071068, 7.071068]
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from algofolio.signals._frames import (
    Data,
    check_positive_number,
    check_window,
    like,
    series_values,
)

__all__ = ["volatility_scale"]


def volatility_scale(
    returns: Data,
    target_volatility: float,
    window: int,
    *,
    periods_per_year: float = 252.0,
    max_leverage: float = 1.0,
) -> Data:
    """Exposure ``min(target_volatility / realised volatility, max_leverage)`` per column of
    periodic simple ``returns`` (dates x assets, or one ``Series``; same shape out).

    ``target_volatility`` is annual (0.10 = 10%); ``window`` an integer >= 2; ``periods_per_year``
    and ``max_leverage`` finite numbers > 0 (:class:`ConfigError` naming the argument otherwise).
    """
    target = check_positive_number(target_volatility, "target_volatility")
    window = check_window(window, "window", minimum=2)
    periods = check_positive_number(periods_per_year, "periods_per_year")
    cap = check_positive_number(max_leverage, "max_leverage")
    values, _ = series_values(returns, "returns")
    rolling = pd.DataFrame(values).rolling(window, min_periods=window)
    realised = rolling.std(ddof=1).to_numpy() * math.sqrt(periods)
    with np.errstate(divide="ignore"):
        scale = np.minimum(target / realised, cap)  # zero volatility: inf, capped
    return like(scale, returns)
