"""Self-financing trades: the portfolio value left after paying the costs of reaching a target mix.

Trading to weights ``w`` from holdings worth ``held`` costs ``Σ costs(w V' - held)``, which the
portfolio pays itself, so the post-trade value solves ``V' = V - Σ costs(w V' - held)``.

The solver iterates ``V'_{n+1} = V - Σ costs(w V'_n - held)`` from ``V'_0 = V``. That map is a
contraction whenever the model's marginal cost is below 100% of the traded value (factor ``c Σw``
for proportional costs at rate ``c``: about 5 iterations to 1e-12 at 10 bps). Models with jumps, such
as a minimum fee per order (the cost jumps from 0 to the minimum as a trade leaves zero), or steep
ones may not settle; then the solver bisects ``g(v) = v + Σ costs(w v - held) - V`` on ``[0, V]`` for
a value with ``g(v) <= 0`` at the edge of ``g > 0``: trading to ``w v`` is then affordable, and the
little left over (``-g(v)``, at most a jump) stays in cash. It raises :class:`ExecutionError` only
when no positive value is affordable (the costs would take the whole portfolio).

>>> import numpy as np
>>> from algofolio.costs import ProportionalCost
>>> value = post_trade_value(1000.0, np.array([1.0]), np.array([0.0]), ProportionalCost(bps=10))
>>> round(value, 6), round(1000 / 1.001, 6)  # a full buy from cash: V / (1 + c)
(999.000999, 999.000999)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from algofolio.core.errors import ExecutionError
from algofolio.costs.base import CostModel, charge
from algofolio.costs.proportional import ProportionalCost
from algofolio.costs.quote import TradeQuote

__all__ = ["post_trade_value"]

_MAX_ITERATIONS = 60  # a contraction at factor 0.5 gains 1e-18 in 60 steps; slower ones bisect


def post_trade_value(
    value: float,
    weights: np.ndarray,
    held_values: np.ndarray,
    costs: CostModel,
    *,
    quote: TradeQuote | None = None,
    tolerance: float = 1e-12,
) -> float:
    """Solve ``V' = value - Σ costs(weights V' - held_values, quote)`` to ``tolerance`` (relative).

    ``weights`` and ``held_values`` are per asset (``(n,)``; a target ``weights V' + offset`` is
    written with ``held_values - offset``); ``quote`` is handed to the cost model. The result is > 0
    and affordable: ``V' + Σ costs(...) <= value (1 + tolerance)``. Raises :class:`ExecutionError`
    when no positive post-trade value is affordable.
    """

    def total_cost(level: float) -> float:
        total = float(charge(costs, weights * level - held_values, quote).sum())
        if not total >= 0 or total == np.inf:
            raise ExecutionError(f"the cost model charged {total!r}; costs must be finite and >= 0")
        return total

    scale = tolerance * value
    if isinstance(costs, ProportionalCost):  # the common case, solved exactly
        exact = _proportional(value, weights, held_values, costs.rate)
        if exact > 0:
            return exact
    current = value
    for _ in range(_MAX_ITERATIONS):
        new = value - total_cost(current)
        if abs(new - current) <= scale and new > 0:
            return new
        current = new
    return _bisect(value, total_cost, scale)


def _proportional(value: float, weights: np.ndarray, held: np.ndarray, rate: float) -> float:
    """``V'`` of ``V' = value - rate * sum|weights V' - held|`` in closed form, or 0.0 when the
    trades' signs at ``V'`` differ from those at ``value`` (then the caller iterates): with signs
    ``s`` fixed the equation is linear, ``V' = (value + rate s.held) / (1 + rate s.weights)``."""
    signs = np.sign(weights * value - held)
    after = (value + rate * float(signs @ held)) / (1.0 + rate * float(signs @ weights))
    if not np.array_equal(np.sign(weights * after - held), signs):
        return 0.0
    return after


def _bisect(value: float, total_cost: Callable[[float], float], scale: float) -> float:
    """The edge of the affordable values ``v + total_cost(v) <= value`` on ``[0, value]``."""
    low, high = 0.0, value
    if total_cost(low) >= value:
        raise ExecutionError(
            f"no post-trade value is affordable: the costs would take the whole portfolio "
            f"({value:.6g}); the cost model must charge less than the value traded"
        )
    while high - low > scale:
        middle = 0.5 * (low + high)
        if middle + total_cost(middle) <= value:
            low = middle
        else:
            high = middle
    if low <= 0:
        raise ExecutionError(
            f"no positive post-trade value is affordable (of {value:.6g}): the cost model charges "
            "about the whole value traded"
        )
    return low
