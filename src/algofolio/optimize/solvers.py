"""Solvers and the fallback chain.

A :class:`Solver` turns a :class:`~algofolio.optimize.model.ProblemSpec` into weights, raises
:class:`InfeasibleError` when it proves the problem infeasible, and :class:`SolverError` when it
fails; ``supports(spec)`` lets specialised solvers (critical line, Newton, LP) decline problems
outside their reach. A :class:`SolverChain` tries its solvers in order and reports which answered.

>>> DEFAULT_CHAIN.names
('CLA', 'HIGHS_CVAR', 'SEMIVARIANCE_NEWTON', 'CLARABEL', 'OSQP', 'SCS')
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol, runtime_checkable

import cvxpy as cp
from cvxpy.error import SolverError as CvxpySolverError

from algofolio.core.errors import ConfigError, InfeasibleError, SolverError
from algofolio.optimize.critical_line_solver import CriticalLineSolver
from algofolio.optimize.cvar_solver import HighsCVaRSolver
from algofolio.optimize.model import ProblemSpec, build_model
from algofolio.optimize.semivariance_solver import SemivarianceSolver
from algofolio.optimize.solution import Solution

__all__ = [
    "CLARABEL_TIGHT",
    "CVXPY_CHAIN",
    "DEFAULT_CHAIN",
    "CvxpySolver",
    "Solution",
    "Solver",
    "SolverChain",
]


@runtime_checkable
class Solver(Protocol):
    """One way to solve a problem spec."""

    @property
    def name(self) -> str: ...

    def supports(self, spec: ProblemSpec) -> bool: ...

    def solve(self, spec: ProblemSpec) -> Solution: ...


@cache
def _installed() -> frozenset[str]:
    return frozenset(cp.installed_solvers())  # type: ignore[no-untyped-call]


_INFEASIBLE = frozenset({cp.INFEASIBLE})
_UNBOUNDED = frozenset({cp.UNBOUNDED})


@dataclass(frozen=True, kw_only=True, slots=True)
class CvxpySolver:
    """The general convex path: the spec's cvxpy model solved by the cvxpy solver ``name``.

    Only an ``optimal`` status is accepted; ``*_inaccurate`` statuses count as failures so the
    chain moves on. ``options`` go to ``Problem.solve``.
    """

    name: str
    options: dict[str, Any] = field(default_factory=dict)

    def supports(self, spec: ProblemSpec) -> bool:
        """Whether cvxpy has this solver installed (problem classes are checked by cvxpy)."""
        return self.name in _installed()

    def solve(self, spec: ProblemSpec) -> Solution:
        """Solve with cvxpy; :class:`SolverError` on failure, :class:`InfeasibleError` if proven."""
        model = build_model(spec)
        try:
            with warnings.catch_warnings():  # the status is checked below
                warnings.filterwarnings("ignore", "Solution may be inaccurate", UserWarning)
                model.problem.solve(solver=self.name, **self.options)  # type: ignore[no-untyped-call]
        except CvxpySolverError as error:
            raise SolverError(f"{self.name}: {error}") from error
        status = model.problem.status
        if status in _INFEASIBLE:
            raise InfeasibleError(f"{self.name} proved the problem infeasible")
        if status in _UNBOUNDED:
            raise ConfigError(
                f"{spec.objective.describe()} is unbounded under the constraints given; "
                "add a Budget, Bounds or GrossLeverage",
                key="constraints",
            )
        if status != cp.OPTIMAL:
            raise SolverError(f"{self.name}: status {status!r}")
        return Solution(weights=model.weights(), solver=self.name)


@dataclass(frozen=True, slots=True, init=False)
class SolverChain:
    """Solvers tried in order: the first solution wins, a proof of infeasibility stops the chain,
    failures move on; :class:`SolverError` lists every failure when all fail."""

    solvers: tuple[Solver, ...]

    def __init__(self, *solvers: Solver) -> None:
        if not solvers:
            raise ConfigError("a solver chain needs at least one solver", key="solvers")
        for solver in solvers:
            if not isinstance(solver, Solver):
                raise ConfigError(f"{solver!r} is not a Solver", key="solvers")
        object.__setattr__(self, "solvers", solvers)

    @property
    def names(self) -> tuple[str, ...]:
        """The solvers' names, in order."""
        return tuple(s.name for s in self.solvers)

    def solve(self, spec: ProblemSpec) -> Solution:
        """The first solver's solution (see the class docstring)."""
        failures: list[str] = []
        for solver in self.solvers:
            if not solver.supports(spec):
                failures.append(f"{solver.name}: not applicable")
                continue
            try:
                return solver.solve(spec)
            except SolverError as error:
                failures.append(str(error))
        raise SolverError(
            f"every solver failed on {spec.objective.describe()}: " + "; ".join(failures)
        )


CLARABEL_TIGHT: dict[str, Any] = {
    "tol_gap_abs": 1e-10,
    "tol_gap_rel": 1e-10,
    "tol_feas": 1e-10,
    "tol_ktratio": 1e-8,
}
"""Clarabel's tolerances 100 times tighter than its defaults: weights to about 1e-10 instead of
1e-8, for about 10% more time (the optimality conditions are then met to 1e-8 relative)."""

CVXPY_CHAIN = SolverChain(
    CvxpySolver(name="CLARABEL", options=CLARABEL_TIGHT),
    CvxpySolver(name="OSQP"),
    CvxpySolver(name="SCS"),
)
"""The general convex path: Clarabel (interior point, QP and SOCP), then OSQP (QP only), then SCS
(first-order conic)."""

DEFAULT_CHAIN = SolverChain(
    CriticalLineSolver(), HighsCVaRSolver(), SemivarianceSolver(), *CVXPY_CHAIN.solvers
)
"""The specialised solvers first, each declining what it does not solve: the exact critical line
(mean-variance objectives under a budget and finite bounds), HiGHS for min CVaR under linear
constraints, a generalised Newton method for min semivariance under a budget and bounds; then
the general convex path :data:`CVXPY_CHAIN`."""
