"""The linear rate of a cost model: what the optimiser's cost penalty can use.

A cost model is *linear* when it charges a fixed fraction of each trade's absolute value (a
:class:`~algofolio.costs.ProportionalCost`, or a sum of them); the fraction is its rate.

>>> from algofolio.costs.proportional import ProportionalCost
>>> round(linear_rate(ProportionalCost(bps=10) + ProportionalCost(bps=2.5)), 10)
0.00125
"""

from __future__ import annotations

from algofolio.core.errors import ConfigError
from algofolio.costs.base import CostModel, CostSum
from algofolio.costs.proportional import ProportionalCost

__all__ = ["linear_rate"]


def linear_rate(model: CostModel) -> float:
    """The cost per unit of traded value of a linear cost model.

    Raises :class:`ConfigError` (key ``costs``) for a model that is not linear in the trade value.
    """
    if isinstance(model, ProportionalCost):
        return model.rate
    if isinstance(model, CostSum):
        return sum(linear_rate(term) for term in model.terms)
    raise ConfigError(
        f"the optimiser's cost penalty needs proportional costs (a fixed rate per unit traded); "
        f"got {type(model).__name__}",
        key="costs",
    )
