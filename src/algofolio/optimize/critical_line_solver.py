"""``CriticalLineSolver``: the exact, fast path for a budget and finite box bounds.

Every objective is one point of the efficient line, found exactly either by walking the critical
line (:mod:`~algofolio.optimize.critical_line`: min variance is its last corner, max return its
first, max Sharpe the closed-form best of its segments, targets interpolated) or, when many assets
are free (short positions allowed), by active-set solves at a few trade-offs
(:mod:`~algofolio.optimize.budget_box`, :mod:`~algofolio.optimize.lambda_search`); each is the
other's fallback. Any other constraint or objective is declined (``supports`` is False) and the
chain moves on to cvxpy.

>>> import numpy as np
>>> from algofolio.optimize.constraints import Bounds, Budget
>>> from algofolio.optimize.objectives import MinVariance
>>> from algofolio.optimize.problem import PortfolioProblem
>>> problem = PortfolioProblem(
...     assets=("A", "B"), mu=np.array([0.1, 0.2]), Sigma=np.diag([1.0, 4.0]), periods_per_year=1.0
... )
>>> spec = ProblemSpec(problem=problem, objective=MinVariance(), constraints=(Budget(), Bounds()))
>>> CriticalLineSolver().solve(spec).weights.round(6).tolist()
[0.8, 0.2]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from algofolio.core.errors import ConfigError, InfeasibleError, SolverError
from algofolio.core.frequency import per_period_rate
from algofolio.optimize._threads import one_blas_thread
from algofolio.optimize.budget_box import solve_budget_box
from algofolio.optimize.constraints import Bounds, Budget, Constraint
from algofolio.optimize.critical_line import critical_line, max_return_weights
from algofolio.optimize.diversification import MaxDiversification
from algofolio.optimize.efficient_line import (
    max_ratio,
    weights_at_lambda,
    weights_at_return,
    weights_at_variance,
)
from algofolio.optimize.feasibility import combined_bounds
from algofolio.optimize.lambda_search import (
    max_ratio_by_search,
    return_target_by_search,
    variance_target_by_search,
)
from algofolio.optimize.model import ProblemSpec
from algofolio.optimize.objectives import (
    EfficientReturn,
    EfficientRisk,
    MaxReturn,
    MaxSharpe,
    MaxUtility,
    MinVariance,
)
from algofolio.optimize.solution import Solution

__all__ = ["BudgetAndBounds", "CriticalLineSolver", "budget_and_bounds", "max_ratio_weights"]

_OBJECTIVES = (
    MinVariance,
    MaxSharpe,
    MaxDiversification,
    MaxUtility,
    EfficientReturn,
    EfficientRisk,
    MaxReturn,
)


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class BudgetAndBounds:
    """``sum(w) == total`` and ``lower <= w <= upper`` (finite vectors ``(n,)``)."""

    total: float
    lower: np.ndarray
    upper: np.ndarray


def budget_and_bounds(
    constraints: Sequence[Constraint], assets: tuple[str, ...]
) -> BudgetAndBounds:
    """The budget and the combined finite bounds of ``constraints``; :class:`ConfigError` when they
    hold anything else, no :class:`Budget`, or no finite :class:`Bounds` (the critical line needs a
    bounded max-return portfolio), :class:`InfeasibleError` for two different budgets."""
    for constraint in constraints:
        if not isinstance(constraint, Budget | Bounds):
            raise ConfigError(
                f"the exact frontier supports Budget and Bounds; got {constraint!r}",
                key="constraints",
            )
    totals = {c.total for c in constraints if isinstance(c, Budget)}
    if not totals:
        raise ConfigError("the exact frontier needs a Budget", key="constraints")
    if len(totals) > 1:
        raise InfeasibleError(
            "no portfolio satisfies the constraints: budgets "
            + " and ".join(f"{t:g}" for t in sorted(totals))
        )
    lower, upper = combined_bounds(constraints, assets)
    if not (np.isfinite(lower).all() and np.isfinite(upper).all()):
        raise ConfigError(
            "the exact frontier needs finite Bounds on every asset", key="constraints"
        )
    return BudgetAndBounds(total=totals.pop(), lower=lower, upper=upper)


@one_blas_thread
def max_ratio_weights(Sigma: np.ndarray, excess: np.ndarray, box: BudgetAndBounds) -> np.ndarray:
    """The weights maximising ``excess' w / sqrt(w' Sigma w)`` under ``box``: expected excess returns
    give the max Sharpe portfolio, asset volatilities (``rf = 0``) the max diversification one.

    Raises :class:`InfeasibleError` when no portfolio has a positive ``excess' w`` (the ratio then
    has no maximum on the efficient frontier), :class:`SolverError` on a singular covariance.
    """

    def by_line() -> np.ndarray:
        line = critical_line(Sigma, excess, box.lower, box.upper, box.total)
        if not float(line.weights[0] @ excess) > 0:
            raise InfeasibleError(
                "no portfolio allowed by the constraints has a positive excess return"
            )
        return max_ratio(line, excess)

    def by_search() -> np.ndarray:
        return max_ratio_by_search(Sigma, excess, box.lower, box.upper, box.total)

    return _either(box, by_line, by_search)


@dataclass(frozen=True, kw_only=True, slots=True)
class CriticalLineSolver:
    """Exact solutions of the mean-variance objectives under a :class:`Budget` and finite
    :class:`Bounds` (named ``'CLA'``)."""

    name: str = "CLA"

    def supports(self, spec: ProblemSpec) -> bool:
        """A supported objective and only a budget and finite bounds."""
        if not isinstance(spec.objective, _OBJECTIVES):
            return False
        try:
            budget_and_bounds(spec.constraints, spec.problem.assets)
        except (ConfigError, InfeasibleError):
            return False
        return True

    @one_blas_thread
    def solve(self, spec: ProblemSpec) -> Solution:
        """The exact weights; :class:`SolverError` on a singular covariance or a degenerate path,
        :class:`InfeasibleError` when the target cannot be met."""
        problem, objective = spec.problem, spec.objective
        box = budget_and_bounds(spec.constraints, problem.assets)
        Sigma, mu, periods = problem.Sigma, problem.mu, problem.periods_per_year
        if isinstance(objective, MinVariance):
            weights = _quadratic(Sigma, mu, box, 0.0)
        elif isinstance(objective, MaxUtility):
            weights = _quadratic(Sigma, mu, box, 1.0 / objective.risk_aversion)
        elif isinstance(objective, MaxSharpe):
            excess = mu - per_period_rate(objective.risk_free_rate, periods)
            weights = max_ratio_weights(Sigma, excess, box)
        elif isinstance(objective, MaxDiversification):
            volatilities = np.sqrt(np.clip(np.diag(Sigma), 0.0, None))
            weights = max_ratio_weights(Sigma, volatilities, box)
        elif isinstance(objective, MaxReturn):
            weights = max_return_weights(Sigma, mu, box.lower, box.upper, box.total)
        elif isinstance(objective, EfficientReturn):
            weights = _target_return(Sigma, mu, box, objective.target_return / periods)
        elif isinstance(objective, EfficientRisk):
            weights = _target_variance(Sigma, mu, box, objective.target_volatility**2 / periods)
        else:
            raise SolverError(f"{self.name}: {objective.describe()} is not supported")
        if not np.isfinite(weights).all():
            raise SolverError(f"{self.name}: non-finite weights")
        return Solution(weights=weights, solver=self.name)


def _either(
    box: BudgetAndBounds, by_line: Callable[[], np.ndarray], by_search: Callable[[], np.ndarray]
) -> np.ndarray:
    """Long-only solutions are usually sparse, so the critical line (one step per corner, cost
    growing with the free assets) goes first; with short positions allowed they are usually dense
    (about ``n`` corners) and the active-set methods (a few Cholesky factorisations) go first.
    Each is the other's fallback."""
    first, second = (by_line, by_search) if (box.lower >= 0).all() else (by_search, by_line)
    try:
        return first()
    except SolverError as error:
        try:
            return second()
        except SolverError:
            raise SolverError(f"CLA: {error}") from error


