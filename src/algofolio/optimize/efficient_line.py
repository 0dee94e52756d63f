"""The efficient line as data: the corner portfolios of the critical line, and exact points on it.

Between two corners the efficient weights are the straight line between them (affine in the
trade-off ``lam``, so in the expected return), which makes every point here exact: at a trade-off,
at a target return, at a target variance, or where a ratio such as the Sharpe ratio is highest.
The corners come from :func:`~algofolio.optimize.critical_line.critical_line`.

>>> import numpy as np
>>> line = CriticalLine(
...     weights=np.array([[0.0, 1.0], [0.8, 0.2]]),
...     risk=np.array([[0.0, 4.0], [0.8, 0.8]]),  # Sigma = diag(1, 4)
...     lambdas=np.array([4.0, 0.0]),
...     free=(np.array([0, 1]), np.array([0, 1])),
... )
>>> weights_at_lambda(line, 2.0).round(6).tolist()
[0.4, 0.6]
>>> max_ratio(line, np.array([1.0, 2.0])).round(6).tolist()  # Sigma^-1 mu ~ (1, 0.5)
[0.666667, 0.333333]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from algofolio.core.errors import InfeasibleError, SolverError

__all__ = [
    "CriticalLine",
    "max_ratio",
    "points_at_returns",
    "weights_at_lambda",
    "weights_at_return",
    "weights_at_variance",
]


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class CriticalLine:
    """The corner portfolios of the efficient frontier, from max return to min variance.

    ``weights`` ``(k, n)``; ``risk`` ``(k, n)`` their ``Sigma w`` (so variances and covariances of
    corners cost ``O(n)``); ``lambdas`` ``(k,)`` strictly decreasing to ``0`` (the first corner holds
    for every larger ``lam``); ``free[i]`` the indices of the free assets on the segment from corner
    ``i`` to corner ``i + 1`` (on which the weights are the straight line between the two).
    """

    weights: np.ndarray
    risk: np.ndarray
    lambdas: np.ndarray
    free: tuple[np.ndarray, ...]


def weights_at_lambda(line: CriticalLine, lam: float) -> np.ndarray:
    """The efficient weights for the trade-off ``lam >= 0`` (straight line between corners)."""
    lambdas = line.lambdas
    if lam >= lambdas[0]:
        return _corner(line, 0)
    k = int(np.searchsorted(-lambdas, -lam, side="right"))  # lambdas[k - 1] > lam >= lambdas[k]
    k = min(max(k, 1), lambdas.size - 1)
    t = (lambdas[k - 1] - lam) / (lambdas[k - 1] - lambdas[k])
    return _blend(line.weights[k - 1], line.weights[k], t)


def weights_at_return(line: CriticalLine, mean: np.ndarray, target: float) -> np.ndarray:
    """The efficient weights with ``mean' w == target`` (per period), the least-variance one when
    ``target`` is below the min-variance portfolio's; :class:`InfeasibleError` above the max."""
    returns = line.weights @ mean  # non-increasing along the line
    if target > returns[0] + 1e-12 * abs(returns[0]) + 1e-15:
        raise InfeasibleError("the target return is above the maximum the constraints allow")
    if target <= returns[-1]:
        return _corner(line, -1)
    if target >= returns[0]:
        return _corner(line, 0)
    k = int(np.flatnonzero(returns >= target).max())  # returns[k] >= target > returns[k + 1]
    t = (returns[k] - target) / (returns[k] - returns[k + 1])
    return _blend(line.weights[k], line.weights[k + 1], t)


