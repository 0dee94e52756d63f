"""The cost protocol and its algebra: one cost expression for the simulator and, later, the optimiser.

A cost model maps the signed trade values of one rebalance (currency, + buy, - sell; one entry per
asset) to the per-asset costs it charges (currency, >= 0). Models add up: ``a + b`` is a
:class:`CostSum` whose cost is the sum of its terms' costs (cvxportfolio's cost algebra).

>>> import numpy as np
>>> from algofolio.costs.proportional import ProportionalCost
>>> total = ProportionalCost(bps=10) + ProportionalCost(bps=5)
>>> total.cost(np.array([1000.0, -2000.0])).round(6).tolist()
[1.5, 3.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

__all__ = ["CostAlgebra", "CostModel", "CostSum"]


@runtime_checkable
class CostModel(Protocol):
    """Anything with ``cost(trade_values) -> costs``: shape ``(k,)`` in, ``(k,)`` out, costs >= 0."""

    def cost(self, trade_values: np.ndarray) -> np.ndarray:
        """Per-asset costs (currency, >= 0) of signed per-asset trade values (currency)."""
        ...


class CostAlgebra:
    """Mixin giving cost models ``+``: ``a + b`` is a :class:`CostSum` of both (sums flatten)."""

    __slots__ = ()

    def __add__(self, other: CostModel) -> CostSum:
        if not isinstance(other, CostModel):
            return NotImplemented
        return CostSum(terms=(*_terms(self), *_terms(other)))


@dataclass(frozen=True, slots=True)
class CostSum(CostAlgebra):
    """The sum of several cost models: each asset pays the sum of the terms' costs."""

    terms: tuple[CostModel, ...]

    def cost(self, trade_values: np.ndarray) -> np.ndarray:
        """Per-asset costs of ``trade_values`` (shape ``(k,)``): the sum over :attr:`terms`."""
        total = np.zeros(np.shape(trade_values), dtype=float)
        for term in self.terms:
            total = total + term.cost(trade_values)
        return total


def _terms(model: object) -> tuple[CostModel, ...]:
    if isinstance(model, CostSum):
        return model.terms
    assert isinstance(model, CostModel)
    return (model,)
