"""Shape of the return distribution: skewness, kurtosis, hit rate, best and worst period.

Skewness and excess kurtosis are the bias-corrected sample estimators (adjusted Fisher-Pearson
``G1`` and ``G2``), the convention of pandas ``Series.skew`` / ``Series.kurt``, of quantstats, and of
PerformanceAnalytics' ``method="sample"`` / ``"sample_excess"``. A ``DataFrame`` gives one value per
column (a ``Series``). NaN policy: leading NaN are dropped; a NaN after the first return raises
:class:`DataError` naming the series and the date.

>>> import pandas as pd
>>> r = pd.Series([0.01, -0.02, 0.03, 0.0, 0.01], index=pd.RangeIndex(5))
>>> hit_rate(r), best_period(r), worst_period(r)
(0.75, 0.03, -0.02)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from algofolio.core.errors import EstimationError
from algofolio.metrics._series import columnwise, require_dispersion

__all__ = ["best_period", "hit_rate", "kurtosis", "skewness", "worst_period"]


@columnwise(min_periods=3)
def skewness(returns: pd.Series) -> float:
    """Sample skewness, bias-corrected (``G1 = sqrt(n (n - 1)) / (n - 2) * m3 / m2 ** 1.5`` with
    central moments ``m_k``). Needs 3 returns; constant returns raise :class:`EstimationError`.

    >>> import pandas as pd
    >>> round(skewness(pd.Series([0.0, 0.0, 0.03], index=pd.RangeIndex(3))), 6)
    1.732051
    """
    values = returns.to_numpy()
    require_dispersion(values, returns.name, "skewness")
    n = len(values)
    centred = values - values.mean()
    m2, m3 = np.mean(centred**2), np.mean(centred**3)
    return float(np.sqrt(n * (n - 1.0)) / (n - 2.0) * m3 / m2**1.5)


@columnwise(min_periods=4)
def kurtosis(returns: pd.Series) -> float:
    """Sample excess kurtosis, bias-corrected (``G2 = ((n + 1) g2 + 6) (n - 1) / ((n - 2) (n - 3))``
    with ``g2 = m4 / m2 ** 2 - 3``; 0 for a normal). Needs 4 returns; constant returns raise
    :class:`EstimationError`.

    >>> import pandas as pd
    >>> round(kurtosis(pd.Series([-1.0, 0.0, 0.0, 1.0], index=pd.RangeIndex(4))), 6)
    1.5
    """
    values = returns.to_numpy()
    require_dispersion(values, returns.name, "kurtosis")
    n = len(values)
    centred = values - values.mean()
    g2 = np.mean(centred**4) / np.mean(centred**2) ** 2 - 3.0
    return float(((n + 1.0) * g2 + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0)))


@columnwise(min_periods=1)
def hit_rate(returns: pd.Series) -> float:
    """Share of periods with a positive return among periods with a non-zero return (quantstats'
    ``win_rate``). Needs 1 return; only zero returns raise :class:`EstimationError`.

    >>> import pandas as pd
    >>> hit_rate(pd.Series([0.01, 0.0, -0.01, 0.02], index=pd.RangeIndex(4)))
    0.6666666666666666
    """
    values = returns.to_numpy()
    nonzero = int(np.count_nonzero(values))
    if nonzero == 0:
        raise EstimationError(f"{returns.name}: the hit rate is undefined: every return is zero")
    return int(np.count_nonzero(values > 0.0)) / nonzero


@columnwise(min_periods=1)
def best_period(returns: pd.Series) -> float:
    """Highest single-period return. Needs 1 return.

    >>> import pandas as pd
    >>> best_period(pd.Series([0.01, -0.03], index=pd.RangeIndex(2)))
    0.01
    """
    return float(np.max(returns.to_numpy()))


@columnwise(min_periods=1)
def worst_period(returns: pd.Series) -> float:
    """Lowest single-period return (a return, so negative for a loss). Needs 1 return.

    >>> import pandas as pd
    >>> worst_period(pd.Series([0.01, -0.03], index=pd.RangeIndex(2)))
    -0.03
    """
    return float(np.min(returns.to_numpy()))
