"""Scenario-based objectives: min CVaR (a linear program), min semivariance, max Sortino ratio.

They read the problem's ``scenarios`` ``R`` (``T x n`` simple returns per period, see
:class:`~algofolio.optimize.PortfolioProblem`); the portfolio return of scenario ``t`` is
``r_t' w``. A problem built with :func:`~algofolio.optimize.problem_from_returns` keeps its returns
as scenarios; without scenarios :meth:`check` raises :class:`ConfigError` (key ``scenarios``).

* :class:`MinCVaR`: the Rockafellar-Uryasev linear program ``min a + 1/((1-b) T) sum_t
  max(0, -r_t' w - a)``; its optimum is :func:`scenario_cvar`, the mean of the worst ``(1-b) T``
  losses with the fractional atom (a positive loss **per period**, not annualised).
* :class:`MinSemivariance`: ``min 1/T sum_t min(0, r_t' w - target)^2`` (``target`` per period, as
  PyPortfolioOpt's ``benchmark``); ``value`` is annualised like a variance.
* :class:`MaxSortino`: ``max (mu' w - rf) / sqrt(1/T sum_t min(0, (r_t - rf)' w)^2)``, solved like
  :class:`~algofolio.optimize.MaxSharpe` in ``y = k w``; ``value`` is the annualised Sortino ratio.

>>> import numpy as np
>>> scenario_cvar(np.array([-0.04, -0.02, 0.0, 0.01, 0.03]), 0.7)  # worst 1.5 of 5: (4 + 2/2) / 1.5
0.03333333333333333
>>> MinCVaR(confidence=0.99).describe()
'min CVaR at 99% (per period)'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import cvxpy as cp
import numpy as np
from cvxpy.atoms.sum_squares import sum_squares

from algofolio.core.errors import ConfigError, InfeasibleError
from algofolio.core.frequency import per_period_rate
from algofolio.optimize._cvx import cvx_sum
from algofolio.optimize._values import check_number, percent
from algofolio.optimize.constraints import Scale
from algofolio.optimize.objectives import Attainable
from algofolio.optimize.problem import PortfolioProblem

__all__ = [
    "MaxSortino",
    "MinCVaR",
    "MinSemivariance",
    "scenario_cvar",
    "scenario_semivariance",
]


def scenario_cvar(portfolio_returns: np.ndarray, confidence: float) -> float:
    """CVaR of returns ``(T,)`` at ``confidence`` ``b``: the mean of the worst ``m = (1-b) T``
    losses, the ``floor(m)`` largest in full and the next one with weight ``m - floor(m)``
    (Rockafellar-Uryasev; a positive loss per period).

    :func:`algofolio.metrics.conditional_value_at_risk` (historical) averages the returns at or
    below numpy's interpolated quantile instead: the same number when ``m`` is a whole number (126
    of 2520 days at 95%) and no other return ties the quantile; otherwise it weighs the boundary
    returns 0 or 1, not ``m - floor(m)``, and it averages every tie (an optimal min-CVaR portfolio
    typically has several scenarios tied at its VaR, so the metric then reads a little lower).
    """
    losses = -np.asarray(portfolio_returns, dtype=float)
    mass = (1.0 - confidence) * losses.size
    whole = min(math.floor(mass), losses.size - 1)
    boundary = losses.size - 1 - whole  # losses[boundary + 1:] are the `whole` largest
    ordered = np.partition(losses, boundary)
    return (float(ordered[boundary + 1 :].sum()) + (mass - whole) * float(ordered[boundary])) / mass


def scenario_semivariance(portfolio_returns: np.ndarray, target: float) -> float:
    """``1/T sum_t min(0, r_t - target)^2`` of returns ``(T,)`` per period (denominator ``T``)."""
    shortfall = np.minimum(np.asarray(portfolio_returns, dtype=float) - target, 0.0)
    return float(np.mean(shortfall**2))


def _scenarios(problem: PortfolioProblem, what: str = "this objective") -> np.ndarray:
    """The problem's scenarios ``(T, n)``; :class:`ConfigError` (key ``scenarios``) without."""
    if problem.scenarios is None:
        raise ConfigError(
            f"{what} needs return scenarios: build the problem from returns "
            "(problem_from_returns) or give PortfolioProblem(scenarios=...)",
            key="scenarios",
        )
    return problem.scenarios


def _unit(problem: PortfolioProblem) -> float:
    """Returns in model units are divided by this (as in the mean-variance objectives)."""
    return math.sqrt(problem.variance_scale)


