"""Risk budgeting: long-only, fully invested weights whose risk contributions equal given budgets.

The risk contribution of asset ``i`` is ``RC_i = w_i (Sigma w)_i / (w' Sigma w)`` (they sum to 1);
equal budgets give the equal-risk-contribution portfolio. The weights solve Spinu's (2013) convex
problem ``min 1/2 y' Sigma y - sum_i b_i log y_i`` over ``y > 0`` (its optimality conditions are
``y_i (Sigma y)_i = b_i``), then ``w = y / sum(y)``. It is solved by Newton's method in correlation
units (``x = sigma * y``) with a backtracking line search that keeps ``x > 0``, until every risk
contribution is within ``RELATIVE_TOLERANCE`` of its budget (relative to the budget).

>>> import numpy as np
>>> problem = PortfolioProblem(
...     assets=("A", "B"), mu=np.zeros(2), Sigma=np.diag([0.01, 0.04]), periods_per_year=252.0
... )
>>> risk_budget_weights(problem).weights.round(6).to_dict()  # diagonal: w ~ 1 / sigma
{'A': 0.666667, 'B': 0.333333}
>>> result = risk_budget_weights(problem, {"A": 1.0, "B": 4.0})
>>> risk_contributions(result.weights.to_numpy(), problem.Sigma).round(10).tolist()
[0.2, 0.8]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Self

import numpy as np
import pandas as pd
from scipy.linalg import LinAlgError, cho_factor, cho_solve

from algofolio.allocate.base import Allocator
from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import ConfigError, DataError, InfeasibleError, SolverError
from algofolio.optimize._allocation import as_problem, asset_volatilities, fit_problem
from algofolio.optimize._values import check_number
from algofolio.optimize.figures import variance_result
from algofolio.optimize.problem import PortfolioProblem
from algofolio.optimize.result import OptimizationResult

__all__ = [
    "MAX_NEWTON_STEPS",
    "RELATIVE_TOLERANCE",
    "RiskBudgeting",
    "budget_vector",
    "risk_budget_weights",
    "risk_contributions",
]

RELATIVE_TOLERANCE = 1e-10
"""Largest accepted ``max_i |RC_i / b_i - 1|`` (Newton converges quadratically: the last step
usually lands near machine precision)."""

MAX_NEWTON_STEPS = 100
"""Newton steps before :class:`SolverError` (a dozen usually suffice, even at 2000 assets)."""

_ARMIJO = 0.25
"""Sufficient-decrease fraction of the backtracking line search."""

_INTERIOR = 0.99
"""A step stops at this fraction of the way to the boundary ``x_i = 0``."""

_RISKLESS = 1e-14
"""An iterate whose variance ``x' C x`` is below this fraction of ``x' x`` (``C`` has a unit
diagonal) is a riskless long-only combination: then no weights meet the budgets."""

_SMALLEST_STEP = 1e-12
"""The line search gives up below this step length."""

_FULL_STEP = 1e-4
"""Below this squared Newton decrement the full step is taken without a line search: Newton's
method converges quadratically there, and the objective's decrease falls below rounding."""

Budgets = Mapping[str, float] | pd.Series
"""Risk budgets per asset: ``{asset: budget}`` or an asset-indexed ``Series``."""


def risk_contributions(weights: np.ndarray, Sigma: np.ndarray) -> np.ndarray:
    """Relative risk contributions ``w_i (Sigma w)_i / (w' Sigma w)`` ``(n,)`` (they sum to 1).

    Raises :class:`DataError` for weights with zero variance (no risk to share).

    >>> risk_contributions(np.array([0.5, 0.5]), np.diag([1.0, 3.0])).tolist()
    [0.25, 0.75]
    """
    marginal = Sigma @ weights
    variance = float(weights @ marginal)
    if not variance > 0:
        raise DataError("the portfolio has zero variance: risk contributions are undefined")
    contributions: np.ndarray = weights * marginal / variance
    return contributions


def budget_vector(budgets: Budgets | None, assets: Sequence[str]) -> np.ndarray:
    """The budgets ``(n,)`` over ``assets``, normalised to sum 1 (equal when ``None``).

    Raises :class:`ConfigError` (``key`` names the asset) for an asset without a budget, a budget
    that is not a finite number > 0, or a budget for an asset that is not in ``assets``.

    >>> budget_vector({"A": 1, "B": 3}, ["A", "B"]).tolist()
    [0.25, 0.75]
    """
    n = len(assets)
    if budgets is None:
        return np.full(n, 1.0 / n)
    if isinstance(budgets, pd.Series):
        if not budgets.index.is_unique:
            dup = str(budgets.index[budgets.index.duplicated()][0])
            raise ConfigError(f"budgets name asset {dup!r} twice", key=f"budgets[{dup!r}]")
        budgets = {str(name): value for name, value in budgets.items()}
    if not isinstance(budgets, Mapping):
        raise ConfigError(
            f"budgets must be a mapping {{asset: budget}} or a Series, got {type(budgets).__name__}",
            key="budgets",
        )
    given = {str(name): value for name, value in budgets.items()}
    known = set(assets)
    for name in given:
        if name not in known:
            raise ConfigError(
                f"budgets name asset {name!r}, which is not an asset of the problem",
                key=f"budgets[{name!r}]",
            )
    values = np.empty(n)
    for i, asset in enumerate(assets):
        key = f"budgets[{asset!r}]"
        if asset not in given:
            raise ConfigError(f"budgets give no budget for asset {asset!r}", key=key)
        value = check_number(given[asset], key)
        if not value > 0:
            raise ConfigError(f"{key} must be > 0, got {value:g}", key=key)
        values[i] = value
    normalised: np.ndarray = values / values.sum()
    return normalised


