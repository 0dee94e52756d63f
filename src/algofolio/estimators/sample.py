"""Pairwise-complete covariances: sample, exponentially weighted and semi-covariance, per period.

Each pair of assets is estimated over its common dates (from the later of their first returns), so
staggered listings keep their whole history. Such a matrix need not be positive semi-definite: the
estimators repair it (:func:`~algofolio.estimators.psd.ensure_psd`, with a warning).

>>> import numpy as np
>>> X = np.array([[0.01, 0.02], [0.03, -0.01], [-0.02, 0.0]])
>>> bool(np.allclose(pairwise_covariance(X), np.cov(X, rowvar=False)))
True
"""

from __future__ import annotations

from typing import Self

import numpy as np
import pandas as pd

from algofolio.core.options import check_option
from algofolio.estimators._history import check_return_history
from algofolio.estimators.base import CovarianceEstimator, covariance_frame
from algofolio.estimators.mean import decay_weights, smoothing_factor
from algofolio.estimators.options import PSDRepair
from algofolio.estimators.psd import ensure_psd

__all__ = [
    "EWCovariance",
    "SampleCovariance",
    "SemiCovariance",
    "ew_covariance",
    "pairwise_covariance",
    "semicovariance",
]


def _observed(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mask of returns (``T x n``) and ``X`` less each column's own mean, zero where missing
    (covariances do not change when a column is shifted; centring keeps the sums accurate)."""
    observed = ~np.isnan(X)
    with np.errstate(invalid="ignore"):
        centred = np.where(observed, X - np.nanmean(X, axis=0), 0.0)
    return observed.astype(np.float64), centred


def pairwise_covariance(X: np.ndarray) -> np.ndarray:
    """Sample covariance (``ddof=1``) of the columns of ``X`` (``T x n``, NaN only before each
    column's first return), each pair over its common rows (at least two): ``(n, n)`` per period.

    One pass of matrix products, whatever the number of distinct start dates: with ``m`` the
    common-row mask, ``s_ij = (sum x_i x_j - sum x_i sum x_j / T_ij) / (T_ij - 1)``.
    """
    mask, Z = _observed(X)
    counts = mask.T @ mask
    sums = Z.T @ mask  # sums[i, j]: sum of column i over the rows it shares with column j
    covariance: np.ndarray = (Z.T @ Z - sums * sums.T / counts) / (counts - 1.0)
    return covariance


def ew_covariance(X: np.ndarray, alpha: float) -> np.ndarray:
    """Exponentially weighted covariance, each pair over its common rows: weights
    :func:`~algofolio.estimators.mean.decay_weights` normalised to one over those rows, centred on
    the weighted means, no bias correction (pandas ``ewm(adjust=True).cov(bias=True)`` on the last
    row).

    >>> X = np.array([[0.0, 0.0], [0.02, 0.01]])
    >>> (ew_covariance(X, 0.5) * 9e4).round(6).tolist()
    [[8.0, 4.0], [4.0, 2.0]]
    """
    mask, Z = _observed(X)
    weighted = Z * decay_weights(X.shape[0], alpha)[:, None]
    totals = (mask * decay_weights(X.shape[0], alpha)[:, None]).T @ mask
    means = weighted.T @ mask / totals  # means[i, j]: weighted mean of i over rows shared with j
    covariance: np.ndarray = weighted.T @ Z / totals - means * means.T
    return covariance


def semicovariance(X: np.ndarray, threshold: float = 0.0) -> np.ndarray:
    """Semi-covariance below ``threshold`` (a return per period), each pair over its common rows:
    ``sum_t d_ti d_tj / T_ij`` with ``d = min(r - threshold, 0)`` (PyPortfolioOpt's convention:
    divided by the number of rows, not of shortfalls).

    >>> semicovariance(np.array([[-0.02], [0.04]])).round(6).tolist()
    [[0.0002]]
    """
    observed = ~np.isnan(X)
    shortfall = np.where(observed, np.minimum(np.where(observed, X, 0.0) - threshold, 0.0), 0.0)
    mask = observed.astype(np.float64)
    covariance: np.ndarray = shortfall.T @ shortfall / (mask.T @ mask)
    return covariance


class SampleCovariance(CovarianceEstimator):
    """Sample covariance per period (``ddof=1``), pairwise-complete (:func:`pairwise_covariance`),
    repaired by ``psd_repair`` when not positive semi-definite."""

    def __init__(self, psd_repair: PSDRepair = "clip") -> None:
        self.psd_repair = psd_repair

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``covariance_`` from ``returns`` (dates x assets, at least two returns per asset)."""
        repair = check_option(self.psd_repair, PSDRepair, "psd_repair")
        history = check_return_history(returns, min_periods=2)
        name = type(self).__name__
        covariance = ensure_psd(pairwise_covariance(history.values), name, repair)
        self.covariance_ = covariance_frame(covariance, history.assets, name)
        return self


class EWCovariance(CovarianceEstimator):
    """Exponentially weighted covariance per period (:func:`ew_covariance`; ``span`` or
    ``halflife`` in periods, span 180 by default), pairwise-complete, PSD-repaired."""

    def __init__(
        self,
        span: float | None = None,
        halflife: float | None = None,
        psd_repair: PSDRepair = "clip",
    ) -> None:
        self.span = span
        self.halflife = halflife
        self.psd_repair = psd_repair

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``covariance_`` from ``returns`` (dates x assets, at least two returns per asset)."""
        alpha = smoothing_factor(self.span, self.halflife)
        repair = check_option(self.psd_repair, PSDRepair, "psd_repair")
        history = check_return_history(returns, min_periods=2)
        name = type(self).__name__
        covariance = ensure_psd(ew_covariance(history.values, alpha), name, repair)
        self.covariance_ = covariance_frame(covariance, history.assets, name)
        return self


class SemiCovariance(CovarianceEstimator):
    """Semi-covariance per period below ``threshold`` (a return per period, 0 by default;
    :func:`semicovariance`), pairwise-complete, PSD-repaired."""

    def __init__(self, threshold: float = 0.0, psd_repair: PSDRepair = "clip") -> None:
        self.threshold = threshold
        self.psd_repair = psd_repair

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``covariance_`` from ``returns`` (dates x assets, at least two returns per asset)."""
        repair = check_option(self.psd_repair, PSDRepair, "psd_repair")
        history = check_return_history(returns, min_periods=2)
        name = type(self).__name__
        covariance = ensure_psd(semicovariance(history.values, self.threshold), name, repair)
        self.covariance_ = covariance_frame(covariance, history.assets, name)
        return self
