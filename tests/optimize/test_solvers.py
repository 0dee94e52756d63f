"""The solver chain: order, fallback on failure, declining solvers, the name of the solver that
answered, and every failure listed when all fail."""

from dataclasses import dataclass

import numpy as np
import pytest

from algofolio.core.errors import ConfigError, InfeasibleError, SolverError
from algofolio.optimize import (
    Bounds,
    Budget,
    CvxpySolver,
    EfficientRisk,
    MinVariance,
    ProblemSpec,
    Solution,
    SolverChain,
    optimize_portfolio,
)
from tests.optimize._problems import random_problem

PROBLEM = random_problem(7, 6)


@dataclass(frozen=True)
class Broken:
    """A solver that always fails (or declines the problem)."""

    name: str = "BROKEN"
    applies: bool = True

    def supports(self, spec: ProblemSpec) -> bool:
        return self.applies

    def solve(self, spec: ProblemSpec) -> Solution:
        raise SolverError(f"{self.name}: numerical trouble")


def test_a_failed_solver_hands_over_to_the_next() -> None:
    chain = SolverChain(Broken(), CvxpySolver(name="CLARABEL"))
    result = optimize_portfolio(PROBLEM, MinVariance(), chain=chain)
    reference = optimize_portfolio(PROBLEM, MinVariance())
    assert result.solver == "CLARABEL"
    np.testing.assert_allclose(result.weights, reference.weights, atol=1e-6)
    assert result.objective_value == pytest.approx(reference.objective_value, rel=1e-8)


def test_every_failure_is_listed() -> None:
    chain = SolverChain(Broken(name="FIRST"), Broken(name="SKIPPED", applies=False))
    with pytest.raises(SolverError) as info:
        optimize_portfolio(PROBLEM, MinVariance(), chain=chain)
    assert str(info.value) == (
        "every solver failed on min variance: FIRST: numerical trouble; SKIPPED: not applicable"
    )


def test_osqp_answers_quadratic_programs() -> None:
    chain = SolverChain(CvxpySolver(name="OSQP", options={"eps_abs": 1e-10, "eps_rel": 1e-10}))
    result = optimize_portfolio(PROBLEM, MinVariance(), chain=chain)
    reference = optimize_portfolio(PROBLEM, MinVariance())
    assert result.solver == "OSQP"
    assert result.objective_value == pytest.approx(reference.objective_value, rel=1e-6)


def test_osqp_cannot_take_a_volatility_cone_so_scs_answers() -> None:
    chain = SolverChain(CvxpySolver(name="OSQP"), CvxpySolver(name="SCS", options={"eps": 1e-9}))
    objective = EfficientRisk(target_volatility=0.2)
    result = optimize_portfolio(PROBLEM, objective, chain=chain)
    reference = optimize_portfolio(PROBLEM, objective)
    assert result.solver == "SCS"
    assert reference.solver == "CLA"
    assert result.objective_value == pytest.approx(reference.objective_value, rel=1e-4)


def test_a_proof_of_infeasibility_stops_the_chain() -> None:
    # the per-asset caps sum to 1.1, but two assets capped at 0 plus a group floor conflict only
    # through the solver: the chain must not carry on to the broken solver
    chain = SolverChain(CvxpySolver(name="CLARABEL"), Broken())
    caps = Bounds(upper={"A0": 0.0, "A1": 0.0})
    from algofolio.optimize import MaxTurnover

    turnover = MaxTurnover(current={"A0": 0.5, "A1": 0.5}, limit=0.5)
    with pytest.raises(InfeasibleError, match="no portfolio satisfies all of the constraints"):
        optimize_portfolio(PROBLEM, MinVariance(), (Budget(), caps, turnover), chain=chain)


def test_chain_checks_its_solvers() -> None:
    with pytest.raises(ConfigError, match="at least one solver"):
        SolverChain()
    with pytest.raises(ConfigError, match="is not a Solver"):
        SolverChain("CLARABEL")  # type: ignore[arg-type]
