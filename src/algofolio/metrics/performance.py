"""Return and risk-adjusted return of a series of periodic simple returns.

Conventions: ``periods_per_year`` is inferred from the index when not given
(:func:`algofolio.core.infer_periods_per_year`); ``risk_free_rate`` is an **annual** rate, turned into
a per-period rate geometrically (:func:`algofolio.core.per_period_rate`) and subtracted from each
return. Means annualise arithmetically (``* periods_per_year``), standard deviations (ddof=1) by the
square root of time; CAGR compounds. A ``DataFrame`` gives one value per column (a ``Series``),
computed for all columns at once. NaN policy: leading NaN are dropped; a NaN after the first return
raises :class:`DataError` naming the series and the date. ``<metric>_of(stats)`` computes a metric
of all the series of a :class:`~algofolio.metrics._stats.ReturnStats` with the checks that make it
raise; the public function and :func:`~algofolio.metrics.summary` share it.

>>> import pandas as pd
>>> monthly = pd.Series([0.02, -0.01, 0.03, 0.01], index=pd.date_range("2024-01-31", periods=4, freq="ME"))
>>> round(total_return(monthly), 6), round(annualized_return(monthly), 4)
(0.050495, 0.15)
"""

from __future__ import annotations

import numpy as np

from algofolio.core.errors import EstimationError
from algofolio.metrics._checks import Check, Measured, too_few, zero_dispersion
from algofolio.metrics._columns import Columns
from algofolio.metrics._stats import ReturnStats
from algofolio.metrics._validate import columnwise

__all__ = [
    "annualized_return",
    "annualized_volatility",
    "cagr",
    "calmar_ratio",
    "sharpe_ratio",
    "sortino_ratio",
    "total_return",
]


def total_return_of(stats: ReturnStats) -> Measured:
    return Measured(stats.final_wealth - 1.0, ())


def cagr_of(stats: ReturnStats) -> Measured:
    wealth, names = stats.final_wealth, stats.columns.names
    negative = Check(
        wealth < 0.0,
        lambda j: EstimationError(f"{names[j]}: CAGR is undefined for a negative final wealth"),
    )
    values = np.power(wealth, stats.ppy / stats.columns.counts) - 1.0
    overflow = Check(
        np.isinf(values),
        lambda j: EstimationError(f"{names[j]}: CAGR overflows the floating-point range"),
    )
    return Measured(values, (stats.periods.check, negative, overflow))


def annualized_return_of(stats: ReturnStats) -> Measured:
    return Measured(stats.mean * stats.ppy, (stats.periods.check,))


def annualized_volatility_of(stats: ReturnStats) -> Measured:
    checks = (too_few(stats.columns, 2), stats.periods.check)
    return Measured(stats.std * np.sqrt(stats.ppy), checks)


def sharpe_of(stats: ReturnStats) -> Measured:
    names = stats.columns.names
    flat = zero_dispersion(names, stats.excess_highest, stats.excess_lowest, "the Sharpe ratio")
    values = stats.excess_mean / stats.excess_std * np.sqrt(stats.ppy)
    return Measured(values, (too_few(stats.columns, 2), stats.periods.check, flat))


def sortino_of(stats: ReturnStats) -> Measured:
    shortfall = np.minimum(stats.excess, 0.0)
    downside = np.sqrt(stats.columns.mean(np.multiply(shortfall, shortfall, out=shortfall)))
    names = stats.columns.names
    none_below = Check(
        downside == 0.0,
        lambda j: EstimationError(
            f"{names[j]}: the Sortino ratio is undefined: no return is below the risk-free rate"
        ),
    )
    values = stats.excess_mean * stats.ppy / (downside * np.sqrt(stats.ppy))
    return Measured(values, (too_few(stats.columns, 2), stats.periods.check, none_below))


def calmar_of(stats: ReturnStats) -> Measured:
    depth, names = stats.max_drawdown, stats.columns.names
    no_drawdown = Check(
        depth == 0.0,
        lambda j: EstimationError(f"{names[j]}: the Calmar ratio is undefined: no drawdown"),
    )
    growth = cagr_of(stats)
    return Measured(growth.result / depth, (no_drawdown, *growth.checks))


