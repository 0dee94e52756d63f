"""Inverse-volatility weights: ``w_i ~ 1 / sigma_i`` (naive risk parity), fully invested.

>>> import numpy as np
>>> inverse_volatility_weights(np.array([[0.01, 0.02], [-0.01, -0.02]])).round(6).tolist()
[0.666667, 0.333333]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

import numpy as np
import pandas as pd

from algofolio.allocate.base import Allocator, check_returns
from algofolio.core.errors import EstimationError

__all__ = ["InverseVolatility", "inverse_volatility_weights"]


def inverse_volatility_weights(
    X: np.ndarray, assets: Sequence[str] | pd.Index | None = None
) -> np.ndarray:
    """Weights ``(1/sigma_i) / Σ_j (1/sigma_j)`` from returns ``X`` (periods x assets, finite).

    ``sigma`` is the sample standard deviation (``ddof=1``) of each column. Raises
    :class:`EstimationError` for fewer than two rows, or an asset with zero volatility (named from
    ``assets`` when given, else by column number).
    """
    if X.ndim != 2 or X.shape[0] < 2:
        raise EstimationError(
            f"inverse volatility needs at least 2 returns per asset, got {X.shape[0]}"
        )
    sigma = X.std(axis=0, ddof=1)
    flat = np.flatnonzero(~(sigma > 0))
    if flat.size:
        column = int(flat[0])
        name = repr(str(assets[column])) if assets is not None else f"in column {column}"
        raise EstimationError(
            f"asset {name} has zero volatility over the window; inverse volatility is undefined"
        )
    inverse = 1.0 / sigma
    weights: np.ndarray = inverse / inverse.sum()
    return weights


class InverseVolatility(Allocator):
    """Weights proportional to ``1 / std`` (``ddof=1``) of each asset's returns over the window."""

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``weights_`` from the sample volatility of each column of ``returns``."""
        X = check_returns(returns)
        weights = inverse_volatility_weights(X, returns.columns)
        self.weights_ = pd.Series(weights, index=returns.columns, name="weight")
        return self
