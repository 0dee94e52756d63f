"""From target weights to whole shares: the trade list a broker accepts.

The post-trade value ``V'`` solves ``V' = capital - c · Σ_i |w_i V' - h_i p_i|`` (proportional costs at
rate ``c`` on every trade from the current shares ``h``; ``h = 0`` buys from cash, giving
``V' = capital / (1 + c Σw)``). Asset ``i`` targets the value ``t_i = w_i V'`` and the cash share
``(1 - Σw) V'`` is set aside. Then:

1. every asset with ``w_i > 0`` gets ``floor(t_i / p_i)`` shares (assets with ``w_i = 0`` get none);
2. while a share fits in the spare cash (after its cost), buy one share of the asset with the
   largest value deficit ``t_i - n_i p_i`` among those whose next share still fits.

Step 2 never leaves a share unbought that fits, so with ``Σw = 1`` the leftover cash is below the
cheapest share plus its cost. Among allocations holding at least the step-1 shares, it reaches the
smallest possible largest deficit ``max_i (t_i - n_i p_i)`` (no asset is further below target than
the budget forces). Runs of purchases are taken in bulk, so prices far apart stay fast.

>>> import pandas as pd
>>> weights = pd.Series({"VTI": 0.6, "BND": 0.3, "GLD": 0.1})
>>> prices = pd.Series({"VTI": 250.0, "BND": 72.0, "GLD": 190.0})
>>> plan = whole_shares(weights, prices, 10_000.0)
>>> plan.shares.to_dict(), round(plan.leftover, 2)
({'VTI': 24, 'BND': 42, 'GLD': 5}, 26.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.allocate.fixed import check_weight_mix
from algofolio.core.errors import ConfigError, DataError
from algofolio.costs import ProportionalCost, post_trade_value

__all__ = ["ShareAllocation", "price_vector", "whole_shares"]

_ROUNDING = 1e-12  # relative to capital: cash residues this small are rounding, not money
_BULK_STEPS = 64  # beyond this many single-share steps, jump to the next feasible deficit level
_BISECTIONS = 200


@dataclass(frozen=True, slots=True)
class ShareAllocation:
    """Whole shares per asset (``int64`` ``Series``), cash ``leftover`` (>= 0) and ``cost`` paid.

    ``target_values`` are the values the weights ask for after costs (``w_i V'``, currency).
    """

    shares: pd.Series
    leftover: float
    cost: float
    target_values: pd.Series


def whole_shares(
    weights: pd.Series,
    prices: pd.Series,
    capital: float,
    *,
    cost_rate: float = 0.0,
    current_shares: pd.Series | None = None,
) -> ShareAllocation:
    """Integer shares closest to ``weights`` that ``capital`` pays for, costs included.

    ``weights``: asset-indexed, finite, >= 0, summing to <= 1 (the rest stays cash);
    ``prices``: per asset, finite and > 0 for every asset with a weight or current shares;
    ``capital``: the account value (cash plus ``current_shares`` at ``prices``);
    ``cost_rate``: proportional cost per unit of traded value (0.001 = 10 bps) on
    ``|n - current_shares| · price``. Assets held but absent from ``weights`` are sold.
    The result covers the assets of ``weights``, then held assets not in it.

    Raises :class:`ConfigError` for a bad weight (naming the asset) or ``cost_rate``, and
    :class:`DataError` naming an asset without a usable price, or for ``capital`` below the value of
    the current shares.
    """
    mix = check_weight_mix(_as_mapping(weights))
    held = _current(current_shares)
    assets = list(mix) + [a for a in held if a not in mix]
    w = np.array([mix.get(a, 0.0) for a in assets])
    h = np.array([held.get(a, 0.0) for a in assets])
    p = price_vector(prices, assets, needed=(w > 0) | (h > 0))
    if not isinstance(cost_rate, int | float) or not 0 <= cost_rate < 1:
        raise ConfigError(f"cost_rate must be in [0, 1), got {cost_rate!r}", key="cost_rate")
    c = float(cost_rate)
    capital = float(capital)
    held_value = float(h @ p)
    if not math.isfinite(capital) or capital <= 0 or capital < held_value * (1 - _ROUNDING):
        raise DataError(
            f"capital must be finite, > 0 and at least the value of the current shares "
            f"({held_value:.2f}); got {capital!r}"
        )
    value = post_trade_value(capital, w, h * p, ProportionalCost(bps=c * 1e4), tolerance=1e-15)
    targets = w * value
    n = np.where(w > 0, np.floor(np.divide(targets, p, where=p > 0, out=np.zeros_like(p))), 0.0)
    reserve = max(0.0, 1.0 - float(w.sum())) * value
    n = _greedy_fill(
        n,
        targets,
        p,
        h,
        c,
        spare=_cash_after(n, p, h, c, capital) - reserve,
        candidates=w > 0,
        tol=_ROUNDING * capital,
    )
    leftover = _cash_after(n, p, h, c, capital)
    return ShareAllocation(
        shares=pd.Series(n.astype(np.int64), index=assets, name="shares"),
        leftover=max(0.0, leftover),
        cost=float(c * np.abs(n - h) @ p),
        target_values=pd.Series(targets, index=assets, name="target_value"),
    )


def _as_mapping(weights: pd.Series) -> dict[str, float]:
    if not isinstance(weights, pd.Series):
        raise ConfigError(
            f"weights must be an asset-indexed Series, got {type(weights).__name__}", key="weights"
        )
    if weights.index.has_duplicates:
        dup = str(weights.index[weights.index.duplicated()][0])
        raise ConfigError(f"asset {dup!r} appears twice in the weights", key=f"weights.{dup}")
    return {str(a): v for a, v in weights.items()}


def _current(current_shares: pd.Series | None) -> dict[str, float]:
    if current_shares is None:
        return {}
    values = current_shares.to_numpy(dtype=float)
    for asset, value in zip(current_shares.index, values, strict=True):
        if not math.isfinite(value) or value < 0:
            raise DataError(
                f"current shares of {asset!r} are {float(value)!r}; need a finite number >= 0",
                asset=str(asset),
            )
    return {str(a): float(v) for a, v in zip(current_shares.index, values, strict=True)}


def price_vector(
    prices: pd.Series, assets: list[str], *, needed: np.ndarray | None = None
) -> np.ndarray:
    """Prices of ``assets`` as an array (0.0 where ``needed`` is False).

    Raises :class:`DataError` naming the first needed asset without a finite price > 0.

    >>> price_vector(pd.Series({"A": 10.0, "B": 20.0}), ["B", "A"]).tolist()
    [20.0, 10.0]
    >>> price_vector(pd.Series({"A": 10.0}), ["A", "B"])
    Traceback (most recent call last):
    ...
    algofolio.core.errors.DataError: asset 'B' has no price; need a finite price > 0
    """
    if not isinstance(prices, pd.Series):
        raise DataError(f"prices must be an asset-indexed Series, got {type(prices).__name__}")
    out = np.zeros(len(assets))
    for i, asset in enumerate(assets):
        if needed is not None and not needed[i]:
            continue
        if asset not in prices.index:
            raise DataError(f"asset {asset!r} has no price; need a finite price > 0", asset=asset)
        price = prices[asset]
        try:
            value = float(price)
        except (TypeError, ValueError):
            value = math.nan
        if not math.isfinite(value) or value <= 0:
            shown = price.item() if isinstance(price, np.generic) else price
            raise DataError(
                f"asset {asset!r} has an unusable price {shown!r}; need a finite price > 0",
                asset=asset,
            )
        out[i] = value
    return out


def _cash_after(n: np.ndarray, p: np.ndarray, h: np.ndarray, c: float, capital: float) -> float:
    return capital - float(n @ p) - c * float(np.abs(n - h) @ p)


def _spend(n: np.ndarray, m: np.ndarray, p: np.ndarray, h: np.ndarray, c: float) -> np.ndarray:
    """Cash needed to go from ``n`` to ``m >= n`` shares, per asset, costs included."""
    spend: np.ndarray = (m - n) * p + c * p * (np.abs(m - h) - np.abs(n - h))
    return spend


def _greedy_fill(
    n: np.ndarray,
    targets: np.ndarray,
    p: np.ndarray,
    h: np.ndarray,
    c: float,
    *,
    spare: float,
    candidates: np.ndarray,
    tol: float,
) -> np.ndarray:
    """Step 2 of the module docstring; ``spare`` is the cash above the reserve."""
    n = n.copy()
    active = candidates.copy()
    bulk_done = False
    while active.any():
        one_more = _spend(n, n + 1, p, h, c)
        if not bulk_done and spare > _BULK_STEPS * float(one_more[active].min()):
            n, spare = _bulk_fill(n, targets, p, h, c, spare=spare, active=active)
            bulk_done = True
            continue
        deficit = np.where(active, targets - n * p, -np.inf)
        j = int(np.argmax(deficit))
        if one_more[j] > spare + tol:
            active[j] = False  # the spare cash only shrinks: this share never fits again
            bulk_done = False
            continue
        n[j] += 1
        spare -= float(one_more[j])
    return n


def _bulk_fill(
    n: np.ndarray,
    targets: np.ndarray,
    p: np.ndarray,
    h: np.ndarray,
    c: float,
    *,
    spare: float,
    active: np.ndarray,
) -> tuple[np.ndarray, float]:
    """Buy, in one go, what single steps would buy to bring every active deficit down to the
    lowest level ``D`` the spare cash pays for (bisection on ``D``)."""
    deficit = np.where(active, targets - n * p, -np.inf)
    safe_p = np.where(active, p, 1.0)

    def raised(level: float) -> np.ndarray:
        # fewest extra shares k with deficit - k p <= level, robust to rounding of the division
        gap = np.where(active, deficit - level, 0.0)
        k = np.maximum(np.ceil(gap / safe_p), 0.0)
        k = np.where((k > 0) & (gap - (k - 1) * safe_p <= 0), k - 1, k)
        k = np.where(gap - k * safe_p > 0, k + 1, k)
        return n + k

    def cost(level: float) -> float:
        return float(_spend(n, raised(level), p, h, c).sum())

    high = float(deficit.max())  # costs nothing: every active deficit is already <= high
    # at ``low`` the top asset alone needs shares worth more than the spare cash: unaffordable
    low = high - spare / (1.0 - c) - float(p[active].max())
    for _ in range(_BISECTIONS):
        middle = 0.5 * (low + high)
        if middle in (low, high):
            break
        if cost(middle) <= spare:
            high = middle
        else:
            low = middle
    m = raised(high)
    return m, spare - float(_spend(n, m, p, h, c).sum())
