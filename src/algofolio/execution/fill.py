"""Self-financing rebalance fills: trade to target weights, paying the costs out of the portfolio.

With pre-trade value ``V = Σ h_i p_i + cash`` and costs ``C(x)`` of the signed trade values ``x``, the
post-trade value ``V'`` solves ``V' = V - Σ_i C(w* V' - h p)_i``: the targets ``w* V'`` are weights of
what is left *after* paying for the trades. The fill solves it with
:func:`algofolio.costs.post_trade_value` (fixed-point iteration from ``V'_0 = V``, about 5 iterations
to 1e-12 at 10 bps of proportional costs; bisection for models that do not settle, such as minimum
fees). Cash after the fill is ``V' (1 - Σw*) >= 0``.

**Kept assets.** ``keep`` marks assets a trade rule left alone: their shares do not change, and the
traded assets share the rest of the post-trade value. With ``K`` the value of the kept assets,
``c = 1 - Σ_all w`` the cash weight and ``S = Σ_traded w``, traded asset ``i`` ends at

    w_i / S * (V' (1 - c) - K)

so the traded assets absorb the costs (and the kept assets' drift) pro rata and cash ends at
``c V'``. With short weights the correction is shared in proportion to ``|w_i|`` (the same formula
when all weights are >= 0). When every traded weight is 0 the traded assets are sold and cash takes
the rest (``V' - K``); when, long only, the formula would leave a traded asset short (kept assets
worth more than the invested part of ``V'``), the traded assets trade to ``w_i V'`` and cash absorbs
the difference instead (an :class:`ExecutionError` if it cannot).

**Whole shares.** ``whole_shares=True`` rounds each traded share count toward zero (buy fewer, sell
fewer) and leaves the difference in cash. If the rounded sales no longer pay for the rounded buys
and the costs, some assets move one share further down (a buy one share smaller, a sale one share
larger): the single smallest such step that covers the shortfall, else the largest steps first, as
few as cover it. Cash stays >= 0. Shares stay integers when they were.

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
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from algofolio.allocate.fixed import WEIGHT_SUM_TOLERANCE
from algofolio.core.errors import ExecutionError
from algofolio.costs import CostModel, TradeQuote, charge, post_trade_value

__all__ = ["Fill", "rebalance_fill"]

_TOLERANCE = 1e-12  # relative to the pre-trade value: convergence, negligible trades, cash rounding
_WHOLE = 1e-9  # share counts this close to an integer count as that integer


@dataclass(frozen=True, slots=True)
class Fill:
    """The book after a rebalance: ``shares`` and ``cash``, the signed ``trade_values`` (+ buy) and
    per-asset ``costs`` paid (currency, >= 0), and the post-trade ``value`` (``V - costs``)."""

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
    assets: Sequence[str] | None = None,
    quote: TradeQuote | None = None,
    keep: np.ndarray | None = None,
    allow_short: bool = False,
    whole_shares: bool = False,
) -> Fill:
    """Trade ``shares`` (``(k,)``) and ``cash`` to ``target_weights`` (``(k,)``) at ``prices``.

    Weights sum to at most 1 (the rest is cash, >= 0 after the fill); they are >= 0 unless
    ``allow_short`` (which also allows short ``shares``). ``cash`` before the fill may be negative
    (an overdraft, e.g. after a withdrawal) as long as the portfolio's value is positive. Every asset held or with a nonzero target needs a finite price
    > 0; others may be NaN. Trades smaller than 1e-12 of the portfolio value are not made.

    ``assets`` names the assets in error messages. ``quote`` is the market data handed to the cost
    model (default ``TradeQuote(prices=prices)``; its prices should be ``prices``). ``keep`` (bool
    ``(k,)``) marks assets whose shares must not change, and ``whole_shares`` rounds the trades to
    whole shares (both described in the module docstring).

    Raises :class:`ExecutionError` naming the asset for a missing price or a weight or holding out of
    range, and for weights summing to more than 1, an empty portfolio, costs that take the whole
    portfolio, or kept assets that leave no room for the targets.
    """
    h = np.asarray(shares, dtype=float)
    p = np.asarray(prices, dtype=float)
    w = np.asarray(target_weights, dtype=float)
    k = h.shape[0] if h.ndim == 1 else -1
    if not h.shape == p.shape == w.shape == (k,) or (assets is not None and len(assets) != k):
        names = "" if assets is None else f" and {len(assets)} asset names"
        raise ExecutionError(
            f"shares {h.shape}, prices {p.shape}, weights {w.shape}{names} must have the same length"
        )
    _check_weights(w, assets, allow_short)
    _check_shares(h, assets, allow_short)
    needed = (h != 0) | (w != 0)
    usable = np.isfinite(p) & (p > 0)
    bad = needed & ~usable
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ExecutionError(
            f"asset {_name(assets, i)!r} is held or targeted but has no usable price ({float(p[i])!r})"
        )
    if not math.isfinite(cash):
        raise ExecutionError(f"cash must be a finite number, got {cash!r}")
    price = np.where(needed, p, 0.0)
    held = h * price
    value = float(held.sum()) + cash
    if value <= 0:
        raise ExecutionError("the portfolio has no value to rebalance")
    if quote is None:
        quote = TradeQuote(
            prices=np.where(usable, p, np.nan),
            assets=None if assets is None else tuple(assets),
        )
    elif quote.prices.shape != (k,):
        raise ExecutionError(f"quote prices {quote.prices.shape} must have shape ({k},)")
    kept = _keep_mask(keep, k)

    slope, offset = _target_line(w, held, kept)
    after = post_trade_value(value, slope, held - offset, costs, quote=quote, tolerance=_TOLERANCE)
    targets = slope * after + offset
    if kept is not None and not allow_short and np.any(targets < -_TOLERANCE * value):
        slope, offset = np.where(kept, 0.0, w), np.where(kept, held, 0.0)
        after = post_trade_value(
            value, slope, held - offset, costs, quote=quote, tolerance=_TOLERANCE
        )
        targets = slope * after + offset

    trade_values = targets - held
    tiny = (np.abs(trade_values) <= _TOLERANCE * value) & (targets != 0)  # a zero target sells all
    trade_values[tiny | ~needed] = 0.0
    if kept is not None:
        trade_values[kept] = 0.0
    traded = trade_values != 0
    if whole_shares:
        trade_shares = _whole_trades(
            h, cash, price, trade_values, costs, quote, allow_short, _TOLERANCE * value
        )
        trade_values = trade_shares * price
        new_shares = h + trade_shares
    else:
        new_shares = np.where(traded, np.divide(targets, price, out=h.copy(), where=traded), h)
    paid = charge(costs, trade_values, quote)
    total_cost = float(paid.sum())
    cash_after = cash - float(trade_values.sum()) - total_cost
    if cash_after < -(WEIGHT_SUM_TOLERANCE + _TOLERANCE) * value:
        raise ExecutionError(
            f"the fill would overdraw cash by {-cash_after:.6g}: the kept assets leave no room for "
            "the targets and the costs"
        )
    return Fill(
        shares=new_shares,
        cash=max(0.0, cash_after),
        trade_values=trade_values,
        costs=paid,
        value=value - total_cost,
    )


def _target_line(
    w: np.ndarray, held: np.ndarray, kept: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Slope and offset of the target values: asset ``i`` targets ``slope_i V' + offset_i``."""
    if kept is None or not kept.any():
        return w, np.zeros_like(w)
    traded_w = np.where(kept, 0.0, w)
    gross = float(np.abs(traded_w).sum())
    if gross == 0:  # nothing to buy: the traded assets are sold and cash takes the rest
        return traded_w, np.where(kept, held, 0.0)
    kept_weight = float(w[kept].sum())
    kept_value = float(held[kept].sum())
    share = np.abs(traded_w) / gross
    # w_i V' + |w_i| / G (S_K V' - K): the traded assets absorb the kept assets' gap pro rata
    return traded_w + share * kept_weight, np.where(kept, held, -share * kept_value)