@columnwise(min_periods=1)
def total_return(returns: Columns) -> Measured:
    """Compounded return over the whole series: ``prod(1 + r) - 1``. Needs 1 return.

    >>> import pandas as pd
    >>> round(total_return(pd.Series([0.1, 0.1], index=pd.RangeIndex(2))), 10)
    0.21
    """
    return total_return_of(ReturnStats(returns))


@columnwise(min_periods=1)
def cagr(returns: Columns, *, periods_per_year: float | None = None) -> Measured:
    """Compound annual growth rate: ``(1 + total_return) ** (1 / years) - 1`` with
    ``years = n_periods / periods_per_year`` (empyrical's ``annual_return``). Needs 1 return;
    a negative final wealth (returns below -100%) raises :class:`EstimationError`.

    >>> import pandas as pd
    >>> round(cagr(pd.Series([0.21], index=pd.RangeIndex(1)), periods_per_year=0.5), 10)
    0.1
    """
    return cagr_of(ReturnStats(returns, periods_per_year=periods_per_year))


@columnwise(min_periods=1)
def annualized_return(returns: Columns, *, periods_per_year: float | None = None) -> Measured:
    """Arithmetic mean return per period times ``periods_per_year``. Needs 1 return.

    >>> import pandas as pd
    >>> round(annualized_return(pd.Series([0.01, 0.03], index=pd.RangeIndex(2)), periods_per_year=12), 10)
    0.24
    """
    return annualized_return_of(ReturnStats(returns, periods_per_year=periods_per_year))


@columnwise(min_periods=2)
def annualized_volatility(returns: Columns, *, periods_per_year: float | None = None) -> Measured:
    """Standard deviation of the returns (ddof=1) times ``sqrt(periods_per_year)``. Needs 2 returns.

    >>> import pandas as pd
    >>> round(annualized_volatility(pd.Series([0.01, 0.03], index=pd.RangeIndex(2)), periods_per_year=4), 10)
    0.0282842712
    """
    stats = ReturnStats(returns, periods_per_year=periods_per_year)
    return annualized_volatility_of(stats)


@columnwise(min_periods=2)
def sharpe_ratio(
    returns: Columns, *, risk_free_rate: float = 0.0, periods_per_year: float | None = None
) -> Measured:
    """Annualised Sharpe ratio: mean excess return / its standard deviation (ddof=1), times
    ``sqrt(periods_per_year)``; excess over the per-period equivalent of the annual
    ``risk_free_rate``. Needs 2 returns; constant returns raise :class:`EstimationError`.

    >>> import pandas as pd
    >>> round(sharpe_ratio(pd.Series([0.01, 0.03], index=pd.RangeIndex(2)), periods_per_year=4), 6)
    2.828427
    """
    stats = ReturnStats(returns, periods_per_year=periods_per_year, risk_free_rate=risk_free_rate)
    return sharpe_of(stats)


@columnwise(min_periods=2)
def sortino_ratio(
    returns: Columns, *, risk_free_rate: float = 0.0, periods_per_year: float | None = None
) -> Measured:
    """Annualised Sortino ratio (empyrical's convention): ``mean(x) * periods_per_year`` over the
    annualised downside deviation ``sqrt(mean(min(x, 0) ** 2)) * sqrt(periods_per_year)``, where
    ``x`` are the excess returns over the per-period risk-free rate and the mean of the squares runs
    over **all** periods. Needs 2 returns. With no excess return below 0 the ratio is undefined
    (infinite): it raises :class:`EstimationError` naming the series rather than returning inf.

    >>> import pandas as pd
    >>> round(sortino_ratio(pd.Series([0.02, -0.01], index=pd.RangeIndex(2)), periods_per_year=1), 6)
    0.707107
    """
    stats = ReturnStats(returns, periods_per_year=periods_per_year, risk_free_rate=risk_free_rate)
    return sortino_of(stats)


@columnwise(min_periods=1)
def calmar_ratio(returns: Columns, *, periods_per_year: float | None = None) -> Measured:
    """CAGR over maximum drawdown (both as in :func:`cagr` and :func:`max_drawdown`). Needs 1
    return; a series without drawdown raises :class:`EstimationError`.

    >>> import pandas as pd
    >>> round(calmar_ratio(pd.Series([0.1, -0.1], index=pd.RangeIndex(2)), periods_per_year=2), 6)
    -0.1
    """
    return calmar_of(ReturnStats(returns, periods_per_year=periods_per_year))
