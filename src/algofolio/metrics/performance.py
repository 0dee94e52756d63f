"""Return and risk-adjusted return of a series of periodic simple returns.

Conventions: ``periods_per_year`` is inferred from the index when not given
(:func:`algofolio.core.infer_periods_per_year`); ``risk_free_rate`` is an **annual** rate, turned into
a per-period rate geometrically (:func:`algofolio.core.per_period_rate`) and subtracted from each
return. Means annualise arithmetically (``* periods_per_year``), standard deviations (ddof=1) by the
square root of time; CAGR compounds. A ``DataFrame`` gives one value per column (a ``Series``).
NaN policy: leading NaN are dropped; a NaN after the first return raises :class:`DataError` naming
the series and the date.

>>> import pandas as pd
>>> monthly = pd.Series([0.02, -0.01, 0.03, 0.01], index=pd.date_range("2024-01-31", periods=4, freq="ME"))
>>> round(total_return(monthly), 6), round(annualized_return(monthly), 4)
(0.050495, 0.15)
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from algofolio.core.errors import EstimationError
from algofolio.core.frequency import per_period_rate, resolve_periods_per_year
from algofolio.metrics._series import columnwise, require_dispersion
from algofolio.metrics.drawdown import max_drawdown

__all__ = [
    "annualized_return",
    "annualized_volatility",
    "cagr",
    "calmar_ratio",
    "sharpe_ratio",
    "sortino_ratio",
    "total_return",
]


@columnwise(min_periods=1)
def total_return(returns: pd.Series) -> float:
    """Compounded return over the whole series: ``prod(1 + r) - 1``. Needs 1 return.

    >>> import pandas as pd
    >>> round(total_return(pd.Series([0.1, 0.1], index=pd.RangeIndex(2))), 10)
    0.21
    """
    return float(np.prod(1.0 + returns.to_numpy()) - 1.0)


@columnwise(min_periods=1)
def cagr(returns: pd.Series, *, periods_per_year: float | None = None) -> float:
    """Compound annual growth rate: ``(1 + total_return) ** (1 / years) - 1`` with
    ``years = n_periods / periods_per_year`` (empyrical's ``annual_return``). Needs 1 return;
    a negative final wealth (returns below -100%) raises :class:`EstimationError`.

    >>> import pandas as pd
    >>> round(cagr(pd.Series([0.21], index=pd.RangeIndex(1)), periods_per_year=0.5), 10)
    0.1
    """
    ppy = resolve_periods_per_year(returns.index, periods_per_year)
    wealth = float(np.prod(1.0 + returns.to_numpy()))
    if wealth < 0.0:
        raise EstimationError(f"{returns.name}: CAGR is undefined for a negative final wealth")
    return float(wealth ** (ppy / len(returns))) - 1.0


@columnwise(min_periods=1)
def annualized_return(returns: pd.Series, *, periods_per_year: float | None = None) -> float:
    """Arithmetic mean return per period times ``periods_per_year``. Needs 1 return.

    >>> import pandas as pd
    >>> round(annualized_return(pd.Series([0.01, 0.03], index=pd.RangeIndex(2)), periods_per_year=12), 10)
    0.24
    """
    ppy = resolve_periods_per_year(returns.index, periods_per_year)
    return float(np.mean(returns.to_numpy())) * ppy


@columnwise(min_periods=2)
def annualized_volatility(returns: pd.Series, *, periods_per_year: float | None = None) -> float:
    """Standard deviation of the returns (ddof=1) times ``sqrt(periods_per_year)``. Needs 2 returns.

    >>> import pandas as pd
    >>> round(annualized_volatility(pd.Series([0.01, 0.03], index=pd.RangeIndex(2)), periods_per_year=4), 10)
    0.0282842712
    """
    ppy = resolve_periods_per_year(returns.index, periods_per_year)
    return float(np.std(returns.to_numpy(), ddof=1)) * math.sqrt(ppy)


@columnwise(min_periods=2)
def sharpe_ratio(
    returns: pd.Series, *, risk_free_rate: float = 0.0, periods_per_year: float | None = None
) -> float:
    """Annualised Sharpe ratio: mean excess return / its standard deviation (ddof=1), times
    ``sqrt(periods_per_year)``; excess over the per-period equivalent of the annual
    ``risk_free_rate``. Needs 2 returns; constant returns raise :class:`EstimationError`.

    >>> import pandas as pd
    >>> round(sharpe_ratio(pd.Series([0.01, 0.03], index=pd.RangeIndex(2)), periods_per_year=4), 6)
    2.828427
    """
    ppy = resolve_periods_per_year(returns.index, periods_per_year)
    excess = returns.to_numpy() - per_period_rate(risk_free_rate, ppy)
    require_dispersion(excess, returns.name, "the Sharpe ratio")
    return float(np.mean(excess) / np.std(excess, ddof=1)) * math.sqrt(ppy)


@columnwise(min_periods=2)
def sortino_ratio(
    returns: pd.Series, *, risk_free_rate: float = 0.0, periods_per_year: float | None = None
) -> float:
    """Annualised Sortino ratio (empyrical's convention): ``mean(x) * periods_per_year`` over the
    annualised downside deviation ``sqrt(mean(min(x, 0) ** 2)) * sqrt(periods_per_year)``, where
    ``x`` are the excess returns over the per-period risk-free rate and the mean of the squares runs
    over **all** periods. Needs 2 returns. With no excess return below 0 the ratio is undefined
    (infinite): it raises :class:`EstimationError` naming the series rather than returning inf.

    >>> import pandas as pd
    >>> round(sortino_ratio(pd.Series([0.02, -0.01], index=pd.RangeIndex(2)), periods_per_year=1), 6)
    0.707107
    """
    ppy = resolve_periods_per_year(returns.index, periods_per_year)
    excess = returns.to_numpy() - per_period_rate(risk_free_rate, ppy)
    downside = math.sqrt(float(np.mean(np.minimum(excess, 0.0) ** 2)))
    if downside == 0.0:
        raise EstimationError(
            f"{returns.name}: the Sortino ratio is undefined: no return is below the risk-free rate"
        )
    return float(np.mean(excess)) * ppy / (downside * math.sqrt(ppy))


@columnwise(min_periods=1)
def calmar_ratio(returns: pd.Series, *, periods_per_year: float | None = None) -> float:
    """CAGR over maximum drawdown (both as in :func:`cagr` and :func:`max_drawdown`). Needs 1
    return; a series without drawdown raises :class:`EstimationError`.

    >>> import pandas as pd
    >>> round(calmar_ratio(pd.Series([0.1, -0.1], index=pd.RangeIndex(2)), periods_per_year=2), 6)
    -0.1
    """
    depth = max_drawdown(returns)
    if depth == 0.0:
        raise EstimationError(f"{returns.name}: the Calmar ratio is undefined: no drawdown")
    return cagr(returns, periods_per_year=periods_per_year) / depth
