"""Expected returns from the market: CAPM betas, and equilibrium-implied returns ``delta Sigma w``.

* CAPM: ``mu_i = rf + beta_i (E[r_m] - rf)`` with ``beta_i = cov(r_i, r_m) / var(r_m)`` (``ddof=1``,
  each asset over its dates in common with the market) and ``E[r_m]`` the arithmetic mean of the
  market's returns per period; the market defaults to the equal-weighted average of the assets.
* Equilibrium (reverse optimisation, Black-Litterman's prior): ``pi = rf + delta * Sigma @ w_mkt``.

Risk-free rates are **annual** in the estimators (converted per period geometrically) and **per
period** in the pure functions.

>>> import numpy as np
>>> implied_returns(np.array([[0.04, 0.01], [0.01, 0.09]]), np.array([0.5, 0.5]), 2.0).tolist()
[0.05, 0.1]
"""

from __future__ import annotations

from typing import Self

import numpy as np
import pandas as pd
from sklearn.base import clone

from algofolio.core.errors import DataError, EstimationError
from algofolio.core.frequency import per_period_rate, resolve_periods_per_year
from algofolio.estimators._history import ReturnHistory, check_return_history
from algofolio.estimators.base import CovarianceEstimator, ExpectedReturnsEstimator, mu_series
from algofolio.estimators.sample import SampleCovariance, pairwise_covariance

__all__ = [
    "CAPMReturns",
    "EquilibriumReturns",
    "capm_betas",
    "capm_returns",
    "implied_returns",
    "implied_risk_aversion",
]


def capm_returns(X: np.ndarray, market: np.ndarray, risk_free: float = 0.0) -> np.ndarray:
    """CAPM expected returns per period of the columns of ``X`` (``T x n``, NaN only before each
    column's first return) against ``market`` (``(T,)``, same NaN policy); ``risk_free`` per period.

    >>> market = np.array([0.01, -0.02, 0.03])
    >>> capm_returns(np.column_stack([2 * market]), market).round(6).tolist()
    [0.013333]
    """
    betas = capm_betas(X, market)
    expected: np.ndarray = risk_free + betas * (float(np.nanmean(market)) - risk_free)
    return expected


def capm_betas(X: np.ndarray, market: np.ndarray) -> np.ndarray:
    """Betas ``cov(r_i, r_m) / var(r_m)`` (``ddof=1``) of the columns of ``X`` (``T x n``)
    against ``market`` (``(T,)``), each column over its dates in common with the market.

    >>> capm_betas(np.array([[0.02], [-0.04], [0.07]]), np.array([0.01, -0.02, 0.03])).round(4).tolist()
    [2.1842]
    """
    covariance = pairwise_covariance(np.column_stack([X, market]))
    variance = covariance[-1, -1]
    if not variance > 0:
        raise EstimationError("the market returns have zero variance; CAPM betas are undefined")
    betas: np.ndarray = covariance[:-1, -1] / variance
    return betas


def implied_returns(
    covariance: np.ndarray, market_weights: np.ndarray, risk_aversion: float, risk_free: float = 0.0
) -> np.ndarray:
    """Equilibrium-implied returns ``risk_free + risk_aversion * covariance @ market_weights``
    (``(n,)``, per period when ``covariance`` and ``risk_free`` are)."""
    implied: np.ndarray = risk_free + risk_aversion * (covariance @ market_weights)
    return implied


def implied_risk_aversion(market: np.ndarray, risk_free: float = 0.0) -> float:
    """The market's risk aversion ``(mean(r_m) - risk_free) / var(r_m)`` (``ddof=1``; per period,
    which equals the annual ratio under arithmetic annualisation).

    >>> implied_risk_aversion(np.array([0.01, 0.03]))
    100.0
    """
    variance = float(np.var(market, ddof=1))
    if not variance > 0:
        raise EstimationError("the market returns have zero variance; risk aversion is undefined")
    return (float(np.mean(market)) - risk_free) / variance


def _risk_free(rate: float, returns: pd.DataFrame, periods_per_year: float | None) -> float:
    if rate == 0.0:
        return 0.0
    return per_period_rate(rate, resolve_periods_per_year(returns.index, periods_per_year))


