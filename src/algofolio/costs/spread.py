"""Half the bid-ask spread: what a market order pays against the mid price.

Buying at the ask or selling at the bid costs ``spread / 2`` of the traded value, with the relative
spread ``(ask - bid) / mid`` (0.001 = 10 bps). The spread of each asset comes from the quote's
``spreads``; where the quote has none (or NaN for an asset), the fixed ``spread_bps`` applies.

>>> import numpy as np
>>> HalfSpreadCost(spread_bps=10).cost(np.array([10_000.0, -2_000.0])).tolist()
[5.0, 1.0]
>>> quote = TradeQuote(prices=np.array([10.0, 20.0]), spreads=np.array([0.002, np.nan]))
>>> HalfSpreadCost(spread_bps=10).cost(np.array([10_000.0, -2_000.0]), quote).tolist()
[10.0, 1.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from algofolio.costs._values import non_negative
from algofolio.costs.base import CostAlgebra
from algofolio.costs.quote import TradeQuote, refuse_unusable, require_field

__all__ = ["HalfSpreadCost"]


@dataclass(frozen=True, kw_only=True, slots=True)
class HalfSpreadCost(CostAlgebra):
    """Cost ``|trade value| * spread / 2`` per asset.

    ``spread`` is ``quote.spreads`` (relative, per asset), falling back to ``spread_bps / 1e4`` (a
    fixed full spread in basis points, finite and >= 0) where the quote has no spread. With neither,
    :meth:`cost` raises :class:`ConfigError` (key ``spreads``); an asset traded with a NaN spread and
    no fallback raises :class:`ExecutionError` naming the asset.
    """

    spread_bps: float | None = None

    def __post_init__(self) -> None:
        if self.spread_bps is not None:
            non_negative(self.spread_bps, "HalfSpreadCost.spread_bps")

    @property
    def needs(self) -> frozenset[str]:
        """``{"spreads"}`` without a fixed ``spread_bps``; nothing otherwise."""
        return frozenset() if self.spread_bps is not None else frozenset({"spreads"})

    def spreads(self, quote: TradeQuote | None, shape: tuple[int, ...]) -> np.ndarray:
        """The relative spread of each asset (``shape``; NaN where unknown and no fallback)."""
        fallback = None if self.spread_bps is None else float(self.spread_bps) / 1e4
        if quote is None or quote.spreads is None:
            if fallback is None:
                require_field(
                    quote,
                    "spreads",
                    "HalfSpreadCost",
                    "pass spreads= to the backtest, or give the model a fixed spread_bps=",
                )
            return np.full(shape, fallback, dtype=float)
        spreads = quote.spreads
        if fallback is not None:
            spreads = np.where(np.isnan(spreads), fallback, spreads)
        return spreads

    def cost(self, trade_values: np.ndarray, quote: TradeQuote | None = None) -> np.ndarray:
        """Per-asset costs (currency, >= 0) of ``trade_values`` (``(k,)``)."""
        size = np.abs(np.asarray(trade_values, dtype=float))
        spreads = self.spreads(quote, size.shape)
        traded = size != 0
        if quote is not None:
            refuse_unusable(traded & np.isnan(spreads), quote, "spread", "HalfSpreadCost", spreads)
        costs: np.ndarray = np.where(traded, size * spreads / 2, 0.0)
        return costs
