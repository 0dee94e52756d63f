"""The exact efficient frontier under a budget and box bounds, from the critical line.

Points are spaced evenly in expected return from the min-volatility portfolio to the max-return
one; each is exact (the weights are the straight line between the two corners around it). The max
Sharpe portfolio is the exact maximum of the ratio on the line (closed form per segment). Figures
are annual, like :class:`~algofolio.optimize.OptimizationResult`: ``expected_return = mu' w *
periods_per_year``, ``volatility = sqrt(w' Sigma w * periods_per_year)``, ``sharpe`` with the
per-period equivalent of ``risk_free_rate``. ``corners`` lists the corner portfolios by increasing
volatility with ``lambda`` (the trade-off of ``min 1/2 w' Sigma w - lambda mu' w``, per period;
``1 / risk_aversion`` of :class:`~algofolio.optimize.MaxUtility`).

>>> import numpy as np
>>> problem = PortfolioProblem(
...     assets=("A", "B"), mu=np.array([0.1, 0.2]), Sigma=np.diag([1.0, 4.0]), periods_per_year=1.0
... )
>>> frontier = efficient_frontier(problem, points=3)
>>> frontier.points.round(4).to_dict("list")  # variances 0.8, 0.4^2 + 4 * 0.6^2, 4
{'expected_return': [0.12, 0.16, 0.2], 'volatility': [0.8944, 1.2649, 2.0], 'sharpe': [0.1342, 0.1265, 0.1]}
>>> frontier.max_sharpe.weights.round(4).to_dict()
{'A': 0.6667, 'B': 0.3333}
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import ConfigError, DataError, InfeasibleError
from algofolio.core.frequency import per_period_rate
from algofolio.optimize._threads import one_blas_thread
from algofolio.optimize._values import check_unreserved
from algofolio.optimize.constraints import Constraint
from algofolio.optimize.critical_line import critical_line
from algofolio.optimize.critical_line_solver import budget_and_bounds
from algofolio.optimize.efficient_line import max_ratio, points_at_returns
from algofolio.optimize.feasibility import conflicts
from algofolio.optimize.figures import portfolio_result
from algofolio.optimize.objectives import MaxSharpe, MinVariance, Objective
from algofolio.optimize.problem import PortfolioProblem, problem_from_distribution
from algofolio.optimize.result import OptimizationResult
from algofolio.optimize.solve import DEFAULT_CONSTRAINTS, snap_to_bounds

__all__ = ["CORNER_COLUMNS", "EfficientFrontier", "efficient_frontier"]

SOLVER = "CLA"
CORNER_COLUMNS = ("expected_return", "volatility", "sharpe", "lambda")
"""The figures of each corner portfolio, before its weight columns."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class EfficientFrontier:
    """The efficient frontier (annual figures).

    * ``points``: index ``0..N-1`` named ``point``, columns ``expected_return``, ``volatility``,
      ``sharpe``, by increasing volatility from the min-volatility portfolio to the max-return one;
    * ``weights``: ``N x assets``, rows aligned with ``points``;
    * ``corners``: the corner portfolios by increasing volatility, columns ``expected_return``,
      ``volatility``, ``sharpe``, ``lambda``, then one column per asset;
    * ``min_volatility`` and ``max_sharpe``: the two portfolios as optimisation results;
    * ``risk_free_rate``: the annual rate of every ``sharpe``.
    """

    points: pd.DataFrame
    weights: pd.DataFrame
    corners: pd.DataFrame
    min_volatility: OptimizationResult
    max_sharpe: OptimizationResult
    risk_free_rate: float


