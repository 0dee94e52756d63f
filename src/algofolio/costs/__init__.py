"""Transaction cost models (L2): one cost expression shared by the simulator and the optimiser.

``CostModel`` is the protocol (``cost(trade_values) -> costs``); models add up with ``+``.
"""

from algofolio.costs.base import CostAlgebra, CostModel, CostSum
from algofolio.costs.financing import post_trade_value
from algofolio.costs.linear import linear_rate
from algofolio.costs.proportional import ProportionalCost

__all__ = [
    "CostAlgebra",
    "CostModel",
    "CostSum",
    "ProportionalCost",
    "linear_rate",
    "post_trade_value",
]
