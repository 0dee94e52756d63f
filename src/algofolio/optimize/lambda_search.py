"""One efficient portfolio without the whole critical line: a Newton search over the trade-off.

The efficient weights of ``min 1/2 w' Sigma w - lam mean' w`` (budget, box bounds) are affine in
``lam`` on each *segment* where the active set holds. At a trial ``lam`` the active-set method
(:mod:`~algofolio.optimize.budget_box`) gives the active set; its segment ``[lo, hi]`` and its line
``base + lam slope`` follow from the same Cholesky factor. If the wanted point (a target return, a
target variance, the ratio's maximum) lies on the segment it is exact; otherwise the search jumps to
where the segment's line, extended, would put it, inside a bracket that only shrinks. A few
factorisations of ``Sigma_FF`` instead of one step per corner: the fast path when many assets are
free (long-short bounds), where the critical line has about ``n`` corners.

>>> import numpy as np
>>> Sigma, mean = np.diag([1.0, 4.0]), np.array([1.0, 2.0])
>>> max_ratio_by_search(Sigma, mean, np.zeros(2), np.ones(2), 1.0).round(6).tolist()
[0.666667, 0.333333]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.linalg

from algofolio.core.errors import InfeasibleError, SolverError
from algofolio.optimize.budget_box import BudgetBoxSolution, solve_budget_box
from algofolio.optimize.critical_line import denoise

__all__ = [
    "Segment",
    "max_ratio_by_search",
    "return_target_by_search",
    "variance_target_by_search",
]

MAX_STEPS = 60


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Segment:
    """Efficient weights ``base + lam * slope`` for ``lo <= lam <= hi`` (one active set), with
    ``Sigma @ base`` and ``Sigma @ slope``."""

    lo: float
    hi: float
    base: np.ndarray
    slope: np.ndarray
    risk_base: np.ndarray
    risk_slope: np.ndarray

    def weights(self, lam: float) -> np.ndarray:
        weights: np.ndarray = self.base + lam * self.slope
        return weights

    def line(self, vector: np.ndarray) -> tuple[float, float]:
        """``(a, b)`` with ``vector' w = a + b lam``."""
        return float(vector @ self.base), float(vector @ self.slope)

    def variance(self) -> tuple[float, float, float]:
        """``(c, d, e)`` with ``w' Sigma w = c + 2 d lam + e lam^2``."""
        return (
            float(self.base @ self.risk_base),
            float(self.base @ self.risk_slope),
            float(self.slope @ self.risk_slope),
        )


Decision = tuple[str, float | None]
"""``("here", lam)``: the answer is at ``lam`` on this segment; ``("up" | "down", proposal)``: it
lies at larger / smaller ``lam``, perhaps near ``proposal``."""


def segment_of(
    Sigma: np.ndarray,
    mean: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    total: float,
    box: BudgetBoxSolution,
) -> Segment:
    """The segment of the active set of ``box`` (a solution at some ``lam``)."""
    free = box.free
    if box.factor is None:
        raise SolverError("no free weight: the segment is a single corner")
    F = np.flatnonzero(free)
    bounded = np.where(free, 0.0, box.weights)
    pull = Sigma @ bounded
    x = scipy.linalg.cho_solve(
        box.factor, np.column_stack([np.ones(F.size), mean[F], pull[F]]), check_finite=False
    )
    a, b, c = x[:, 0], x[:, 1], x[:, 2]
    gamma0 = (total - float(bounded.sum()) + float(c.sum())) / float(a.sum())
    gamma1 = -float(b.sum()) / float(a.sum())
    base, slope = bounded.copy(), np.zeros_like(bounded)
    base[F] = gamma0 * a - c
    slope[F] = denoise(b + gamma1 * a, np.abs(b) + np.abs(gamma1 * a))
    risk_base, risk_slope = Sigma @ base, Sigma @ slope
    # gradient Sigma w - lam mean - gamma = p + lam q: its sign on the bounded weights
    p = risk_base - gamma0
    q = denoise(risk_slope - mean - gamma1, np.abs(risk_slope) + np.abs(mean) + abs(gamma1))
    fixed = lower == upper
    at_upper = ~free & ~fixed & (box.weights == upper)
    at_lower = ~free & ~fixed & ~at_upper
    lows, highs = [0.0], [math.inf]
    with np.errstate(divide="ignore", invalid="ignore"):
        rising, falling = free & (slope > 0), free & (slope < 0)
        lows += list((lower[rising] - base[rising]) / slope[rising])
        highs += list((upper[rising] - base[rising]) / slope[rising])
        lows += list((upper[falling] - base[falling]) / slope[falling])
        highs += list((lower[falling] - base[falling]) / slope[falling])
        # on a lower bound g >= 0, on an upper bound g <= 0
        for side, sign in ((at_lower, 1.0), (at_upper, -1.0)):
            up, down = side & (sign * q > 0), side & (sign * q < 0)
            lows += list(-p[up] / q[up])
            highs += list(-p[down] / q[down])
    return Segment(
        lo=max(lows),
        hi=min(highs),
        base=base,
        slope=slope,
        risk_base=risk_base,
        risk_slope=risk_slope,
    )


