"""Optimality checked independently of the solver: the KKT conditions computed with numpy from the
returned weights, and closed forms."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.core.frequency import per_period_rate
from algofolio.optimize import (
    DEFAULT_CHAIN,
    Bounds,
    Budget,
    MaxSharpe,
    MaxUtility,
    MinVariance,
    PortfolioProblem,
    SolverChain,
    optimize_portfolio,
)
from algofolio.optimize.solvers import CVXPY_CHAIN
from tests.optimize._problems import random_problem

CHAINS = pytest.mark.parametrize(
    "chain", [DEFAULT_CHAIN, CVXPY_CHAIN], ids=["critical-line", "cvxpy"]
)  # budget and bounds: the critical line answers first; the cvxpy path is kept checked too

COMPLEMENTARITY = 1e-7  # largest multiplier x slack, relative to the gradient's scale: an
# interior-point solver stops with products near its tolerances; a weight 1e-6 off gives ~1e-5


def assert_budget_box_kkt(
    gradient: np.ndarray, w: np.ndarray, lower: np.ndarray, upper: np.ndarray, scale: float
) -> None:
    """KKT of ``min f(w) s.t. sum(w) = b, lower <= w <= upper`` at ``w`` with ``g = grad f(w)``.

    Stationarity ``g - lam 1 - nu_low + nu_up = 0`` with dual feasibility ``nu_low, nu_up >= 0``
    holds by construction for ``nu_low = max(g - lam, 0)``, ``nu_up = max(lam - g, 0)``; the
    conditions left are complementary slackness ``nu_low (w - lower) = 0`` and
    ``nu_up (upper - w) = 0`` for some budget multiplier ``lam``. The worst product, minimised over
    ``lam`` (convex in ``lam``, minimised exactly over its kinks), must vanish to ``COMPLEMENTARITY`` (an interior-point solver stops
    with products of the order of its gap tolerance). So: ``g_i = lam`` strictly inside the
    bounds, ``g_i >= lam`` at the lower bound, ``g_i <= lam`` at the upper bound.
    """

    def worst(lam: float) -> float:
        low = np.maximum(gradient - lam, 0.0) * (w - lower)
        up = np.maximum(lam - gradient, 0.0) * (upper - w)
        return float(np.max(low + up))

    # the worst product is convex piecewise linear in lam: its minimum is at a kink g_i or where a
    # falling term a_i (g_i - lam) meets a rising term b_j (lam - g_j)
    a, b = w - lower, upper - w
    with np.errstate(divide="ignore", invalid="ignore"):
        meets = (a[:, None] * gradient[:, None] + b[None, :] * gradient[None, :]) / (
            a[:, None] + b[None, :]
        )
    candidates = np.concatenate([gradient, meets[np.isfinite(meets)]])
    best = min(worst(float(lam)) for lam in candidates)
    assert best <= COMPLEMENTARITY * scale, best / scale


def assert_primal_feasible(w: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
    assert w.sum() == pytest.approx(1.0, abs=1e-8)
    assert (w >= lower).all()  # snapped onto the bounds: no solver noise outside
    assert (w <= upper).all()


@CHAINS
@settings(max_examples=25)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 15), cap=st.floats(0.0, 1.0))
def test_long_only_min_variance_meets_kkt(
    chain: SolverChain, seed: int, n: int, cap: float
) -> None:
    problem = random_problem(seed, n)
    upper_bound = max(1.0 / n + 0.05, cap)  # some caps bind, all leave room for the budget
    constraints = (Budget(), Bounds(upper=upper_bound))
    result = optimize_portfolio(problem, MinVariance(), constraints, chain=chain)
    w = result.weights.to_numpy()
    lower, upper = np.zeros(n), np.full(n, upper_bound)
    assert_primal_feasible(w, lower, upper)
    gradient = 2 * problem.Sigma @ w
    assert_budget_box_kkt(gradient, w, lower, upper, scale=np.abs(gradient).max())


@CHAINS
@settings(max_examples=25)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 15), aversion=st.floats(0.5, 50.0))
def test_long_only_max_utility_meets_kkt(
    chain: SolverChain, seed: int, n: int, aversion: float
) -> None:
    problem = random_problem(seed, n)
    result = optimize_portfolio(problem, MaxUtility(risk_aversion=aversion), chain=chain)
    w = result.weights.to_numpy()
    lower, upper = np.zeros(n), np.ones(n)
    assert_primal_feasible(w, lower, upper)
    # minimise -(mu' w - aversion / 2 w' Sigma w): gradient aversion * Sigma w - mu
    risk = aversion * problem.Sigma @ w
    scale = np.abs(risk).max() + np.abs(problem.mu).max()  # the terms, not their difference
    assert_budget_box_kkt(risk - problem.mu, w, lower, upper, scale=scale)


@settings(max_examples=20)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 15))
def test_budget_only_min_variance_is_the_closed_form(seed: int, n: int) -> None:
    problem = random_problem(seed, n)
    inverse_ones = np.linalg.solve(problem.Sigma, np.ones(n))
    expected = inverse_ones / inverse_ones.sum()
    result = optimize_portfolio(problem, MinVariance(), (Budget(),))
    np.testing.assert_allclose(result.weights.to_numpy(), expected, atol=1e-7)


@settings(max_examples=20)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 15), rf=st.floats(0.0, 0.05))
def test_budget_only_max_sharpe_is_the_tangency_portfolio(seed: int, n: int, rf: float) -> None:
    base = random_problem(seed, n)
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.5, 1.5, n)  # Sigma^-1 (mu - rf) = x > 0 by construction
    mu = base.Sigma @ x * 0.05 + per_period_rate(rf, 252.0)
    problem = PortfolioProblem(assets=base.assets, mu=mu, Sigma=base.Sigma, periods_per_year=252.0)
    excess = np.linalg.solve(problem.Sigma, mu - per_period_rate(rf, 252.0))
    expected = excess / excess.sum()
    result = optimize_portfolio(problem, MaxSharpe(risk_free_rate=rf), (Budget(),))
    np.testing.assert_allclose(result.weights.to_numpy(), expected, atol=1e-7)
    # the tangency Sharpe ratio is sqrt((mu - rf)' Sigma^-1 (mu - rf)) per period
    excess_mu = mu - per_period_rate(rf, 252.0)
    best = np.sqrt(excess_mu @ np.linalg.solve(problem.Sigma, excess_mu) * 252.0)
    assert result.sharpe == pytest.approx(best, rel=1e-8)
    assert result.objective_value == pytest.approx(best, rel=1e-8)


@CHAINS
def test_two_uncorrelated_assets_by_hand(chain: SolverChain) -> None:
    # variances 1 and 4: min variance weights 4/5 and 1/5, variance 4/5 * ... = 0.8
    problem = PortfolioProblem(
        assets=("A", "B"), mu=np.array([0.1, 0.2]), Sigma=np.diag([1.0, 4.0]), periods_per_year=1.0
    )
    result = optimize_portfolio(problem, MinVariance(), chain=chain)
    assert result.solver == chain.names[0]
    assert result.weights.to_dict() == pytest.approx({"A": 0.8, "B": 0.2}, abs=1e-9)
    assert result.objective_value == pytest.approx(0.64 + 0.04 * 4, rel=1e-9)
    assert result.expected_return == pytest.approx(0.12, rel=1e-9)
    assert result.volatility == pytest.approx(np.sqrt(0.8), rel=1e-9)
    assert result.sharpe == pytest.approx(0.12 / np.sqrt(0.8), rel=1e-9)
