"""The account workflow: from a real account and today's prices to a whole-share trade list.

The current value is ``Σ shares · price + cash``; the current weights are each position's share of
it (cash excluded). With a ``threshold``, nothing is traded while every asset's absolute drift
``|w_i - w*_i|`` stays within it. Otherwise the account trades to the targets in whole shares
(:func:`algofolio.allocate.whole_shares`, costs included); assets held but not in the targets are
sold. Trades are signed (+ buy, - sell) and costs are paid from cash, which never goes negative.

>>> import pandas as pd
>>> from algofolio.core import Holdings
>>> holdings = Holdings(shares=pd.Series({"VTI": 30.0, "BND": 30.0, "GLD": 5.0}), cash=1000.0)
>>> prices = pd.Series({"VTI": 250.0, "BND": 72.0, "GLD": 190.0})
>>> targets = pd.Series({"VTI": 0.6, "BND": 0.3, "GLD": 0.1})
>>> plan = plan_rebalance(holdings, prices, targets, threshold=0.05)
>>> plan.reason
'BND is 11.4% from its target (threshold 5.0%): trade to the targets'
>>> plan.trades["trade_shares"].to_dict(), plan.cash_after
({'VTI': -2, 'BND': 18, 'GLD': 1}, 14.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.allocate import check_weight_mix, price_vector, whole_shares
from algofolio.core.errors import ConfigError, DataError, ExecutionError
from algofolio.core.holdings import Holdings
from algofolio.costs import CostModel, ProportionalCost, TradeQuote, charge

__all__ = ["TradePlan", "plan_rebalance"]

_NO_COSTS = ProportionalCost(0.0)
_ROUNDING = 1e-9  # relative to the account value: cash residues this small are rounding


@dataclass(frozen=True, slots=True)
class TradePlan:
    """What to trade in an account, and why.

    ``trades``: one row per asset (index ``asset``; targets first, then other held assets) with
    columns ``price, current_shares, target_shares, trade_shares`` (signed; ``int64`` unless the
    account holds fractional shares), ``trade_value`` (signed, currency), ``cost``,
    ``current_weight, target_weight, final_weight`` (weights of the account value before / after
    costs). ``max_drift`` is the largest ``|current - target|`` weight, on ``max_drift_asset``.
    """

    date: pd.Timestamp | None
    trades: pd.DataFrame
    cash_before: float
    cash_after: float
    total_cost: float
    max_drift: float
    max_drift_asset: str
    needs_trading: bool
    reason: str


def plan_rebalance(
    holdings: Holdings,
    prices: pd.Series,
    targets: pd.Series,
    *,
    threshold: float | None = None,
    costs: CostModel = _NO_COSTS,
    date: pd.Timestamp | None = None,
) -> TradePlan:
    """Trade ``holdings`` to the ``targets`` weights at ``prices`` in whole shares.

    ``targets``: asset-indexed weights, finite, >= 0, summing to <= 1 (the rest stays cash);
    ``threshold``: absolute drift band in (0, 1), or ``None`` to always trade to the targets;
    ``costs``: the cost model (sizes use its largest cost per share value; trades pay its costs).

    Raises :class:`ConfigError` for a bad target (naming the asset) or threshold,
    :class:`DataError` naming a target or held asset without a finite price > 0, or an account
    with no value.
    """
    if not isinstance(holdings, Holdings):
        raise DataError(f"holdings must be a Holdings, got {type(holdings).__name__}")
    if not isinstance(targets, pd.Series):
        raise ConfigError(
            f"targets must be an asset-indexed Series, got {type(targets).__name__}", key="targets"
        )
    mix = check_weight_mix({str(a): v for a, v in targets.items()})
    _check_threshold(threshold)
    assets = list(mix) + [a for a in holdings.assets if a not in mix]
    held = dict(zip(holdings.assets, holdings.shares.to_numpy(dtype=float), strict=True))
    h = np.array([held.get(a, 0.0) for a in assets])
    w = np.array([mix.get(a, 0.0) for a in assets])
    p = price_vector(prices, assets)
    value = float(h @ p) + holdings.cash
    if value <= 0:
        raise DataError("the account has no value (no shares with a price and no cash) to allocate")
    current_weights = h * p / value
    drift = np.abs(current_weights - w)
    worst = int(np.argmax(drift))
    max_drift, max_asset = float(drift[worst]), assets[worst]

    if threshold is not None and max_drift <= threshold:
        n, cost = h, np.zeros(len(assets))
        reason = f"all assets within {threshold:.1%} of target: nothing to trade"
    else:
        rate = _cost_rate(costs, p)
        allocation = whole_shares(
            pd.Series(w, index=assets),
            pd.Series(p, index=assets),
            value,
            cost_rate=rate,
            current_shares=pd.Series(h, index=assets),
        )
        n = allocation.shares.to_numpy(dtype=float)
        quote = TradeQuote(prices=p, assets=tuple(assets))
        cost = charge(costs, (n - h) * p, quote)
        reason = _trade_reason(threshold, max_drift, max_asset, traded=bool(np.any(n != h)))

    trade_shares = n - h
    trade_values = trade_shares * p
    total_cost = float(cost.sum())
    cash_after = holdings.cash - float(trade_values.sum()) - total_cost
    if cash_after < -_ROUNDING * value:
        raise ExecutionError(
            f"the trades would overdraw cash by {-cash_after:.2f}: the cost model charges more "
            "than its per-share rate suggests"
        )
    after_value = value - total_cost
    trades = pd.DataFrame(
        {
            "price": p,
            "current_shares": h,
            "target_shares": n.astype(np.int64) if _whole(n) else n,
            "trade_shares": trade_shares.astype(np.int64) if _whole(trade_shares) else trade_shares,
            "trade_value": trade_values,
            "cost": cost,
            "current_weight": current_weights,
            "target_weight": w,
            "final_weight": n * p / after_value,
        },
        index=pd.Index(assets, name="asset"),
    )
    return TradePlan(
        date=date,
        trades=trades,
        cash_before=holdings.cash,
        cash_after=max(0.0, cash_after),
        total_cost=total_cost,
        max_drift=max_drift,
        max_drift_asset=max_asset,
        needs_trading=bool(np.any(trade_shares != 0)),
        reason=reason,
    )


def _check_threshold(threshold: float | None) -> None:
    if threshold is None:
        return
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not 0 < threshold < 1
    ):
        raise ConfigError(
            f"threshold must be an absolute drift in (0, 1), got {threshold!r}", key="threshold"
        )


def _cost_rate(costs: CostModel, prices: np.ndarray) -> float:
    """The largest cost per unit of value of buying one share of each asset (0.001 = 10 bps);
    a per-order minimum counts in full, so it is conservative for sizing."""
    if not isinstance(costs, CostModel):
        raise ConfigError(f"costs must be a cost model, got {type(costs).__name__}", key="costs")
    priced = np.where(np.isfinite(prices), prices, 1.0)
    one_share = charge(costs, priced, TradeQuote(prices=priced))
    rate = float(np.max(one_share / priced))
    if not 0 <= rate < 1:
        raise ConfigError(f"costs charge {rate:.2%} of a trade; need less than 100%", key="costs")
    return rate


def _trade_reason(threshold: float | None, drift: float, asset: str, *, traded: bool) -> str:
    if not traded:
        return (
            f"already at the targets in whole shares (largest drift: {asset} {drift:.1%}): "
            "nothing to trade"
        )
    if threshold is None:
        return f"trade to the targets (largest drift: {asset} {drift:.1%})"
    return (
        f"{asset} is {drift:.1%} from its target (threshold {threshold:.1%}): trade to the targets"
    )


def _whole(values: np.ndarray) -> bool:
    return bool(np.all(values == np.round(values)))