def _whole_trades(
    h: np.ndarray,
    cash: float,
    price: np.ndarray,
    trade_values: np.ndarray,
    costs: CostModel,
    quote: TradeQuote,
    allow_short: bool,
    slack: float,
) -> np.ndarray:
    """Whole-share trades near ``trade_values`` that keep cash >= 0 (see the module docstring)."""
    traded = trade_values != 0
    exact = np.divide(trade_values, price, out=np.zeros_like(trade_values), where=traded)
    nearest = np.rint(exact)
    trades: np.ndarray = np.where(np.abs(exact - nearest) <= _WHOLE, nearest, np.trunc(exact))

    def cash_left(candidate: np.ndarray) -> float:
        values = candidate * price
        return cash - float(values.sum()) - float(charge(costs, values, quote).sum())

    shortfall = -cash_left(trades)
    if shortfall <= slack:
        return trades
    # levers, each worth about one share of cash: buy one share less, or sell one share more
    fewer_buy = trades >= 1
    more_sell = (exact < 0) & (exact < trades)
    if not allow_short:  # never sell more than is held
        more_sell &= h + trades > 0
    lowered = trades - 1 if allow_short else np.maximum(trades - 1, -h)
    gain = np.where(fewer_buy | more_sell, (trades - lowered) * price, 0.0)
    levers = np.flatnonzero(gain > 0)
    covering = levers[gain[levers] >= shortfall]
    if covering.size:  # one lever is enough: the smallest that covers, leaving the least cash idle
        first = covering[np.argmin(gain[covering])]
        candidate = trades.copy()
        candidate[first] = lowered[first]
        if cash_left(candidate) >= -slack:
            return candidate
    order = levers[np.argsort(-gain[levers], kind="stable")]  # largest first: fewest changes
    count = int(np.searchsorted(np.cumsum(gain[order]), shortfall)) + 1
    while True:
        count = min(count, order.size)
        candidate = trades.copy()
        candidate[order[:count]] = lowered[order[:count]]
        if cash_left(candidate) >= -slack:
            return candidate
        if count == order.size:
            raise ExecutionError(
                "whole-share rounding cannot keep cash >= 0: the cost model charges more than "
                "the value of the shares given up"
            )
        count *= 2


