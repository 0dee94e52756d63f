"""``MeanVariance``: the optimiser as an allocator (scikit-learn estimator) the backtest can refit.

>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(0)
>>> returns = pd.DataFrame(rng.normal(0.0005, [0.01, 0.02], size=(500, 2)), columns=["A", "B"])
>>> model = MeanVariance(periods_per_year=252).fit(returns)
>>> model.weights_.round(3).to_dict(), model.result_.solver  # population weights: 0.8, 0.2
({'A': 0.796, 'B': 0.204}, 'CLA')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

import pandas as pd

from algofolio.allocate.base import Allocator, check_returns
from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import DataError
from algofolio.optimize.constraints import Constraint
from algofolio.optimize.objectives import MinVariance, Objective
from algofolio.optimize.problem import (
    PortfolioProblem,
    problem_from_distribution,
    problem_from_returns,
)
from algofolio.optimize.result import OptimizationResult
from algofolio.optimize.solve import DEFAULT_CONSTRAINTS, optimize_portfolio
from algofolio.optimize.solvers import DEFAULT_CHAIN, SolverChain

__all__ = ["MeanVariance"]


class MeanVariance(Allocator):
    """Mean-variance weights from the sample mean and covariance (``ddof=1``) of the returns, or
    from a return distribution.

    ``objective`` defaults to :class:`MinVariance`, ``constraints`` to fully invested long only
    (``Budget(), Bounds()``), ``chain`` to the critical line, then Clarabel -> OSQP -> SCS;
    ``periods_per_year`` is inferred
    from the returns' index when ``None`` (a distribution carries its own). ``fit`` sets
    ``weights_`` and ``result_`` (:class:`OptimizationResult`) and returns ``self``.
    """

    result_: OptimizationResult

    def __init__(
        self,
        objective: Objective | None = None,
        constraints: Sequence[Constraint] | None = None,
        *,
        periods_per_year: float | None = None,
        chain: SolverChain | None = None,
    ) -> None:
        self.objective = objective
        self.constraints = constraints
        self.periods_per_year = periods_per_year
        self.chain = chain

    def fit(self, returns: pd.DataFrame | ReturnDistribution, y: None = None) -> Self:
        """Optimise on ``returns`` (dates x assets, simple, complete) or a return distribution."""
        result = optimize_portfolio(
            self._problem(returns),
            self.objective if self.objective is not None else MinVariance(),
            self.constraints if self.constraints is not None else DEFAULT_CONSTRAINTS,
            chain=self.chain if self.chain is not None else DEFAULT_CHAIN,
        )
        self.result_ = result
        self.weights_ = result.weights
        return self

    def _problem(self, data: pd.DataFrame | ReturnDistribution) -> PortfolioProblem:
        if isinstance(data, pd.DataFrame):
            return problem_from_returns(data, check_returns(data), self.periods_per_year)
        if isinstance(data, ReturnDistribution):
            return problem_from_distribution(data)
        raise DataError(
            f"MeanVariance.fit needs a returns DataFrame or a return distribution, "
            f"got {type(data).__name__}"
        )
