"""Transaction cost models (L2): one cost expression shared by the simulator and the optimiser.

``CostModel`` is the protocol (``cost(trade_values, quote=None) -> costs``); models add up with ``+``
and read the market data they need (``needs``) from a ``TradeQuote``. ``Financing`` and
``carry_cash`` accrue interest on cash and fees on short positions between trades.
"""

from algofolio.costs.base import CostAlgebra, CostModel, CostSum, charge, quote_needs
from algofolio.costs.carry import Financing, carry_cash
from algofolio.costs.financing import post_trade_value
from algofolio.costs.impact import SquareRootImpact
from algofolio.costs.linear import linear_rate, linear_rates
from algofolio.costs.per_share import PerShareCost
from algofolio.costs.proportional import ProportionalCost
from algofolio.costs.quote import QUOTE_FIELDS, TradeQuote
from algofolio.costs.spread import HalfSpreadCost

__all__ = [
    "QUOTE_FIELDS",
    "CostAlgebra",
    "CostModel",
    "CostSum",
    "Financing",
    "HalfSpreadCost",
    "PerShareCost",
    "ProportionalCost",
    "SquareRootImpact",
    "TradeQuote",
    "carry_cash",
    "charge",
    "linear_rate",
    "linear_rates",
    "post_trade_value",
    "quote_needs",
]
