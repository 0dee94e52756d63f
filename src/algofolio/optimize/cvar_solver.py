"""A fast solver for :class:`~algofolio.optimize.scenario_objectives.MinCVaR` under linear
constraints: the Rockafellar-Uryasev linear program solved by HiGHS's dual simplex, with scenario
generation.

Only the scenarios in the loss tail matter at the optimum (``(1-b) T`` of ``T``, plus ties), so
the solver starts from the worst ``3 (1-b) T + 10`` scenarios of the equally weighted portfolio,
solves that smaller linear program, and adds every left-out scenario whose loss exceeds the VaR
``a`` of the solution, warm-starting the dual simplex, until none does. Leaving a scenario out
drops a nonnegative term ``max(0, -r_t' w - a) / ((1-b) T)`` from the objective, so each restricted
program is a relaxation; when no left-out scenario is in the tail its optimum is the full
program's optimum (exactly, not approximately). Typically one to three rounds.

Handles :class:`Budget`, :class:`Bounds`, :class:`MarketNeutral` and :class:`GroupLimits`; other
constraints are declined (``supports`` is ``False``) and left to the cvxpy path.

>>> import numpy as np
>>> from algofolio.optimize.constraints import Bounds, Budget
>>> from algofolio.optimize.model import ProblemSpec
>>> from algofolio.optimize.problem import PortfolioProblem
>>> R = np.array([[-0.02, 0.01], [0.01, -0.02], [0.0, 0.0], [0.01, 0.01]])
>>> problem = PortfolioProblem(
...     assets=("A", "B"), mu=R.mean(axis=0), Sigma=np.cov(R.T), periods_per_year=252.0,
...     scenarios=R,
... )
>>> spec = ProblemSpec(problem=problem, objective=MinCVaR(confidence=0.75), constraints=(Budget(), Bounds()))
>>> HighsCVaRSolver().solve(spec).weights.round(6).tolist()  # worst day -0.5% either way
[0.5, 0.5]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from algofolio.core.errors import ConfigError, InfeasibleError, SolverError
from algofolio.optimize.constraints import Bounds, Budget, Constraint, MarketNeutral
from algofolio.optimize.feasibility import combined_bounds
from algofolio.optimize.groups import GroupLimits
from algofolio.optimize.model import ProblemSpec
from algofolio.optimize.scenario_objectives import MinCVaR, scenario_cvar
from algofolio.optimize.solution import Solution

__all__ = ["HighsCVaRSolver"]

LINEAR_CONSTRAINTS = (Budget, Bounds, MarketNeutral, GroupLimits)
"""The constraint types the CVaR solver writes as rows or bounds of its linear program."""

INITIAL_TAILS = 3
"""The first program holds this many tails' worth of scenarios (plus 10)."""

AGREEMENT = 1e-8
"""Largest relative gap accepted between the program's optimum and the CVaR of its weights."""

_INF = highspy.kHighsInf
_STATUS = highspy.HighsModelStatus


@dataclass(frozen=True, slots=True)
class _Rows:
    """Linear constraints ``lower <= A w <= upper`` (``A`` ``(m, n)``) and weight bounds."""

    A: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    w_lower: np.ndarray
    w_upper: np.ndarray


