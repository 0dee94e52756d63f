"""Value at risk and conditional value at risk (expected shortfall) of periodic returns.

Both are **positive losses** per period (not annualised): a VaR of 0.02 at 95% means that in 5% of
periods the return is -2% or worse. They can be negative when even the tail of the distribution is
a gain. ``confidence`` is in (0, 1). A ``DataFrame`` gives one value per column (a ``Series``),
computed for all columns at once.
NaN policy: leading NaN are dropped; a NaN after the first return raises :class:`DataError` naming
the series and the date.

Methods (``method=``):

* ``historical``: minus the empirical ``1 - confidence`` quantile (numpy's default linear
  interpolation); CVaR is minus the mean of the returns at or below that quantile.
* ``gaussian``: a normal fitted by the mean and the standard deviation (ddof=1):
  ``-(mu + sigma * z)`` with ``z = Phi^-1(1 - confidence)``; CVaR ``-(mu - sigma * phi(z) / (1 - confidence))``.
* ``cornish_fisher``: the Gaussian formula with ``z`` replaced by its Cornish-Fisher expansion in the
  skewness ``S`` and excess kurtosis ``K`` of :func:`skewness` and :func:`kurtosis` (bias-corrected):
  ``z + (z^2 - 1) S / 6 + (z^3 - 3z) K / 24 - (2z^3 - 5z) S^2 / 36``.
* ``monte_carlo``: minus the ``1 - confidence`` quantile of ``n_simulations`` draws from the fitted
  normal, ``mu + sigma * z`` with ``z`` standard normal draws of ``numpy.random.default_rng(seed)``
  (the same draws for every column): a seeded check of the Gaussian VaR whose sampling error
  shrinks as ``1 / sqrt(n_simulations)``.

>>> import pandas as pd
>>> r = pd.Series([-0.03, -0.01, 0.0, 0.01, 0.02], index=pd.RangeIndex(5))
>>> round(value_at_risk(r, 0.75), 6), round(conditional_value_at_risk(r, 0.75), 6)
(0.01, 0.02)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal, TypeVar

import numpy as np
from scipy import stats as distributions

from algofolio.core.errors import ConfigError
from algofolio.core.options import VaRMethod, check_option
from algofolio.metrics._checks import Measured, too_short
from algofolio.metrics._columns import Columns
from algofolio.metrics._stats import ReturnStats
from algofolio.metrics._validate import columnwise
from algofolio.metrics.distribution import kurtosis_of, skewness_of

__all__ = ["CVaRMethod", "conditional_value_at_risk", "value_at_risk"]

CVaRMethod = Literal["historical", "gaussian"]
"""How conditional value at risk is estimated: empirical tail mean or the normal closed form."""


def check_confidence(confidence: float) -> float:
    """Return ``confidence`` as a float if it lies strictly between 0 and 1, else raise ConfigError."""
    if not isinstance(confidence, int | float) or not 0.0 < confidence < 1.0:
        raise ConfigError(
            f"confidence: must be strictly between 0 and 1 (e.g. 0.95), got {confidence!r}",
            key="confidence",
        )
    return float(confidence)


Moment = TypeVar("Moment", float, np.ndarray)


def cornish_fisher_z(z: float, skew: Moment, excess_kurtosis: Moment) -> Moment:
    """Cornish-Fisher adjusted quantile of a standardised distribution (``z`` when S = K = 0);
    ``skew`` and ``excess_kurtosis`` are floats or arrays (one per series).

    >>> cornish_fisher_z(-1.645, 0.0, 0.0)
    -1.645
    """
    return (
        z
        + (z**2 - 1.0) * skew / 6.0
        + (z**3 - 3.0 * z) * excess_kurtosis / 24.0
        - (2.0 * z**3 - 5.0 * z) * skew**2 / 36.0
    )


def historical_var_of(stats: ReturnStats, alpha: float) -> Measured:
    return Measured(-stats.quantile(alpha), ())


def gaussian_var_of(stats: ReturnStats, alpha: float) -> Measured:
    z = float(distributions.norm.ppf(alpha))
    return Measured(-(stats.mean + stats.std * z), (too_short(stats.columns, 2, "Gaussian VaR"),))


def cornish_fisher_var_of(stats: ReturnStats, alpha: float) -> Measured:
    skew, kurt = skewness_of(stats), kurtosis_of(stats)
    z = cornish_fisher_z(float(distributions.norm.ppf(alpha)), skew.result, kurt.result)
    checks = (too_short(stats.columns, 4, "Cornish-Fisher VaR"), *skew.checks, *kurt.checks)
    return Measured(-(stats.mean + stats.std * z), checks)


def monte_carlo_var_of(stats: ReturnStats, alpha: float, n_simulations: int, seed: int) -> Measured:
    z = np.random.default_rng(seed).standard_normal(n_simulations)
    quantile = float(np.quantile(z, alpha))
    checks = (too_short(stats.columns, 2, "Monte Carlo VaR"),)
    return Measured(-(stats.mean + stats.std * quantile), checks)


_VAR_METHODS: Mapping[str, Callable[[ReturnStats, float, int, int], Measured]] = {
    "historical": lambda stats, alpha, n, seed: historical_var_of(stats, alpha),
    "gaussian": lambda stats, alpha, n, seed: gaussian_var_of(stats, alpha),
    "cornish_fisher": lambda stats, alpha, n, seed: cornish_fisher_var_of(stats, alpha),
    "monte_carlo": monte_carlo_var_of,
}


@columnwise(min_periods=1)
def value_at_risk(
    returns: Columns,
    confidence: float = 0.95,
    *,
    method: VaRMethod = "historical",
    n_simulations: int = 100_000,
    seed: int = 0,
) -> Measured:
    """Value at risk per period at ``confidence``, a positive loss; see the module docstring for the
    methods. Needs 1 return (historical), 2 (gaussian, monte_carlo) or 4 (cornish_fisher).
    Raises :class:`ConfigError` naming ``confidence``, ``method`` or ``n_simulations`` when invalid.

    >>> import pandas as pd
    >>> r = pd.Series([-0.02, 0.0, 0.02], index=pd.RangeIndex(3))
    >>> round(value_at_risk(r, 0.75), 6), round(value_at_risk(r, 0.75, method="gaussian"), 6)
    (0.01, 0.01349)
    """
    alpha = 1.0 - check_confidence(confidence)
    check_option(method, VaRMethod, "method")
    if not isinstance(n_simulations, int) or n_simulations < 1:
        raise ConfigError(
            f"n_simulations: must be a positive integer, got {n_simulations!r}", key="n_simulations"
        )
    return _VAR_METHODS[method](ReturnStats(returns), alpha, n_simulations, seed)


def historical_cvar_of(stats: ReturnStats, alpha: float) -> Measured:
    values, quantile = stats.columns.array, stats.quantile(alpha)
    tail = values <= quantile
    tail_mean = stats.columns.sum(values * tail) / stats.columns.count(tail)
    # a mean of values at or below the quantile is at most the quantile, but the rounding of
    # their sum can put it an ulp above (three returns of 0.1 average 0.10000000000000002)
    return Measured(-np.minimum(tail_mean, quantile), ())


def gaussian_cvar_of(stats: ReturnStats, alpha: float) -> Measured:
    density = float(distributions.norm.pdf(distributions.norm.ppf(alpha)))
    values = -(stats.mean - stats.std * density / alpha)
    return Measured(values, (too_short(stats.columns, 2, "Gaussian CVaR"),))


_CVAR_METHODS: Mapping[str, Callable[[ReturnStats, float], Measured]] = {
    "historical": historical_cvar_of,
    "gaussian": gaussian_cvar_of,
}


@columnwise(min_periods=1)
def conditional_value_at_risk(
    returns: Columns, confidence: float = 0.95, *, method: CVaRMethod = "historical"
) -> Measured:
    """Conditional value at risk (expected shortfall) per period at ``confidence``, a positive loss:
    the mean loss in the worst ``1 - confidence`` of periods (see the module docstring). Historical
    CVaR is never below historical VaR. Needs 1 return (historical) or 2 (gaussian).

    >>> import pandas as pd
    >>> r = pd.Series([-0.02, 0.0, 0.02], index=pd.RangeIndex(3))
    >>> round(conditional_value_at_risk(r, 0.75), 6)
    0.02
    """
    alpha = 1.0 - check_confidence(confidence)
    check_option(method, CVaRMethod, "method")
    return _CVAR_METHODS[method](ReturnStats(returns), alpha)
