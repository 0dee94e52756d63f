"""The cost protocol and its algebra: one cost expression for the simulator and the optimiser.

A cost model maps the signed trade values of one rebalance (currency, + buy, - sell; one entry per
asset) and, optionally, the market they meet (a :class:`~algofolio.costs.TradeQuote`: prices,
volumes, volatility, spreads) to the per-asset costs it charges (currency, >= 0). Models add up:
``a + b`` is a :class:`CostSum` whose cost is the sum of its terms' costs (cvxportfolio's cost
algebra). A model lists the quote fields it reads in ``needs`` (a ``frozenset`` of field names), so a
backtest can check its inputs before the run.

>>> import numpy as np
>>> from algofolio.costs.proportional import ProportionalCost
>>> total = ProportionalCost(bps=10) + ProportionalCost(bps=5)
>>> total.cost(np.array([1000.0, -2000.0])).round(6).tolist()
[1.5, 3.0]
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, runtime_checkable

import numpy as np

from algofolio.costs.quote import TradeQuote

__all__ = ["CostAlgebra", "CostModel", "CostSum", "charge", "quote_needs"]


@runtime_checkable
class CostModel(Protocol):
    """Anything with ``cost(trade_values, quote=None) -> costs``: ``(k,)`` in, ``(k,)`` out, >= 0.

    Models written for the older one-argument form ``cost(trade_values)`` still work wherever
    algofolio charges costs (through :func:`charge`); they are simply never given a quote.
    """

    def cost(self, trade_values: np.ndarray, quote: TradeQuote | None = None) -> np.ndarray:
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

    @property
    def needs(self) -> frozenset[str]:
        """The quote fields any term reads."""
        return frozenset().union(*(quote_needs(term) for term in self.terms))

    def cost(self, trade_values: np.ndarray, quote: TradeQuote | None = None) -> np.ndarray:
        """Per-asset costs of ``trade_values`` (shape ``(k,)``): the sum over :attr:`terms`."""
        total = np.zeros(np.shape(trade_values), dtype=float)
        for term in self.terms:
            total = total + charge(term, trade_values, quote)
        return total


def charge(
    model: CostModel, trade_values: np.ndarray, quote: TradeQuote | None = None
) -> np.ndarray:
    """``model.cost(trade_values, quote)`` as a float array; a one-argument model gets no quote."""
    if quote is None or not _accepts_quote(type(model)):
        return np.asarray(model.cost(trade_values), dtype=float)
    return np.asarray(model.cost(trade_values, quote), dtype=float)


def quote_needs(model: CostModel) -> frozenset[str]:
    """The quote fields ``model`` reads (its ``needs``; empty for a model that does not say)."""
    needs: frozenset[str] = frozenset(getattr(model, "needs", ()))
    return needs


@lru_cache(maxsize=256)
def _accepts_quote(kind: type[CostModel]) -> bool:
    """Whether ``kind.cost`` takes a second argument (the quote): checked once per class."""
    try:
        parameters = list(inspect.signature(kind.cost).parameters.values())
    except (AttributeError, TypeError, ValueError):  # pragma: no cover - builtins, odd callables
        return True
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.name == "quote" for p in parameters):
        return True
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 3  # self, trade_values, quote


def _terms(model: object) -> tuple[CostModel, ...]:
    if isinstance(model, CostSum):
        return model.terms
    assert isinstance(model, CostModel)
    return (model,)
