"""Linear cost rates: what the optimiser's cost penalty can use.

A cost model is *linear* at given prices when it charges a fixed fraction of each trade's absolute
value; the fraction is its rate. :func:`linear_rate` gives one rate for all assets, without market
data (:class:`~algofolio.costs.ProportionalCost`, a :class:`~algofolio.costs.HalfSpreadCost` with a
fixed spread, and sums of them); :func:`linear_rates` gives a rate per asset at a quote:

* ``ProportionalCost``: ``bps / 1e4`` for every asset;
* ``HalfSpreadCost``: ``spread / 2`` (the quote's spreads, else ``spread_bps / 1e4``);
* ``PerShareCost``: ``per_share / price`` (capped at ``maximum_rate``); the minimum per order is
  ignored, so the rate is exact only for orders above ``minimum / per_share`` shares;
* a sum: the sum of its terms' rates.

``SquareRootImpact`` grows as ``|x|^1.5`` and has no rate: both functions refuse it (key ``costs``).

>>> import numpy as np
>>> from algofolio.costs.proportional import ProportionalCost
>>> from algofolio.costs.per_share import PerShareCost
>>> round(linear_rate(ProportionalCost(bps=10) + ProportionalCost(bps=2.5)), 10)
0.00125
>>> quote = TradeQuote(prices=np.array([50.0, 5.0]))
>>> linear_rates(ProportionalCost(bps=10) + PerShareCost(per_share=0.005), quote).tolist()
[0.0011, 0.002]
"""

from __future__ import annotations

import numpy as np

from algofolio.core.errors import ConfigError, DataError
from algofolio.costs.base import CostModel, CostSum
from algofolio.costs.impact import SquareRootImpact
from algofolio.costs.per_share import PerShareCost
from algofolio.costs.proportional import ProportionalCost
from algofolio.costs.quote import TradeQuote
from algofolio.costs.spread import HalfSpreadCost

__all__ = ["linear_rate", "linear_rates"]


def linear_rate(model: CostModel) -> float:
    """The cost per unit of traded value of a linear cost model that needs no market data.

    A ``HalfSpreadCost`` counts at its fixed ``spread_bps`` (per-asset spreads of a quote are not
    seen here). Raises :class:`ConfigError` (key ``costs``) for a model that is not linear in the
    trade value or whose rate depends on the asset (use :func:`linear_rates`).
    """
    if isinstance(model, ProportionalCost):
        return model.rate
    if isinstance(model, HalfSpreadCost) and model.spread_bps is not None:
        return float(model.spread_bps) / 2e4
    if isinstance(model, CostSum):
        return sum(linear_rate(term) for term in model.terms)
    raise ConfigError(
        f"the optimiser's cost penalty needs proportional costs (a fixed rate per unit traded); "
        f"got {_describe(model)}",
        key="costs",
    )


def linear_rates(model: CostModel, quote: TradeQuote) -> np.ndarray:
    """The cost per unit of traded value of each asset (``(k,)``, like ``quote.prices``).

    Raises :class:`ConfigError` (key ``costs``) for a model without a linear rate, and
    :class:`DataError` naming the asset when a rate needs a price or spread the quote lacks.
    """
    k = quote.prices.shape[0]
    if isinstance(model, ProportionalCost):
        return np.full(k, model.rate)
    if isinstance(model, HalfSpreadCost):
        return _known(model.spreads(quote, (k,)) / 2, quote, "spread", "HalfSpreadCost")
    if isinstance(model, PerShareCost):
        rates = model.per_share / quote.prices
        if model.maximum_rate is not None:
            rates = np.minimum(rates, model.maximum_rate)
        return _known(rates, quote, "price", "PerShareCost")
    if isinstance(model, CostSum):
        total = np.zeros(k)
        for term in model.terms:
            total = total + linear_rates(term, quote)
        return total
    raise ConfigError(
        f"the optimiser's cost penalty needs costs linear in the trade value (proportional, half "
        f"spread, per share); got {_describe(model)}",
        key="costs",
    )


def _known(rates: np.ndarray, quote: TradeQuote, field: str, model: str) -> np.ndarray:
    missing = np.isnan(rates)
    if missing.any():
        i = int(np.flatnonzero(missing)[0])
        raise DataError(
            f"{model}: no {field} for asset {quote.asset_name(i)!r}, so no cost rate",
            asset=quote.asset_name(i),
        )
    return rates


def _describe(model: object) -> str:
    if isinstance(model, SquareRootImpact):
        return "SquareRootImpact (square-root impact grows as |trade|^1.5: no linear rate)"
    return type(model).__name__