def risk_budget_weights(
    data: PortfolioProblem | ReturnDistribution, budgets: Budgets | None = None
) -> OptimizationResult:
    """Long-only, fully invested weights whose risk contributions equal ``budgets`` (normalised to
    sum 1; equal risk contributions when ``None``), from the covariance of ``data``.

    ``objective_value`` is the portfolio's annualised variance; ``solver`` is ``'NEWTON'``.
    Raises :class:`ConfigError` for bad budgets (see :func:`budget_vector`), :class:`DataError`
    naming an asset with zero variance, :class:`SolverError` when Newton's method does not reach
    ``RELATIVE_TOLERANCE`` within ``MAX_NEWTON_STEPS``, :class:`InfeasibleError` when a long-only
    combination of the assets is riskless (no weights then meet the budgets).
    """
    problem = as_problem(data, "risk_budget_weights")
    b = budget_vector(budgets, problem.assets)
    sigma = asset_volatilities(problem, "risk budgeting")
    correlation = problem.Sigma / np.outer(sigma, sigma)
    y = _spinu_newton(correlation, b) / sigma
    return variance_result(problem, y / y.sum(), "NEWTON")


def _spinu_newton(C: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The minimiser ``x > 0`` ``(n,)`` of ``1/2 x' C x - b' log x`` (``C`` PSD with unit-order
    entries, ``b > 0`` summing to 1), where ``x_i (C x)_i = b_i``; see the module docstring."""
    x: np.ndarray = np.sqrt(b)  # the solution when C is diagonal, scaled to its best multiple
    start = float(x @ C @ x)
    if start > 0:
        x = x / math.sqrt(start)
    for _ in range(MAX_NEWTON_STEPS):
        Cx = C @ x
        variance = float(x @ Cx)
        if not variance > _RISKLESS * float(x @ x):
            raise InfeasibleError(
                "risk budgeting: a long-only combination of the assets has zero variance, so no "
                "weights have risk contributions equal to the budgets"
            )
        error = float(np.max(np.abs(x * Cx / (variance * b) - 1.0)))
        if error <= RELATIVE_TOLERANCE:
            return x
        gradient = Cx - b / x
        hessian = C.copy()
        hessian.flat[:: len(x) + 1] += b / (x * x)
        try:
            step = -cho_solve(cho_factor(hessian, overwrite_a=True, check_finite=False), gradient)
        except LinAlgError as failure:
            raise SolverError(
                f"risk budgeting: the Newton system is singular ({failure})"
            ) from None
        x = _line_search(C, b, x, Cx, step, float(gradient @ step))
    raise SolverError(
        f"risk budgeting: Newton's method did not converge in {MAX_NEWTON_STEPS} steps "
        f"(risk contributions off their budgets by {error:.3g} relative)"
    )


def _line_search(
    C: np.ndarray, b: np.ndarray, x: np.ndarray, Cx: np.ndarray, step: np.ndarray, slope: float
) -> np.ndarray:
    """``x + t step`` for the largest ``t = 2**-k`` (capped to stay inside ``x > 0``) that
    decreases the objective enough (Armijo); ``Cx = C x``, ``slope = gradient' step``."""
    shrinking = step < 0
    t = 1.0
    if shrinking.any():
        t = min(t, _INTERIOR * float(np.min(-x[shrinking] / step[shrinking])))
    if -slope <= _FULL_STEP:
        return x + t * step
    value = 0.5 * float(x @ Cx) - float(b @ np.log(x))
    Cstep = C @ step
    while t > _SMALLEST_STEP:
        trial = x + t * step
        if 0.5 * float(trial @ (Cx + t * Cstep)) - float(b @ np.log(trial)) <= (
            value + _ARMIJO * t * slope
        ):
            return trial
        t /= 2
    return x + t * step  # no decrease found: the next step's convergence test decides


class RiskBudgeting(Allocator):
    """Risk-budgeting weights (:func:`risk_budget_weights`) from the sample covariance (``ddof=1``)
    of the returns, or from a return distribution; ``budgets=None`` is equal risk contribution.

    ``fit`` sets ``weights_`` and ``result_`` (:class:`OptimizationResult`) and returns ``self``.

    >>> rng = np.random.default_rng(0)
    >>> returns = pd.DataFrame(rng.normal(0.0, [0.01, 0.02], size=(500, 2)), columns=["A", "B"])
    >>> RiskBudgeting(periods_per_year=252).fit(returns).weights_.round(2).to_dict()
    {'A': 0.66, 'B': 0.34}
    """

    result_: OptimizationResult

    def __init__(
        self, budgets: Budgets | None = None, *, periods_per_year: float | None = None
    ) -> None:
        self.budgets = budgets
        self.periods_per_year = periods_per_year

    def fit(self, returns: pd.DataFrame | ReturnDistribution, y: None = None) -> Self:
        """Solve on ``returns`` (dates x assets, simple, complete) or a return distribution."""
        problem = fit_problem(returns, self.periods_per_year, "RiskBudgeting.fit")
        self.result_ = risk_budget_weights(problem, self.budgets)
        self.weights_ = self.result_.weights
        return self
