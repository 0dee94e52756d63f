"""A strategic mix held constant: fixed target weights (e.g. 60/30/10), the rest in cash.

>>> import pandas as pd
>>> returns = pd.DataFrame({"VTI": [0.01, 0.02], "BND": [0.0, 0.001], "GLD": [0.0, 0.0]})
>>> FixedWeights({"VTI": 0.6, "BND": 0.3}).fit(returns).weights_.to_dict()
{'VTI': 0.6, 'BND': 0.3, 'GLD': 0.0}
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Self

import pandas as pd

from algofolio.allocate.base import Allocator, check_returns
from algofolio.core.errors import ConfigError, DataError

__all__ = ["FixedWeights", "check_weight_mix"]

WEIGHT_SUM_TOLERANCE = 1e-9
"""Weights may sum to ``1 + WEIGHT_SUM_TOLERANCE`` (rounding of decimal mixes like 0.6 + 0.3 + 0.1)."""


class FixedWeights(Allocator):
    """Fixed long-only weights per asset (``Mapping[str, float]``), summing to at most 1.

    ``fit`` checks the mix (finite, >= 0, sum <= 1: :class:`ConfigError` naming the asset) and that
    every asset with a nonzero weight is a column of the returns (:class:`DataError` naming it);
    ``weights_`` covers the return columns (0 for columns not in the mix). The returns' values
    are not used, only checked for completeness.
    """

    uses_returns = False
    """Only the assets matter, not their returns (the backtest refits it when they change)."""

    def __init__(self, weights: Mapping[str, float]) -> None:
        self.weights = weights

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``weights_`` to the mix over the columns of ``returns``."""
        check_returns(returns)
        mix = check_weight_mix(self.weights)
        columns = [str(c) for c in returns.columns.tolist()]
        known = set(columns)
        for asset, weight in mix.items():
            if weight != 0 and asset not in known:
                raise DataError(
                    f"FixedWeights asset {asset!r} (weight {weight:g}) has no complete returns "
                    "in the window",
                    asset=asset,
                )
        self.weights_ = pd.Series(
            [mix.get(c, 0.0) for c in columns], index=returns.columns, dtype=float, name="weight"
        )
        return self


def check_weight_mix(weights: Mapping[str, float]) -> dict[str, float]:
    """Return ``weights`` as ``{asset: float}`` after checking a long-only mix with a cash rest.

    Raises :class:`ConfigError` naming the asset for a non-finite or negative weight, and when the
    weights sum to more than ``1 + 1e-9``.

    >>> check_weight_mix({"A": 0.7, "B": 0.5})
    Traceback (most recent call last):
    ...
    algofolio.core.errors.ConfigError: weights sum to 1.2 > 1 (1 - sum is cash; it cannot be negative)
    """
    if not isinstance(weights, Mapping) or not weights:
        raise ConfigError("weights must be a non-empty mapping of asset -> weight", key="weights")
    mix: dict[str, float] = {}
    for asset, weight in weights.items():
        key = f"weights.{asset}"
        try:
            value = float(weight)
        except (TypeError, ValueError):
            raise ConfigError(f"weight of {asset!r} is not a number: {weight!r}", key=key) from None
        if not math.isfinite(value) or value < 0:
            raise ConfigError(
                f"weight of {asset!r} is {value!r}; weights must be finite and >= 0 (long only)",
                key=key,
            )
        mix[str(asset)] = value
    total = math.fsum(mix.values())
    if total > 1 + WEIGHT_SUM_TOLERANCE:
        raise ConfigError(
            f"weights sum to {total:.6g} > 1 (1 - sum is cash; it cannot be negative)",
            key="weights",
        )
    return mix
