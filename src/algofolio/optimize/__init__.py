"""Portfolio optimisation (L3): constraints as value objects, typed objectives, a solver chain.

Specialised solvers answer first and decline what they do not solve: the exact critical line for
the mean-variance family under a budget and finite bounds, HiGHS for min CVaR under linear
constraints; the general path builds a cvxpy model (Clarabel, then OSQP, then SCS). Risk budgeting
(Newton) and hierarchical risk parity have their own functions and allocators. Means and
covariances are per period; annual targets are converted with ``periods_per_year``.
"""

from algofolio.optimize.allocator import MeanVariance
from algofolio.optimize.constraints import Bounds, Budget, Constraint, GrossLeverage, MarketNeutral
from algofolio.optimize.cost_penalty import CostPenalty
from algofolio.optimize.critical_line import critical_line
from algofolio.optimize.critical_line_solver import CriticalLineSolver
from algofolio.optimize.cvar_solver import HighsCVaRSolver
from algofolio.optimize.diversification import MaxDiversification, diversification_ratio
from algofolio.optimize.efficient_line import CriticalLine
from algofolio.optimize.feasibility import conflicts
from algofolio.optimize.frontier import EfficientFrontier, efficient_frontier
from algofolio.optimize.groups import GroupLimits
from algofolio.optimize.hierarchical import (
    HierarchicalRiskParity,
    LinkageMethod,
    hierarchical_risk_parity,
)
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
from algofolio.optimize.random_portfolios import random_portfolios
from algofolio.optimize.result import OptimizationResult
from algofolio.optimize.risk_budget import RiskBudgeting, risk_budget_weights, risk_contributions
from algofolio.optimize.scenario_objectives import (
    MaxSortino,
    MinCVaR,
    MinSemivariance,
    scenario_cvar,
    scenario_semivariance,
)
from algofolio.optimize.semivariance_solver import SemivarianceSolver
from algofolio.optimize.solution import Solution
from algofolio.optimize.solve import DEFAULT_CONSTRAINTS, optimize_portfolio
from algofolio.optimize.solvers import (
    CLARABEL_TIGHT,
    CVXPY_CHAIN,
    DEFAULT_CHAIN,
    CvxpySolver,
    Solver,
    SolverChain,
)
from algofolio.optimize.tracking import MaxTurnover, TrackingErrorLimit
from algofolio.optimize.warm_min_variance import (
    CovarianceFactor,
    DenseCovariance,
    MinVarianceSolution,
    warm_min_variance,
)

__all__ = [
    "CLARABEL_TIGHT",
    "CVXPY_CHAIN",
    "DEFAULT_CHAIN",
    "DEFAULT_CONSTRAINTS",
    "Attainable",
    "Bounds",
    "Budget",
    "Constraint",
    "CostPenalty",
    "CovarianceFactor",
    "CriticalLine",
    "CriticalLineSolver",
    "CvxpySolver",
    "DenseCovariance",
    "EfficientFrontier",
    "EfficientReturn",
    "EfficientRisk",
    "GrossLeverage",
    "GroupLimits",
    "HierarchicalRiskParity",
    "HighsCVaRSolver",
    "LinkageMethod",
    "MarketNeutral",
    "MaxDiversification",
    "MaxReturn",
    "MaxSharpe",
    "MaxSortino",
    "MaxTurnover",
    "MaxUtility",
    "MeanVariance",
    "MinCVaR",
    "MinSemivariance",
    "MinVariance",
    "MinVarianceSolution",
    "NetReturnObjective",
    "Objective",
    "OptimizationResult",
    "PortfolioProblem",
    "ProblemSpec",
    "RiskBudgeting",
    "SemivarianceSolver",
    "Solution",
    "Solver",
    "SolverChain",
    "TrackingErrorLimit",
    "conflicts",
    "covariance_factor",
    "critical_line",
    "diversification_ratio",
    "efficient_frontier",
    "hierarchical_risk_parity",
    "optimize_portfolio",
    "problem_from_distribution",
    "problem_from_returns",
    "random_portfolios",
    "risk_budget_weights",
    "risk_contributions",
    "scenario_cvar",
    "scenario_semivariance",
    "warm_min_variance",
]
