"""The finite-Newton min-semivariance solver.

Its weights are checked against things that do not use its code: the general cvxpy path (Clarabel,
tight tolerances) at 1e-8 relative on the objective, computed here with numpy from both weight
vectors; PyPortfolioOpt's ``EfficientSemivariance``; the budget-and-box KKT conditions with the true
gradient ``2/T X' min(0, X w - tau)`` written here; and random portfolios that never do better.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.core.errors import InfeasibleError, SolverError
from algofolio.datasets import load_sp500_prices
from algofolio.optimize import (
    Bounds,
    Budget,
    GroupLimits,
    MinVariance,
    PortfolioProblem,
    ProblemSpec,
    SolverChain,
    optimize_portfolio,
    problem_from_returns,
)
from algofolio.optimize.constraints import Constraint
from algofolio.optimize.critical_line_solver import budget_and_bounds
from algofolio.optimize.scenario_objectives import MinCVaR, MinSemivariance
from algofolio.optimize.semivariance_solver import SemivarianceSolver
from algofolio.optimize.solvers import CLARABEL_TIGHT, CVXPY_CHAIN
from tests.optimize._budget_box_kkt import assert_feasible, budget_box_kkt_violation
from tests.optimize._references import CLARABEL, semivariance

DAYS = 252.0
FAST = SolverChain(SemivarianceSolver())


def scenario_problem(R: np.ndarray) -> PortfolioProblem:
    return PortfolioProblem(
        assets=tuple(f"A{i}" for i in range(R.shape[1])),
        mu=R.mean(axis=0),
        Sigma=np.atleast_2d(np.cov(R.T)),
        periods_per_year=DAYS,
        scenarios=R,
    )


def kkt_violation(
    R: np.ndarray, w: np.ndarray, target: float, constraints: tuple[Constraint, ...]
) -> float:
    """The KKT violation with the true gradient, relative to the size of the gradient's terms."""
    shortfall = np.minimum(R @ w - target, 0.0)
    gradient = 2.0 / R.shape[0] * (R.T @ shortfall)
    size = 2.0 / R.shape[0] * (np.abs(R).T @ np.abs(shortfall)).max()
    box = budget_and_bounds(constraints, tuple(f"A{i}" for i in range(R.shape[1])))
    return budget_box_kkt_violation(gradient, w, box.lower, box.upper) / size


def assert_optimal(
    R: np.ndarray, w: np.ndarray, target: float, constraints: tuple[Constraint, ...]
) -> None:
    """The KKT conditions to 1e-9 relative, or a semivariance of zero up to rounding (a root-mean
    shortfall of 1e-10: there is then no gradient to speak of)."""
    if semivariance(R @ w, target) > 1e-20:
        assert kkt_violation(R, w, target, constraints) <= 1e-9


def assert_matches_clarabel(
    problem: PortfolioProblem, target: float, constraints: tuple[Constraint, ...]
) -> tuple[float, float, np.ndarray]:
    """Our objective (recomputed here with numpy from the weights) is not above Clarabel's by more
    than 1e-8 relative, and not below it by more than 1e-6 (Clarabel stops within its tolerance of
    the optimum: on tiny semivariances from few scenarios that can be 1e-7 of it, and we are
    lower), give or take what Clarabel's own infeasibility is worth: it may miss the budget by 1e-9,
    which moves a small semivariance by more than 1e-8 of itself (charged at its largest gradient
    entry). Returns ``(ours, Clarabel's)`` per-period semivariances and our weights."""
    R = problem.scenarios
    assert R is not None
    fast = optimize_portfolio(problem, MinSemivariance(target=target), constraints, chain=FAST)
    reference = optimize_portfolio(
        problem, MinSemivariance(target=target), constraints, chain=CLARABEL
    )
    assert fast.solver == "SEMIVARIANCE_NEWTON"
    ours, theirs = fast.weights.to_numpy(), reference.weights.to_numpy()
    ours_value, their_value = semivariance(R @ ours, target), semivariance(R @ theirs, target)
    assert fast.objective_value == pytest.approx(ours_value * DAYS, rel=1e-12)
    box = budget_and_bounds(constraints, problem.assets)
    miss = (
        abs(theirs.sum() - box.total)
        + np.clip(box.lower - theirs, 0.0, None).sum()
        + np.clip(theirs - box.upper, 0.0, None).sum()
    )
    their_gradient = 2.0 / R.shape[0] * (R.T @ np.minimum(R @ theirs - target, 0.0))
    charge = miss * np.abs(their_gradient).max()
    assert ours_value <= their_value * (1 + 1e-8) + charge + 1e-16
    assert ours_value >= their_value * (1 - 1e-6) - charge - 1e-16
    assert_feasible(ours, box.lower, box.upper, box.total)
    return ours_value, their_value, ours


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    return load_sp500_prices().pct_change().iloc[1:]


