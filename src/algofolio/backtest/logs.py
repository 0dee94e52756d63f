"""The simulator's logs as frames: one row per trade, one row per rebalance.

>>> import numpy as np, pandas as pd
>>> dates = pd.bdate_range("2024-01-01", periods=3)
>>> trades = [(np.array([1, 1]), np.array([0, 1]), np.array([2.0, -1.0]), np.array([10.0, 5.0]),
...            np.array([20.0, -5.0]), np.array([0.02, 0.005]))]
>>> trade_log(trades, dates, ("A", "B"))["asset"].tolist()
['A', 'B']
>>> rebalance_log([(1, 2, "monthly", 0.1, 0.025)], dates)["filled"].dt.day.tolist()
[3]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from algofolio.backtest.result import TRADE_COLUMNS

__all__ = ["rebalance_log", "trade_log"]

TradeBlock = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""The trades of one fill: (row, asset index, shares, price, value, cost), each ``(m,)``."""

Rebalance = tuple[int, int, str, float, float]
"""One rebalance: (decision row, fill row, reason, turnover, cost)."""


def trade_log(
    blocks: Sequence[TradeBlock], dates: pd.DatetimeIndex, assets: tuple[str, ...]
) -> pd.DataFrame:
    """Columns :data:`TRADE_COLUMNS`, one row per asset traded per fill (``asset`` categorical)."""
    parts = [np.concatenate([block[i] for block in blocks]) for i in range(len(TRADE_COLUMNS))]
    rows, codes, shares, price, value, cost = parts
    return pd.DataFrame(
        {
            "date": dates[rows.astype(np.intp)],
            "asset": pd.Categorical.from_codes(
                codes.astype(np.intp), categories=pd.Index(list(assets))
            ),
            "shares": shares,
            "price": price,
            "value": value,
            "cost": cost,
        },
        columns=list(TRADE_COLUMNS),
    )


def rebalance_log(rebalances: Sequence[Rebalance], dates: pd.DatetimeIndex) -> pd.DataFrame:
    """Index ``date`` (of the decision); ``reason``, ``filled``, ``turnover``, ``cost``."""
    decided, filled, reasons, turnover, costs = zip(*rebalances, strict=True)
    return pd.DataFrame(
        {
            "reason": list(reasons),
            "filled": dates[list(filled)],
            "turnover": list(turnover),
            "cost": list(costs),
        },
        index=pd.DatetimeIndex(dates[list(decided)], name="date"),
    )
