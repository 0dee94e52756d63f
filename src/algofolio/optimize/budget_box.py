"""Fast exact solver of ``min 1/2 w' Sigma w + q' w  s.t.  sum(w) = total, lower <= w <= upper``.

A primal-dual active-set method (Hintermüller, Ito and Kunisch 2002, a semismooth Newton method):
guess which weights sit on a bound, solve the equality-constrained problem on the free weights with
one Cholesky factorisation of ``Sigma_FF``, then move weights that broke a bound onto it and weights
whose bound multiplier has the wrong sign off it; stop when the guess repeats, which is exactly the
KKT conditions. A handful of iterations in practice; a cycle or a singular ``Sigma_FF`` raises
:class:`SolverError` so a caller can fall back (the critical line, then cvxpy).

>>> import numpy as np
>>> box = solve_budget_box(
...     np.diag([1.0, 4.0]), np.zeros(2), np.zeros(2), np.ones(2), total=1.0
... )
>>> box.weights.tolist(), box.free.tolist()
([0.8, 0.2], [True, True])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg

from algofolio.core.errors import InfeasibleError, SolverError

__all__ = [
    "PIVOT_TOLERANCE",
    "ActiveSetCycleError",
    "BudgetBoxSolution",
    "factor_free",
    "solve_budget_box",
]

PIVOT_TOLERANCE = 1e-11
"""``Sigma_FF`` counts as singular when a squared Cholesky pivot falls below this, relative to the
largest variance of the free assets (a duplicated asset gives about 1e-16)."""

MAX_ITERATIONS = 100


class ActiveSetCycleError(SolverError):
    """The active-set method went round in a cycle (a degenerate problem, not a singular one)."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class BudgetBoxSolution:
    """``weights`` ``(n,)``, ``free`` ``(n,)`` bool (strictly between the bounds, zero bound
    multiplier), ``budget_multiplier`` ``gamma`` with ``Sigma w + q - gamma 1`` ``>= 0`` on lower
    bounds and ``<= 0`` on upper bounds, the number of ``iterations`` and the Cholesky ``factor``
    of ``Sigma_FF`` (``None`` without free weights)."""

    weights: np.ndarray
    free: np.ndarray
    budget_multiplier: float
    iterations: int
    factor: tuple[np.ndarray, bool] | None


def factor_free(Sigma_FF: np.ndarray) -> tuple[np.ndarray, bool]:
    """The Cholesky factor of ``Sigma_FF`` (``scipy.linalg.cho_factor`` form); :class:`SolverError`
    when it is singular to :data:`PIVOT_TOLERANCE`."""
    try:
        factor: tuple[np.ndarray, bool] = scipy.linalg.cho_factor(
            Sigma_FF, lower=True, check_finite=False
        )
    except np.linalg.LinAlgError:
        raise SolverError(
            "the covariance of the free assets is singular (an asset is a combination of others)"
        ) from None
    pivots = np.diag(factor[0]) ** 2
    if pivots.min() < PIVOT_TOLERANCE * np.diag(Sigma_FF).max():
        raise SolverError(
            "the covariance of the free assets is singular (an asset is a combination of others)"
        )
    return factor


def _solve_free(
    Sigma: np.ndarray,
    q: np.ndarray,
    weights: np.ndarray,
    free: np.ndarray,
    total: float,
) -> tuple[np.ndarray, float, tuple[np.ndarray, bool] | None]:
    """Weights with the free ones optimal for the bounded ones held, the budget multiplier and the
    factor of ``Sigma_FF``."""
    F = np.flatnonzero(free)
    w = weights.copy()
    w[F] = 0.0
    pull = Sigma @ w + q  # gradient from the bounded weights
    if F.size == 0:
        return w, float("nan"), None
    factor = factor_free(Sigma[np.ix_(F, F)])
    rhs = np.column_stack([-pull[F], np.ones(F.size)])
    x = scipy.linalg.cho_solve(factor, rhs, check_finite=False)
    remaining = total - (w.sum() - 0.0)
    gamma = (remaining - x[:, 0].sum()) / x[:, 1].sum()
    w[F] = x[:, 0] + gamma * x[:, 1]
    return w, float(gamma), factor


def _budget_multiplier_when_all_bounded(
    h: np.ndarray, at_lower: np.ndarray, at_upper: np.ndarray
) -> float:
    """A budget multiplier when no weight is free: between the upper-bound gradients (below it)
    and the lower-bound gradients (above it) when possible, the midpoint otherwise."""
    top = h[at_upper].max() if at_upper.any() else -np.inf
    bottom = h[at_lower].min() if at_lower.any() else np.inf
    if np.isfinite(top) and np.isfinite(bottom):
        return float((top + bottom) / 2)
    return float(top if np.isfinite(top) else bottom if np.isfinite(bottom) else 0.0)