def _quadratic(Sigma: np.ndarray, mu: np.ndarray, box: BudgetAndBounds, lam: float) -> np.ndarray:
    """``min 1/2 w' Sigma w - lam mu' w``."""

    def by_line() -> np.ndarray:
        line = critical_line(Sigma, mu, box.lower, box.upper, box.total)
        return weights_at_lambda(line, lam)

    def by_active_set() -> np.ndarray:
        return solve_budget_box(Sigma, -lam * mu, box.lower, box.upper, box.total).weights

    return _either(box, by_line, by_active_set)


def _target_return(
    Sigma: np.ndarray, mu: np.ndarray, box: BudgetAndBounds, target: float
) -> np.ndarray:
    """The efficient weights with ``mu' w == target`` (per period)."""

    def by_line() -> np.ndarray:
        line = critical_line(Sigma, mu, box.lower, box.upper, box.total)
        return weights_at_return(line, mu, target)

    def by_search() -> np.ndarray:
        return return_target_by_search(Sigma, mu, box.lower, box.upper, box.total, target)

    return _either(box, by_line, by_search)


def _target_variance(
    Sigma: np.ndarray, mu: np.ndarray, box: BudgetAndBounds, target: float
) -> np.ndarray:
    """The efficient weights with ``w' Sigma w == target`` (per period)."""

    def by_line() -> np.ndarray:
        line = critical_line(Sigma, mu, box.lower, box.upper, box.total)
        return weights_at_variance(line, target)

    def by_search() -> np.ndarray:
        return variance_target_by_search(Sigma, mu, box.lower, box.upper, box.total, target)

    return _either(box, by_line, by_search)
