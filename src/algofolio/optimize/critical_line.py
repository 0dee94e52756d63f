"""Markowitz's critical line algorithm: every efficient portfolio under a budget and box bounds.

It traces the solutions of ``min 1/2 w' Sigma w - lam mean' w  s.t.  sum(w) = total,
lower <= w <= upper`` as ``lam`` falls from ``+inf`` (the max-return portfolio) to ``0`` (the
min-variance portfolio). The free weights (strictly inside their bounds) are affine in ``lam``
until one hits a bound or a bounded weight's multiplier changes sign; those ``lam`` are the
*corners*. Between two corners the weights are the straight line between them, so any point of the
frontier is an exact interpolation (:mod:`~algofolio.optimize.efficient_line`).

Each step costs ``O(n k)`` (``k`` free assets): ``Sigma_FF^-1`` is updated when an asset enters or
leaves (:class:`~algofolio.optimize._free_set.FreeSet`). A singular ``Sigma_FF`` (an asset that is a
combination of others) or a degenerate corner raises :class:`SolverError` so a solver chain can
fall back.

>>> import numpy as np
>>> path = critical_line(
...     np.diag([1.0, 4.0]), np.array([1.0, 2.0]), np.zeros(2), np.ones(2), total=1.0
... )
>>> path.weights.round(6).tolist(), path.lambdas.round(6).tolist()
([[0.0, 1.0], [0.8, 0.2]], [4.0, 0.0])
"""

from __future__ import annotations

import math

import numpy as np

from algofolio.core.errors import InfeasibleError, SolverError
from algofolio.optimize._free_set import FreeSet
from algofolio.optimize.budget_box import ActiveSetCycleError, solve_budget_box
from algofolio.optimize.efficient_line import CriticalLine, weights_at_lambda

__all__ = ["critical_line", "denoise", "max_return_weights"]

REFRESH_EVERY = 32
"""Steps between checks of the updated inverse (and a recomputation of the bounded gradient)."""


def denoise(values: np.ndarray, size: np.ndarray) -> np.ndarray:
    """``values`` with entries that are rounding noise set to 0: a difference of terms of total
    magnitude ``size`` smaller than ``1e-12 * size`` (ties in the means give slopes of ~1e-20 that
    would otherwise move weights by ``noise * huge lam``)."""
    cleaned: np.ndarray = np.where(np.abs(values) <= 1e-12 * size, 0.0, values)
    return cleaned


