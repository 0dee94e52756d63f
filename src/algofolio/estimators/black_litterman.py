"""Black-Litterman: a prior (equilibrium) mean updated by absolute and relative views.

With prior ``pi`` (``n``), covariance ``Sigma`` (``n x n``), views ``P w = Q`` (``k x n``, ``k``)
of uncertainty ``Omega`` (``k x k``) and ``tau`` scaling the uncertainty of the prior::

    A = tau P Sigma P' + Omega
    mu_BL = pi + tau Sigma P' A^-1 (Q - P pi)
    Sigma_BL = Sigma + tau Sigma - tau Sigma P' A^-1 P tau Sigma

``Omega`` defaults to He and Litterman's ``diag(tau P Sigma P')``. A view's ``confidence`` ``c`` in
``(0, 1]`` scales it (Walters' simplification of Idzorek, as PyPortfolioOpt's ``"idzorek"``):
``Omega_kk = tau (1 - c) / c * p_k Sigma p_k'``; ``c = 1`` is a certain view (the posterior
satisfies it exactly) and ``c = 0.5`` is the default.

>>> import numpy as np
>>> post = black_litterman(np.zeros(2), np.eye(2) * 1e-4, np.array([[1.0, 0.0]]), np.array([0.01]),
...                        omega=np.zeros((1, 1)))
>>> post.mu.round(6).tolist()
[0.01, 0.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Self

import numpy as np
import pandas as pd
from sklearn.base import clone

from algofolio.core.errors import ConfigError, DataError, EstimationError
from algofolio.estimators.base import (
    CovarianceEstimator,
    ExpectedReturnsEstimator,
    covariance_frame,
    mu_series,
)
from algofolio.estimators.equilibrium import EquilibriumReturns
from algofolio.estimators.sample import SampleCovariance

__all__ = [
    "BlackLitterman",
    "BlackLittermanPosterior",
    "View",
    "ViewMatrices",
    "black_litterman",
    "view_matrices",
    "view_uncertainty",
]

DEFAULT_TAU = 0.05


@dataclass(frozen=True, slots=True)
class View:
    """A view ``sum_a weights[a] * mu[a] = value`` (per period) held with ``confidence`` in
    ``(0, 1]`` (``None``: He-Litterman's default uncertainty, the same as 0.5).

    >>> View.relative("AAPL", "MSFT", 0.0002).weights
    {'AAPL': 1.0, 'MSFT': -1.0}
    """

    weights: Mapping[str, float]
    value: float
    confidence: float | None = None

    def __post_init__(self) -> None:
        if not self.weights:
            raise ConfigError("a view needs at least one asset", key="weights")
        for asset, weight in self.weights.items():
            if not math.isfinite(weight):
                raise ConfigError(f"view weight of asset {asset!r} is not finite", key="weights")
        if not math.isfinite(self.value):
            raise ConfigError(f"view value {self.value!r} is not finite", key="value")
        if self.confidence is not None and not 0.0 < self.confidence <= 1.0:
            raise ConfigError(
                f"view confidence must be in (0, 1], got {self.confidence!r}", key="confidence"
            )

    @classmethod
    def absolute(cls, asset: str, value: float, confidence: float | None = None) -> View:
        """``mu[asset] = value``."""
        return cls({asset: 1.0}, value, confidence)

    @classmethod
    def relative(cls, long: str, short: str, value: float, confidence: float | None = None) -> View:
        """``mu[long] - mu[short] = value`` (``long`` outperforms ``short`` by ``value``)."""
        return cls({long: 1.0, short: -1.0}, value, confidence)


@dataclass(frozen=True, slots=True, eq=False)
class BlackLittermanPosterior:
    """Posterior mean ``mu`` (``(n,)``) and covariance (``(n, n)``), per period."""

    mu: np.ndarray
    covariance: np.ndarray


@dataclass(frozen=True, slots=True, eq=False)
class ViewMatrices:
    """Views as matrices over ``n`` assets: pick matrix ``P`` (``k x n``) and values ``Q`` (``k``)."""

    P: np.ndarray
    Q: np.ndarray


def view_matrices(views: Sequence[View], assets: Sequence[str]) -> ViewMatrices:
    """``P`` and ``Q`` of ``views`` over ``assets``; a view naming an asset not in ``assets``
    raises :class:`DataError` naming it.

    >>> view_matrices([View.relative("B", "A", 0.01)], ["A", "B"]).P.tolist()
    [[-1.0, 1.0]]
    """
    position = {str(a): i for i, a in enumerate(assets)}
    P = np.zeros((len(views), len(position)))
    for k, view in enumerate(views):
        for asset, weight in view.weights.items():
            if asset not in position:
                raise DataError(f"a view names asset {asset!r}, which has no returns", asset=asset)
            P[k, position[asset]] += weight
    return ViewMatrices(P, np.array([view.value for view in views], dtype=np.float64))


def view_uncertainty(
    covariance: np.ndarray,
    P: np.ndarray,
    tau: float = DEFAULT_TAU,
    confidences: Sequence[float | None] | None = None,
) -> np.ndarray:
    """Diagonal ``Omega`` (``k x k``): ``tau * (1 - c) / c * p_k Sigma p_k'`` per view, ``c = 0.5``
    for a view without confidence (He-Litterman's ``diag(tau P Sigma P')``).

    >>> view_uncertainty(np.eye(2) * 4e-4, np.array([[1.0, -1.0]]), 0.05, [0.8]).round(8).tolist()
    [[1e-05]]
    """
    confidence = np.array(
        [0.5 if c is None else c for c in (confidences or [None] * P.shape[0])], dtype=np.float64
    )
    variances = np.einsum("ij,jk,ik->i", P, covariance, P)
    omega: np.ndarray = np.diag(tau * (1.0 - confidence) / confidence * variances)
    return omega


def black_litterman(
    prior_mu: np.ndarray,
    covariance: np.ndarray,
    P: np.ndarray,
    Q: np.ndarray,
    *,
    tau: float = DEFAULT_TAU,
    omega: np.ndarray | None = None,
) -> BlackLittermanPosterior:
    """The posterior of the module docstring; ``omega=None`` uses :func:`view_uncertainty`.
    Raises :class:`EstimationError` when ``tau P Sigma P' + Omega`` is singular (e.g. two certain
    views on the same portfolio). No views (``k = 0``) give the prior and ``(1 + tau) Sigma``."""
    if not tau > 0:
        raise ConfigError(f"tau must be > 0, got {tau!r}", key="tau")
    omega = view_uncertainty(covariance, P, tau) if omega is None else omega
    tau_sigma = tau * covariance
    A = P @ tau_sigma @ P.T + omega
    try:
        gain = np.linalg.solve(A, P @ tau_sigma).T if len(Q) else np.zeros((len(prior_mu), 0))
    except np.linalg.LinAlgError:
        raise EstimationError(
            "the views are redundant or contradictory: tau P Sigma P' + Omega is singular"
        ) from None
    mu = prior_mu + gain @ (Q - P @ prior_mu)
    posterior = covariance + tau_sigma - gain @ P @ tau_sigma
    return BlackLittermanPosterior(mu=mu, covariance=(posterior + posterior.T) / 2.0)


class BlackLitterman(ExpectedReturnsEstimator):
    """Black-Litterman expected returns per period: the prior of ``prior_estimator``
    (:class:`EquilibriumReturns` with equal weights by default) updated by ``views``, with
    ``Sigma`` from ``covariance_estimator`` (sample by default).

    Sets ``mu_`` (posterior mean), ``covariance_`` (posterior covariance) and ``prior_mu_``.
    """

    covariance_: pd.DataFrame
    prior_mu_: pd.Series

    def __init__(
        self,
        views: Sequence[View] = (),
        prior_estimator: ExpectedReturnsEstimator | None = None,
        covariance_estimator: CovarianceEstimator | None = None,
        tau: float = DEFAULT_TAU,
    ) -> None:
        self.views = views
        self.prior_estimator = prior_estimator
        self.covariance_estimator = covariance_estimator
        self.tau = tau

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``mu_``, ``covariance_`` and ``prior_mu_`` from ``returns`` (dates x assets)."""
        covariance_estimator = clone(self.covariance_estimator or SampleCovariance()).fit(returns)
        prior = clone(self.prior_estimator or EquilibriumReturns()).fit(returns)
        covariance = covariance_estimator.covariance_
        assets = [str(a) for a in covariance.index]
        prior_mu = prior.mu_.reindex(assets).to_numpy(dtype=np.float64)
        Sigma = covariance.to_numpy()
        views = view_matrices(self.views, assets)
        confidences = [view.confidence for view in self.views]
        omega = view_uncertainty(Sigma, views.P, self.tau, confidences)
        posterior = black_litterman(prior_mu, Sigma, views.P, views.Q, tau=self.tau, omega=omega)
        name = type(self).__name__
        self.prior_mu_ = prior.mu_.reindex(assets)
        self.mu_ = mu_series(posterior.mu, assets, name)
        self.covariance_ = covariance_frame(posterior.covariance, assets, name)
        return self
