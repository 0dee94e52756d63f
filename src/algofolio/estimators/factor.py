"""A statistical factor model of the covariance: ``k`` principal components plus a diagonal residual.

``Sigma = V_k diag(lambda_k) V_k' + D`` where ``(lambda_k, V_k)`` are the ``k`` largest eigenpairs of
the sample covariance ``S`` (``ddof=1``, common window) and ``D = diag(S - V_k diag(lambda_k) V_k')``:
the model keeps every asset's sample variance and is positive semi-definite by construction.

>>> import numpy as np
>>> X = np.random.default_rng(1).normal(size=(40, 4))
>>> model = pca_factor_covariance(X, 2)
>>> bool(np.allclose(np.diag(model), np.diag(np.cov(X, rowvar=False))))
True
"""

from __future__ import annotations

from typing import Self

import numpy as np
import pandas as pd

from algofolio.core.errors import ConfigError
from algofolio.estimators._history import check_return_history
from algofolio.estimators.base import CovarianceEstimator, covariance_frame

__all__ = ["PCAFactorCovariance", "pca_factor_covariance"]


def pca_factor_covariance(X: np.ndarray, n_factors: int) -> np.ndarray:
    """The ``n x n`` factor-model covariance of complete returns ``X`` (``T x n``) with
    ``n_factors`` principal components (``1 <= n_factors <= n``; ``n`` gives ``S`` itself)."""
    n = X.shape[1]
    if not 1 <= n_factors <= n:
        raise ConfigError(f"n_factors must be between 1 and {n}, got {n_factors}", key="n_factors")
    S = np.atleast_2d(np.cov(X, rowvar=False, ddof=1))
    eigenvalues, vectors = np.linalg.eigh(S)  # ascending
    top = vectors[:, n - n_factors :]
    systematic = (top * eigenvalues[n - n_factors :]) @ top.T
    residual = np.maximum(np.diag(S) - np.diag(systematic), 0.0)
    covariance = systematic + np.diag(residual)
    symmetric: np.ndarray = (covariance + covariance.T) / 2.0
    return symmetric


class PCAFactorCovariance(CovarianceEstimator):
    """Statistical factor-model covariance per period (:func:`pca_factor_covariance`) over the
    common window (the dates on which every asset has a return)."""

    def __init__(self, n_factors: int = 3) -> None:
        self.n_factors = n_factors

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``covariance_`` from ``returns`` (dates x assets)."""
        history = check_return_history(returns, min_periods=2)
        X = history.common_window(type(self).__name__)
        covariance = pca_factor_covariance(X, self.n_factors)
        self.covariance_ = covariance_frame(covariance, history.assets, type(self).__name__)
        return self
