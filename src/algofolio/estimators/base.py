"""The estimator contracts: scikit-learn estimators that learn moments from a return history.

``__init__`` only stores parameters; ``fit(returns)`` (dates x assets, simple returns per period,
NaN only before each asset's first return) validates, computes and returns ``self``:

* an :class:`ExpectedReturnsEstimator` sets ``mu_`` (asset-indexed ``Series``, per period);
* a :class:`CovarianceEstimator` sets ``covariance_`` (asset x asset ``DataFrame``, per period,
  symmetric positive semi-definite).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Self

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from algofolio.core.errors import EstimationError

__all__ = ["CovarianceEstimator", "ExpectedReturnsEstimator", "covariance_frame", "mu_series"]


class ExpectedReturnsEstimator(BaseEstimator, ABC):  # type: ignore[misc]  # sklearn has no stubs
    """Base class of expected-return estimators: ``fit(returns) -> self`` sets ``mu_``."""

    mu_: pd.Series

    @abstractmethod
    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Learn ``mu_`` (per period) from ``returns`` (dates x assets)."""


class CovarianceEstimator(BaseEstimator, ABC):  # type: ignore[misc]  # sklearn has no stubs
    """Base class of covariance estimators: ``fit(returns) -> self`` sets ``covariance_``."""

    covariance_: pd.DataFrame

    @abstractmethod
    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Learn ``covariance_`` (per period) from ``returns`` (dates x assets)."""


def mu_series(values: np.ndarray, assets: Sequence[str], estimator: str) -> pd.Series:
    """Expected returns as a ``Series`` named ``mu``; :class:`EstimationError` naming the asset
    and ``estimator`` when a value is not finite."""
    _check_finite(values, assets, estimator)
    return pd.Series(values, index=pd.Index(list(assets), name="asset"), name="mu")


def covariance_frame(values: np.ndarray, assets: Sequence[str], estimator: str) -> pd.DataFrame:
    """A covariance as an asset x asset ``DataFrame``; :class:`EstimationError` naming the asset
    and ``estimator`` when a value is not finite."""
    _check_finite(values, assets, estimator)
    index = pd.Index(list(assets), name="asset")
    return pd.DataFrame(values, index=index, columns=index.rename(None))


def _check_finite(values: np.ndarray, assets: Sequence[str], estimator: str) -> None:
    bad = ~np.isfinite(values)
    if bad.any():
        asset = assets[int(np.argwhere(bad)[0][-1])]
        raise EstimationError(f"{estimator}: the estimate for asset {asset!r} is not finite")
