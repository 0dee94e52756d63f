"""The annual figures of a weight vector, as an :class:`OptimizationResult` (one place for every
optimiser, so expected return, volatility and Sharpe ratio mean the same everywhere).

>>> import numpy as np
>>> problem = PortfolioProblem(
...     assets=("A", "B"), mu=np.array([0.001, 0.0]), Sigma=np.diag([1e-4, 1e-4]),
...     periods_per_year=252.0,
... )
>>> result = portfolio_result(problem, np.array([1.0, 0.0]), objective_value=0.0, solver="hand")
>>> round(result.expected_return, 6), round(result.volatility, 6), round(result.sharpe, 6)
(0.252, 0.158745, 1.587451)
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from algofolio.core.frequency import per_period_rate
from algofolio.optimize.problem import PortfolioProblem
from algofolio.optimize.result import OptimizationResult

__all__ = ["portfolio_result", "variance_result"]


def portfolio_result(
    problem: PortfolioProblem,
    weights: np.ndarray,
    *,
    objective_value: float,
    solver: str,
    risk_free_rate: float = 0.0,
) -> OptimizationResult:
    """``weights`` ``(n,)`` with their annual figures on ``problem`` (see
    :class:`OptimizationResult`; the Sharpe ratio uses the per-period equivalent of the annual
    ``risk_free_rate`` and is 0 for a riskless portfolio)."""
    periods = problem.periods_per_year
    mean = float(weights @ problem.mu)
    std = math.sqrt(max(float(weights @ problem.Sigma @ weights), 0.0))
    excess = mean - per_period_rate(risk_free_rate, periods)
    return OptimizationResult(
        weights=pd.Series(weights, index=pd.Index(problem.assets), name="weight"),
        objective_value=objective_value,
        expected_return=mean * periods,
        volatility=std * math.sqrt(periods),
        sharpe=excess / std * math.sqrt(periods) if std > 0 else 0.0,
        risk_free_rate=risk_free_rate,
        solver=solver,
    )


def variance_result(
    problem: PortfolioProblem, weights: np.ndarray, solver: str
) -> OptimizationResult:
    """The result of an allocation that optimises no single number (risk budgets, HRP, equal
    weight, inverse volatility): ``objective_value`` is the annualised variance
    ``w' Sigma w * periods_per_year``, the Sharpe ratio uses a zero risk-free rate."""
    variance = max(float(weights @ problem.Sigma @ weights), 0.0)
    return portfolio_result(
        problem, weights, objective_value=variance * problem.periods_per_year, solver=solver
    )
