"""Transaction costs as a penalty on expected return: the backtest's cost objects in the optimiser.

Trading from ``current`` weights to ``w`` costs ``rate * sum(|w - current|)`` of the portfolio's
value (``rate`` from :func:`algofolio.costs.linear_rate`). Spread over ``holding_periods`` (the
periods until the next rebalance: 21 for a monthly rebalance of daily data), that is a per-period
drag on expected return, so the optimiser maximises returns *net of costs*: the objectives that use
expected returns (max Sharpe, max utility, efficient return and risk, max return) subtract it; an
objective without expected returns (min variance) refuses the penalty with a :class:`ConfigError`.

Costs charged per share (:class:`~algofolio.costs.PerShareCost`) need ``prices`` (asset -> price):
each asset then has its own rate per unit traded, ``per_share / price`` (a minimum per order is not
linear and is left out).

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
from scipy import sparse

from algofolio.core.errors import ConfigError
from algofolio.costs import TradeQuote, quote_needs
from algofolio.costs.base import CostModel
from algofolio.costs.linear import linear_rate, linear_rates
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
    prices: Mapping[str, float] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.costs, CostModel):
            raise ConfigError(
                f"CostPenalty.costs must be a cost model, got {self.costs!r}",
                key="CostPenalty.costs",
            )
        if self.prices is None:
            if "prices" in quote_needs(self.costs):
                raise ConfigError(
                    f"CostPenalty: {type(self.costs).__name__} charges per share; give prices= "
                    "(asset -> price) to turn it into a rate per unit traded",
                    key="CostPenalty.prices",
                )
            linear_rate(self.costs)  # refuses non-linear models now, not at solve time
        else:
            prices = check_per_asset(self.prices, "CostPenalty.prices")
            if not isinstance(prices, dict) or not all(p > 0 for p in prices.values()):
                raise ConfigError(
                    f"CostPenalty.prices must be a mapping asset -> price > 0, got {self.prices!r}",
                    key="CostPenalty.prices",
                )
            object.__setattr__(self, "prices", prices)
            self.rates(tuple(prices))  # refuses non-linear models now, not at solve time
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

    def rates(self, assets: tuple[str, ...]) -> np.ndarray:
        """Cost per unit traded of each asset ``(n,)``, spread over the holding periods (per
        period): the model's linear rate, or with ``prices`` its rate at those prices
        (:func:`algofolio.costs.linear_rates`; a per-share fee is ``per_share / price``)."""
        if self.prices is None:
            return np.full(len(assets), linear_rate(self.costs) / self.holding_periods)
        prices: dict[str, float] = self.prices  # type: ignore[assignment]
        missing = [a for a in assets if a not in prices]
        if missing:
            raise ConfigError(
                f"CostPenalty.prices has no price for {missing[0]!r}", key="CostPenalty.prices"
            )
        quote = TradeQuote(prices=np.array([prices[a] for a in assets]), assets=assets)
        rates: np.ndarray = linear_rates(self.costs, quote) / self.holding_periods
        return rates

    def describe(self) -> str:
        """``'transaction costs 10 bps on trades from the current weights, over 21 periods'``."""
        periods = f"{self.holding_periods:g}"
        if self.prices is not None:
            what = f"{type(self.costs).__name__} at the given prices"
        else:
            what = f"{linear_rate(self.costs) * 1e4:.4g} bps"
        return (
            f"transaction costs {what} on trades from the current weights, over {periods} periods"
        )

    def current_vector(self, assets: tuple[str, ...]) -> np.ndarray:
        """Current weights ``(n,)`` over ``assets`` (0 for assets not held)."""
        current: dict[str, float] = self.current  # type: ignore[assignment]
        return np.array([current.get(a, 0.0) for a in assets], dtype=float)

    def build(self, w: cp.Variable, scale: Scale, problem: PortfolioProblem) -> list[Any]:
        """No constraint: the penalty enters the objective."""
        return []

    def expression(self, w: cp.Variable, scale: Scale, problem: PortfolioProblem) -> Any:
        """The per-period cost ``sum(rates * |w - current * scale|)`` (homogeneous in ``scale``)."""
        trades = w - self.current_vector(problem.assets) * scale
        rates = self.rates(problem.assets)
        if np.all(rates == rates[0]):
            return float(rates[0]) * norm1(trades)
        return norm1(sparse.diags(rates) @ trades)  # rates >= 0: sum(rates * |trades|)

    def per_period_cost(self, weights: np.ndarray, assets: tuple[str, ...]) -> float:
        """The per-period cost of trading to ``weights`` ``(n,)``."""
        return float(self.rates(assets) @ np.abs(weights - self.current_vector(assets)))
