"""James-Stein shrinkage of historical means toward their grand mean.

``mu_JS = (1 - b) * mu + b * mean(mu)`` with ``b = (tr(Sigma) - 2 lambda_max) / (T ||mu - mean(mu)||^2)``
clipped to ``[0, 1]`` (the positive-part estimator for a general covariance ``Sigma / T`` of the
sample mean; skfolio's ``ShrunkMu`` before clipping). ``lambda_max`` is ``Sigma``'s largest
eigenvalue; fewer than three assets, or one dominant eigenvalue, give ``b = 0``.

>>> import numpy as np
>>> james_stein_mean(np.array([0.01, 0.0, -0.01]), np.eye(3) * 1e-4, 10).round(6).tolist()
[0.0095, 0.0, -0.0095]
"""

from __future__ import annotations

from typing import Self

import numpy as np
import pandas as pd
from sklearn.base import clone

from algofolio.estimators._history import check_return_history
from algofolio.estimators.base import CovarianceEstimator, ExpectedReturnsEstimator, mu_series
from algofolio.estimators.mean import arithmetic_mean
from algofolio.estimators.sample import SampleCovariance

__all__ = ["JamesSteinMean", "james_stein_intensity", "james_stein_mean"]


def james_stein_intensity(mu: np.ndarray, covariance: np.ndarray, n_observations: int) -> float:
    """The shrinkage ``b`` in ``[0, 1]`` (module docstring) of sample means ``mu`` (``(n,)``) of
    ``n_observations`` returns with covariance ``covariance`` (``n x n``, per period).

    >>> james_stein_intensity(np.array([0.01, 0.0, -0.01]), np.eye(3) * 1e-4, 10)
    0.05
    """
    spread = float(np.sum((mu - mu.mean()) ** 2))
    if spread == 0.0:
        return 0.0
    eigenvalues = np.linalg.eigvalsh(covariance)
    effective = float(eigenvalues.sum() - 2.0 * eigenvalues.max())
    return float(np.clip(effective / spread / n_observations, 0.0, 1.0))


def james_stein_mean(mu: np.ndarray, covariance: np.ndarray, n_observations: int) -> np.ndarray:
    """Sample means ``mu`` shrunk toward their grand mean by :func:`james_stein_intensity`."""
    shrinkage = james_stein_intensity(mu, covariance, n_observations)
    shrunk: np.ndarray = (1.0 - shrinkage) * mu + shrinkage * mu.mean()
    return shrunk


class JamesSteinMean(ExpectedReturnsEstimator):
    """James-Stein expected returns per period: each asset's arithmetic mean (own history) shrunk
    toward the grand mean, with ``Sigma`` from ``covariance_estimator`` (sample by default) and
    ``T`` the shortest asset history. ``shrinkage_`` is the intensity ``b``."""

    shrinkage_: float
    covariance_estimator_: CovarianceEstimator

    def __init__(self, covariance_estimator: CovarianceEstimator | None = None) -> None:
        self.covariance_estimator = covariance_estimator

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``mu_`` and ``shrinkage_`` from ``returns`` (dates x assets)."""
        history = check_return_history(returns, min_periods=2)
        estimator = self.covariance_estimator or SampleCovariance()
        self.covariance_estimator_ = clone(estimator).fit(returns)
        covariance = self.covariance_estimator_.covariance_.to_numpy()
        mu = arithmetic_mean(history.values)
        n_observations = int(len(history.index) - history.starts.max())
        self.shrinkage_ = james_stein_intensity(mu, covariance, n_observations)
        shrunk = (1.0 - self.shrinkage_) * mu + self.shrinkage_ * mu.mean()
        self.mu_ = mu_series(shrunk, history.assets, type(self).__name__)
        return self
