"""Trading a cash flow without a full rebalance: buy-only for contributions, sell-only for
withdrawals, both towards the last target (the most underweight or overweight assets first).

With values ``v`` (``(k,)``, currency), cash ``c`` after the flow, portfolio value
``V = Σ v + c`` and target weights ``w`` (cash target ``1 - Σ w``):

* **buy-only**: the cash above its target, ``b = c - (1 - Σw) V``, buys the shortfalls
  ``s = max(w V - v, 0)``, scaled by ``min(1, b / Σ s)``; what is left after every shortfall is
  filled buys pro rata to ``w``. No asset is sold.
* **sell-only** (``c < 0``, the withdrawal exceeds the cash): the need ``-c + (1 - Σw) V`` is
  raised from the excesses ``e = max(v - w V, 0)`` scaled by ``min(1, need / Σ e)``; a need beyond
  every excess sells the rest pro rata to the remaining values. No asset is bought.

The answer is the post-trade weights ``(v ± trades) / V`` (the fill then charges costs); assets
not traded keep their weight exactly.

>>> import numpy as np
>>> buy_only_weights(np.array([50.0, 30.0]), 20.0, np.array([0.5, 0.5])).tolist()
[0.5, 0.5]
>>> buy_only_weights(np.array([60.0, 30.0]), 10.0, np.array([0.5, 0.5])).tolist()
[0.6, 0.4]
>>> sell_only_weights(np.array([70.0, 40.0]), -10.0, np.array([0.5, 0.5])).tolist()
[0.6, 0.4]
"""

from __future__ import annotations

import numpy as np

__all__ = ["buy_only_weights", "sell_only_weights"]


def buy_only_weights(values: np.ndarray, cash: float, target: np.ndarray) -> np.ndarray:
    """Post-trade weights ``(k,)`` after investing the excess cash buy-only (see module)."""
    total = float(values.sum()) + cash
    budget = cash - (1.0 - float(target.sum())) * total
    if budget <= 0 or not target.any():
        return values / total
    shortfall = np.maximum(target * total - values, 0.0)
    need = float(shortfall.sum())
    buys = shortfall * min(1.0, budget / need) if need > 0 else np.zeros_like(values)
    if budget > need:
        buys = buys + (budget - need) * target / float(target.sum())
    weights: np.ndarray = (values + buys) / total
    return weights


def sell_only_weights(values: np.ndarray, cash: float, target: np.ndarray) -> np.ndarray:
    """Post-trade weights ``(k,)`` after raising the missing cash sell-only (see module)."""
    total = float(values.sum()) + cash
    need = min(-cash + (1.0 - float(target.sum())) * total, float(values.sum()))
    excess = np.maximum(values - target * total, 0.0)
    spare = float(excess.sum())
    sells = excess * min(1.0, need / spare) if spare > 0 else np.zeros_like(values)
    if need > spare:
        rest = values - sells
        sells = sells + (need - spare) * rest / float(rest.sum())
    weights: np.ndarray = (values - sells) / total
    return weights