@pytest.fixture(scope="module")
def problem(returns: pd.DataFrame) -> PortfolioProblem:
    return problem_from_returns(returns, returns.to_numpy(), periods_per_year=DAYS)


@pytest.mark.parametrize("target", [0.0, 0.0003, 0.001, -0.01])
@pytest.mark.parametrize(
    "constraints",
    [
        (Budget(), Bounds()),
        (Budget(), Bounds(lower=-0.3, upper=0.4)),
        (Budget(total=0.5), Bounds(upper=0.1)),
        (Budget(), Bounds(lower={"AAPL": 0.05}, upper={"AAPL": 0.05, "XOM": 0.3, "MSFT": 0.2})),
    ],
)
def test_equals_the_cvxpy_path_on_real_data(
    problem: PortfolioProblem, target: float, constraints: tuple[Constraint, ...]
) -> None:
    ours_value, their_value, ours = assert_matches_clarabel(problem, target, constraints)
    assert ours_value == pytest.approx(their_value, rel=1e-8)  # two-sided on real data
    assert problem.scenarios is not None
    R = problem.scenarios
    box = budget_and_bounds(constraints, problem.assets)
    shortfall = np.minimum(R @ ours - target, 0.0)
    gradient = 2.0 / R.shape[0] * (R.T @ shortfall)
    size = 2.0 / R.shape[0] * (np.abs(R).T @ np.abs(shortfall)).max()
    violation = budget_box_kkt_violation(gradient, ours, box.lower, box.upper)
    assert violation <= 1e-9 * size


def test_equals_pyportfolioopt(returns: pd.DataFrame, problem: PortfolioProblem) -> None:
    pypfopt = pytest.importorskip("pypfopt")
    target = 0.0002
    ours = optimize_portfolio(problem, MinSemivariance(target=target), chain=FAST)
    assert ours.solver == "SEMIVARIANCE_NEWTON"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frontier = pypfopt.EfficientSemivariance(
            returns.mean() * DAYS,
            returns,
            frequency=int(DAYS),
            benchmark=target,
            solver="CLARABEL",
            solver_options=CLARABEL_TIGHT,
        )
        peer = frontier.min_semivariance()
    X = returns.to_numpy()
    theirs = np.array([peer[a] for a in problem.assets])
    assert semivariance(X @ ours.weights.to_numpy(), target) == pytest.approx(
        semivariance(X @ theirs, target), rel=1e-7
    )


@settings(max_examples=40)
@given(
    seed=st.integers(0, 2**32 - 1),
    T=st.integers(20, 200),
    n=st.integers(2, 10),
    target=st.sampled_from([0.0, 0.005, -0.01, -0.03]),
    long_short=st.booleans(),
)
def test_random_scenarios_match_the_cvxpy_path_and_meet_the_kkt_conditions(
    seed: int, T: int, n: int, target: float, long_short: bool
) -> None:
    rng = np.random.default_rng(seed)
    R = rng.standard_t(4, size=(T, n)) * rng.uniform(0.005, 0.03, n) + 0.0005
    problem = scenario_problem(R)
    bounds = Bounds(lower=-0.5, upper=0.8) if long_short else Bounds()
    constraints = (Budget(), bounds)
    *_, ours = assert_matches_clarabel(problem, target, constraints)
    assert_optimal(R, ours, target, constraints)
    draws = rng.dirichlet(np.full(n, 0.5), size=300)
    draws = draws[(draws <= (0.8 if long_short else 1.0)).all(axis=1)]  # within the bounds
    random_values = np.array([semivariance(R @ w, target) for w in draws])
    assert (random_values >= semivariance(R @ ours, target) * (1 - 1e-12) - 1e-20).all()