class _Path:
    """The state of the walk: weights, which bound each bounded weight is on, the free set."""

    def __init__(
        self,
        Sigma: np.ndarray,
        mean: np.ndarray,
        lower: np.ndarray,
        upper: np.ndarray,
        total: float,
    ) -> None:
        self.Sigma, self.mean, self.lower, self.upper, self.total = Sigma, mean, lower, upper, total
        n = mean.size
        self.fixed = lower == upper
        self.weights = lower.copy()
        self.at_upper = np.zeros(n, dtype=bool)
        self.free = FreeSet(Sigma)
        self.bounded_gradient = np.zeros(n)  # Sigma[:, B] @ w_B
        scale = float(np.mean(np.diag(Sigma))) or 1.0
        self.lambda_scale = scale / max(float(np.abs(mean).max()), 1e-300)

    def start(self) -> None:
        """The max-return portfolio: the highest means on their upper bounds; among tied means at
        the margin, the least variance (a small budget-and-box problem)."""
        lower, upper, mean = self.lower, self.upper, self.mean
        remaining = self.total - float(lower.sum())
        tol = 1e-12 * max(1.0, abs(self.total))
        movable = np.flatnonzero(~self.fixed)
        order = movable[np.argsort(-mean[movable], kind="stable")]
        tie = 1e-14 * max(float(np.abs(mean).max()), 1e-300)
        start = 0
        while start < order.size and remaining > tol:
            stop = start + 1
            while stop < order.size and mean[order[start]] - mean[order[stop]] <= tie:
                stop += 1
            group = order[start:stop]
            room = float((upper[group] - lower[group]).sum())
            if room <= remaining + tol:
                self.weights[group] = upper[group]
                self.at_upper[group] = True
                remaining -= room
            else:
                self._start_margin(group, remaining)
                remaining = 0.0
            start = stop
        if remaining > tol:
            raise InfeasibleError("the upper bounds cannot reach the budget")
        self.at_upper &= ~self.fixed
        bounded = np.where(self.free.position >= 0, 0.0, self.weights)
        self.bounded_gradient = self.Sigma @ bounded

    def _start_margin(self, group: np.ndarray, remaining: float) -> None:
        if group.size == 1:
            self.weights[group] = self.lower[group] + remaining
            self.free.add(int(group[0]))
            return
        others = self.weights.copy()
        others[group] = 0.0
        Sigma_g, q = self.Sigma[np.ix_(group, group)], self.Sigma[group] @ others
        lower, upper = self.lower[group], self.upper[group]
        total = float(lower.sum()) + remaining
        try:
            box = solve_budget_box(Sigma_g, q, lower, upper, total)
            weights, free = box.weights, box.free
        except ActiveSetCycleError:  # the line of min 1/2 w'Sw - lam (-q)'w at lam = 1 instead
            if np.ptp(q) <= 1e-14 * max(float(np.abs(q).max()), 1e-300):
                raise  # it would start from this same tie
            weights = weights_at_lambda(critical_line(Sigma_g, -q, lower, upper, total), 1.0)
            margin = 1e-12 * max(1.0, float(np.abs(weights).max()))
            free = (weights > lower + margin) & (weights < upper - margin)
        self.weights[group] = np.clip(weights, lower, upper)
        for i, j in enumerate(group):
            if free[i]:
                self.free.add(int(j))
            elif upper[i] - weights[i] <= weights[i] - lower[i]:
                self.weights[j] = upper[i]
                self.at_upper[j] = upper[i] != lower[i]
            else:
                self.weights[j] = lower[i]

    def segment(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(alpha, beta, p, q, moved)``: free weights ``alpha + lam beta``, every asset's gradient
        ``Sigma w - lam mean - gamma`` as ``p + lam q``, and ``Sigma[:, F] @ [alpha, beta]``."""
        free = self.free
        F = free.indices
        free_sum = self.total - float(self.weights.sum() - self.weights[F].sum())
        solved = free.inverse @ np.column_stack(
            [np.ones(F.size), self.mean[F], self.bounded_gradient[F]]
        )
        a, b, c = solved[:, 0], solved[:, 1], solved[:, 2]
        s11 = float(a.sum())
        gamma0 = (free_sum + float(c.sum())) / s11
        gamma1 = -float(b.sum()) / s11
        alpha = gamma0 * a - c
        beta = denoise(b + gamma1 * a, np.abs(b) + np.abs(gamma1 * a))
        moved = free.columns @ np.column_stack([alpha, beta])
        p = moved[:, 0] + self.bounded_gradient - gamma0
        q = moved[:, 1] - self.mean - gamma1
        q = denoise(q, np.abs(moved[:, 1]) + np.abs(self.mean) + abs(gamma1))
        return alpha, beta, p, q, moved

    def risk(self, moved: np.ndarray, lam: float) -> np.ndarray:
        """``Sigma w`` at ``lam`` on the current segment."""
        return moved[:, 0] + lam * moved[:, 1] + self.bounded_gradient

    def enter(self, j: int) -> None:
        self.bounded_gradient -= self.Sigma[j] * self.weights[j]
        self.at_upper[j] = False
        self.free.add(j)

    def leave(self, j: int, on_upper: bool) -> None:
        self.weights[j] = self.upper[j] if on_upper else self.lower[j]
        self.at_upper[j] = on_upper
        self.free.remove(j)
        self.bounded_gradient += self.Sigma[j] * self.weights[j]

    def refresh(self) -> None:
        if self.free.drifted():
            self.free.refresh()
        bounded = self.weights.copy()
        bounded[self.free.indices] = 0.0
        self.bounded_gradient = self.Sigma @ bounded


def critical_line(
    Sigma: np.ndarray,
    mean: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    total: float,
) -> CriticalLine:
    """The corner portfolios of ``min 1/2 w' Sigma w - lam mean' w`` s.t. ``sum(w) = total``,
    ``lower <= w <= upper`` (finite; ``lower == upper`` fixes a weight) for ``lam`` from ``+inf``
    to ``0``. ``mean`` may be any vector whose trade-off with variance is wanted (expected returns,
    or asset volatilities for max diversification); adding a constant to it changes nothing.

    Raises :class:`InfeasibleError` when the bounds cannot meet the budget and :class:`SolverError`
    on a singular ``Sigma_FF`` or a degenerate corner.
    """
    path = _Path(Sigma, mean, lower, upper, total)
    path.start()
    corners = _Corners()
    current = math.inf
    changed: np.ndarray = np.zeros(0, dtype=np.intp)
    for step in range(20 * mean.size + 100):
        if step and step % REFRESH_EVERY == 0:
            path.refresh()
        if path.free.size == 0:
            risk = path.bounded_gradient.copy()
            pair = _pair_entry(path, current, changed)
            if pair is None:
                break
            current, changed = pair
            corners.record(path, current, risk)
            continue
        alpha, beta, p, q, moved = path.segment()
        _check_directions(path, changed, beta, q)
        event = _next_event(path, current, changed, alpha, beta, p, q)
        if event is None:
            break
        lam, leaving, on_upper, entering = event
        F = path.free.indices
        path.weights[F] = alpha + lam * beta
        risk = path.risk(moved, lam)
        for j, up in zip(leaving.tolist(), on_upper.tolist(), strict=True):
            path.leave(j, up)
        for j in entering.tolist():
            path.enter(j)
        current, changed = lam, np.concatenate([leaving, entering])
        corners.record(path, current, risk)
    else:
        raise SolverError("the critical line did not reach the min-variance portfolio")
    if path.free.size:
        alpha, _, _, _, moved = path.segment()
        path.weights[path.free.indices] = alpha
        risk = path.risk(moved, 0.0)
    else:
        risk = path.bounded_gradient.copy()
    corners.record(path, 0.0, risk)
    return corners.line()


class _Corners:
    """The corners found so far."""

    def __init__(self) -> None:
        self.weights: list[np.ndarray] = []
        self.risk: list[np.ndarray] = []
        self.lambdas: list[float] = []
        self.free: list[np.ndarray] = []

    def record(self, path: _Path, lam: float, risk: np.ndarray) -> None:
        """Append the corner at ``lam`` (replacing the last one when it is at the same ``lam``)."""
        if self.lambdas and self.lambdas[-1] <= lam * (1 + 1e-12) + 1e-15 * path.lambda_scale:
            self.weights.pop(), self.risk.pop(), self.lambdas.pop(), self.free.pop()
        self.weights.append(np.clip(path.weights, path.lower, path.upper))
        self.risk.append(risk)
        self.lambdas.append(max(lam, 0.0))
        self.free.append(np.sort(path.free.indices))

    def line(self) -> CriticalLine:
        return CriticalLine(
            weights=np.array(self.weights),
            risk=np.array(self.risk),
            lambdas=np.array(self.lambdas),
            free=tuple(self.free),
        )


def _next_event(
    path: _Path,
    current: float,
    changed: np.ndarray,
    alpha: np.ndarray,
    beta: np.ndarray,
    p: np.ndarray,
    q: np.ndarray,
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray] | None:
    """The largest ``lam`` in ``(0, current]`` where a free weight hits a bound or a bounded
    weight's multiplier reaches zero: ``(lam, leaving, on_upper, entering)``; ``None`` if none."""
    F = path.free.indices
    n = path.mean.size
    event = np.full(n, -np.inf)
    tiny_beta = 1e-13 * max(float(np.abs(beta).max()), 1e-300)
    with np.errstate(divide="ignore", invalid="ignore"):
        down = beta > tiny_beta
        up = beta < -tiny_beta
        event[F[down]] = (path.lower[F[down]] - alpha[down]) / beta[down]
        event[F[up]] = (path.upper[F[up]] - alpha[up]) / beta[up]
        bounded = path.free.position < 0
        bounded &= ~path.fixed
        tiny_q = 1e-13 * max(float(np.abs(q).max()), 1e-300)
        on_lower = bounded & ~path.at_upper & (q > tiny_q)
        on_upper = bounded & path.at_upper & (q < -tiny_q)
        rising = on_lower | on_upper
        event[rising] = -p[rising] / q[rising]
    tol = 1e-11 * (abs(current) if math.isfinite(current) else 0.0) + 1e-14 * path.lambda_scale
    event[changed] = np.where(event[changed] >= current - tol, -np.inf, event[changed])
    event[event > current + tol] = -np.inf  # rounding: already past
    lam = float(event.max())
    if not lam > 0:
        return None
    lam = min(lam, current)
    hits = np.flatnonzero(event >= lam - 1e-11 * lam - 1e-14 * path.lambda_scale)
    is_free = path.free.position[hits] >= 0
    leaving = hits[is_free]
    leaving_up = beta[path.free.position[leaving]] < 0
    return lam, leaving, leaving_up, hits[~is_free]


def max_return_weights(
    Sigma: np.ndarray,
    mean: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    total: float,
) -> np.ndarray:
    """The first corner of :func:`critical_line` alone: the max-return weights (the least variance
    among them when means tie at the margin)."""
    path = _Path(Sigma, mean, lower, upper, total)
    path.start()
    weights: np.ndarray = np.clip(path.weights, lower, upper)
    return weights


def _pair_entry(
    path: _Path, current: float, changed: np.ndarray
) -> tuple[float, np.ndarray] | None:
    """No free weight (the budget multiplier is not pinned): the largest ``lam`` below ``current``
    where an upper-bound asset's gradient ``Sigma w - lam mean`` meets a lower-bound asset's; both
    become free. ``None`` when that never happens above 0."""
    movable = ~path.fixed
    U = np.flatnonzero(movable & path.at_upper)
    L = np.flatnonzero(movable & ~path.at_upper)
    if not U.size or not L.size:
        return None
    h = path.bounded_gradient
    dm = path.mean[U][:, None] - path.mean[L][None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        meet = np.where(dm > 0, (h[U][:, None] - h[L][None, :]) / dm, -np.inf)
    lam = float(meet.max())
    tol = 1e-11 * (abs(current) if math.isfinite(current) else 0.0) + 1e-14 * path.lambda_scale
    if not lam > 0 or lam > current + tol:
        return None
    lam = min(lam, current)
    i, j = np.unravel_index(int(np.argmax(meet)), meet.shape)
    pair = np.array([U[i], L[j]])
    for k in pair.tolist():
        path.enter(k)
    return lam, pair


def _check_directions(path: _Path, changed: np.ndarray, beta: np.ndarray, q: np.ndarray) -> None:
    """The assets that changed at the last corner must move the right way from it: a freed weight
    into its box, a bounded weight's multiplier away from zero with the right sign."""
    if not changed.size:
        return
    position = path.free.position[changed]
    is_free = position >= 0
    tol_beta = 1e-9 * max(float(np.abs(beta).max()), 1e-300)
    freed = changed[is_free]
    direction = beta[position[is_free]]
    from_upper = path.weights[freed] >= path.upper[freed]
    from_lower = path.weights[freed] <= path.lower[freed]
    wrong = (from_upper & (direction < -tol_beta)) | (from_lower & (direction > tol_beta))
    bound = changed[~is_free]
    tol_q = 1e-9 * max(float(np.abs(q).max()), 1e-300)
    wrong_bound = np.where(path.at_upper[bound], q[bound] < -tol_q, q[bound] > tol_q)
    if wrong.any() or wrong_bound.any():
        raise SolverError("the critical line met a degenerate corner (several assets tie)")
