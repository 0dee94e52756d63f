"""Proportional (linear) transaction costs: a fixed fraction of each trade's absolute value.

>>> import numpy as np
>>> c = ProportionalCost(bps=10)
>>> c.rate
0.001
>>> c.cost(np.array([10_000.0, -5_000.0, 0.0])).tolist()
[10.0, 5.0, 0.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from algofolio.core.errors import ConfigError
from algofolio.costs.base import CostAlgebra
from algofolio.costs.quote import TradeQuote

__all__ = ["ProportionalCost"]


@dataclass(frozen=True, slots=True)
class ProportionalCost(CostAlgebra):
    """Cost ``rate * |trade value|`` per asset, with ``rate = bps / 10_000`` (commission + half spread).

    ``bps`` must be finite and >= 0 (:class:`ConfigError` naming ``bps`` otherwise).
    """

    bps: float = 0.0
    needs: ClassVar[frozenset[str]] = frozenset()

    def __post_init__(self) -> None:
        if (
            isinstance(self.bps, bool)
            or not isinstance(self.bps, int | float)
            or not math.isfinite(self.bps)
            or self.bps < 0
        ):
            raise ConfigError(f"bps must be a finite number >= 0, got {self.bps!r}", key="bps")

    @property
    def rate(self) -> float:
        """The cost per unit of traded value: ``bps / 1e4``."""
        return float(self.bps) / 1e4

    def cost(self, trade_values: np.ndarray, quote: TradeQuote | None = None) -> np.ndarray:
        """Per-asset costs ``rate * |trade_values|`` (same shape; the quote is not needed)."""
        costs: np.ndarray = self.rate * np.abs(np.asarray(trade_values, dtype=float))
        return costs
