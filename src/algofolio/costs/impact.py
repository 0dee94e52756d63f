"""Square-root market impact: trading a fraction of the day's volume moves the price against you.

The square-root law (Torre, BARRA Market Impact Model Handbook, 1997; Almgren, Thum, Hauptmann and
Li, "Direct estimation of equity market impact", Risk 2005; Tóth et al., "Anomalous price impact and
the critical nature of liquidity", PRX 2011; Bouchaud et al., *Trades, Quotes and Prices*, 2018, ch.
12): a metaorder of ``Q`` shares moves the price by about ``Y sigma sqrt(Q / V)`` in relative terms, with
``sigma`` the daily volatility, ``V`` the daily volume and ``Y`` of order 1. Paying that move on the
whole trade value ``|x|`` costs

    cost_i = coefficient * sigma_i * |x_i| * sqrt(|x_i| / (price_i * volume_i))

with units: ``x`` currency, ``price`` currency per share, ``volume`` shares per day (so
``price * volume`` is the day's traded value), ``sigma`` the daily standard deviation of simple returns;
the cost is in currency. It grows as ``|x|^1.5`` (the exponent cvxportfolio's stock cost uses).

>>> import numpy as np
>>> quote = TradeQuote(prices=np.array([50.0]), volumes=np.array([1e6]), volatility=np.array([0.02]))
>>> # 1% of a $50M day: 0.02 * 500k * sqrt(0.01) = 1000
>>> SquareRootImpact().cost(np.array([500_000.0]), quote).round(9).tolist()
[1000.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from algofolio.costs._values import non_negative
from algofolio.costs.base import CostAlgebra
from algofolio.costs.quote import TradeQuote, refuse_unusable, require_field

__all__ = ["SquareRootImpact"]

_MODEL = "SquareRootImpact"
_NEEDS = "SquareRootImpact: square-root impact"


@dataclass(frozen=True, kw_only=True, slots=True)
class SquareRootImpact(CostAlgebra):
    """Impact cost ``coefficient * sigma |x| sqrt(|x| / (price * volume))`` per asset (see the module).

    Needs the quote's ``volumes`` and ``volatility`` (``needs``); without them :meth:`cost` raises
    :class:`ConfigError` keyed by the missing field. A traded asset with a NaN or zero volume, or a
    NaN volatility, raises :class:`ExecutionError` naming the asset. ``coefficient`` is finite >= 0.
    Not linear in the trade value: the optimiser's linear penalty refuses it.
    """

    coefficient: float = 1.0
    needs: ClassVar[frozenset[str]] = frozenset({"volumes", "volatility"})

    def __post_init__(self) -> None:
        non_negative(self.coefficient, "SquareRootImpact.coefficient")

    def cost(self, trade_values: np.ndarray, quote: TradeQuote | None = None) -> np.ndarray:
        """Per-asset impact costs (currency, >= 0) of ``trade_values`` (``(k,)``)."""
        volumes = require_field(quote, "volumes", _NEEDS)
        sigma = require_field(quote, "volatility", _NEEDS)
        assert quote is not None
        size = np.abs(np.asarray(trade_values, dtype=float))
        traded = size != 0
        day_value = quote.prices * volumes
        refuse_unusable(traded & ~(day_value > 0), quote, "volume", _MODEL, volumes)
        refuse_unusable(traded & np.isnan(sigma), quote, "volatility", _MODEL, sigma)
        participation = np.divide(size, day_value, out=np.zeros_like(size), where=traded)
        costs: np.ndarray = np.where(
            traded, self.coefficient * sigma * size * np.sqrt(participation), 0.0
        )
        return costs
