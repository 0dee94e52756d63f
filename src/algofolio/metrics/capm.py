"""Performance relative to a benchmark: CAPM alpha and beta, tracking error, information ratio.

The return series and the benchmark are each cleaned (leading NaN dropped; a NaN after the first
return raises :class:`DataError` naming the series and the date) and then aligned on their common
dates; no common date raises :class:`DataError`. ``periods_per_year`` is inferred from the common
dates when not given; ``risk_free_rate`` is an **annual** rate converted per period geometrically.

>>> import pandas as pd
>>> dates = pd.date_range("2024-01-31", periods=4, freq="ME")
>>> bench = pd.Series([0.01, -0.02, 0.03, 0.00], index=dates)
>>> fund = 0.001 + 2.0 * bench
>>> fit = alpha_beta(fund, bench)
>>> round(fit.beta, 6), round(fit.alpha, 6)  # (1 + 0.001) ** 12 - 1
(2.0, 0.012066)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError
from algofolio.core.frequency import per_period_rate, resolve_periods_per_year
from algofolio.metrics._series import (
    clean_returns,
    columnwise,
    require_dispersion,
    series_name,
)

__all__ = ["AlphaBeta", "alpha_beta", "information_ratio", "tracking_error"]


@dataclass(frozen=True, slots=True)
class AlphaBeta:
    """CAPM fit of a return series on a benchmark.

    ``beta`` is ``cov / var`` of the excess returns over the risk-free rate; ``alpha`` is annualised
    as empyrical does it, ``(1 + mean per-period alpha) ** periods_per_year - 1``, where the
    per-period alpha is ``mean(r - rf - beta * (b - rf))``.
    """

    alpha: float
    beta: float


def alpha_beta(
    returns: pd.Series,
    benchmark: pd.Series,
    *,
    risk_free_rate: float = 0.0,
    periods_per_year: float | None = None,
) -> AlphaBeta:
    """CAPM alpha (annualised, compounded) and beta of ``returns`` on ``benchmark`` (both
    ``Series``), over their common dates; see :class:`AlphaBeta`. Needs 2 common dates; a constant
    benchmark raises :class:`EstimationError`.

    >>> import pandas as pd
    >>> b = pd.Series([0.01, -0.01, 0.02], index=pd.RangeIndex(3))
    >>> alpha_beta(b * 0.5, b, periods_per_year=12)
    AlphaBeta(alpha=0.0, beta=0.5)
    """
    if isinstance(returns, pd.DataFrame):
        raise DataError("alpha_beta takes one return Series; pass a column")
    r, b, ppy = _aligned(clean_returns(returns), benchmark, periods_per_year)
    rf = per_period_rate(risk_free_rate, ppy)
    excess, excess_bench = r - rf, b - rf
    require_dispersion(excess_bench, "benchmark", "beta")
    beta = float(np.cov(excess, excess_bench, ddof=1)[0, 1] / np.var(excess_bench, ddof=1))
    alpha = float(np.mean(excess - beta * excess_bench))
    return AlphaBeta(alpha=(1.0 + alpha) ** ppy - 1.0, beta=beta)


@columnwise(min_periods=1)
def tracking_error(
    returns: pd.Series, benchmark: pd.Series, *, periods_per_year: float | None = None
) -> float:
    """Annualised tracking error: standard deviation (ddof=1) of the active return ``r - b`` times
    ``sqrt(periods_per_year)``, over the common dates. Needs 2 common dates.

    >>> import pandas as pd
    >>> b = pd.Series([0.01, 0.02], index=pd.RangeIndex(2))
    >>> round(tracking_error(b + pd.Series([0.01, 0.03], index=b.index), b, periods_per_year=4), 6)
    0.028284
    """
    r, b, ppy = _aligned(returns, benchmark, periods_per_year)
    return float(np.std(r - b, ddof=1)) * math.sqrt(ppy)


@columnwise(min_periods=1)
def information_ratio(
    returns: pd.Series, benchmark: pd.Series, *, periods_per_year: float | None = None
) -> float:
    """Annualised information ratio: mean active return times ``periods_per_year`` over the
    :func:`tracking_error` (so ``sqrt(periods_per_year)`` times quantstats' and empyrical's
    per-period ratio). Needs 2 common dates; a constant active return raises
    :class:`EstimationError`.

    >>> import pandas as pd
    >>> b = pd.Series([0.01, 0.02], index=pd.RangeIndex(2))
    >>> round(information_ratio(b + pd.Series([0.01, 0.03], index=b.index), b, periods_per_year=4), 6)
    2.828427
    """
    r, b, ppy = _aligned(returns, benchmark, periods_per_year)
    active = r - b
    require_dispersion(active, returns.name, "the information ratio (zero tracking error)")
    return float(np.mean(active) / np.std(active, ddof=1)) * math.sqrt(ppy)


def _aligned(
    returns: pd.Series, benchmark: pd.Series, periods_per_year: float | None
) -> tuple[np.ndarray, np.ndarray, float]:
    """Clean ``returns`` and ``benchmark`` values on their common dates (at least 2), and the ppy."""
    if not isinstance(benchmark, pd.Series):
        raise DataError(f"benchmark must be a pandas Series, got {type(benchmark).__name__}")
    name = "benchmark" if benchmark.name is None else f"benchmark {series_name(benchmark)}"
    bench = clean_returns(benchmark, name=name)
    common = returns.index.intersection(bench.index, sort=False)
    if len(common) == 0:
        raise DataError(
            f"{returns.name} and the {name} have no date in common", asset=str(returns.name)
        )
    if len(common) < 2:
        raise DataError(
            f"{returns.name} and the {name} have {len(common)} date in common, need at least 2",
            asset=str(returns.name),
        )
    common = common.sort_values()
    ppy = resolve_periods_per_year(common, periods_per_year)
    return returns.reindex(common).to_numpy(), bench.reindex(common).to_numpy(), ppy
