"""The allocator contract: a scikit-learn estimator that learns target weights from returns.

``__init__`` only stores parameters (so ``get_params``, ``clone`` and grid search work);
``fit(returns)`` validates, computes and sets ``weights_`` (asset-indexed ``Series`` over the columns
of ``returns``; ``1 - weights_.sum()`` is cash) and returns ``self``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Self

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from algofolio.core.errors import DataError

__all__ = ["Allocator", "check_returns"]


class Allocator(BaseEstimator, ABC):  # type: ignore[misc]  # sklearn ships no type stubs
    """Base class of allocators: ``fit(returns) -> self`` sets ``weights_``."""

    weights_: pd.Series

    @abstractmethod
    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Learn ``weights_`` from ``returns`` (dates x assets, simple returns, no NaN)."""


def check_returns(returns: pd.DataFrame) -> np.ndarray:
    """Return the values of ``returns`` (dates x assets) as float64 after checking them.

    Raises :class:`DataError` when ``returns`` is not a ``DataFrame``, has no or duplicate columns,
    or a missing / infinite value (naming the asset).

    >>> import pandas as pd
    >>> check_returns(pd.DataFrame({"A": [0.01, float("nan")]}))
    Traceback (most recent call last):
    ...
    algofolio.core.errors.DataError: returns of asset 'A' have 1 missing or infinite value(s); pass complete columns
    """
    if not isinstance(returns, pd.DataFrame):
        raise DataError(
            f"returns must be a DataFrame (dates x assets), got {type(returns).__name__}"
        )
    if returns.shape[1] == 0:
        raise DataError("returns have no asset columns")
    columns = returns.columns.tolist()
    if len(set(columns)) < len(columns):
        dup = next(c for i, c in enumerate(columns) if c in columns[:i])
        raise DataError(f"asset {dup!r} appears twice in the returns", asset=str(dup))
    try:
        values = returns.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise DataError("returns must be numeric") from None
    bad = ~np.isfinite(values)
    if bad.any():
        column = int(np.flatnonzero(bad.any(axis=0))[0])
        asset = str(returns.columns[column])
        raise DataError(
            f"returns of asset {asset!r} have {int(bad[:, column].sum())} missing or infinite "
            "value(s); pass complete columns",
            asset=asset,
        )
    return values