def points_at_returns(
    line: CriticalLine, mean: np.ndarray, targets: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``(weights, risk)`` ``(m, n)``: the efficient weights for each of ``targets`` (per period,
    clipped to the line's range) and their ``Sigma w``, both blended from the corners (``O(n)``
    each)."""
    if line.lambdas.size == 1:
        return np.repeat(line.weights, targets.size, 0), np.repeat(line.risk, targets.size, 0)
    returns = line.weights @ mean
    targets = np.clip(targets, returns[-1], returns[0])
    # segment k holds returns[k] >= target >= returns[k + 1]
    k = np.clip(np.searchsorted(-returns, -targets, side="right") - 1, 0, returns.size - 2)
    span = returns[k] - returns[k + 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(span > 0, (returns[k] - targets) / span, 0.0)[:, None]
    weights = (1 - t) * line.weights[k] + t * line.weights[k + 1]
    risk = (1 - t) * line.risk[k] + t * line.risk[k + 1]
    return weights, risk


def _corner(line: CriticalLine, k: int) -> np.ndarray:
    corner: np.ndarray = line.weights[k].copy()
    return corner


def _blend(start: np.ndarray, end: np.ndarray, t: float) -> np.ndarray:
    """``start + t (end - start)``, exactly ``end`` at ``t = 1``."""
    blend: np.ndarray = (1 - t) * start + t * end
    return blend


def _variances(line: CriticalLine) -> np.ndarray:
    variances: np.ndarray = np.einsum("ki,ki->k", line.weights, line.risk)
    return variances


def weights_at_variance(line: CriticalLine, target: float) -> np.ndarray:
    """The efficient weights with ``w' Sigma w == target`` (per period), the max-return corner when
    ``target`` is above its variance; :class:`InfeasibleError` below the min variance."""
    variances = _variances(line)  # non-increasing along the line
    if target < variances[-1] * (1 - 1e-12):
        raise InfeasibleError("the target volatility is below the minimum the constraints allow")
    if target >= variances[0]:
        return _corner(line, 0)
    if target <= variances[-1]:
        return _corner(line, -1)
    k = int(np.flatnonzero(variances >= target).max())
    start, step = line.weights[k], line.weights[k + 1] - line.weights[k]
    risk_step = line.risk[k + 1] - line.risk[k]
    # (start + t step)' Sigma (start + t step) = target for t in [0, 1], variance falling in t
    a, b = float(step @ risk_step), 2 * float(start @ risk_step)
    t = _falling_root(a, b, float(variances[k] - target))
    return _blend(start, line.weights[k + 1], min(max(t, 0.0), 1.0))


def _falling_root(a: float, b: float, c: float) -> float:
    """The smaller root of ``a t^2 + b t + c`` (``c >= 0``, ``b < 0``), in a stable form."""
    if a <= 0:
        return -c / b if b else 0.0
    disc = math.sqrt(max(b * b - 4 * a * c, 0.0))
    # (-b - disc) / (2a) written as 2c / (-b + disc) to avoid cancellation
    return 2 * c / (-b + disc) if -b + disc > 0 else 0.0


def max_ratio(line: CriticalLine, excess: np.ndarray) -> np.ndarray:
    """The weights on the line that maximise ``excess' w / sqrt(w' Sigma w)`` (the Sharpe ratio with
    ``excess`` the expected excess returns, the diversification ratio with the volatilities).

    On a segment ``w = start + t step`` the ratio is ``(a + b t) / sqrt(c + 2 d t + e t^2)``, whose
    only stationary point is ``t = (a d - b c) / (b d - a e)``: the best of it and the corners.
    """
    W, R = line.weights, line.risk
    variances = _variances(line)
    gains = W @ excess
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(variances > 0, gains / np.sqrt(variances), -np.inf)
    best_k = int(np.argmax(ratios))
    best, best_value = _corner(line, best_k), float(ratios[best_k])
    for k in range(W.shape[0] - 1):
        step, risk_step = W[k + 1] - W[k], R[k + 1] - R[k]
        a, b = float(gains[k]), float(gains[k + 1] - gains[k])
        c, d, e = float(variances[k]), float(W[k] @ risk_step), float(step @ risk_step)
        denominator = b * d - a * e
        if denominator == 0:
            continue
        t = (a * d - b * c) / denominator
        if not 0 < t < 1:
            continue
        variance = c + 2 * d * t + e * t * t
        if variance > 0 and (a + b * t) / math.sqrt(variance) > best_value:
            best, best_value = _blend(W[k], W[k + 1], t), (a + b * t) / math.sqrt(variance)
    if not math.isfinite(best_value):
        raise SolverError("every portfolio on the critical line is riskless: no ratio to maximise")
    return best
