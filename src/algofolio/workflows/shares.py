"""Target weights as whole shares at the last prices of a price file (``optimize --capital``).

>>> import pandas as pd
>>> prices = pd.DataFrame({"VTI": [240.0, 250.0], "BND": [70.0, 72.0]},
...                       index=pd.to_datetime(["2024-05-30", "2024-05-31"]))
>>> plan = share_plan(pd.Series({"VTI": 0.6, "BND": 0.4}), prices, capital=10_000.0)
>>> plan.table[["shares", "value"]].to_dict("index")
{'VTI': {'shares': 24.0, 'value': 6000.0}, 'BND': {'shares': 55.0, 'value': 3960.0}}
>>> round(plan.leftover, 2)
40.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.allocate import price_vector, whole_shares
from algofolio.core.errors import ConfigError, DataError
from algofolio.core.holdings import Holdings

__all__ = ["SHARE_COLUMNS", "SharePlan", "share_plan"]

SHARE_COLUMNS = ("price", "target_weight", "shares", "value", "weight", "gap")
"""Columns of :attr:`SharePlan.table` (then ``current_shares``, ``trade_shares`` with holdings)."""

_VISIBLE = 1e-6  # target weights below this (and no shares) are left out of the table


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class SharePlan:
    """Whole shares at the prices of ``date``.

    ``table`` (index: asset): ``price``, ``target_weight``, ``shares`` (whole), ``value`` (shares x
    price), ``weight`` (value / capital), ``gap`` (weight - target weight), and with holdings
    ``current_shares`` and ``trade_shares``; ``leftover`` is the cash left, ``cost`` the trading
    costs, ``capital`` the account value the weights apply to.
    """

    date: pd.Timestamp
    capital: float
    table: pd.DataFrame
    leftover: float
    cost: float


def share_plan(
    weights: pd.Series,
    prices: pd.DataFrame,
    *,
    capital: float | None = None,
    holdings: Holdings | None = None,
    cost_bps: float = 0.0,
) -> SharePlan:
    """Whole shares closest to ``weights`` (long only, summing to at most 1) at the last row of
    ``prices`` (dates x assets), via :func:`algofolio.allocate.whole_shares`.

    ``capital`` is the account value; with ``holdings`` it defaults to their cash plus their shares
    at the last prices, and trades start from those shares. ``cost_bps`` are proportional costs.

    Raises :class:`ConfigError` when neither capital nor holdings are given, :class:`DataError`
    naming an asset without a last price.
    """
    date = pd.Timestamp(prices.index[-1])
    latest = prices.iloc[-1]
    current = None
    if holdings is not None:
        current = holdings.shares.astype(float)
        held = [str(a) for a in current.index]
        missing = [a for a in held if a not in latest.index or pd.isna(latest.get(a))]
        if missing:
            raise DataError(
                f"held asset {missing[0]!r} has no price on {date:%Y-%m-%d}, the last date of "
                "the prices",
                asset=missing[0],
                date=date,
            )
        if capital is None:
            capital = holdings.cash + float(current.to_numpy() @ price_vector(latest, held))
    if capital is None:
        raise ConfigError("whole shares need a capital or holdings", key="capital")
    unpriced = [str(a) for a, w in weights.items() if w > 0 and pd.isna(latest.get(a))]
    if unpriced:
        raise DataError(
            f"asset {unpriced[0]!r} has a target weight but no price on {date:%Y-%m-%d}, "
            "the last date of the prices",
            asset=unpriced[0],
            date=date,
        )
    allocation = whole_shares(
        weights, latest, capital, cost_rate=cost_bps / 1e4, current_shares=current
    )
    assets = list(allocation.shares.index)
    shares = allocation.shares.astype(float)
    target = weights.reindex(assets).fillna(0.0).astype(float)
    held_now = (
        current.reindex(assets).fillna(0.0) if current is not None else pd.Series(0.0, index=assets)
    )
    needed = ((target > 0) | (shares > 0) | (held_now > 0)).to_numpy()
    price = pd.Series(price_vector(latest, assets, needed=needed), index=assets)
    value = shares * price
    table = pd.DataFrame(
        {
            "price": price,
            "target_weight": target,
            "shares": shares,
            "value": value,
            "weight": value / capital,
            "gap": value / capital - target,
        }
    )
    if current is not None:
        table["current_shares"] = held_now
        table["trade_shares"] = table["shares"] - table["current_shares"]
    shown = (table["target_weight"].abs() > _VISIBLE) | (table["shares"] != 0)
    if current is not None:
        shown |= table["current_shares"] != 0
    table = table.loc[shown.to_numpy()]
    table.index.name = "asset"
    return SharePlan(
        date=date,
        capital=float(capital),
        table=table.astype(np.float64),
        leftover=allocation.leftover,
        cost=allocation.cost,
    )