def search(
    Sigma: np.ndarray,
    mean: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    total: float,
    decide: Callable[[Segment, float], Decision],
) -> np.ndarray:
    """The weights ``decide`` settles on, over segments found from ``lam = 0`` (min variance) up.

    Raises :class:`SolverError` when the bracket empties, a segment is inconsistent or the search
    does not settle (the critical line is then the fallback).
    """
    low, high, lam = 0.0, math.inf, 0.0
    free: np.ndarray | None = None
    on_upper: np.ndarray | None = None
    for _ in range(MAX_STEPS):
        box = solve_budget_box(
            Sigma, -lam * mean, lower, upper, total, free=free, on_upper=on_upper
        )
        segment = segment_of(Sigma, mean, lower, upper, total, box)
        slack = 1e-9 * max(abs(lam), 1e-12)
        if not segment.lo - slack <= lam <= segment.hi + slack:
            raise SolverError("the active set does not hold at its own trade-off")
        verdict, proposal = decide(segment, lam)
        if verdict == "here" and proposal is not None:
            return _checked(
                segment.weights(min(max(proposal, segment.lo), segment.hi)), lower, upper, total
            )
        if verdict == "up":
            low = max(low, segment.hi)
        else:
            high = min(high, segment.lo)
        if not low < high:
            raise SolverError("the search over the trade-off lost its bracket")
        if proposal is not None and low < proposal < high:
            lam = proposal
        elif math.isfinite(high):
            lam = (low + high) / 2
        else:
            lam = 2 * low if low > 0 else 1.0
        free, on_upper = box.free, box.weights == upper
    raise SolverError(f"the search over the trade-off did not settle in {MAX_STEPS} steps")


def _checked(weights: np.ndarray, lower: np.ndarray, upper: np.ndarray, total: float) -> np.ndarray:
    """``weights`` clipped to the bounds after checking they are within ``1e-9`` of them and of the
    budget (:class:`SolverError` otherwise: a wrong segment, never a wrong answer)."""
    size = max(1.0, float(np.abs(weights).max()))
    outside = max(float((lower - weights).max()), float((weights - upper).max()))
    if outside > 1e-9 * size or abs(float(weights.sum()) - total) > 1e-9 * size:
        raise SolverError("the search over the trade-off left the bounds or the budget")
    clipped: np.ndarray = np.clip(weights, lower, upper)
    return clipped


def max_ratio_by_search(
    Sigma: np.ndarray, excess: np.ndarray, lower: np.ndarray, upper: np.ndarray, total: float
) -> np.ndarray:
    """The weights maximising ``excess' w / sqrt(w' Sigma w)`` (see
    :func:`~algofolio.optimize.critical_line.max_ratio`).

    Along the efficient line (drawn for ``mean = excess``) the ratio's slope has the sign of
    ``psi = v - lam f`` (``f = excess' w``, ``v = w' Sigma w``), as ``dv = 2 lam df`` on a segment;
    so with ``w = base + lam slope`` there, ``psi = c - a lam`` (``c = base' Sigma base``,
    ``a = excess' base``) and the maximum is where ``psi`` changes sign: ``lam = c / a`` on the
    segment that holds it (a flat segment, whose weights do not move, included).
    """

    def decide(segment: Segment, lam: float) -> Decision:
        a = segment.line(excess)[0]
        c = segment.variance()[0]
        if a <= 0:  # psi > 0 on the whole segment
            if math.isinf(segment.hi):
                raise InfeasibleError(
                    "no portfolio allowed by the constraints has a positive excess return"
                )
            return "up", None
        best = c / a  # psi = c - a lam on the segment
        if segment.lo <= best <= segment.hi:
            return "here", best
        return ("up" if best > segment.hi else "down"), best

    return search(Sigma, excess, lower, upper, total, decide)


def return_target_by_search(
    Sigma: np.ndarray,
    mean: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    total: float,
    target: float,
) -> np.ndarray:
    """The efficient weights with ``mean' w == target`` (min variance when ``target`` is below its
    return); :class:`InfeasibleError` above the max return."""

    slack = 1e-12 * abs(target) + 1e-300

    def decide(segment: Segment, lam: float) -> Decision:
        a, b = segment.line(mean)
        if segment.lo == 0 and a >= target - slack:
            return "here", 0.0
        at = (target - a) / b if b > 0 else None
        if at is not None and segment.lo <= at <= segment.hi:
            return "here", at
        if a + b * lam < target - slack:
            if math.isinf(segment.hi):
                raise InfeasibleError(
                    "the target return is above the maximum the constraints allow"
                )
            return "up", at
        if a + b * lam <= target + slack:
            return "here", lam
        return "down", at

    return search(Sigma, mean, lower, upper, total, decide)


def variance_target_by_search(
    Sigma: np.ndarray,
    mean: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    total: float,
    target: float,
) -> np.ndarray:
    """The efficient weights with ``w' Sigma w == target`` (the max-return ones when ``target`` is
    above their variance); :class:`InfeasibleError` below the min variance."""

    slack = 1e-12 * target + 1e-300

    def decide(segment: Segment, lam: float) -> Decision:
        c, d, e = segment.variance()
        if segment.lo == 0 and c >= target - slack:
            if c > target + slack:
                raise InfeasibleError(
                    "the target volatility is below the minimum the constraints allow"
                )
            return "here", 0.0
        # the root of e lam^2 + 2 d lam + (c - target) on the rising branch
        disc = d * d - e * (c - target)
        root = (-d + math.sqrt(disc)) / e if e > 0 and disc >= 0 else None
        if root is not None and segment.lo <= root <= segment.hi:
            return "here", root
        variance = c + 2 * d * lam + e * lam * lam
        if abs(variance - target) <= slack:
            return "here", lam
        if variance < target:
            if math.isinf(segment.hi):
                return "here", lam
            return "up", root
        return "down", root

    return search(Sigma, mean, lower, upper, total, decide)