def _free_one_for_the_budget(
    free: np.ndarray,
    at_lower: np.ndarray,
    at_upper: np.ndarray,
    h: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    total: float,
) -> None:
    """With every weight on a bound the budget is met only by chance: free the cheapest weight to
    raise (lowest gradient on a lower bound) or the dearest to cut, in place."""
    bounded = np.where(at_upper, upper, lower)
    gap = total - float(bounded.sum())
    if abs(gap) <= 1e-12 * max(1.0, abs(total)):
        return
    pool = at_lower if gap > 0 else at_upper
    if not pool.any():
        return
    i = (
        int(np.argmin(np.where(pool, h, np.inf)))
        if gap > 0
        else int(np.argmax(np.where(pool, h, -np.inf)))
    )
    free[i], at_lower[i], at_upper[i] = True, False, False


def solve_budget_box(
    Sigma: np.ndarray,
    q: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    total: float,
    *,
    free: np.ndarray | None = None,
    on_upper: np.ndarray | None = None,
) -> BudgetBoxSolution:
    """Solve ``min 1/2 w' Sigma w + q' w`` s.t. ``sum(w) = total``, ``lower <= w <= upper`` (finite
    bounds; ``lower == upper`` fixes a weight). ``free`` is an optional starting guess of the free
    weights (default: every weight not fixed), ``on_upper`` of the bounded ones on their upper bound
    (default: the bound nearer zero).

    Raises :class:`InfeasibleError` when the bounds cannot meet the budget and :class:`SolverError`
    when ``Sigma_FF`` is singular or the active set cycles.
    """
    n = Sigma.shape[0]
    if lower.sum() > total + 1e-9 * max(1.0, abs(total)) or upper.sum() < total - 1e-9 * max(
        1.0, abs(total)
    ):
        raise InfeasibleError("the bounds cannot meet the budget")
    fixed = lower == upper
    scale_w = max(1.0, abs(total), float(np.abs(lower).max()), float(np.abs(upper).max()))
    tol_w = 1e-13 * scale_w
    is_free = ~fixed if free is None else (free & ~fixed)
    weights = np.where(is_free, 0.0, lower)
    # bounded start: the weights not free sit on the nearer bound of zero
    start_up = np.abs(upper) < np.abs(lower) if on_upper is None else on_upper
    weights = np.where(~is_free & start_up, upper, weights)
    weights[fixed] = lower[fixed]
    at_upper = ~is_free & ~fixed & (weights == upper)
    seen: set[bytes] = set()
    cautious = False  # after a cycle: change one bound at a time, the worst violation first
    for iteration in range(1, MAX_ITERATIONS + 1):
        w, gamma, factor = _solve_free(Sigma, q, weights, is_free, total)
        h = Sigma @ w + q
        at_lower = ~is_free & ~fixed & ~at_upper
        if not is_free.any():
            gamma = _budget_multiplier_when_all_bounded(h, at_lower, at_upper)
        z = h - gamma
        tol_z = 1e-12 * (float(np.abs(h).max()) + float(np.abs(q).max()) + abs(gamma) + 1e-300)
        below = is_free & (w < lower - tol_w)
        above = is_free & (w > upper + tol_w)
        leave_lower = at_lower & (z < -tol_z)
        leave_upper = at_upper & (z > tol_z)
        if cautious:
            below, above, leave_lower, leave_upper = _worst_only(
                below, above, leave_lower, leave_upper, w, z, lower, upper
            )
        new_lower = below | (at_lower & ~leave_lower)
        new_upper = above | (at_upper & ~leave_upper)
        new_free = ~fixed & ~new_lower & ~new_upper
        if not new_free.any():
            _free_one_for_the_budget(new_free, new_lower, new_upper, h, lower, upper, total)
        if (new_free == is_free).all() and (new_upper == at_upper).all():
            w = np.clip(w, lower, upper)
            return BudgetBoxSolution(
                weights=w,
                free=is_free,
                budget_multiplier=gamma,
                iterations=iteration,
                factor=factor,
            )
        key = new_free.tobytes() + new_upper.tobytes()
        if key in seen:
            if cautious:
                raise ActiveSetCycleError("the active-set method cycled between the same bounds")
            cautious = True
            seen.clear()
        seen.add(key)
        is_free, at_upper = new_free, new_upper
        weights = np.where(new_upper, upper, lower)
    raise ActiveSetCycleError(
        f"the active-set method did not settle in {MAX_ITERATIONS} iterations on {n} assets"
    )


def _worst_only(
    below: np.ndarray,
    above: np.ndarray,
    leave_lower: np.ndarray,
    leave_upper: np.ndarray,
    w: np.ndarray,
    z: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Keep only the worst violation: a free weight furthest outside its box, else the bounded
    weight whose multiplier has the wrong sign by most."""
    outside = np.where(below, lower - w, 0.0) + np.where(above, w - upper, 0.0)
    keep = [np.zeros_like(below) for _ in range(4)]
    if outside.max() > 0:
        i = int(np.argmax(outside))
        keep[0 if below[i] else 1][i] = True
    else:
        wrong = np.where(leave_lower, -z, 0.0) + np.where(leave_upper, z, 0.0)
        if wrong.max() > 0:
            i = int(np.argmax(wrong))
            keep[2 if leave_lower[i] else 3][i] = True
    return keep[0], keep[1], keep[2], keep[3]
