"""Transaction costs as a penalty on expected return: the backtest's cost objects in the optimiser.

Trading from ``current`` weights to ``w`` costs ``rate * sum(|w - current|)`` of the portfolio's
value (``rate`` from :func:`algofolio.costs.linear_rate`). Spread over ``holding_periods`` (the
periods until the next rebalance: 21 for a monthly rebalance of daily data), that is a per-period
drag on expected return, so the optimiser maximises returns *net of costs*: the objectives that use
expected returns (max Sharpe, max utility, efficient return and risk, max return) subtract it; an
objective without expected returns (min variance) refuses the penalty with a :class:`ConfigError`.

With ``holding_periods=1`` and max utility this is PyPortfolioOpt's
``objective_functions.transaction_cost(w, w_prev, k=rate)``.

>>> from algofolio.costs import ProportionalCost
>>> penalty = CostPenalty(costs=ProportionalCost(bps=10), current={"A": 1.0}, holding_periods=21)
>>> penalty.describe()
'transaction costs 10 bps on trades from the current weights, over 21 periods'
>>> import numpy as np
>>> round(penalty.per_period_cost(np.array([0.5, 0.5]), ("A", "B")) * 21, 12)  # 10 bps on 100%
0.001
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cvxpy as cp
import numpy as np

from algofolio.core.errors import ConfigError
from algofolio.costs.base import CostModel
from algofolio.costs.linear import linear_rate
from algofolio.optimize._cvx import norm1
from algofolio.optimize._values import check_number, check_per_asset
from algofolio.optimize.constraints import Scale
from algofolio.optimize.problem import PortfolioProblem

__all__ = ["CostPenalty"]


@dataclass(frozen=True, kw_only=True, slots=True)
class CostPenalty:
    """Expected returns net of the cost of trading from ``current`` (``{asset: weight}`` or a
    ``Series``; assets absent from it hold 0, held assets outside the problem are ignored), the
    cost amortised over ``holding_periods`` (>= 1) periods.

    Listed with the constraints; it adds no constraint (``build`` returns ``[]``) but a term to the
    objective (:meth:`expression`).
    """

    costs: CostModel
    current: Mapping[str, float]
    holding_periods: float = 1.0

    def __post_init__(self) -> None:
        if not isinstance(self.costs, CostModel):
            raise ConfigError(
                f"CostPenalty.costs must be a cost model, got {self.costs!r}",
                key="CostPenalty.costs",
            )
        linear_rate(self.costs)  # refuses non-linear models now, not at solve time
        current = check_per_asset(self.current, "CostPenalty.current")
        if not isinstance(current, dict):
            raise ConfigError(
                f"CostPenalty.current must be a mapping or Series {{asset: weight}}, "
                f"got {self.current!r}",
                key="CostPenalty.current",
            )
        object.__setattr__(self, "current", current)
        periods = check_number(self.holding_periods, "CostPenalty.holding_periods", minimum=1.0)
        object.__setattr__(self, "holding_periods", periods)

    @property
    def rate(self) -> float:
        """Cost per unit traded, spread over the holding periods (per period)."""
        return linear_rate(self.costs) / self.holding_periods

    def describe(self) -> str:
        """``'transaction costs 10 bps on trades from the current weights, over 21 periods'``."""
        bps = f"{linear_rate(self.costs) * 1e4:.4g}"
        periods = f"{self.holding_periods:g}"
        return f"transaction costs {bps} bps on trades from the current weights, over {periods} periods"

    def current_vector(self, assets: tuple[str, ...]) -> np.ndarray:
        """Current weights ``(n,)`` over ``assets`` (0 for assets not held)."""
        current: dict[str, float] = self.current  # type: ignore[assignment]
        return np.array([current.get(a, 0.0) for a in assets], dtype=float)

    def build(self, w: cp.Variable, scale: Scale, problem: PortfolioProblem) -> list[Any]:
        """No constraint: the penalty enters the objective."""
        return []

    def expression(self, w: cp.Variable, scale: Scale, problem: PortfolioProblem) -> Any:
        """The per-period cost ``rate * norm1(w - current * scale)`` (homogeneous in ``scale``)."""
        return self.rate * norm1(w - self.current_vector(problem.assets) * scale)

    def per_period_cost(self, weights: np.ndarray, assets: tuple[str, ...]) -> float:
        """The per-period cost of trading to ``weights`` ``(n,)``."""
        return self.rate * float(np.abs(weights - self.current_vector(assets)).sum())