@dataclass(frozen=True, kw_only=True, slots=True)
class MinCVaR:
    """Minimise the CVaR at ``confidence`` (in (0, 1)) over the scenarios, by the
    Rockafellar-Uryasev linear program; ``value`` is :func:`scenario_cvar` of the portfolio's
    scenario returns, a positive loss **per period** (not annualised)."""

    confidence: float = 0.95
    homogeneous: ClassVar[bool] = False

    def __post_init__(self) -> None:
        confidence = check_number(self.confidence, "MinCVaR.confidence")
        if not 0.0 < confidence < 1.0:
            raise ConfigError(
                f"MinCVaR.confidence must be strictly between 0 and 1 (e.g. 0.95), got {confidence:g}",
                key="MinCVaR.confidence",
            )
        object.__setattr__(self, "confidence", confidence)

    def describe(self) -> str:
        return f"min CVaR at {percent(self.confidence)} (per period)"

    def check(self, problem: PortfolioProblem) -> None:
        _scenarios(problem, "min CVaR")

    def tail_weight(self, n_scenarios: int) -> float:
        """``1 / ((1 - confidence) T)``, the weight of each scenario's excess loss."""
        return 1.0 / ((1.0 - self.confidence) * n_scenarios)

    def build(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem
    ) -> tuple[Any, list[Any]]:
        R = _scenarios(problem) / _unit(problem)
        var = cp.Variable(name="VaR")
        excess = cp.Variable(R.shape[0], name="excess_loss", nonneg=True)
        objective = var + self.tail_weight(R.shape[0]) * cvx_sum(excess)
        return cp.Minimize(objective), [excess >= -(R @ w) - var]

    def value(self, weights: np.ndarray, problem: PortfolioProblem) -> float:
        return scenario_cvar(_scenarios(problem) @ weights, self.confidence)

    def explain(self, attainable: Attainable) -> str:
        return ""


@dataclass(frozen=True, kw_only=True, slots=True)
class MinSemivariance:
    """Minimise ``1/T sum_t min(0, r_t' w - target)^2``, ``target`` a return **per period** (0: the
    downside is any loss); ``value`` is the annualised semivariance (times ``periods_per_year``)."""

    target: float = 0.0
    homogeneous: ClassVar[bool] = False

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "target", check_number(self.target, "MinSemivariance.target", minimum=-1.0)
        )

    def describe(self) -> str:
        return f"min semivariance (below {percent(self.target)} a period)"

    def check(self, problem: PortfolioProblem) -> None:
        _scenarios(problem, "min semivariance")

    def build(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem
    ) -> tuple[Any, list[Any]]:
        unit = _unit(problem)
        R = _scenarios(problem) / unit
        shortfall = cp.Variable(R.shape[0], name="shortfall", nonneg=True)
        objective = sum_squares(shortfall) / R.shape[0]
        return cp.Minimize(objective), [shortfall >= self.target / unit - R @ w]

    def value(self, weights: np.ndarray, problem: PortfolioProblem) -> float:
        semivariance = scenario_semivariance(_scenarios(problem) @ weights, self.target)
        return semivariance * problem.periods_per_year

    def explain(self, attainable: Attainable) -> str:
        return ""


@dataclass(frozen=True, kw_only=True, slots=True)
class MaxSortino:
    """Maximise ``(mu' w - rf) / sqrt(1/T sum_t min(0, (r_t - rf)' w)^2)``, ``rf`` the per-period
    equivalent of the annual ``risk_free_rate`` (the downside is a return below ``rf``); needs a
    :class:`~algofolio.optimize.Budget` with a nonzero total. ``value`` is the annualised Sortino
    ratio (times ``sqrt(periods_per_year)``; infinite when no scenario falls below ``rf``)."""

    risk_free_rate: float = 0.0
    homogeneous: ClassVar[bool] = True

    def __post_init__(self) -> None:
        rate = check_number(self.risk_free_rate, "MaxSortino.risk_free_rate", minimum=-0.99)
        object.__setattr__(self, "risk_free_rate", rate)

    def describe(self) -> str:
        return f"max Sortino ratio (risk-free {percent(self.risk_free_rate)} a year)"

    def rate(self, problem: PortfolioProblem) -> float:
        """The per-period risk-free rate."""
        return per_period_rate(self.risk_free_rate, problem.periods_per_year)

    def check(self, problem: PortfolioProblem) -> None:
        _scenarios(problem, "max Sortino")
        if not (problem.mu > self.rate(problem)).any():
            raise InfeasibleError(
                f"max Sortino: no asset's expected return beats the risk-free rate "
                f"{percent(self.risk_free_rate)} a year; the ratio has no positive maximum"
            )

    def build(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem
    ) -> tuple[Any, list[Any]]:
        unit, rate = _unit(problem), self.rate(problem)
        excess = (_scenarios(problem) - rate) / unit
        shortfall = cp.Variable(excess.shape[0], name="shortfall", nonneg=True)
        objective = sum_squares(shortfall) / excess.shape[0]
        mean_excess = (problem.mu - rate) / unit
        return cp.Minimize(objective), [
            shortfall >= -(excess @ w),
            w @ mean_excess == 1,
            scale >= 0,
        ]

    def value(self, weights: np.ndarray, problem: PortfolioProblem) -> float:
        rate = self.rate(problem)
        downside = scenario_semivariance((_scenarios(problem) - rate) @ weights, 0.0)
        excess = float(weights @ (problem.mu - rate))
        if downside == 0.0:  # no scenario below the risk-free rate
            return math.copysign(math.inf, excess) if excess else 0.0
        return excess / math.sqrt(downside) * math.sqrt(problem.periods_per_year)

    def explain(self, attainable: Attainable) -> str:
        best = attainable.max_return()
        return (
            f"max Sortino: no portfolio allowed by the constraints has an expected return above "
            f"the risk-free rate {percent(self.risk_free_rate)} a year (best attainable "
            f"{percent(best)})"
        )
