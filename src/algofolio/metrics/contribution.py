"""How much of a portfolio's risk each asset brings: Euler risk contributions to the variance.

With the sample covariance ``S`` (ddof=1) of the asset returns and weights ``w``, asset ``i``
contributes ``w_i (S w)_i`` to the portfolio variance ``w' S w``; its **share** is that over the
variance (the shares sum to 1; a hedge has a negative share). Multiplied by the annualised
portfolio volatility ``sqrt(w' S w * periods_per_year)``, the shares become **volatility
contributions** that sum to that volatility.

Only the assets with a non-zero weight are used (an asset with zero weight contributes exactly 0
and does not shorten the history); the covariance uses the dates on which all of them have a
return (each asset cleaned of leading NaN first: a NaN after its first return raises
:class:`DataError`). The shares do not depend on the scale of ``w`` (nor on periods per year).

>>> import pandas as pd
>>> returns = pd.DataFrame({"a": [0.01, -0.01, 0.01, -0.01], "b": [0.02, -0.02, 0.02, -0.02]})
>>> risk_contributions(pd.Series({"a": 0.5, "b": 0.5}), returns).round(6).to_dict()
{'a': 0.333333, 'b': 0.666667}
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError, EstimationError
from algofolio.core.frequency import resolve_periods_per_year
from algofolio.metrics._validate import date_label, validate_returns

__all__ = ["risk_contributions", "volatility_contributions"]

# A portfolio variance below this share of its undiversified variance ``(sum |w_i| s_i) ** 2`` is
# zero up to rounding (a perfect hedge leaves a residue near 1e-16 of it).
_RELATIVE_VARIANCE = 1e-12


@dataclass(frozen=True, slots=True, eq=False)
class _Decomposition:
    """Each asset's part ``w_i (S w)_i`` of the portfolio ``variance`` (per period), in the order
    of the weights, and the ``dates`` the covariance used."""

    parts: np.ndarray
    variance: float
    dates: pd.Index


def _checked_weights(weights: pd.Series) -> np.ndarray:
    if not isinstance(weights, pd.Series):
        raise DataError(f"weights must be a pandas Series, got {type(weights).__name__}")
    if not weights.index.is_unique:
        duplicated = str(weights.index[weights.index.duplicated()][0])
        raise DataError(f"weights: the asset {duplicated} appears more than once", asset=duplicated)
    try:
        values = weights.to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(f"weights must be numbers ({exc})") from None
    bad = np.flatnonzero(~np.isfinite(values))
    if len(bad):
        asset = str(weights.index[bad[0]])
        raise DataError(
            f"weights: the weight of {asset} is {values[bad[0]]}; weights must be finite",
            asset=asset,
        )
    return values


def _decompose(weights: pd.Series, returns: pd.DataFrame) -> _Decomposition:
    w = _checked_weights(weights)
    if not isinstance(returns, pd.DataFrame):
        raise DataError(
            f"returns must be a pandas DataFrame (dates x assets), got {type(returns).__name__}"
        )
    missing = weights.index.difference(returns.columns, sort=False)
    if len(missing):
        asset = str(missing[0])
        raise DataError(
            f"returns: no returns for the asset {asset} of the weights "
            f"({len(missing)} asset(s) missing)",
            asset=asset,
        )
    held = np.flatnonzero(w != 0.0)
    if len(held) == 0:
        raise EstimationError("risk contributions are undefined: all weights are zero")
    assets = weights.index[held]
    checked = validate_returns(returns.loc[:, assets], min_periods=1)
    if checked.error is not None:
        raise checked.error
    columns = checked.columns
    start = int(columns.starts.max())
    if len(columns.index) - start < 2:
        latest = columns.names[int(np.argmax(columns.starts))]
        raise DataError(
            f"returns: {len(columns.index) - start} date(s) on which all held assets have a "
            f"return (the latest to start is {latest}), need at least 2",
            asset=latest,
        )
    values = columns.in_input_order(columns.array[start:])
    covariance = np.atleast_2d(np.cov(values, rowvar=False, ddof=1))
    held_weights = w[held]
    marginal = covariance @ held_weights
    variance = float(held_weights @ marginal)
    gross = float(np.abs(held_weights) @ np.sqrt(np.diag(covariance)))  # no diversification
    if not variance > _RELATIVE_VARIANCE * gross * gross:
        raise EstimationError(
            "risk contributions are undefined: the portfolio's variance is zero over "
            f"{date_label(columns.index[start])} to {date_label(columns.index[-1])}"
        )
    parts = np.zeros(len(w))
    parts[held] = held_weights * marginal
    return _Decomposition(parts, variance, columns.index[start:])


def risk_contributions(
    weights: pd.Series, returns: pd.DataFrame, *, periods_per_year: float | None = None
) -> pd.Series:
    """Each asset's share of the portfolio variance, ``w_i (S w)_i / (w' S w)``, with ``S`` the
    sample covariance (ddof=1) of ``returns`` (dates x assets) over the assets of ``weights``.

    Indexed like ``weights``, named ``"risk_contribution"``; sums to 1; assets with zero weight
    get 0. An asset of ``weights`` missing from ``returns`` raises :class:`DataError` naming it;
    a portfolio with zero variance (all weights zero, or a perfect hedge) raises
    :class:`EstimationError`. ``periods_per_year`` (checked when given) does not change the
    shares; it is accepted so both functions of this module take the same arguments.

    >>> import pandas as pd
    >>> returns = pd.DataFrame({"a": [0.01, -0.01, 0.02], "b": [0.03, 0.01, -0.02]})
    >>> round(float(risk_contributions(pd.Series({"a": 0.3, "b": 0.7}), returns).sum()), 12)
    1.0
    """
    decomposition = _decompose(weights, returns)
    if periods_per_year is not None:
        resolve_periods_per_year(decomposition.dates, periods_per_year)
    shares = decomposition.parts / decomposition.variance
    return pd.Series(shares, index=weights.index, name="risk_contribution", dtype=float)


def volatility_contributions(
    weights: pd.Series, returns: pd.DataFrame, *, periods_per_year: float | None = None
) -> pd.Series:
    """Each asset's part of the annualised portfolio volatility: its
    :func:`risk_contributions` share times ``sqrt(w' S w * periods_per_year)``; they sum to that
    volatility. ``periods_per_year`` is inferred from the dates used when not given.

    Indexed like ``weights``, named ``"volatility_contribution"``; errors as
    :func:`risk_contributions`.

    >>> import pandas as pd
    >>> returns = pd.DataFrame({"a": [0.01, -0.01], "b": [0.0, 0.0]})
    >>> volatility_contributions(pd.Series({"a": 1.0, "b": 0.0}), returns, periods_per_year=2).round(6).tolist()
    [0.02, 0.0]
    """
    decomposition = _decompose(weights, returns)
    ppy = resolve_periods_per_year(decomposition.dates, periods_per_year)
    volatility = math.sqrt(decomposition.variance * ppy)
    parts = decomposition.parts / decomposition.variance * volatility
    return pd.Series(parts, index=weights.index, name="volatility_contribution", dtype=float)
