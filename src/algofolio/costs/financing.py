"""Self-financing trades: the portfolio value left after paying the costs of reaching a target mix.

Trading to weights ``w`` from holdings worth ``held`` costs ``Σ costs(w V' - held)``, which the
portfolio pays itself, so the post-trade value solves ``V' = V - Σ costs(w V' - held)``. The map is a
contraction whenever the model charges less than 100% of the traded value (``c Σ w < 1`` for
proportional costs), so fixed-point iteration converges; it is what the simulator's fills and the
whole-share allocation both solve.

>>> import numpy as np
>>> from algofolio.costs import ProportionalCost
>>> value = post_trade_value(1000.0, np.array([1.0]), np.array([0.0]), ProportionalCost(bps=10))
>>> round(value, 6), round(1000 / 1.001, 6)  # a full buy from cash: V / (1 + c)
(999.000999, 999.000999)
"""

from __future__ import annotations

import numpy as np

from algofolio.core.errors import ExecutionError
from algofolio.costs.base import CostModel

__all__ = ["post_trade_value"]

_MAX_ITERATIONS = 200


def post_trade_value(
    value: float,
    weights: np.ndarray,
    held_values: np.ndarray,
    costs: CostModel,
    *,
    tolerance: float = 1e-12,
) -> float:
    """Solve ``V' = value - Σ costs(weights V' - held_values)`` to ``tolerance`` relative to ``value``.

    ``weights`` and ``held_values`` are per asset (``(n,)``); the result is > 0. Raises
    :class:`ExecutionError` when the iteration does not settle on a positive value (a cost model
    charging 100% or more of the traded value).
    """
    current = value
    for _ in range(_MAX_ITERATIONS):
        new = value - float(np.sum(costs.cost(weights * current - held_values)))
        if abs(new - current) <= tolerance * value:
            if new <= 0:
                break
            return new
        current = new
    raise ExecutionError(
        f"the post-trade value did not settle (last {current:.6g} of {value:.6g}): the cost model "
        "must charge less than 100% of the traded value"
    )
