"""Per-share commissions with a minimum per order (and an optional cap): a broker's fixed pricing.

Interactive Brokers' "IBKR Pro Fixed" pricing for US stocks charges USD 0.005 per share, at least
USD 1.00 per order and at most 1% of the trade value; its published examples are 100 shares at USD 25
-> USD 1.00 (the minimum), 1,000 shares at USD 25 -> USD 5.00, 1,000 shares at USD 0.25 -> USD 2.50
(the 1% cap). When the cap is below the minimum the cap is charged, as in those examples. Each asset
traded in a rebalance is one order; an asset not traded pays nothing.

>>> import numpy as np
>>> ibkr = PerShareCost(per_share=0.005, minimum=1.0, maximum_rate=0.01)
>>> quote = TradeQuote(prices=np.array([25.0, 25.0, 0.25, 10.0]))
>>> ibkr.cost(np.array([2_500.0, -25_000.0, 250.0, 0.0]), quote).tolist()
[1.0, 5.0, 2.5, 0.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from algofolio.costs._values import non_negative
from algofolio.costs.base import CostAlgebra
from algofolio.costs.quote import TradeQuote, refuse_unusable, require_field

__all__ = ["PerShareCost"]


@dataclass(frozen=True, kw_only=True, slots=True)
class PerShareCost(CostAlgebra):
    """Per order: ``max(per_share * |shares|, minimum)``, capped at ``maximum_rate * |value|``.

    ``shares = |trade value| / price`` with the prices of the quote (currency per share), so the
    model needs a :class:`TradeQuote` (``needs == {"prices"}``); without one :meth:`cost` raises
    :class:`ConfigError` (key ``prices``). ``per_share`` and ``minimum`` are currency amounts
    (finite, >= 0); ``maximum_rate`` is a fraction of the trade value (0.01 = 1%) or ``None`` (no
    cap). Fractional share counts are charged pro rata (no rounding up to whole shares).
    """

    per_share: float = 0.005
    minimum: float = 1.0
    maximum_rate: float | None = None
    needs: ClassVar[frozenset[str]] = frozenset({"prices"})

    def __post_init__(self) -> None:
        non_negative(self.per_share, "PerShareCost.per_share")
        non_negative(self.minimum, "PerShareCost.minimum")
        if self.maximum_rate is not None:
            non_negative(self.maximum_rate, "PerShareCost.maximum_rate")

    def cost(self, trade_values: np.ndarray, quote: TradeQuote | None = None) -> np.ndarray:
        """Per-asset commissions (currency, >= 0) of ``trade_values`` (``(k,)``) at the quote's prices.

        Raises :class:`ExecutionError` naming an asset that is traded without a price.
        """
        prices = require_field(
            quote, "prices", "PerShareCost", "pass a TradeQuote to count the shares traded"
        )
        assert quote is not None
        size = np.abs(np.asarray(trade_values, dtype=float))
        traded = size != 0
        refuse_unusable(traded & np.isnan(prices), quote, "price", "PerShareCost", prices)
        fee = np.maximum(self.per_share * (size / prices), self.minimum)
        if self.maximum_rate is not None:
            fee = np.minimum(fee, self.maximum_rate * size)
        costs: np.ndarray = np.where(traded, fee, 0.0)
        return costs
