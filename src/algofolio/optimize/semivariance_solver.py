"""A fast exact solver for :class:`~algofolio.optimize.scenario_objectives.MinSemivariance` under a
:class:`Budget` and finite :class:`Bounds`: a finite (generalised) Newton method.

``f(w) = 1/T sum_t min(0, x_t' w - tau)^2`` is convex and once differentiable, with gradient
``2/T X_D' (X_D w - tau)`` where ``D = {t : x_t' w < tau}`` are the scenarios below the target.
With ``D`` held, ``f`` is the quadratic ``1/T ||X_D w - tau||^2``: its minimiser ``v`` under the
budget and bounds (:func:`~algofolio.optimize.budget_box.solve_budget_box`) gives a descent
direction ``v - w``; an exact line search on ``f`` (a convex piecewise quadratic in the step) picks
the step, ``D`` is recomputed, and the loop stops when ``v`` leaves ``D`` unchanged: the quadratic's
optimality conditions are then ``f``'s, so ``v`` is the global optimum (exactly, not to a
tolerance), or when the current point already meets ``f``'s optimality conditions. This is Keerthi
and DeCoste's (2005) finite Newton method for L2-loss linear SVMs (the same kind of piecewise
quadratic) with a budget and bounds; a handful of iterations in practice.

When ``X_D' X_D`` is singular on the free weights (fewer scenarios below the target than free
weights) the quadratic gets a proximal term ``eps/2 ||v - w||^2``, which keeps the flat directions
where they are. The result is checked with the true gradient (budget-and-box KKT conditions);
:class:`SolverError` when they fail, the iterations run out, or the active-set method fails, so
the chain falls back to cvxpy. Anything but a budget and finite bounds is declined.

>>> from algofolio.optimize.constraints import Bounds, Budget
>>> from algofolio.optimize.problem import PortfolioProblem
>>> R = np.array([[-0.02, 0.01], [0.01, -0.02], [0.0, 0.0], [0.01, 0.01]])
>>> problem = PortfolioProblem(
...     assets=("A", "B"), mu=R.mean(axis=0), Sigma=np.cov(R.T), periods_per_year=252.0,
...     scenarios=R,
... )
>>> spec = ProblemSpec(problem=problem, objective=MinSemivariance(), constraints=(Budget(), Bounds()))
>>> SemivarianceSolver().solve(spec).weights.round(6).tolist()  # symmetric: half each
[0.5, 0.5]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from algofolio.core.errors import ConfigError, InfeasibleError, SolverError
from algofolio.optimize._threads import one_blas_thread
from algofolio.optimize.budget_box import BudgetBoxSolution, solve_budget_box
from algofolio.optimize.critical_line_solver import BudgetAndBounds, budget_and_bounds
from algofolio.optimize.model import ProblemSpec
from algofolio.optimize.scenario_objectives import MinSemivariance
from algofolio.optimize.solution import Solution

__all__ = ["SemivarianceSolver", "min_semivariance_weights"]

MAX_ITERATIONS = 50
"""Newton iterations before giving up (a handful is typical)."""

KKT_TOLERANCE = 1e-9
"""Largest KKT violation accepted, relative to the size of the gradient's terms."""

SHORTFALL_FLOOR = 1e-3
"""Shortfalls below this fraction of the largest return count at this size in the KKT tolerance."""

