"""Warm-started minimum variance under a budget and a box: ``min w' Sigma w`` s.t. ``sum(w) = total``,
``lower <= w <= upper``, from a guess of the free weights (the previous rebalance's).

A sequence of min variance problems on overlapping windows (a monthly rebalance on a year of
returns) changes its free set by a few assets at a time. Started from the previous free set, the
primal-dual active-set method of :mod:`~algofolio.optimize.budget_box` settles in two or three
Cholesky factorisations of the small ``Sigma_FF``. Each step reads the covariance only through
``Sigma_FF`` and products with the nonzero weights, so it may be given as a matrix
(:class:`DenseCovariance`, ``O(n k)`` a step for ``k`` nonzero weights) or as the window's centred
returns (:class:`CovarianceFactor`, ``O(m n)`` a step, the ``n x n`` matrix never formed). It stops
exactly at the KKT conditions (free weights inside their box, bound multipliers of the right sign)
or, when the guess leads to a singular ``Sigma_FF`` (more free assets than returns), a cycle or no
settling, falls back to the cold solvers: the critical line walked down to its min variance corner
(as :class:`~algofolio.optimize.MeanVariance` solves it), then the active-set method from its
default start.

>>> import numpy as np
>>> solution = warm_min_variance(
...     np.diag([1.0, 4.0, 9.0]), np.zeros(3), np.ones(3), free=np.array([True, False, False])
... )
>>> solution.weights.round(6).tolist(), solution.warm
([0.734694, 0.183673, 0.081633], True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg

from algofolio.core.errors import ConfigError, InfeasibleError, SolverError
from algofolio.optimize._threads import one_blas_thread
from algofolio.optimize.budget_box import factor_free, solve_budget_box
from algofolio.optimize.critical_line import critical_line
from algofolio.optimize.efficient_line import weights_at_lambda

__all__ = [
    "WARM_ITERATIONS",
    "CovarianceFactor",
    "DenseCovariance",
    "MinVarianceSolution",
    "warm_min_variance",
]

WARM_ITERATIONS = 30
"""Active-set steps allowed from a warm start before falling back to the cold solvers."""


@dataclass(frozen=True, slots=True, eq=False)
class DenseCovariance:
    """A covariance matrix ``Sigma`` ``(n, n)`` as the solver reads it."""

    Sigma: np.ndarray

    @property
    def n(self) -> int:
        """Assets."""
        return int(self.Sigma.shape[0])

    def block(self, index: np.ndarray) -> np.ndarray:
        """``Sigma[index][:, index]``."""
        block: np.ndarray = self.Sigma[np.ix_(index, index)]
        return block

    def times(self, index: np.ndarray, values: np.ndarray) -> np.ndarray:
        """``Sigma[:, index] @ values`` ``(n,)``."""
        product: np.ndarray = self.Sigma[:, index] @ values
        return product

    def dense(self) -> np.ndarray:
        """``Sigma``."""
        return self.Sigma


@dataclass(frozen=True, slots=True, eq=False)
class CovarianceFactor:
    """``Sigma = X' X`` from a factor ``X`` ``(m, n)``, never formed: a block costs ``O(m k^2)``
    and a product ``O(m n)`` instead of ``O(n^2)``. :meth:`of_returns` gives the sample covariance
    (``ddof=1``) of ``m`` returns."""

    X: np.ndarray

    @classmethod
    def of_returns(cls, returns: np.ndarray, mean: np.ndarray | None = None) -> CovarianceFactor:
        """``X = (returns - mean) / sqrt(m - 1)`` for returns ``(m, n)``, ``m >= 2``, so that
        ``X' X`` is ``numpy.cov(returns, rowvar=False, ddof=1)`` (``mean``: the column means, when
        already computed)."""
        m = returns.shape[0]
        if m < 2:
            raise ConfigError(
                f"a sample covariance needs at least 2 returns, got {m}", key="returns"
            )
        centred = returns - (returns.mean(axis=0) if mean is None else mean)
        centred *= 1.0 / np.sqrt(m - 1)
        return cls(centred)

    @property
    def n(self) -> int:
        """Assets."""
        return int(self.X.shape[1])

    def block(self, index: np.ndarray) -> np.ndarray:
        """``Sigma[index][:, index]``."""
        columns = self.X[:, index]
        block: np.ndarray = columns.T @ columns
        return block

    def times(self, index: np.ndarray, values: np.ndarray) -> np.ndarray:
        """``Sigma[:, index] @ values`` ``(n,)``."""
        product: np.ndarray = self.X.T @ (self.X[:, index] @ values)
        return product

    def dense(self) -> np.ndarray:
        """``Sigma`` ``(n, n)`` (``O(m n^2)``: the cold solvers only)."""
        Sigma: np.ndarray = self.X.T @ self.X
        return Sigma


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class MinVarianceSolution:
    """``weights`` ``(n,)``; ``free`` ``(n,)`` bool (strictly inside the box) and ``on_upper``
    ``(n,)`` bool (on the upper bound), the guesses for the next warm start; the budget multiplier
    ``gamma`` (``Sigma w - gamma`` is ``0`` on free weights, ``>= 0`` on lower bounds, ``<= 0`` on
    upper bounds); the active-set ``iterations`` and whether the ``warm`` start gave the answer
    (``False``: a cold solver did)."""

    weights: np.ndarray
    free: np.ndarray
    on_upper: np.ndarray
    budget_multiplier: float
    iterations: int
    warm: bool


@one_blas_thread
def warm_min_variance(
    covariance: np.ndarray | CovarianceFactor,
    lower: np.ndarray,
    upper: np.ndarray,
    total: float = 1.0,
    *,
    free: np.ndarray | None = None,
    on_upper: np.ndarray | None = None,
    mean: np.ndarray | None = None,
) -> MinVarianceSolution:
    """The min variance weights under ``sum(w) = total`` and finite bounds ``lower <= w <= upper``
    ``(n,)``, for ``covariance`` a symmetric PSD matrix ``(n, n)`` or a :class:`CovarianceFactor`.

    ``free`` guesses the free weights (``None`` or no free weight: a cold solve), ``on_upper`` the
    bounded ones on their upper bound (default: none). ``mean`` ``(n,)`` only steers the critical
    line of the cold fallback (the sample mean, as :class:`~algofolio.optimize.MeanVariance`
    uses; default ``-diag(Sigma)``); the min variance weights do not depend on it.

    Raises :class:`InfeasibleError` when the bounds cannot meet the budget, :class:`ConfigError`
    for arrays of the wrong shape, :class:`SolverError` when the cold solvers fail too.
    """
    operator = (
        covariance if isinstance(covariance, CovarianceFactor) else DenseCovariance(covariance)
    )
    n = _check_shapes(operator, lower, upper, free, on_upper, mean)
    slack = 1e-9 * max(1.0, abs(total))
    if lower.sum() > total + slack or upper.sum() < total - slack:
        raise InfeasibleError(
            f"the bounds cannot meet the budget {total:g}: they allow sums from "
            f"{lower.sum():g} to {upper.sum():g}"
        )
    if free is not None and free.any():
        guess_upper = np.zeros(n, dtype=bool) if on_upper is None else on_upper
        try:
            return _active_set(operator, lower, upper, total, free, guess_upper)
        except SolverError:
            pass
    return _cold(operator.dense(), lower, upper, total, mean)


def _check_shapes(
    covariance: DenseCovariance | CovarianceFactor,
    lower: np.ndarray,
    upper: np.ndarray,
    free: np.ndarray | None,
    on_upper: np.ndarray | None,
    mean: np.ndarray | None,
) -> int:
    if isinstance(covariance, DenseCovariance):
        shape = covariance.Sigma.shape
        if len(shape) != 2 or shape[0] != shape[1]:
            raise ConfigError(f"the covariance must be square, got {shape}", key="covariance")
    n = covariance.n
    named = {"lower": lower, "upper": upper, "free": free, "on_upper": on_upper, "mean": mean}
    for name, array in named.items():
        if array is not None and array.shape != (n,):
            raise ConfigError(f"{name} must have the shape ({n},), got {array.shape}", key=name)
    if not (np.isfinite(lower).all() and np.isfinite(upper).all()):
        raise ConfigError("the bounds must be finite", key="lower")
    if (lower > upper).any():
        i = int(np.argmax(lower - upper))
        raise ConfigError(
            f"lower[{i}] = {lower[i]:g} is above upper[{i}] = {upper[i]:g}", key="lower"
        )
    return n


def _active_set(
    covariance: DenseCovariance | CovarianceFactor,
    lower: np.ndarray,
    upper: np.ndarray,
    total: float,
    free: np.ndarray,
    on_upper: np.ndarray,
) -> MinVarianceSolution:
    """The primal-dual active-set iterations of :func:`~algofolio.optimize.budget_box.
    solve_budget_box` (``q = 0``) reading ``Sigma`` only through ``Sigma_FF`` and products with the
    nonzero weights; :class:`SolverError` on a singular ``Sigma_FF``, a cycle, or no settling."""
    fixed = lower == upper
    is_free = free & ~fixed
    at_upper = on_upper & ~is_free & ~fixed
    tol_w = 1e-13 * max(1.0, abs(total), float(np.abs(lower).max()), float(np.abs(upper).max()))
    seen: set[bytes] = set()
    for iteration in range(1, WARM_ITERATIONS + 1):
        F = np.flatnonzero(is_free)
        if not F.size:
            raise SolverError("no free weight: the warm start does not apply")
        w = np.where(at_upper, upper, lower)
        w[F] = 0.0
        held = np.flatnonzero(w)
        pull_F = covariance.times(held, w[held])[F] if held.size else np.zeros(F.size)
        factor = factor_free(covariance.block(F))
        x = scipy.linalg.cho_solve(
            factor, np.column_stack([-pull_F, np.ones(F.size)]), check_finite=False
        )
        gamma = float((total - w.sum() - x[:, 0].sum()) / x[:, 1].sum())
        w[F] = x[:, 0] + gamma * x[:, 1]
        nonzero = np.flatnonzero(w)
        gradient = covariance.times(nonzero, w[nonzero])
        z = gradient - gamma
        tol_z = 1e-12 * (float(np.abs(gradient).max()) + abs(gamma) + 1e-300)
        at_lower = ~is_free & ~fixed & ~at_upper
        below = is_free & (w < lower - tol_w)
        above = is_free & (w > upper + tol_w)
        new_lower = below | (at_lower & ~(z < -tol_z))
        new_upper = above | (at_upper & ~(z > tol_z))
        new_free = ~fixed & ~new_lower & ~new_upper
        if (new_free == is_free).all() and (new_upper == at_upper).all():
            return MinVarianceSolution(
                weights=np.clip(w, lower, upper),
                free=is_free,
                on_upper=at_upper,
                budget_multiplier=gamma,
                iterations=iteration,
                warm=True,
            )
        key = new_free.tobytes() + new_upper.tobytes()
        if key in seen:
            raise SolverError("the warm active-set method cycled")
        seen.add(key)
        is_free, at_upper = new_free, new_upper
    raise SolverError(f"the warm active-set method did not settle in {WARM_ITERATIONS} steps")


def _cold(
    Sigma: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    total: float,
    mean: np.ndarray | None,
) -> MinVarianceSolution:
    """The critical line's min variance corner, else the active-set method from its default start;
    the free set read off the weights."""
    steer = -np.diag(Sigma).copy() if mean is None else mean
    try:
        line = critical_line(Sigma, steer, lower, upper, total)
        w = weights_at_lambda(line, 0.0)
    except SolverError as line_error:
        try:
            w = solve_budget_box(Sigma, np.zeros_like(lower), lower, upper, total).weights
        except SolverError:
            raise SolverError(f"min variance: {line_error}") from line_error
    fixed = lower == upper
    on_upper = ~fixed & (w >= upper)
    free = ~fixed & (w > lower) & ~on_upper
    gradient = Sigma @ w
    gamma = float(gradient[free].mean()) if free.any() else float("nan")
    return MinVarianceSolution(
        weights=w, free=free, on_upper=on_upper, budget_multiplier=gamma, iterations=0, warm=False
    )
