"""The typed context a rebalance rule reads: how the weights drifted since the last rebalance.

>>> import numpy as np, pandas as pd
>>> window = DriftWindow(
...     dates=pd.DatetimeIndex(["2024-01-03", "2024-01-04"]),
...     last_rebalance=pd.Timestamp("2024-01-02"),
...     weights=np.array([[0.61, 0.39], [0.65, 0.35]]),
...     target=np.array([0.6, 0.4]),
...     assets=("A", "B"),
... )
>>> window.drift().round(2).tolist()
[[0.01, -0.01], [0.05, -0.05]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError
from algofolio.core.history import MarketHistory

__all__ = ["DriftWindow"]


@dataclass(frozen=True, slots=True)
class DriftWindow:
    """Candidate rebalance days after ``last_rebalance`` and the weights drifted to on each.

    ``dates``: the ``n`` candidate trading days, ascending, all after ``last_rebalance``;
    ``weights``: ``(n, k)`` weights at the close of each day, before any trade (cash excluded);
    ``target``: ``(k,)`` target weights of the last rebalance; ``assets``: the ``k`` asset names;
    ``history``: the market up to the last candidate day (its last ``n`` dates are ``dates``; all
    assets of the run, of which ``assets`` is a subset in the same order), or ``None`` when the
    caller has none (rules that need market data then raise :class:`ConfigError`). The answer for
    candidate ``i`` may only use ``history.until(history.row - n + 1 + i)``.
    """

    dates: pd.DatetimeIndex
    last_rebalance: pd.Timestamp
    weights: np.ndarray
    target: np.ndarray
    assets: tuple[str, ...]
    history: MarketHistory | None = None

    def __post_init__(self) -> None:
        n, k = len(self.dates), len(self.assets)
        if self.weights.shape != (n, k) or self.target.shape != (k,):
            raise DataError(
                f"drift window: weights {self.weights.shape} and target {self.target.shape} do not "
                f"match {n} dates x {k} assets"
            )

    def drift(self) -> np.ndarray:
        """Signed drift ``weights - target``, shape ``(n, k)``."""
        drift: np.ndarray = self.weights - self.target
        return drift