def test_fewer_scenarios_below_the_target_than_assets() -> None:
    """``X_D' X_D`` is singular from the start (8 scenarios, 12 assets): the proximal steps."""
    rng = np.random.default_rng(7)
    R = rng.normal(0.0, 0.02, size=(8, 12))
    problem = scenario_problem(R)
    constraints = (Budget(), Bounds(lower=-0.2, upper=0.4))
    *_, ours = assert_matches_clarabel(problem, 0.0, constraints)
    assert_optimal(R, ours, 0.0, constraints)


def test_an_optimum_of_zero_leaves_no_scenario_below_the_target() -> None:
    R = np.array([[0.01, -0.02], [-0.02, 0.01], [0.005, 0.005], [0.0, 0.0]])  # half each: >= -0.5%
    result = optimize_portfolio(
        scenario_problem(R), MinSemivariance(target=-0.006), (Budget(), Bounds()), chain=FAST
    )
    w = result.weights.to_numpy()
    assert (R @ w >= -0.006 - 1e-15).all()
    assert result.objective_value <= 1e-24


def test_the_hand_computed_two_asset_case() -> None:
    """Two assets, each losing 2% on its own bad day: ``f(a) = ((1 - 3a)^2 + (3a - 2)^2) / 4``
    (in percent squared, ``a`` the weight of A, both days below zero for ``1/3 < a < 2/3``) is least
    at ``a = 1/2``."""
    R = np.array([[-0.02, 0.01], [0.01, -0.02], [0.03, 0.03], [0.01, 0.01]])
    result = optimize_portfolio(scenario_problem(R), MinSemivariance(), chain=FAST)
    np.testing.assert_allclose(result.weights.to_numpy(), [0.5, 0.5], atol=1e-12)
    assert result.objective_value == pytest.approx(2 * 0.005**2 / 4 * DAYS, rel=1e-12)


def test_infeasible_bounds_are_proved() -> None:
    R = np.array([[0.01, -0.01], [-0.01, 0.01], [0.0, 0.02]])
    spec = ProblemSpec(
        problem=scenario_problem(R),
        objective=MinSemivariance(),
        constraints=(Budget(), Bounds(upper=0.3)),  # at most 60% can be invested
    )
    with pytest.raises(InfeasibleError, match="the bounds cannot meet the budget"):
        SemivarianceSolver().solve(spec)


def test_other_problems_are_declined_and_left_to_the_chain() -> None:
    R = np.random.default_rng(0).normal(0.0, 0.01, size=(30, 6))
    problem = scenario_problem(R)
    solver = SemivarianceSolver()
    assert solver.supports(
        ProblemSpec(problem=problem, objective=MinSemivariance(), constraints=(Budget(), Bounds()))
    )
    groups = (
        Budget(),
        Bounds(),
        GroupLimits(groups={"g": ["A0", "A1"]}, lower={"g": 0.3}),
    )
    declined = [
        ProblemSpec(problem=problem, objective=MinSemivariance(), constraints=groups),
        ProblemSpec(problem=problem, objective=MinSemivariance(), constraints=(Budget(),)),
        ProblemSpec(problem=problem, objective=MinSemivariance(), constraints=(Bounds(),)),
        ProblemSpec(problem=problem, objective=MinCVaR(), constraints=(Budget(), Bounds())),
        ProblemSpec(problem=problem, objective=MinVariance(), constraints=(Budget(), Bounds())),
        ProblemSpec(
            problem=PortfolioProblem(
                assets=problem.assets, mu=problem.mu, Sigma=problem.Sigma, periods_per_year=DAYS
            ),
            objective=MinSemivariance(),
            constraints=(Budget(), Bounds()),
        ),
    ]
    for spec in declined:
        assert not solver.supports(spec)
    with pytest.raises(SolverError, match="SEMIVARIANCE_NEWTON: not min semivariance"):
        solver.solve(declined[0])
    chain = SolverChain(solver, *CVXPY_CHAIN.solvers)
    result = optimize_portfolio(problem, MinSemivariance(), groups, chain=chain)
    assert result.solver == "CLARABEL"
    assert result.weights[["A0", "A1"]].sum() >= 0.3 - 1e-8
