"""Historical expected returns per period: arithmetic, geometric and exponentially weighted means.

Each asset is averaged over its own history (from its first return); NaN before it is ignored.

>>> import numpy as np
>>> X = np.array([[0.10, np.nan], [-0.10, 0.02], [0.05, 0.04]])
>>> arithmetic_mean(X).round(6).tolist()
[0.016667, 0.03]
>>> geometric_mean(np.array([[0.21], [0.0]])).round(6).tolist()
[0.1]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Self

import numpy as np
import pandas as pd

from algofolio.core.errors import ConfigError
from algofolio.core.options import check_option
from algofolio.estimators._history import check_return_history
from algofolio.estimators.base import ExpectedReturnsEstimator, mu_series
from algofolio.estimators.options import MeanKind

__all__ = [
    "EWMean",
    "HistoricalMean",
    "arithmetic_mean",
    "decay_weights",
    "ew_mean",
    "geometric_mean",
    "smoothing_factor",
]

DEFAULT_SPAN = 180.0


def arithmetic_mean(X: np.ndarray) -> np.ndarray:
    """Mean of each column of ``X`` (``T x n``) over its non-NaN rows: ``(n,)`` per period."""
    mean: np.ndarray = np.nanmean(X, axis=0)
    return mean


def geometric_mean(X: np.ndarray) -> np.ndarray:
    """Geometric mean per period of each column: ``prod(1 + r) ** (1 / T_i) - 1`` over its
    ``T_i`` non-NaN returns (the per-period rate that compounds to the same growth: CAGR-equivalent).
    """
    growth = np.nansum(np.log1p(X), axis=0) / np.count_nonzero(~np.isnan(X), axis=0)
    mean: np.ndarray = np.expm1(growth)
    return mean


def smoothing_factor(span: float | None = None, halflife: float | None = None) -> float:
    """The decay ``alpha`` of an exponential average, pandas' convention: ``2 / (span + 1)``
    (``span >= 1``) or ``1 - 0.5 ** (1 / halflife)`` (``halflife > 0``); span 180 when neither is
    given. Raises :class:`ConfigError` when both are given or a value is out of range.

    >>> smoothing_factor(span=3.0), smoothing_factor(halflife=1.0)
    (0.5, 0.5)
    """
    if span is not None and halflife is not None:
        raise ConfigError("give span or halflife, not both", key="halflife")
    if halflife is not None:
        if not (math.isfinite(halflife) and halflife > 0):
            raise ConfigError(f"halflife must be > 0, got {halflife!r}", key="halflife")
        return float(1.0 - 0.5 ** (1.0 / halflife))
    span = DEFAULT_SPAN if span is None else span
    if not (math.isfinite(span) and span >= 1):
        raise ConfigError(f"span must be >= 1, got {span!r}", key="span")
    return 2.0 / (span + 1.0)


def decay_weights(n_rows: int, alpha: float) -> np.ndarray:
    """Weights ``(1 - alpha) ** (T - 1 - t)`` of rows ``t = 0..T-1`` (the last row weighs 1).

    >>> decay_weights(3, 0.5).tolist()
    [0.25, 0.5, 1.0]
    """
    weights: np.ndarray = (1.0 - alpha) ** np.arange(n_rows - 1, -1, -1, dtype=np.float64)
    return weights


def ew_mean(X: np.ndarray, alpha: float) -> np.ndarray:
    """Exponentially weighted mean of each column of ``X`` (``T x n``) over its non-NaN rows, with
    :func:`decay_weights` normalised to sum to one (pandas ``ewm(adjust=True).mean()`` on the last
    row).

    >>> ew_mean(np.array([[0.0], [0.03]]), alpha=0.5).round(6).tolist()
    [0.02]
    """
    weights = decay_weights(X.shape[0], alpha)[:, None] * ~np.isnan(X)
    mean: np.ndarray = np.nansum(weights * X, axis=0) / weights.sum(axis=0)
    return mean


_MEANS: Mapping[str, Callable[[np.ndarray], np.ndarray]] = {
    "arithmetic": arithmetic_mean,
    "geometric": geometric_mean,
}


class HistoricalMean(ExpectedReturnsEstimator):
    """Historical mean return per period of each asset over its own history (``kind``:
    ``"arithmetic"`` or ``"geometric"``)."""

    def __init__(self, kind: MeanKind = "arithmetic") -> None:
        self.kind = kind

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``mu_`` from ``returns`` (dates x assets, at least one return per asset)."""
        kind = check_option(self.kind, MeanKind, "kind")
        history = check_return_history(returns, min_periods=1)
        self.mu_ = mu_series(_MEANS[kind](history.values), history.assets, type(self).__name__)
        return self


class EWMean(ExpectedReturnsEstimator):
    """Exponentially weighted mean return per period (:func:`ew_mean`; give ``span`` or
    ``halflife`` in periods, span 180 by default)."""

    def __init__(self, span: float | None = None, halflife: float | None = None) -> None:
        self.span = span
        self.halflife = halflife

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``mu_`` from ``returns`` (dates x assets, at least one return per asset)."""
        alpha = smoothing_factor(self.span, self.halflife)
        history = check_return_history(returns, min_periods=1)
        self.mu_ = mu_series(ew_mean(history.values, alpha), history.assets, type(self).__name__)
        return self