PROXIMAL = (1e-6, 1e-4, 1e-2)
"""The proximal weights tried in turn when ``X_D' X_D`` is singular, relative to its largest
diagonal entry (the next when the active-set method fails on the previous)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class SemivarianceSolver:
    """Min semivariance by the finite Newton method (see the module docstring), named
    ``'SEMIVARIANCE_NEWTON'``."""

    name: str = "SEMIVARIANCE_NEWTON"

    def supports(self, spec: ProblemSpec) -> bool:
        """A :class:`MinSemivariance` objective with scenarios, only a budget and finite bounds."""
        if not isinstance(spec.objective, MinSemivariance) or spec.problem.scenarios is None:
            return False
        try:
            budget_and_bounds(spec.constraints, spec.problem.assets)
        except (ConfigError, InfeasibleError):
            return False
        return True

    def solve(self, spec: ProblemSpec) -> Solution:
        """The optimal weights; :class:`InfeasibleError` when the bounds cannot meet the budget,
        :class:`SolverError` otherwise (see the module docstring)."""
        if not self.supports(spec):
            raise SolverError(f"{self.name}: not min semivariance under a budget and finite bounds")
        objective, problem = spec.objective, spec.problem
        assert isinstance(objective, MinSemivariance)
        assert problem.scenarios is not None
        box = budget_and_bounds(spec.constraints, problem.assets)
        unit = math.sqrt(problem.variance_scale)
        try:
            weights = min_semivariance_weights(
                problem.scenarios / unit, objective.target / unit, box
            )
        except SolverError as error:
            raise SolverError(f"{self.name}: {error}") from error
        return Solution(weights=weights, solver=self.name)


@one_blas_thread
def min_semivariance_weights(X: np.ndarray, tau: float, box: BudgetAndBounds) -> np.ndarray:
    """The weights ``(n,)`` minimising ``1/T sum_t min(0, x_t' w - tau)^2`` for scenarios ``X``
    ``(T, n)`` and a target ``tau`` per period, under ``box``; :class:`SolverError` on failure."""
    T = X.shape[0]
    below = np.ones(T, dtype=bool)  # start from the quadratic on every scenario
    gram = X.T @ X
    w: np.ndarray | None = None
    previous: BudgetBoxSolution | None = None
    for _ in range(MAX_ITERATIONS):
        v, previous, proximal = _quadratic_step(X, tau, box, below, gram, w, previous)
        if w is None:
            w = v
        else:
            margin = X @ v - tau
            if not proximal and _settled(margin, below, tau, X):
                return _checked(X, tau, box, v)
            step = _line_search(X @ w - tau, margin - (X @ w - tau))
            w = np.clip(w + step * (v - w), box.lower, box.upper)  # rounding off the box
        residual = X @ w - tau
        now_below = residual < 0
        if not now_below.any():
            return w  # no scenario below the target: f(w) = 0, the minimum
        if _kkt_violation(X, residual, w, box) <= _kkt_tolerance(X, residual):
            return w
        gram = _update_gram(gram, X, below, now_below)
        below = now_below
    raise SolverError(
        f"the Newton iterations did not settle in {MAX_ITERATIONS} (scenarios below the target "
        "kept changing)"
    )


def _quadratic_step(
    X: np.ndarray,
    tau: float,
    box: BudgetAndBounds,
    below: np.ndarray,
    gram: np.ndarray,
    w: np.ndarray | None,
    previous: BudgetBoxSolution | None,
) -> tuple[np.ndarray, BudgetBoxSolution, bool]:
    """The minimiser of ``1/T ||X_D v - tau||^2`` (``D = below``, Gram matrix ``X_D' X_D``) under
    ``box``, warm-started from the previous free set; with a proximal term around ``w`` when
    ``X_D' X_D`` is singular on the free weights (then the flag is ``True``: the minimiser is
    biased towards ``w`` by about the proximal weight, and the next iteration shrinks the bias)."""
    T = X.shape[0]
    Sigma = (2.0 / T) * gram
    q = (-2.0 / T * tau) * X[below].sum(axis=0)
    free = on_upper = None
    if previous is not None:
        free = previous.free
        on_upper = ~previous.free & (previous.weights >= box.upper)
    try:
        solution = solve_budget_box(
            Sigma, q, box.lower, box.upper, box.total, free=free, on_upper=on_upper
        )
        return solution.weights, solution, False
    except SolverError:
        if w is None:  # the very first quadratic: start from the middle of the box
            w = _feasible_start(box)
        largest = max(float(np.diag(Sigma).max()), 1e-300)
        for weight in PROXIMAL:  # a larger weight conditions the quadratic better
            eps = weight * largest
            try:
                solution = solve_budget_box(
                    Sigma + eps * np.eye(Sigma.shape[0]),
                    q - eps * w,
                    box.lower,
                    box.upper,
                    box.total,
                )
                break
            except SolverError:
                if weight == PROXIMAL[-1]:
                    raise
    return solution.weights, solution, True


def _feasible_start(box: BudgetAndBounds) -> np.ndarray:
    """A point of the box on the budget: ``lower + s (upper - lower)`` with one ``s``."""
    room = float((box.upper - box.lower).sum())
    share = (box.total - float(box.lower.sum())) / room if room > 0 else 0.0
    start: np.ndarray = box.lower + share * (box.upper - box.lower)
    return start


def _update_gram(
    gram: np.ndarray, X: np.ndarray, below: np.ndarray, now_below: np.ndarray
) -> np.ndarray:
    """``X_D' X_D`` for ``D = now_below``, updated from ``below``'s by the rows that changed when
    they are few, recomputed otherwise."""
    entering = now_below & ~below
    leaving = below & ~now_below
    if entering.sum() + leaving.sum() >= now_below.sum() // 2:
        X_D = X[now_below]
        recomputed: np.ndarray = X_D.T @ X_D
        return recomputed
    X_in, X_out = X[entering], X[leaving]
    updated: np.ndarray = gram + X_in.T @ X_in - X_out.T @ X_out
    return updated


def _settled(margin: np.ndarray, below: np.ndarray, tau: float, X: np.ndarray) -> bool:
    """Whether ``v`` (``margin = X v - tau``) keeps ``below`` as its set of scenarios below the
    target, up to rounding (a scenario on the target contributes nothing either way)."""
    slack = 1e-12 * (abs(tau) + float(np.abs(X).max()))
    return bool((margin[below] <= slack).all() and (margin[~below] >= -slack).all())


def _line_search(a: np.ndarray, b: np.ndarray) -> float:
    """The step ``s`` in ``[0, 1]`` minimising ``sum_t min(0, a_t + s b_t)^2`` (convex, piecewise
    quadratic): bisection on its nondecreasing derivative, then the exact root on the final piece."""

    def slope(s: float) -> float:
        return float((np.minimum(a + s * b, 0.0) * b).sum())

    if slope(1.0) <= 0.0:
        return 1.0
    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        if slope(middle) <= 0.0:
            low = middle
        else:
            high = middle
    active = a + ((low + high) / 2) * b < 0
    curvature = float((b[active] ** 2).sum())
    if curvature > 0:
        exact = -float((a[active] * b[active]).sum()) / curvature
        if low <= exact <= high:
            return exact
    return low


def _true_gradient(X: np.ndarray, residual: np.ndarray) -> np.ndarray:
    """``2/T X' min(0, X w - tau)``."""
    gradient: np.ndarray = (2.0 / X.shape[0]) * (X.T @ np.minimum(residual, 0.0))
    return gradient


def _kkt_tolerance(X: np.ndarray, residual: np.ndarray) -> float:
    """:data:`KKT_TOLERANCE` times the size of the gradient's terms ``2/T |X|' |min(0, r)|``, each
    shortfall counted at least :data:`SHORTFALL_FLOOR` times the largest return (so that an optimum
    of semivariance zero, met to rounding, passes)."""
    floor = SHORTFALL_FLOOR * float(np.abs(X).max())
    shortfall = np.abs(np.minimum(residual, 0.0)) + floor
    terms = (2.0 / X.shape[0]) * (np.abs(X).T @ shortfall)
    return KKT_TOLERANCE * max(float(terms.max()), 1e-300)


def _kkt_violation(
    X: np.ndarray, residual: np.ndarray, w: np.ndarray, box: BudgetAndBounds
) -> float:
    """How far ``w`` misses the budget-and-box KKT conditions with the true gradient: a budget
    multiplier ``gamma`` with gradient ``= gamma`` on free weights, ``>=`` on lower bounds and
    ``<=`` on upper bounds."""
    gradient = _true_gradient(X, residual)
    fixed = box.lower == box.upper
    near = 1e-12 * max(1.0, float(np.abs(w).max()))
    on_lower = ~fixed & (w - box.lower <= near)
    on_upper = ~fixed & ~on_lower & (box.upper - w <= near)
    free = ~fixed & ~on_lower & ~on_upper
    above, under = gradient[free | on_upper], gradient[free | on_lower]
    if not above.size or not under.size:
        return 0.0
    return max((float(above.max()) - float(under.min())) / 2, 0.0)


def _checked(X: np.ndarray, tau: float, box: BudgetAndBounds, w: np.ndarray) -> np.ndarray:
    """``w`` after checking the KKT conditions with the true gradient; :class:`SolverError` if not."""
    residual = X @ w - tau
    violation = _kkt_violation(X, residual, w, box)
    tolerance = _kkt_tolerance(X, residual)
    if violation > tolerance:
        raise SolverError(
            f"the optimality conditions fail by {violation:.3g} (tolerance {tolerance:.3g})"
        )
    return w