def _keep_mask(keep: np.ndarray | None, k: int) -> np.ndarray | None:
    if keep is None:
        return None
    mask = np.asarray(keep)
    if mask.shape != (k,) or mask.dtype != bool:
        raise ExecutionError(
            f"keep must be a boolean mask of shape ({k},), got {mask.dtype} {mask.shape}"
        )
    return mask


def _check_weights(w: np.ndarray, assets: Sequence[str] | None, allow_short: bool) -> None:
    bad = ~np.isfinite(w) if allow_short else ~np.isfinite(w) | (w < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        need = "finite" if allow_short else "fills are long-only (finite, >= 0)"
        raise ExecutionError(f"target weight of {_name(assets, i)!r} is {float(w[i])!r}; {need}")
    total = float(w.sum())
    if total > 1 + WEIGHT_SUM_TOLERANCE:
        raise ExecutionError(f"target weights sum to {total:.6g} > 1; the rest must be cash >= 0")


def _check_shares(h: np.ndarray, assets: Sequence[str] | None, allow_short: bool) -> None:
    bad = ~np.isfinite(h) if allow_short else ~np.isfinite(h) | (h < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        need = "a finite number" if allow_short else "a finite number >= 0"
        raise ExecutionError(
            f"asset {_name(assets, i)!r} holds {float(h[i])!r} shares; need {need}"
        )


def _name(assets: Sequence[str] | None, index: int) -> str:
    return assets[index] if assets is not None else f"#{index}"
