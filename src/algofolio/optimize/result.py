"""The result of an optimisation: weights and their annualised figures (data only, no methods
that compute metrics)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["OptimizationResult"]


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class OptimizationResult:
    """Optimal ``weights`` (asset-indexed ``Series`` named ``weight``; ``1 - sum`` is cash) and:

    * ``objective_value``: the optimised quantity, annualised: the variance (min variance,
      efficient return, risk budgeting and HRP, which optimise no single number), the Sharpe or
      Sortino ratio, the utility, the expected return (efficient risk, max return), the
      semivariance; the diversification ratio (no units); **per period** for min CVaR (a loss
      in the tail does not scale with time);
    * ``expected_return``: ``mu' w * periods_per_year`` (arithmetic annualisation);
    * ``volatility``: ``sqrt(w' Sigma w * periods_per_year)``;
    * ``sharpe``: ``(mu' w - rf) / sqrt(w' Sigma w) * sqrt(periods_per_year)``, ``rf`` the
      per-period equivalent of ``risk_free_rate`` (0 for a riskless portfolio);
    * ``solver``: the name of the solver that answered.
    """

    weights: pd.Series
    objective_value: float
    expected_return: float
    volatility: float
    sharpe: float
    risk_free_rate: float
    solver: str
