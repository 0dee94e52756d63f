"""A mean-variance problem spec (data, objective, constraints) and its cvxpy model.

>>> import numpy as np
>>> from algofolio.optimize.constraints import Budget
>>> from algofolio.optimize.objectives import MinVariance
>>> problem = PortfolioProblem(
...     assets=("A", "B"), mu=np.zeros(2), Sigma=np.diag([1.0, 1.0]), periods_per_year=1.0
... )
>>> model = build_model(ProblemSpec(problem=problem, objective=MinVariance(), constraints=(Budget(),)))
>>> len(model.problem.constraints)
1
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import cvxpy as cp
import numpy as np

from algofolio.core.errors import ConfigError, SolverError
from algofolio.optimize.constraints import Constraint
from algofolio.optimize.cost_penalty import CostPenalty
from algofolio.optimize.objectives import NetReturnObjective, Objective
from algofolio.optimize.problem import PortfolioProblem

__all__ = ["CvxpyModel", "ProblemSpec", "build_model"]

SCALE_FLOOR = 1e-12
"""Below this homogenising scale ``k`` the max-Sharpe transform has no usable solution."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class ProblemSpec:
    """Everything a solver needs: the data, the objective and the constraints."""

    problem: PortfolioProblem
    objective: Objective
    constraints: Sequence[Constraint]


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class CvxpyModel:
    """The cvxpy problem of a spec; ``weights()`` reads the solution (``y / k`` when homogeneous)."""

    problem: cp.Problem
    w: cp.Variable
    scale: Any

    def weights(self) -> np.ndarray:
        """Solved weights ``(n,)``; :class:`SolverError` when the variables hold no finite value."""
        values = self.w.value
        scale = 1.0 if isinstance(self.scale, float) else self.scale.value
        if values is None or scale is None:
            raise SolverError("the solver returned no values")
        k = float(np.asarray(scale).reshape(-1)[0])
        if not k > SCALE_FLOOR:
            raise SolverError(f"the max-Sharpe scale k = {k:.3g} is not positive")
        weights = np.asarray(values, dtype=float) / k
        if not np.isfinite(weights).all():
            raise SolverError("the solver returned non-finite weights")
        return weights


def build_model(spec: ProblemSpec) -> CvxpyModel:
    """The cvxpy model of ``spec`` (``y = k w`` with a variable ``k`` for homogeneous objectives);
    :class:`CostPenalty` terms are netted from the expected returns of a
    :class:`NetReturnObjective` (:class:`ConfigError` for any other objective)."""
    problem = spec.problem
    w = cp.Variable(problem.n_assets, name="w")
    scale: Any = cp.Variable(name="k", nonneg=True) if spec.objective.homogeneous else 1.0
    penalties = [c for c in spec.constraints if isinstance(c, CostPenalty)]
    if not penalties:
        objective, extra = spec.objective.build(w, scale, problem)
    elif isinstance(spec.objective, NetReturnObjective):
        cost = sum(p.expression(w, scale, problem) for p in penalties)
        objective, extra = spec.objective.build_net(w, scale, problem, cost)
    else:
        raise ConfigError(
            f"{spec.objective.describe()} does not use expected returns, so a transaction-cost "
            "penalty cannot be netted from them; limit trading with MaxTurnover instead, or use "
            "max utility",
            key="constraints",
        )
    constraints = list(extra)
    for constraint in spec.constraints:
        constraints += constraint.build(w, scale, problem)
    return CvxpyModel(problem=cp.Problem(objective, constraints), w=w, scale=scale)