def _market_returns(history: ReturnHistory, benchmark: pd.Series | None) -> np.ndarray:
    """The benchmark's returns on the dates of ``history``, or the equal-weighted average of the
    assets with a return on each date (NaN before the first asset's first return)."""
    if benchmark is None:
        observed = ~np.isnan(history.values)
        counts = observed.sum(axis=1)
        totals = np.where(observed, history.values, 0.0).sum(axis=1)
        return np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)
    aligned = benchmark.reindex(history.index).to_numpy(dtype=np.float64)
    needed = np.arange(len(aligned)) >= history.starts.min()
    bad = np.flatnonzero(needed & ~np.isfinite(aligned))
    if bad.size:
        date = history.index[int(bad[0])]
        raise DataError(f"the benchmark has no finite return on {date}", date=date)
    return aligned


class CAPMReturns(ExpectedReturnsEstimator):
    """CAPM expected returns per period (:func:`capm_returns`) against ``benchmark`` (a return
    ``Series`` covering the dates of the returns), or the equal-weighted average of the assets.

    ``risk_free_rate`` is annual, converted per period geometrically with ``periods_per_year``
    (inferred from the dates when ``None``). ``betas_`` holds the betas.
    """

    betas_: pd.Series

    def __init__(
        self,
        benchmark: pd.Series | None = None,
        risk_free_rate: float = 0.0,
        periods_per_year: float | None = None,
    ) -> None:
        self.benchmark = benchmark
        self.risk_free_rate = risk_free_rate
        self.periods_per_year = periods_per_year

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``mu_`` and ``betas_`` from ``returns`` (dates x assets)."""
        history = check_return_history(returns, min_periods=2)
        market = _market_returns(history, self.benchmark)
        risk_free = _risk_free(self.risk_free_rate, returns, self.periods_per_year)
        name = type(self).__name__
        self.mu_ = mu_series(capm_returns(history.values, market, risk_free), history.assets, name)
        betas = capm_betas(history.values, market)
        self.betas_ = pd.Series(betas, index=self.mu_.index, name="beta")
        return self


def _weights(market_weights: pd.Series | None, assets: tuple[str, ...]) -> np.ndarray:
    if market_weights is None:
        return np.full(len(assets), 1.0 / len(assets))
    names = [str(a) for a in market_weights.index]
    for asset in names:
        if asset not in assets:
            raise DataError(f"market weight of asset {asset!r} has no returns", asset=asset)
    given = dict(zip(names, market_weights.to_numpy(dtype=np.float64), strict=True))
    for asset in assets:
        if asset not in given or not np.isfinite(given[asset]):
            raise DataError(f"asset {asset!r} has no finite market weight", asset=asset)
    weights = np.array([given[a] for a in assets])
    if not weights.sum() > 0:
        raise DataError("market weights must have a positive sum")
    normalised: np.ndarray = weights / weights.sum()
    return normalised


class EquilibriumReturns(ExpectedReturnsEstimator):
    """Equilibrium-implied returns per period ``rf + risk_aversion * Sigma @ w_mkt``
    (:func:`implied_returns`): the Black-Litterman prior.

    ``market_weights`` (or market capitalisations: they are normalised to sum to one) cover every
    asset; ``None`` means equal weights. ``Sigma`` comes from ``covariance_estimator`` (a
    :class:`SampleCovariance` by default); ``risk_free_rate`` is annual.
    """

    covariance_estimator_: CovarianceEstimator

    def __init__(
        self,
        market_weights: pd.Series | None = None,
        risk_aversion: float = 2.5,
        covariance_estimator: CovarianceEstimator | None = None,
        risk_free_rate: float = 0.0,
        periods_per_year: float | None = None,
    ) -> None:
        self.market_weights = market_weights
        self.risk_aversion = risk_aversion
        self.covariance_estimator = covariance_estimator
        self.risk_free_rate = risk_free_rate
        self.periods_per_year = periods_per_year

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``mu_`` from ``returns`` (dates x assets) and the market weights."""
        estimator = self.covariance_estimator or SampleCovariance()
        self.covariance_estimator_ = clone(estimator).fit(returns)
        covariance = self.covariance_estimator_.covariance_
        assets = tuple(str(a) for a in covariance.index)
        weights = _weights(self.market_weights, assets)
        risk_free = _risk_free(self.risk_free_rate, returns, self.periods_per_year)
        implied = implied_returns(
            covariance.to_numpy(), weights, float(self.risk_aversion), risk_free
        )
        self.mu_ = mu_series(implied, assets, type(self).__name__)
        return self
