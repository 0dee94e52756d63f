"""Self-financing rebalance fills: trade to target weights, paying the costs out of the portfolio.

With pre-trade value ``V = Σ h_i p_i + cash`` and costs ``C(x)`` of the signed trade values ``x``, the
post-trade value ``V'`` solves ``V' = V - Σ_i C(w* V' - h p)_i``: the targets ``w* V'`` are weights of
what is left *after* paying for the trades. The fill solves it with
:func:`algofolio.costs.post_trade_value` (fixed-point iteration from ``V'_0 = V``; for proportional
costs at total rate ``c < 1`` a contraction with factor ``c Σw* < 1``, about 5 iterations to 1e-12 at
10 bps); a cost model without that property raises :class:`ExecutionError`. Cash after the fill is ``V' (1 - Σw*) >= 0``.

>>> import numpy as np
>>> from algofolio.costs import ProportionalCost
>>> fill = rebalance_fill(np.zeros(2), 1000.0, np.array([10.0, 20.0]), np.array([0.5, 0.5]),
...                       ProportionalCost(bps=10))
>>> round(fill.value, 6), round(1000 / 1.001, 6)
(999.000999, 999.000999)
>>> fill.shares.round(4).tolist(), fill.cash
([49.95, 24.975], 0.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from algofolio.allocate.fixed import WEIGHT_SUM_TOLERANCE
from algofolio.core.errors import ExecutionError
from algofolio.costs import CostModel, post_trade_value

__all__ = ["Fill", "rebalance_fill"]

_TOLERANCE = 1e-12  # relative to the pre-trade value: convergence, negligible trades, cash rounding


@dataclass(frozen=True, slots=True)
class Fill:
    """The book after a rebalance: ``shares`` and ``cash``, the signed ``trade_values`` (+ buy) and
    per-asset ``costs`` paid (currency, >= 0), and the post-trade ``value`` (``V'``)."""

    shares: np.ndarray
    cash: float
    trade_values: np.ndarray
    costs: np.ndarray
    value: float

    @property
    def total_cost(self) -> float:
        """Costs paid over all assets."""
        return float(self.costs.sum())


def rebalance_fill(
    shares: np.ndarray,
    cash: float,
    prices: np.ndarray,
    target_weights: np.ndarray,
    costs: CostModel,
    *,
    assets: tuple[str, ...] | list[str] | None = None,
) -> Fill:
    """Trade ``shares`` (``(k,)``) and ``cash`` to ``target_weights`` (``(k,)``) at ``prices``.

    Weights are long-only and sum to at most 1 (the rest is cash). Every asset held or with a
    nonzero target needs a finite price > 0; others may be NaN. Trades smaller than 1e-12 of the
    portfolio value are not made. ``assets`` names the assets in error messages.

    Raises :class:`ExecutionError` naming the asset for a missing price or a negative weight, and
    for weights summing to more than 1, an empty portfolio or a cost model that does not converge.
    """
    h = np.asarray(shares, dtype=float)
    p = np.asarray(prices, dtype=float)
    w = np.asarray(target_weights, dtype=float)
    names = list(assets) if assets is not None else [f"#{i}" for i in range(h.size)]
    if not h.shape == p.shape == w.shape == (len(names),):
        raise ExecutionError(
            f"shares {h.shape}, prices {p.shape}, weights {w.shape} and {len(names)} asset "
            "names must have the same length"
        )
    _check_weights(w, names)
    short = ~np.isfinite(h) | (h < 0)
    if short.any():
        i = int(np.flatnonzero(short)[0])
        raise ExecutionError(
            f"asset {names[i]!r} holds {float(h[i])!r} shares; need a finite number >= 0"
        )
    needed = (h != 0) | (w != 0)
    bad = needed & ~(np.isfinite(p) & (p > 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ExecutionError(
            f"asset {names[i]!r} is held or targeted but has no usable price ({float(p[i])!r})"
        )
    if not math.isfinite(cash) or cash < 0:
        raise ExecutionError(f"cash must be a finite number >= 0, got {cash!r}")
    held = np.where(needed, h * np.where(needed, p, 0.0), 0.0)
    value = float(held.sum()) + cash
    if value <= 0:
        raise ExecutionError("the portfolio has no value to rebalance")

    after = post_trade_value(value, w, held, costs, tolerance=_TOLERANCE)
    tol = _TOLERANCE * value
    tiny = (np.abs(w * after - held) <= tol) & (w > 0)  # a zero target always sells everything
    new_shares = np.where(tiny | ~needed, h, np.divide(w * after, p, where=needed, out=h.copy()))
    trade_values = np.where(tiny | ~needed, 0.0, w * after - held)
    paid = np.asarray(costs.cost(trade_values), dtype=float)
    cash_after = cash - float(trade_values.sum()) - float(paid.sum())
    if cash_after < -(WEIGHT_SUM_TOLERANCE + _TOLERANCE) * value:  # pragma: no cover
        # unreachable: weights sum to at most 1 + tolerance, so cash is V' (1 - Σw) >= -tolerance
        raise ExecutionError(f"the fill would overdraw cash by {-cash_after:.6g}")
    return Fill(
        shares=new_shares,
        cash=max(0.0, cash_after),
        trade_values=trade_values,
        costs=paid,
        value=value - float(paid.sum()),
    )


def _check_weights(w: np.ndarray, names: list[str]) -> None:
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ExecutionError(
            f"target weight of {names[i]!r} is {float(w[i])!r}; fills are long-only (finite, >= 0)"
        )
    total = float(w.sum())
    if total > 1 + WEIGHT_SUM_TOLERANCE:
        raise ExecutionError(f"target weights sum to {total:.6g} > 1; the rest must be cash >= 0")
