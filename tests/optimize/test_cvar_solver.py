"""The HiGHS min-CVaR solver (scenario generation on the Rockafellar-Uryasev program).

Its weights are checked three ways, none of which uses its code: the CVaR of the general cvxpy path
(Clarabel, tight tolerances) at 1e-7 relative; the optimum of the *dual* linear program, written
here and solved by scipy's ``linprog``, whose solution is checked dual-feasible with numpy, so that
weak duality makes it a certified lower bound; and, on small random scenario sets, a hand-written
tail mean and random portfolios that never do better.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from algofolio.core.errors import ConfigError, InfeasibleError
from algofolio.datasets import load_sp500_prices
from algofolio.metrics import conditional_value_at_risk
from algofolio.optimize import (
    Bounds,
    Budget,
    GrossLeverage,
    GroupLimits,
    MarketNeutral,
    MinVariance,
    PortfolioProblem,
    ProblemSpec,
    SolverChain,
    optimize_portfolio,
    problem_from_returns,
)
from algofolio.optimize.constraints import Constraint
from algofolio.optimize.cvar_solver import HighsCVaRSolver
from algofolio.optimize.scenario_objectives import MinCVaR
from algofolio.optimize.solvers import CVXPY_CHAIN
from tests.optimize._references import CLARABEL, tail_mean

DAYS = 252.0
FAST = SolverChain(HighsCVaRSolver())


def scenario_problem(R: np.ndarray) -> PortfolioProblem:
    return PortfolioProblem(
        assets=tuple(f"A{i}" for i in range(R.shape[1])),
        mu=R.mean(axis=0),
        Sigma=np.atleast_2d(np.cov(R.T)),
        periods_per_year=DAYS,
        scenarios=R,
    )


@pytest.fixture(scope="module")
def problem() -> PortfolioProblem:
    returns = load_sp500_prices().pct_change().iloc[1:]
    return problem_from_returns(returns, returns.to_numpy(), periods_per_year=DAYS)


def cvar_of(result_weights: pd.Series, problem: PortfolioProblem, confidence: float) -> float:
    assert problem.scenarios is not None
    return tail_mean(problem.scenarios @ result_weights.to_numpy(), confidence)


@pytest.mark.parametrize("confidence", [0.95, 0.99, 0.5])
def test_equals_the_cvxpy_path(problem: PortfolioProblem, confidence: float) -> None:
    objective = MinCVaR(confidence=confidence)
    fast = optimize_portfolio(problem, objective, chain=FAST)
    reference = optimize_portfolio(problem, objective, chain=CLARABEL)
    assert fast.solver == "HIGHS_CVAR"
    assert fast.objective_value == pytest.approx(
        cvar_of(fast.weights, problem, confidence), rel=1e-12
    )
    assert fast.objective_value == pytest.approx(reference.objective_value, rel=1e-7)
    assert fast.objective_value <= reference.objective_value * (1 + 1e-9)


def dual_optimum(
    R: np.ndarray, confidence: float, total: float, lower: np.ndarray, upper: np.ndarray
) -> float:
    """The dual of min a + c sum(u) s.t. R w + a + u >= 0, u >= 0, sum(w) = total, lower <= w <= upper:
    max total * lam + lower's - upper'z s.t. R'q + lam + s - z = 0, sum(q) = 1, 0 <= q <= c, s, z >= 0.
    Solved by linprog, then checked feasible with numpy: by weak duality its value is a lower
    bound of every portfolio's CVaR."""
    T, n = R.shape
    c = 1.0 / ((1.0 - confidence) * T)
    # variables: q (T), lam (1), s (n), z (n)
    cost = -np.concatenate([np.zeros(T), [total], lower, -upper])
    A_eq = np.block(
        [
            [R.T, np.ones((n, 1)), np.eye(n), -np.eye(n)],
            [np.ones((1, T)), np.zeros((1, 1)), np.zeros((1, n)), np.zeros((1, n))],
        ]
    )
    b_eq = np.concatenate([np.zeros(n), [1.0]])
    bounds = [(0.0, c)] * T + [(None, None)] + [(0.0, None)] * (2 * n)
    solved = linprog(cost, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs-ipm")
    assert solved.status == 0
    q, lam, s, z = np.split(solved.x, [T, T + 1, T + 1 + n])
    q, s, z = np.clip(q, 0.0, c), np.clip(s, 0.0, None), np.clip(z, 0.0, None)
    q = q / q.sum()  # exactly feasible, up to the rounding of the last digits
    z = z + np.maximum(R.T @ q + lam + s - z, 0.0)  # absorb the residual of R'q + lam + s - z
    s = s + np.maximum(-(R.T @ q + lam + s - z), 0.0)
    np.testing.assert_allclose(R.T @ q + lam + s - z, 0.0, atol=1e-15)
    assert (q <= c * (1 + 1e-12)).all()
    return float(total * lam[0] + lower @ s - upper @ z)


def test_weak_duality_certifies_the_optimum(problem: PortfolioProblem) -> None:
    assert problem.scenarios is not None
    R = problem.scenarios[-2000:]
    small = scenario_problem(R)
    upper = 0.25
    result = optimize_portfolio(small, MinCVaR(), (Budget(), Bounds(upper=upper)), chain=FAST)
    ours = tail_mean(R @ result.weights.to_numpy(), 0.95)
    n = R.shape[1]
    bound = dual_optimum(R, 0.95, 1.0, np.zeros(n), np.full(n, upper))
    assert bound <= ours * (1 + 1e-12)  # any portfolio's CVaR is above the dual bound ...
    assert ours == pytest.approx(bound, rel=1e-8)  # ... and ours reaches it: it is optimal


@pytest.mark.parametrize(
    "constraints",
    [
        (Budget(), Bounds(lower=-0.2, upper={"AAPL": 0.05, "XOM": 0.5})),
        (
            Budget(),
            Bounds(),
            GroupLimits(
                groups={"tech": ["AAPL", "AMD", "MSFT"], "energy": ["CVX", "XOM", "RRC"]},
                lower={"tech": 0.3},
                upper={"energy": 0.1},
            ),
        ),
        (MarketNeutral(), Bounds(lower=-0.1, upper=0.1), Budget(total=0.0)),
        (Budget(total=0.5), Bounds(upper=0.2)),
    ],
    ids=["long-short", "groups", "market-neutral", "half-invested"],
)
def test_linear_constraints_match_the_cvxpy_path(
    problem: PortfolioProblem, constraints: tuple[Constraint, ...]
) -> None:
    fast = optimize_portfolio(problem, MinCVaR(), constraints, chain=FAST)
    reference = optimize_portfolio(problem, MinCVaR(), constraints, chain=CLARABEL)
    assert fast.solver == "HIGHS_CVAR"
    tolerance = 1e-7 * max(abs(reference.objective_value), 1e-3)
    assert fast.objective_value == pytest.approx(reference.objective_value, abs=tolerance)
    assert fast.objective_value <= reference.objective_value + 1e-10
    weights = fast.weights
    for constraint in constraints:
        if isinstance(constraint, GroupLimits):
            assert weights[["AAPL", "AMD", "MSFT"]].sum() >= 0.3 - 1e-9
            assert weights[["CVX", "XOM", "RRC"]].sum() <= 0.1 + 1e-9
        if isinstance(constraint, Budget):
            assert weights.sum() == pytest.approx(constraint.total, abs=1e-9)


@settings(max_examples=40)
@given(
    seed=st.integers(0, 2**32 - 1),
    T=st.integers(10, 60),
    n=st.integers(2, 8),
    confidence=st.sampled_from([0.5, 0.75, 0.9, 0.95, 0.99]),
)
def test_the_optimum_is_the_tail_mean_and_no_random_portfolio_beats_it(
    seed: int, T: int, n: int, confidence: float
) -> None:
    rng = np.random.default_rng(seed)
    R = rng.normal(0.001, 0.02, size=(T, n)) + rng.normal(0.0, 0.01, size=(T, 1))
    R[rng.integers(T)] -= rng.uniform(0.0, 0.1, n)  # a crash day
    problem = scenario_problem(R)
    result = optimize_portfolio(problem, MinCVaR(confidence=confidence), chain=FAST)
    weights = result.weights.to_numpy()
    best = tail_mean(R @ weights, confidence)
    assert result.objective_value == pytest.approx(best, rel=1e-12)
    assert weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert weights.min() >= 0.0
    draws = rng.dirichlet(np.full(n, 0.5), size=400)
    random_cvar = np.array([tail_mean(R @ w, confidence) for w in draws])
    assert (random_cvar >= best - 1e-12).all()
    corners = np.array([tail_mean(R[:, i], confidence) for i in range(n)])  # one asset each
    assert (corners >= best - 1e-12).all()


@settings(max_examples=15)
@given(seed=st.integers(0, 2**32 - 1), T=st.integers(40, 300), n=st.integers(2, 10))
def test_scenario_generation_matches_the_cvxpy_path(seed: int, T: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    R = rng.standard_t(3, size=(T, n)) * 0.01 + 0.0005
    problem = scenario_problem(R)
    constraints = (Budget(), Bounds(lower=-0.3, upper=0.6))
    fast = optimize_portfolio(problem, MinCVaR(confidence=0.9), constraints, chain=FAST)
    reference = optimize_portfolio(problem, MinCVaR(confidence=0.9), constraints, chain=CLARABEL)
    assert fast.objective_value == pytest.approx(reference.objective_value, rel=1e-7)


def test_infeasible_constraints_are_proved() -> None:
    R = np.array([[0.01, -0.01], [-0.01, 0.01], [0.0, 0.02]])
    spec = ProblemSpec(
        problem=scenario_problem(R),
        objective=MinCVaR(),
        constraints=(Budget(), Bounds(upper=0.3)),  # at most 60% can be invested
    )
    with pytest.raises(InfeasibleError, match="HIGHS_CVAR proved the constraints infeasible"):
        HighsCVaRSolver().solve(spec)


def test_an_unbounded_cvar_is_a_config_error() -> None:
    R = np.array([[0.02, 0.01], [0.0, -0.01], [0.01, 0.0], [0.03, 0.02]])  # A beats B every day
    spec = ProblemSpec(problem=scenario_problem(R), objective=MinCVaR(), constraints=(Budget(),))
    with pytest.raises(ConfigError, match="min CVaR is unbounded") as info:
        HighsCVaRSolver().solve(spec)
    assert info.value.key == "constraints"


def test_other_problems_are_declined_and_left_to_the_chain() -> None:
    R = np.random.default_rng(0).normal(0.0, 0.01, size=(30, 3))
    problem = scenario_problem(R)
    solver = HighsCVaRSolver()
    assert solver.supports(
        ProblemSpec(problem=problem, objective=MinCVaR(), constraints=(Budget(),))
    )
    gross = ProblemSpec(
        problem=problem, objective=MinCVaR(), constraints=(Budget(), GrossLeverage(max=1.5))
    )
    assert not solver.supports(gross)
    assert not solver.supports(
        ProblemSpec(problem=problem, objective=MinVariance(), constraints=(Budget(),))
    )
    no_scenarios = PortfolioProblem(
        assets=problem.assets, mu=problem.mu, Sigma=problem.Sigma, periods_per_year=DAYS
    )
    assert not solver.supports(
        ProblemSpec(problem=no_scenarios, objective=MinCVaR(), constraints=(Budget(),))
    )
    chain = SolverChain(solver, *CVXPY_CHAIN.solvers)
    result = optimize_portfolio(problem, MinCVaR(), (Budget(), GrossLeverage(max=1.5)), chain=chain)
    assert result.solver == "CLARABEL"


def test_the_historical_cvar_metric_also_averages_the_ties_at_the_var(
    problem: PortfolioProblem,
) -> None:
    """5% of 2520 days is 126 whole days, yet the metric reads lower at the optimum: an optimal
    vertex makes many scenarios tie at the VaR (here 11), and the historical metric averages every
    return at or below its quantile, ties included, where the program averages exactly 126 days."""
    assert problem.scenarios is not None
    R = problem.scenarios[-2520:]
    result = optimize_portfolio(scenario_problem(R), MinCVaR(confidence=0.95), chain=FAST)
    values = np.sort(R @ result.weights.to_numpy())
    assert result.objective_value == pytest.approx(-values[:126].mean(), rel=1e-12)
    at_or_below = values <= np.quantile(values, 0.05)
    assert at_or_below.sum() > 126
    metric = conditional_value_at_risk(pd.Series(values, index=pd.RangeIndex(2520)), 0.95)
    assert metric == pytest.approx(-values[at_or_below].mean(), rel=1e-12)
    assert metric < result.objective_value