@one_blas_thread
def efficient_frontier(
    data: PortfolioProblem | ReturnDistribution,
    points: int = 50,
    *,
    constraints: Sequence[Constraint] = DEFAULT_CONSTRAINTS,
    risk_free_rate: float = 0.0,
) -> EfficientFrontier:
    """``points`` (>= 2) exact efficient portfolios, the corners, min volatility and max Sharpe
    under ``constraints`` (a :class:`~algofolio.optimize.Budget` and finite
    :class:`~algofolio.optimize.Bounds` only).

    Raises :class:`ConfigError` for another constraint or too few points, :class:`InfeasibleError`
    when the constraints conflict or no efficient portfolio beats ``risk_free_rate``,
    :class:`SolverError` on a singular covariance.
    """
    if isinstance(points, bool) or not isinstance(points, int | np.integer) or points < 2:
        raise ConfigError(f"points must be an integer >= 2, got {points!r}", key="points")
    problem = _as_problem(data)
    check_unreserved(problem.assets, CORNER_COLUMNS, "the frontier's corners")
    box = budget_and_bounds(constraints, problem.assets)
    found = conflicts(constraints, problem.assets)
    if found:
        raise InfeasibleError("no portfolio satisfies the constraints: " + "; ".join(found))
    sharpe_objective = MaxSharpe(risk_free_rate=risk_free_rate)
    periods = problem.periods_per_year
    rf = per_period_rate(sharpe_objective.risk_free_rate, periods)
    line = critical_line(problem.Sigma, problem.mu, box.lower, box.upper, box.total)
    returns = line.weights @ problem.mu
    targets = np.linspace(returns[-1], returns[0], int(points))
    targets[0], targets[-1] = returns[-1], returns[0]
    W, risk = points_at_returns(line, problem.mu, targets)
    excess = problem.mu - rf
    if not float(line.weights[0] @ excess) > 0:
        raise InfeasibleError(
            f"max Sharpe: no efficient portfolio has an expected return above the risk-free rate "
            f"{sharpe_objective.risk_free_rate:g} a year"
        )
    tangency = max_ratio(line, excess)
    corner_frame = _figures(line.weights[::-1], line.risk[::-1], problem, rf)
    corner_frame.insert(3, "lambda", line.lambdas[::-1])
    corner_frame = pd.concat(
        [corner_frame, pd.DataFrame(line.weights[::-1], columns=list(problem.assets))], axis=1
    )
    corner_frame.index.name = "corner"
    weights = pd.DataFrame(W, columns=pd.Index(problem.assets))
    weights.index.name = "point"
    return EfficientFrontier(
        points=_figures(W, risk, problem, rf, name="point"),
        weights=weights,
        corners=corner_frame,
        min_volatility=_result(problem, MinVariance(), line.weights[-1], box.lower, box.upper, 0.0),
        max_sharpe=_result(
            problem,
            sharpe_objective,
            tangency,
            box.lower,
            box.upper,
            sharpe_objective.risk_free_rate,
        ),
        risk_free_rate=sharpe_objective.risk_free_rate,
    )


def _as_problem(data: PortfolioProblem | ReturnDistribution) -> PortfolioProblem:
    if isinstance(data, PortfolioProblem):
        return data
    if isinstance(data, ReturnDistribution):
        return problem_from_distribution(data)
    raise DataError(
        f"efficient_frontier needs a PortfolioProblem or a ReturnDistribution, "
        f"got {type(data).__name__}"
    )


def _figures(
    W: np.ndarray, risk: np.ndarray, problem: PortfolioProblem, rf: float, name: str = "corner"
) -> pd.DataFrame:
    """Annual expected return, volatility and Sharpe ratio of the rows of ``W`` (``risk`` their
    ``Sigma w``)."""
    periods = problem.periods_per_year
    means = W @ problem.mu
    std = np.sqrt(np.clip((W * risk).sum(axis=1), 0.0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        sharpe = np.where(std > 0, (means - rf) / std * math.sqrt(periods), 0.0)
    frame = pd.DataFrame(
        {
            "expected_return": means * periods,
            "volatility": std * math.sqrt(periods),
            "sharpe": sharpe,
        }
    )
    frame.index.name = name
    return frame


def _result(
    problem: PortfolioProblem,
    objective: Objective,
    weights: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    risk_free_rate: float,
) -> OptimizationResult:
    weights = snap_to_bounds(weights, lower, upper)
    return portfolio_result(
        problem,
        weights,
        objective_value=objective.value(weights, problem),
        solver=SOLVER,
        risk_free_rate=risk_free_rate,
    )