def _rows(constraints: Sequence[Constraint], assets: tuple[str, ...]) -> _Rows:
    n = len(assets)
    rows: list[np.ndarray] = []
    bounds: list[tuple[float, float]] = []
    for constraint in constraints:
        if isinstance(constraint, Budget):
            rows.append(np.ones(n))
            bounds.append((constraint.total, constraint.total))
        elif isinstance(constraint, MarketNeutral):
            rows.append(np.ones(n))
            bounds.append((0.0, 0.0))
        elif isinstance(constraint, GroupLimits):
            for group in constraint.groups:
                rows.append(constraint.indicator(group, assets))
                bounds.append(constraint.limits(group))
    w_lower, w_upper = combined_bounds(constraints, assets)
    return _Rows(
        A=np.array(rows, dtype=float).reshape(len(rows), n),
        lower=np.array([b[0] for b in bounds], dtype=float),
        upper=np.array([b[1] for b in bounds], dtype=float),
        w_lower=np.where(np.isfinite(w_lower), w_lower, -_INF),
        w_upper=np.where(np.isfinite(w_upper), w_upper, _INF),
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class HighsCVaRSolver:
    """Min CVaR by HiGHS's dual simplex with scenario generation (see the module docstring).

    Raises :class:`InfeasibleError` when HiGHS proves the constraints infeasible,
    :class:`ConfigError` when the CVaR is unbounded below (weights without bounds), and
    :class:`SolverError` otherwise (the chain then moves on).
    """

    name: str = "HIGHS_CVAR"
    tolerance: float = 1e-9
    """HiGHS's primal and dual feasibility tolerances (on returns scaled to order 1)."""

    def supports(self, spec: ProblemSpec) -> bool:
        """A :class:`MinCVaR` objective on a problem with scenarios, under linear constraints."""
        return (
            isinstance(spec.objective, MinCVaR)
            and spec.problem.scenarios is not None
            and all(isinstance(c, LINEAR_CONSTRAINTS) for c in spec.constraints)
        )

    def solve(self, spec: ProblemSpec) -> Solution:
        """Optimal weights of the min-CVaR program (see the class docstring for the errors)."""
        if not self.supports(spec):
            raise SolverError(f"{self.name}: not a min-CVaR problem under linear constraints")
        objective = spec.objective
        assert isinstance(objective, MinCVaR)
        scenarios = spec.problem.scenarios
        assert scenarios is not None
        unit = math.sqrt(spec.problem.variance_scale)
        R = scenarios / unit
        generation = _Generation(self, R, objective, _rows(spec.constraints, spec.problem.assets))
        weights = generation.run()
        optimum = generation.optimum() * unit
        cvar = scenario_cvar(scenarios @ weights, objective.confidence)
        if abs(optimum - cvar) > AGREEMENT * max(abs(cvar), unit):
            raise SolverError(
                f"{self.name}: the program's optimum {optimum:.10g} differs from the CVaR "
                f"{cvar:.10g} of its weights"
            )
        return Solution(weights=weights, solver=self.name)


class _Generation:
    """The restricted linear program over a growing set of scenarios.

    Columns: weights ``w`` (``n``), VaR ``a`` (1), excess losses ``u`` (one per scenario in the
    set, ``>= 0``, cost ``1 / ((1-b) T)``); rows: the linear constraints, then
    ``r_t' w + a + u_t >= 0`` per scenario in the set.
    """

    def __init__(
        self, solver: HighsCVaRSolver, R: np.ndarray, objective: MinCVaR, rows: _Rows
    ) -> None:
        self.solver, self.R, self.rows = solver, R, rows
        T = R.shape[0]
        self.tail_weight = objective.tail_weight(T)
        tail = math.ceil((1.0 - objective.confidence) * T)
        self.in_set = np.zeros(T, dtype=bool)
        first = min(T, INITIAL_TAILS * tail + 10)
        equal_weight_losses = -R.mean(axis=1)
        self.in_set[np.argpartition(-equal_weight_losses, first - 1)[:first]] = True
        self.highs = highspy.Highs()  # type: ignore[no-untyped-call]
        for option, value in (
            ("output_flag", False),
            ("presolve", "off"),
            ("solver", "simplex"),
            ("simplex_strategy", 1),  # dual simplex: warm starts after adding rows
            ("primal_feasibility_tolerance", solver.tolerance),
            ("dual_feasibility_tolerance", solver.tolerance),
        ):
            self.highs.setOptionValue(option, value)
        self.highs.passModel(self._model(np.flatnonzero(self.in_set)))

    def _model(self, scenarios: np.ndarray) -> highspy.HighsLp:
        R, rows = self.R[scenarios], self.rows
        K, n = R.shape
        m = rows.A.shape[0]
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n + 1 + K, m + K
        lp.col_cost_ = np.concatenate([np.zeros(n), [1.0], np.full(K, self.tail_weight)])
        lp.col_lower_ = np.concatenate([rows.w_lower, [-_INF], np.zeros(K)])
        lp.col_upper_ = np.concatenate([rows.w_upper, [_INF], np.full(K, _INF)])
        lp.row_lower_ = np.concatenate([rows.lower, np.zeros(K)])
        lp.row_upper_ = np.concatenate([rows.upper, np.full(K, _INF)])
        weight_columns = np.vstack([rows.A, R])  # (m + K, n), stored column by column
        scenario_rows = np.arange(m, m + K)
        starts = np.concatenate([np.arange(n + 1) * (m + K), n * (m + K) + K + np.arange(K + 1)])
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = starts.astype(np.int32)
        lp.a_matrix_.index_ = np.concatenate(
            [np.tile(np.arange(m + K), n), scenario_rows, scenario_rows]
        ).astype(np.int32)
        lp.a_matrix_.value_ = np.concatenate([weight_columns.ravel(order="F"), np.ones(2 * K)])
        return lp

    def _add(self, scenarios: np.ndarray) -> None:
        """Add the excess-loss columns, then the rows, of ``scenarios`` (the basis is kept)."""
        k, n = scenarios.size, self.R.shape[1]
        first_column = self.highs.getNumCol()
        no_entries = np.array([], dtype=np.int32)
        self.highs.addCols(
            k,
            np.full(k, self.tail_weight),
            np.zeros(k),
            np.full(k, _INF),
            0,
            np.zeros(k, dtype=np.int32),
            no_entries,
            np.array([], dtype=float),
        )
        values = np.hstack([self.R[scenarios], np.ones((k, 2))])
        columns = np.hstack(
            [np.tile(np.arange(n + 1), (k, 1)), (first_column + np.arange(k))[:, None]]
        )
        self.highs.addRows(
            k,
            np.zeros(k),
            np.full(k, _INF),
            k * (n + 2),
            (np.arange(k) * (n + 2)).astype(np.int32),
            columns.ravel().astype(np.int32),
            values.ravel(),
        )
        self.in_set[scenarios] = True

    def run(self) -> np.ndarray:
        """Solve, add the left-out scenarios in the tail, repeat; the optimal weights ``(n,)``."""
        n = self.R.shape[1]
        while True:
            self._solve()
            x = np.asarray(self.highs.getSolution().col_value, dtype=float)
            weights, var = x[:n], float(x[n])
            in_tail = (-(self.R @ weights) - var > 0.0) & ~self.in_set
            if not in_tail.any():
                return weights
            self._add(np.flatnonzero(in_tail))

    def optimum(self) -> float:
        """The optimal value of the last program solved (model units)."""
        return float(self.highs.getInfo().objective_function_value)

    def _solve(self) -> None:
        name = self.solver.name
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == _STATUS.kUnbounded and not self.in_set.all():
            self._add(np.flatnonzero(~self.in_set))  # a relaxation: decide on the full program
            self.highs.run()
            status = self.highs.getModelStatus()
        if status == _STATUS.kInfeasible:
            raise InfeasibleError(f"{name} proved the constraints infeasible")
        if status == _STATUS.kUnbounded:
            raise ConfigError(
                "min CVaR is unbounded under the constraints given; add Bounds", key="constraints"
            )
        if status != _STATUS.kOptimal:
            raise SolverError(f"{name}: status {self.highs.modelStatusToString(status)!r}")
