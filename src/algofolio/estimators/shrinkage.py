"""Shrinkage covariances per period: Ledoit-Wolf (three targets) and OAS.

Both shrink the maximum-likelihood covariance ``S = Xc' Xc / T`` (``Xc`` centred, ``ddof=0``, as
in the papers) toward a structured target ``F``: ``(1 - delta) S + delta F``. They need complete
rows, so they use the **common window**: the dates on which every asset has a return.

* Ledoit-Wolf: ``delta = clip((pi - rho) / (T * gamma), 0, 1)`` with ``pi`` the summed asymptotic
  variances of ``S``, ``rho`` their covariance with ``F`` and ``gamma = ||S - F||_F^2``; targets
  ``constant_variance`` (``tr(S) / n * I``, 2004a, scikit-learn's ``LedoitWolf``), ``single_factor``
  (market = equal-weighted average of the assets, 2003) and ``constant_correlation`` (2004b).
* OAS (Chen et al. 2010, scikit-learn's formula): target ``tr(S) / n * I``.

>>> import numpy as np
>>> X = np.random.default_rng(0).normal(size=(50, 3))
>>> shrunk = ledoit_wolf(X)
>>> 0.0 <= shrunk.shrinkage <= 1.0, shrunk.covariance.shape
(True, (3, 3))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Self

import numpy as np
import pandas as pd

from algofolio.core.errors import EstimationError
from algofolio.core.options import check_option
from algofolio.estimators._history import check_return_history
from algofolio.estimators.base import CovarianceEstimator, covariance_frame
from algofolio.estimators.options import ShrinkageTarget

__all__ = ["OAS", "LedoitWolf", "ShrunkCovariance", "ledoit_wolf", "oas"]


@dataclass(frozen=True, slots=True, eq=False)
class ShrunkCovariance:
    """``covariance = (1 - shrinkage) * S + shrinkage * target`` (all ``n x n``, per period)."""

    covariance: np.ndarray
    shrinkage: float
    target: np.ndarray


def _moments(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if X.ndim != 2 or X.shape[0] < 2 or np.isnan(X).any():
        raise EstimationError(f"shrinkage needs complete returns with >= 2 rows, got {X.shape}")
    centred = X - X.mean(axis=0)
    return centred, centred.T @ centred / X.shape[0]


def _constant_variance(Xc: np.ndarray, S: np.ndarray) -> tuple[np.ndarray, float]:
    return np.eye(S.shape[0]) * np.trace(S) / S.shape[0], 0.0


def _single_factor(Xc: np.ndarray, S: np.ndarray) -> tuple[np.ndarray, float]:
    T = Xc.shape[0]
    market = Xc.mean(axis=1)
    betas = Xc.T @ market / T  # covariances with the market
    var_market = float(market @ market / T)
    F = np.outer(betas, betas) / var_market
    np.fill_diagonal(F, np.diag(S))
    y = Xc**2
    rho_diag = np.sum(y**2) / T - np.sum(np.diag(S) ** 2)
    z = Xc * market[:, None]
    v1 = y.T @ z / T - betas[:, None] * S
    rho_off1 = (np.sum(v1 * betas[None, :]) - np.sum(np.diag(v1) * betas)) / var_market
    v3 = z.T @ z / T - var_market * S
    rho_off3 = (np.sum(v3 * np.outer(betas, betas)) - np.sum(np.diag(v3) * betas**2)) / (
        var_market**2
    )
    return F, float(rho_diag + 2.0 * rho_off1 - rho_off3)


def _constant_correlation(Xc: np.ndarray, S: np.ndarray) -> tuple[np.ndarray, float]:
    T, n = Xc.shape
    variances = np.diag(S)
    flat = np.flatnonzero(~(variances > 0))
    if flat.size:
        raise EstimationError(
            f"column {int(flat[0])} has zero variance: the constant-correlation target is undefined"
        )
    std = np.sqrt(variances)
    r_bar = (np.sum(S / np.outer(std, std)) - n) / (n * (n - 1)) if n > 1 else 0.0
    F = r_bar * np.outer(std, std)
    np.fill_diagonal(F, variances)
    y = Xc**2
    pi_diag = np.sum(y**2, axis=0) / T - variances**2
    theta = (Xc**3).T @ Xc / T - variances[:, None] * S  # theta[i, j] = AsyCov(s_ii, s_ij)
    np.fill_diagonal(theta, 0.0)
    rho = np.sum(pi_diag) + r_bar * np.sum(np.outer(1.0 / std, std) * theta)
    return F, float(rho)


_TARGETS: Mapping[str, Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, float]]] = {
    "constant_variance": _constant_variance,
    "single_factor": _single_factor,
    "constant_correlation": _constant_correlation,
}


def ledoit_wolf(X: np.ndarray, target: ShrinkageTarget = "constant_variance") -> ShrunkCovariance:
    """Ledoit-Wolf shrinkage of the covariance of complete returns ``X`` (``T x n``) toward
    ``target``; the intensity is clipped to ``[0, 1]`` (module docstring for the formulas)."""
    check_option(target, ShrinkageTarget, "target")
    Xc, S = _moments(X)
    F, rho = _TARGETS[target](Xc, S)
    y = Xc**2
    pi = float(np.sum(y.T @ y) / X.shape[0] - np.sum(S**2))
    gamma = float(np.sum((S - F) ** 2))
    shrinkage = 0.0 if gamma == 0 else float(np.clip((pi - rho) / gamma / X.shape[0], 0.0, 1.0))
    return ShrunkCovariance((1.0 - shrinkage) * S + shrinkage * F, shrinkage, F)


def oas(X: np.ndarray) -> ShrunkCovariance:
    """Oracle approximating shrinkage of the covariance of complete returns ``X`` (``T x n``)
    toward ``tr(S) / n * I``: ``delta = min(1, (a + m^2) / ((T + 1) (a - m^2 / n)))`` with
    ``a = mean(S**2)`` and ``m = tr(S) / n`` (scikit-learn's formula).

    >>> shrunk = oas(np.random.default_rng(0).normal(size=(30, 4)))
    >>> bool(np.allclose(np.trace(shrunk.covariance), np.trace(shrunk.target)))
    True
    """
    _, S = _moments(X)
    T, n = X.shape
    mu = float(np.trace(S)) / n
    alpha = float(np.mean(S**2))
    denominator = (T + 1) * (alpha - mu**2 / n)
    shrinkage = 1.0 if denominator == 0 else min((alpha + mu**2) / denominator, 1.0)
    F = np.eye(n) * mu
    return ShrunkCovariance((1.0 - shrinkage) * S + shrinkage * F, shrinkage, F)


class LedoitWolf(CovarianceEstimator):
    """Ledoit-Wolf shrinkage covariance per period over the common window (:func:`ledoit_wolf`);
    ``shrinkage_`` is the intensity used."""

    shrinkage_: float

    def __init__(self, target: ShrinkageTarget = "constant_variance") -> None:
        self.target = target

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``covariance_`` and ``shrinkage_`` from ``returns`` (dates x assets)."""
        target = check_option(self.target, ShrinkageTarget, "target")
        history = check_return_history(returns, min_periods=2)
        X, assets = history.common_window(type(self).__name__), history.assets
        flat = np.flatnonzero(~(X.var(axis=0) > 0))
        if target == "constant_correlation" and flat.size:
            raise EstimationError(
                f"LedoitWolf: asset {assets[int(flat[0])]!r} has zero variance over the common "
                "window; the constant-correlation target is undefined"
            )
        shrunk = ledoit_wolf(X, target)
        self.covariance_ = covariance_frame(shrunk.covariance, assets, type(self).__name__)
        self.shrinkage_ = shrunk.shrinkage
        return self


class OAS(CovarianceEstimator):
    """Oracle approximating shrinkage covariance per period over the common window (:func:`oas`);
    ``shrinkage_`` is the intensity used."""

    shrinkage_: float

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``covariance_`` and ``shrinkage_`` from ``returns`` (dates x assets)."""
        history = check_return_history(returns, min_periods=2)
        X, assets = history.common_window(type(self).__name__), history.assets
        shrunk = oas(X)
        self.covariance_ = covariance_frame(shrunk.covariance, assets, type(self).__name__)
        self.shrinkage_ = shrunk.shrinkage
        return self
