"""Solve a mean-variance problem: check the constraints, run the solver chain, explain failures.

>>> import numpy as np
>>> problem = PortfolioProblem(
...     assets=("A", "B"), mu=np.array([0.0004, 0.0008]), Sigma=np.diag([1e-4, 4e-4]),
...     periods_per_year=252.0,
... )
>>> result = optimize_portfolio(problem, MinVariance(), (Budget(), Bounds()))
>>> result.weights.round(6).to_dict(), result.solver
({'A': 0.8, 'B': 0.2}, 'CLA')
>>> optimize_portfolio(problem, MinVariance(), (Budget(), Bounds(lower=0.6)))
Traceback (most recent call last):
...
algofolio.core.errors.InfeasibleError: no portfolio satisfies the constraints: the lower bounds sum to 120% (2 assets, each min 60%), above the budget sum(w) = 100%
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import ConfigError, DataError, InfeasibleError, SolverError
from algofolio.optimize.constraints import Bounds, Budget, Constraint
from algofolio.optimize.feasibility import combined_bounds, conflicts
from algofolio.optimize.figures import portfolio_result
from algofolio.optimize.model import ProblemSpec
from algofolio.optimize.objectives import MaxReturn, MaxSharpe, MinVariance, Objective
from algofolio.optimize.problem import PortfolioProblem, problem_from_distribution
from algofolio.optimize.result import OptimizationResult
from algofolio.optimize.scenario_objectives import MaxSortino
from algofolio.optimize.solvers import DEFAULT_CHAIN, SolverChain

__all__ = ["BOUND_TOLERANCE", "DEFAULT_CONSTRAINTS", "SNAP", "optimize_portfolio", "snap_to_bounds"]

SNAP = 1e-9
"""Weights this close to a bound are set to it (interior-point solutions stop just inside)."""

BOUND_TOLERANCE = 1e-6
"""Largest bound violation accepted from a solver (SCS and OSQP stop at about 1e-7 to 1e-5)."""

DEFAULT_CONSTRAINTS: tuple[Constraint, ...] = (Budget(total=1.0), Bounds(lower=0.0, upper=1.0))
"""Fully invested, long only."""


def optimize_portfolio(
    data: PortfolioProblem | ReturnDistribution,
    objective: Objective,
    constraints: Sequence[Constraint] = DEFAULT_CONSTRAINTS,
    *,
    chain: SolverChain = DEFAULT_CHAIN,
) -> OptimizationResult:
    """Optimal weights for ``objective`` under ``constraints`` on ``data`` (a problem or a return
    distribution with per-period ``mu`` and ``covariance``).

    Raises :class:`InfeasibleError` naming the conflicting constraints (checked in plain words
    before solving; after a solver's proof of infeasibility, from what the constraints allow),
    :class:`SolverError` when every solver of ``chain`` fails, :class:`ConfigError` for an
    objective or constraint of the wrong type or an unbounded problem.
    """
    problem = _as_problem(data)
    _check_types(objective, constraints)
    found = conflicts(constraints, problem.assets)
    if found:
        raise InfeasibleError("no portfolio satisfies the constraints: " + "; ".join(found))
    objective.check(problem)
    if objective.homogeneous and not any(
        isinstance(c, Budget) and c.total != 0 for c in constraints
    ):
        raise ConfigError(
            f"{objective.describe()} needs a Budget with a nonzero total: the ratio does not fix "
            "the scale of the weights",
            key="constraints",
        )
    spec = ProblemSpec(problem=problem, objective=objective, constraints=tuple(constraints))
    try:
        solution = chain.solve(spec)
    except InfeasibleError:
        raise InfeasibleError(_explain(spec, chain)) from None
    weights = snap_to_bounds(solution.weights, *combined_bounds(constraints, problem.assets))
    return _result(problem, objective, weights, solution.solver)


def snap_to_bounds(weights: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """``weights`` with solver noise removed: values within ``SNAP`` of a bound, or outside it by
    at most ``BOUND_TOLERANCE`` (first-order solvers), are set to the bound.

    Raises :class:`SolverError` when a weight lies further outside its bounds.

    >>> snap_to_bounds(np.array([-1e-12, 0.5, 0.5 + 1e-12]), np.zeros(3), np.full(3, 0.5)).tolist()
    [0.0, 0.5, 0.5]
    """
    outside = np.maximum(lower - weights, weights - upper)
    if (outside > BOUND_TOLERANCE).any():
        i = int(np.argmax(outside))
        raise SolverError(
            f"the solver's weight {weights[i]:.6g} for asset number {i} breaks its bounds "
            f"[{lower[i]:g}, {upper[i]:g}] by {outside[i]:.3g}"
        )
    snapped = np.where(weights - lower <= SNAP, lower, weights)
    snapped = np.where(upper - weights <= SNAP, upper, snapped)
    return snapped


def _as_problem(data: PortfolioProblem | ReturnDistribution) -> PortfolioProblem:
    if isinstance(data, PortfolioProblem):
        return data
    if isinstance(data, ReturnDistribution):
        return problem_from_distribution(data)
    raise DataError(
        f"optimize_portfolio needs a PortfolioProblem or a ReturnDistribution, "
        f"got {type(data).__name__}"
    )


def _check_types(objective: Objective, constraints: Sequence[Constraint]) -> None:
    if not isinstance(objective, Objective):
        raise ConfigError(f"objective must be an Objective, got {objective!r}", key="objective")
    for i, constraint in enumerate(constraints):
        if not isinstance(constraint, Constraint):
            raise ConfigError(
                f"constraints[{i}] must be a Constraint, got {constraint!r}",
                key=f"constraints[{i}]",
            )


@dataclass(frozen=True, slots=True)
class _Attainable:
    """What the constraints alone allow, solved on demand (annualised)."""

    spec: ProblemSpec
    chain: SolverChain

    def max_return(self) -> float:
        weights = self._solve(MaxReturn())
        return float(weights @ self.spec.problem.mu) * self.spec.problem.periods_per_year

    def min_volatility(self) -> float:
        weights = self._solve(MinVariance())
        variance = float(weights @ self.spec.problem.Sigma @ weights)
        return math.sqrt(max(variance, 0.0) * self.spec.problem.periods_per_year)

    def _solve(self, objective: Objective) -> np.ndarray:
        spec = ProblemSpec(
            problem=self.spec.problem, objective=objective, constraints=self.spec.constraints
        )
        return self.chain.solve(spec).weights


def _explain(spec: ProblemSpec, chain: SolverChain) -> str:
    listed = "; ".join(c.describe() for c in spec.constraints) or "no constraints"
    try:
        reason = spec.objective.explain(_Attainable(spec, chain))
    except (InfeasibleError, ConfigError):
        return f"no portfolio satisfies all of the constraints together: {listed}"
    if not reason:
        return f"no portfolio satisfies all of the constraints together: {listed}"
    return f"{reason} (constraints: {listed})"


def _result(
    problem: PortfolioProblem, objective: Objective, weights: np.ndarray, solver: str
) -> OptimizationResult:
    risk_free = objective.risk_free_rate if isinstance(objective, MaxSharpe | MaxSortino) else 0.0
    return portfolio_result(
        problem,
        weights,
        objective_value=objective.value(weights, problem),
        solver=solver,
        risk_free_rate=risk_free,
    )
