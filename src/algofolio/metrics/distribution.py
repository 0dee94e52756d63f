"""Shape of the return distribution: skewness, kurtosis, hit rate, best and worst period.

Skewness and excess kurtosis are the bias-corrected sample estimators (adjusted Fisher-Pearson
``G1`` and ``G2``), the convention of pandas ``Series.skew`` / ``Series.kurt``, of quantstats, and of
PerformanceAnalytics' ``method="sample"`` / ``"sample_excess"``. A ``DataFrame`` gives one value per
column (a ``Series``), computed for all columns at once (``<metric>_of(stats)``, shared with
:func:`~algofolio.metrics.summary`). NaN policy: leading NaN are dropped; a NaN after the first
return raises :class:`DataError` naming the series and the date.

>>> import pandas as pd
>>> r = pd.Series([0.01, -0.02, 0.03, 0.0, 0.01], index=pd.RangeIndex(5))
>>> hit_rate(r), best_period(r), worst_period(r)
(0.75, 0.03, -0.02)
"""

from __future__ import annotations

import numpy as np

from algofolio.core.errors import EstimationError
from algofolio.metrics._checks import Check, Measured, too_few, zero_dispersion
from algofolio.metrics._columns import Columns
from algofolio.metrics._stats import ReturnStats
from algofolio.metrics._validate import columnwise

__all__ = ["best_period", "hit_rate", "kurtosis", "skewness", "worst_period"]


def skewness_of(stats: ReturnStats) -> Measured:
    names, n = stats.columns.names, stats.columns.counts
    flat = zero_dispersion(names, stats.highest, stats.lowest, "skewness")
    m2, m3 = stats.moments.m2, stats.moments.m3
    values = np.sqrt(n * (n - 1.0)) / (n - 2.0) * m3 / m2**1.5
    return Measured(values, (too_few(stats.columns, 3), flat))


def kurtosis_of(stats: ReturnStats) -> Measured:
    names, n = stats.columns.names, stats.columns.counts
    flat = zero_dispersion(names, stats.highest, stats.lowest, "kurtosis")
    g2 = stats.moments.m4 / stats.moments.m2**2 - 3.0
    values = ((n + 1.0) * g2 + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
    return Measured(values, (too_few(stats.columns, 4), flat))


def hit_rate_of(stats: ReturnStats) -> Measured:
    values, names = stats.columns.array, stats.columns.names
    nonzero = stats.columns.count(values != 0.0)
    all_zero = Check(
        nonzero == 0,
        lambda j: EstimationError(f"{names[j]}: the hit rate is undefined: every return is zero"),
    )
    return Measured(stats.columns.count(values > 0.0) / nonzero, (all_zero,))


def best_period_of(stats: ReturnStats) -> Measured:
    return Measured(stats.highest, ())


def worst_period_of(stats: ReturnStats) -> Measured:
    return Measured(stats.lowest, ())


@columnwise(min_periods=3)
def skewness(returns: Columns) -> Measured:
    """Sample skewness, bias-corrected (``G1 = sqrt(n (n - 1)) / (n - 2) * m3 / m2 ** 1.5`` with
    central moments ``m_k``). Needs 3 returns; constant returns raise :class:`EstimationError`.

    >>> import pandas as pd
    >>> round(skewness(pd.Series([0.0, 0.0, 0.03], index=pd.RangeIndex(3))), 6)
    1.732051
    """
    return skewness_of(ReturnStats(returns))


@columnwise(min_periods=4)
def kurtosis(returns: Columns) -> Measured:
    """Sample excess kurtosis, bias-corrected (``G2 = ((n + 1) g2 + 6) (n - 1) / ((n - 2) (n - 3))``
    with ``g2 = m4 / m2 ** 2 - 3``; 0 for a normal). Needs 4 returns; constant returns raise
    :class:`EstimationError`.

    >>> import pandas as pd
    >>> round(kurtosis(pd.Series([-1.0, 0.0, 0.0, 1.0], index=pd.RangeIndex(4))), 6)
    1.5
    """
    return kurtosis_of(ReturnStats(returns))


@columnwise(min_periods=1)
def hit_rate(returns: Columns) -> Measured:
    """Share of periods with a positive return among periods with a non-zero return (quantstats'
    ``win_rate``). Needs 1 return; only zero returns raise :class:`EstimationError`.

    >>> import pandas as pd
    >>> hit_rate(pd.Series([0.01, 0.0, -0.01, 0.02], index=pd.RangeIndex(4)))
    0.6666666666666666
    """
    return hit_rate_of(ReturnStats(returns))


@columnwise(min_periods=1)
def best_period(returns: Columns) -> Measured:
    """Highest single-period return. Needs 1 return.

    >>> import pandas as pd
    >>> best_period(pd.Series([0.01, -0.03], index=pd.RangeIndex(2)))
    0.01
    """
    return best_period_of(ReturnStats(returns))


@columnwise(min_periods=1)
def worst_period(returns: Columns) -> Measured:
    """Lowest single-period return (a return, so negative for a loss). Needs 1 return.

    >>> import pandas as pd
    >>> worst_period(pd.Series([0.01, -0.03], index=pd.RangeIndex(2)))
    -0.03
    """
    return worst_period_of(ReturnStats(returns))
