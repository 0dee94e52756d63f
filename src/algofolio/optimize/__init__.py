"""Portfolio optimisation (L3): constraints as value objects, typed objectives, a solver chain.

The general path builds a cvxpy model (Clarabel, then OSQP, then SCS); specialised solvers plug into
the same :class:`SolverChain`. Means and covariances are per period; annual targets are converted
with ``periods_per_year``.
"""

from algofolio.optimize.allocator import MeanVariance
from algofolio.optimize.constraints import Bounds, Budget, Constraint, GrossLeverage, MarketNeutral
from algofolio.optimize.cost_penalty import CostPenalty
from algofolio.optimize.feasibility import conflicts
from algofolio.optimize.groups import GroupLimits
from algofolio.optimize.model import ProblemSpec
from algofolio.optimize.objectives import (
    Attainable,
    EfficientReturn,
    EfficientRisk,
    MaxReturn,
    MaxSharpe,
    MaxUtility,
    MinVariance,
    NetReturnObjective,
    Objective,
)
from algofolio.optimize.problem import (
    PortfolioProblem,
    covariance_factor,
    problem_from_distribution,
    problem_from_returns,
)
from algofolio.optimize.result import OptimizationResult
from algofolio.optimize.solve import DEFAULT_CONSTRAINTS, optimize_portfolio
from algofolio.optimize.solvers import DEFAULT_CHAIN, CvxpySolver, Solution, Solver, SolverChain
from algofolio.optimize.tracking import MaxTurnover, TrackingErrorLimit

__all__ = [
    "DEFAULT_CHAIN",
    "DEFAULT_CONSTRAINTS",
    "Attainable",
    "Bounds",
    "Budget",
    "Constraint",
    "CostPenalty",
    "CvxpySolver",
    "EfficientReturn",
    "EfficientRisk",
    "GrossLeverage",
    "GroupLimits",
    "MarketNeutral",
    "MaxReturn",
    "MaxSharpe",
    "MaxTurnover",
    "MaxUtility",
    "MeanVariance",
    "MinVariance",
    "NetReturnObjective",
    "Objective",
    "OptimizationResult",
    "PortfolioProblem",
    "ProblemSpec",
    "Solution",
    "Solver",
    "SolverChain",
    "TrackingErrorLimit",
    "conflicts",
    "covariance_factor",
    "optimize_portfolio",
    "problem_from_distribution",
    "problem_from_returns",
]
