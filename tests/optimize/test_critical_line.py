"""The critical line checked independently: the KKT conditions of every corner and of points between
corners (numpy, from the weights alone), closed forms, the cvxpy/Clarabel path, PyPortfolioOpt's
``CLA`` and degenerate cases (tied means, fixed weights, a singular covariance)."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.core.errors import InfeasibleError, SolverError
from algofolio.core.frequency import per_period_rate
from algofolio.datasets import load_sp500_prices
from algofolio.optimize import (
    DEFAULT_CHAIN,
    Bounds,
    Budget,
    EfficientReturn,
    EfficientRisk,
    GroupLimits,
    MaxReturn,
    MaxSharpe,
    MaxUtility,
    MinVariance,
    PortfolioProblem,
    ProblemSpec,
    optimize_portfolio,
)
from algofolio.optimize.budget_box import solve_budget_box
from algofolio.optimize.critical_line import critical_line
from algofolio.optimize.critical_line_solver import (
    BudgetAndBounds,
    CriticalLineSolver,
    max_ratio_weights,
)
from algofolio.optimize.efficient_line import (
    max_ratio,
    weights_at_lambda,
    weights_at_return,
    weights_at_variance,
)
from algofolio.optimize.lambda_search import (
    max_ratio_by_search,
    return_target_by_search,
    variance_target_by_search,
)
from tests.optimize._budget_box_kkt import assert_feasible, budget_box_kkt_violation
from tests.optimize._problems import random_problem
from tests.optimize._references import CLARABEL

KKT = 1e-9  # relative to the size of the gradient's terms


@dataclass(frozen=True)
class BoxProblem:
    Sigma: np.ndarray
    mu: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    total: float


@st.composite
def box_problems(draw: st.DrawFn) -> BoxProblem:
    """Random factor-model problems, 2..40 assets, with long-only caps (some filling the budget
    exactly), long-short bounds or random per-asset bounds (some fixed, some with the lower bounds
    summing to the budget), and sometimes tied means."""
    seed = draw(st.integers(0, 2**32 - 1))
    n = draw(st.integers(2, 40))
    problem = random_problem(seed, n)
    rng = np.random.default_rng(seed)
    mu = problem.mu.copy()
    ties = draw(st.sampled_from(["none", "top", "all", "pairs"]))
    if ties == "top":
        mu[np.argsort(-mu)[: draw(st.integers(2, n))]] = mu.max()
    elif ties == "all":
        mu[:] = 0.0004
    elif ties == "pairs":
        mu = np.round(mu, 4)
    kind = draw(st.sampled_from(["capped", "exact caps", "long-short", "per asset"]))
    total = 1.0
    if kind == "capped":
        lower, upper = np.zeros(n), np.full(n, max(1.0 / n + 0.01, draw(st.floats(0.0, 1.0))))
    elif kind == "exact caps":
        lower, upper = np.zeros(n), np.full(n, 1.0 / draw(st.integers(1, n)))
    elif kind == "long-short":
        lower, upper = np.full(n, -0.3), np.full(n, 0.6)
    else:
        lower = rng.uniform(-0.2, 0.1, n)
        upper = lower + rng.uniform(0.0, 0.6, n) * (rng.uniform(size=n) > 0.15)
        share = draw(st.sampled_from([0.0, 0.3, 0.7, 1.0]))
        total = float(lower.sum() + share * (upper.sum() - lower.sum()))
    return BoxProblem(problem.Sigma, mu, lower, upper, total)


def violation(p: BoxProblem, w: np.ndarray, lam: float) -> float:
    risk = p.Sigma @ w
    scale = float(np.abs(risk).max()) + lam * float(np.abs(p.mu).max())
    return budget_box_kkt_violation(risk - lam * p.mu, w, p.lower, p.upper) / scale


@settings(max_examples=200)
@given(p=box_problems())
def test_every_corner_and_point_between_meets_kkt(p: BoxProblem) -> None:
    line = critical_line(p.Sigma, p.mu, p.lower, p.upper, p.total)
    assert line.lambdas[-1] == 0.0
    assert (np.diff(line.lambdas) < 0).all()
    np.testing.assert_allclose(line.risk, line.weights @ p.Sigma, rtol=1e-9, atol=1e-16)
    returns = line.weights @ p.mu
    assert (np.diff(returns) <= 1e-15).all()  # from max return down to min variance
    for w, lam in zip(line.weights, line.lambdas, strict=True):
        assert_feasible(w, p.lower, p.upper, p.total)
        assert violation(p, w, lam) <= KKT
    for high, low in zip(line.lambdas[:-1], line.lambdas[1:], strict=True):
        for lam in (0.3 * high + 0.7 * low, 0.9 * high + 0.1 * low):
            w = weights_at_lambda(line, lam)
            assert violation(p, w, lam) <= KKT


@settings(max_examples=100)
@given(p=box_problems(), lam=st.floats(0.0, 50.0))
def test_active_set_method_meets_kkt_and_matches_the_line(p: BoxProblem, lam: float) -> None:
    try:
        box = solve_budget_box(p.Sigma, -lam * p.mu, p.lower, p.upper, p.total)
    except SolverError:  # a cycle: the caller falls back to the critical line
        return
    assert_feasible(box.weights, p.lower, p.upper, p.total)
    assert violation(p, box.weights, lam) <= KKT
    line = critical_line(p.Sigma, p.mu, p.lower, p.upper, p.total)
    expected = weights_at_lambda(line, lam)
    utility = 0.5 * expected @ p.Sigma @ expected - lam * p.mu @ expected
    ours = 0.5 * box.weights @ p.Sigma @ box.weights - lam * p.mu @ box.weights
    assert ours == pytest.approx(utility, rel=1e-9, abs=1e-15)


@settings(max_examples=150)
@given(p=box_problems(), u=st.floats(0.0, 1.0))
def test_the_search_over_the_trade_off_lands_on_the_line(p: BoxProblem, u: float) -> None:
    line = critical_line(p.Sigma, p.mu, p.lower, p.upper, p.total)
    returns = line.weights @ p.mu
    variances = np.einsum("ki,ki->k", line.weights, line.risk)
    target = float(returns[-1] + u * (returns[0] - returns[-1]))
    variance = float(variances[-1] + u * (variances[0] - variances[-1]))
    search = (
        (return_target_by_search, target),
        (variance_target_by_search, variance),
    )
    try:
        by_return, by_variance = (
            find(p.Sigma, p.mu, p.lower, p.upper, p.total, goal) for find, goal in search
        )
        ratio = (
            max_ratio_by_search(p.Sigma, p.mu, p.lower, p.upper, p.total)
            if returns[0] > 0
            else None
        )
    except SolverError as error:  # only with no free weight; the caller falls back to the line
        failure = str(error)
    else:
        failure = ""
    if failure:
        assert "no free weight" in failure
        return
    expected = weights_at_return(line, p.mu, target)
    assert_feasible(by_return, p.lower, p.upper, p.total)
    assert by_return @ p.mu == pytest.approx(target, rel=1e-10, abs=1e-15)
    assert by_return @ p.Sigma @ by_return == pytest.approx(expected @ p.Sigma @ expected, rel=1e-9)
    assert_feasible(by_variance, p.lower, p.upper, p.total)
    assert by_variance @ p.Sigma @ by_variance == pytest.approx(variance, rel=1e-9)
    if u > 1e-3:  # at the min variance the return is ill-conditioned in the variance
        best = weights_at_variance(line, variance)
        assert by_variance @ p.mu == pytest.approx(best @ p.mu, rel=1e-9, abs=1e-15)
    if ratio is not None:
        assert_feasible(ratio, p.lower, p.upper, p.total)
        best = max_ratio(line, p.mu)

        def sharpe(w: np.ndarray) -> float:
            return float(w @ p.mu / np.sqrt(w @ p.Sigma @ w))

        assert sharpe(ratio) == pytest.approx(sharpe(best), rel=1e-9)


def test_two_assets_by_hand() -> None:
    # variances 1 and 4, covariance 0.5, means 1 and 2: the max-return corner (0, 1) holds down to
    # lam = (4 - 0.5) / (2 - 1) = 3.5; min variance (4 - 0.5) / (1 + 4 - 1) = 0.875 in A
    Sigma = np.array([[1.0, 0.5], [0.5, 4.0]])
    line = critical_line(Sigma, np.array([1.0, 2.0]), np.zeros(2), np.ones(2), 1.0)
    np.testing.assert_allclose(line.lambdas, [3.5, 0.0], rtol=1e-14)
    np.testing.assert_allclose(line.weights, [[0.0, 1.0], [0.875, 0.125]], atol=1e-14)
    # max Sharpe (rf = 0) with both held: w ~ Sigma^-1 mu = (1 - 1, 2 - 0.5) / 3.75 -> (0, 1)...
    # so with means 1 and 1.2 instead: Sigma^-1 mu ~ (4 - 0.6, 1.2 - 0.5) = (3.4, 0.7)
    mu = np.array([1.0, 1.2])
    line = critical_line(Sigma, mu, np.zeros(2), np.ones(2), 1.0)
    np.testing.assert_allclose(max_ratio(line, mu), np.array([3.4, 0.7]) / 4.1, atol=1e-14)


def test_uncorrelated_assets_without_binding_bounds() -> None:
    variances = np.array([0.01, 0.02, 0.04, 0.05])
    mu = np.array([0.03, 0.05, 0.06, 0.07])
    Sigma = np.diag(variances)
    lower, upper = np.full(4, -10.0), np.full(4, 10.0)
    line = critical_line(Sigma, mu, lower, upper, 1.0)
    min_variance = (1 / variances) / (1 / variances).sum()
    np.testing.assert_allclose(line.weights[-1], min_variance, atol=1e-13)
    tangency = (mu - 0.01) / variances
    np.testing.assert_allclose(max_ratio(line, mu - 0.01), tangency / tangency.sum(), atol=1e-12)
    # two-fund theorem: min variance for mean r solves [mu'S^-1 mu, mu'S^-1 1; .. 1'S^-1 1] x = (r, 1)
    inv_mu, inv_one = mu / variances, 1 / variances
    M = np.array([[mu @ inv_mu, mu @ inv_one], [inv_one @ mu, inv_one.sum()]])
    for r in (0.05, 0.06, 0.08):
        lam, gamma = np.linalg.solve(M, [r, 1.0])
        np.testing.assert_allclose(
            weights_at_return(line, mu, r), lam * inv_mu + gamma * inv_one, atol=1e-12
        )


@settings(max_examples=30)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 30), cap=st.floats(0.0, 1.0))
def test_min_variance_and_max_sharpe_equal_clarabel(seed: int, n: int, cap: float) -> None:
    problem = random_problem(seed, n)
    constraints = (Budget(), Bounds(lower=-0.1 if seed % 2 else 0.0, upper=max(1 / n + 0.05, cap)))
    for objective in (MinVariance(), MaxSharpe(risk_free_rate=0.01)):
        try:
            reference = optimize_portfolio(problem, objective, constraints, chain=CLARABEL)
        except InfeasibleError:
            with pytest.raises(InfeasibleError):
                optimize_portfolio(problem, objective, constraints)
            continue
        ours = optimize_portfolio(problem, objective, constraints)
        assert ours.solver == "CLA"
        assert ours.objective_value == pytest.approx(reference.objective_value, rel=1e-6)
        # exact, so never worse than the interior point beyond what Clarabel gains by missing the
        # budget by its feasibility tolerance (about 1e-9: a variance 2e-9 lower)
        if isinstance(objective, MinVariance):
            assert ours.objective_value <= reference.objective_value * (1 + 1e-8)
        else:
            assert ours.objective_value >= reference.objective_value - 1e-8 * abs(
                reference.objective_value
            )


@pytest.mark.parametrize(
    "objective",
    [
        MaxUtility(risk_aversion=3.0),
        EfficientReturn(target_return=0.15),
        EfficientRisk(target_volatility=0.25),
        MaxReturn(),
    ],
    ids=lambda o: type(o).__name__,
)
@pytest.mark.parametrize("seed", [3, 4])
@pytest.mark.parametrize("lower", [0.0, -0.2], ids=["long-only", "long-short"])
def test_the_other_objectives_equal_clarabel(objective: object, seed: int, lower: float) -> None:
    problem = random_problem(seed, 12)
    constraints = (Budget(), Bounds(lower=lower, upper=0.3))
    ours = optimize_portfolio(problem, objective, constraints)  # type: ignore[arg-type]
    reference = optimize_portfolio(problem, objective, constraints, chain=CLARABEL)  # type: ignore[arg-type]
    assert ours.solver == "CLA"
    assert ours.objective_value == pytest.approx(reference.objective_value, rel=1e-6)


@pytest.fixture(scope="module")
def sp500() -> tuple[pd.Series, pd.DataFrame]:
    returns = load_sp500_prices().pct_change().iloc[1:]
    return returns.mean(), returns.cov()


def test_corners_are_pyportfolioopts(sp500: tuple[pd.Series, pd.DataFrame]) -> None:
    pypfopt = pytest.importorskip("pypfopt")
    mu, cov = sp500
    peer = pypfopt.CLA(mu * 252, cov * 252, weight_bounds=(0, 1))
    peer._solve()
    peer_corners = np.array([w.reshape(-1) for w in peer.w])
    Sigma, m = cov.to_numpy(), mu.to_numpy()
    line = critical_line(Sigma, m, np.zeros(20), np.ones(20), 1.0)
    # every corner of theirs is one of ours, with the same lambda (theirs multiplies annual means
    # against an annual covariance: the same number)
    distance = np.abs(line.weights[:, None, :] - peer_corners[None, :, :]).max(axis=2)
    assert distance.min(axis=0).max() < 1e-9
    theirs = np.unique([lam for lam in peer.ls if lam])
    ours = line.lambdas[np.abs(line.lambdas[:, None] - theirs[None, :]).min(axis=1) < 1e-9]
    np.testing.assert_allclose(np.sort(ours), theirs, rtol=1e-10)
    # theirs skips the corner where asset 1 (AMD) leaves and repeats another: ours has it, and it
    # meets the optimality conditions
    extra = np.flatnonzero(distance.min(axis=1) > 1e-9)
    assert extra.size == 1
    w, lam = line.weights[extra[0]], line.lambdas[extra[0]]
    kkt = budget_box_kkt_violation(Sigma @ w - lam * m, w, np.zeros(20), np.ones(20))
    assert kkt <= KKT * float(np.abs(Sigma @ w).max())


def test_max_sharpe_and_min_volatility_beat_pyportfolioopts_cla(
    sp500: tuple[pd.Series, pd.DataFrame],
) -> None:
    pypfopt = pytest.importorskip("pypfopt")
    mu, cov = sp500
    Sigma, m = cov.to_numpy(), mu.to_numpy()
    box = BudgetAndBounds(total=1.0, lower=np.zeros(20), upper=np.ones(20))
    ours = max_ratio_weights(Sigma, m, box)
    peer = pypfopt.CLA(mu * 252, cov * 252, weight_bounds=(0, 1))
    theirs = np.array(list(peer.max_sharpe().values()))  # golden-section search: near, not exact

    def sharpe(w: np.ndarray) -> float:
        return float(w @ m / np.sqrt(w @ Sigma @ w))

    assert sharpe(ours) == pytest.approx(sharpe(theirs), rel=1e-6)
    assert sharpe(ours) >= sharpe(theirs)
    least = np.array(list(pypfopt.CLA(mu, cov).min_volatility().values()))
    line = critical_line(Sigma, m, np.zeros(20), np.ones(20), 1.0)
    np.testing.assert_allclose(line.weights[-1], least, atol=1e-9)


def test_efficient_return_and_risk_targets_are_met_exactly() -> None:
    problem = random_problem(11, 15)
    Sigma, mu = problem.Sigma, problem.mu
    line = critical_line(Sigma, mu, np.zeros(15), np.full(15, 0.25), 1.0)
    returns = line.weights @ mu
    for target in np.linspace(returns[-1], returns[0], 7):
        w = weights_at_return(line, mu, float(target))
        assert w @ mu == pytest.approx(target, rel=1e-12)
    variances = np.einsum("ki,ij,kj->k", line.weights, Sigma, line.weights)
    for target in np.linspace(variances[-1], variances[0], 7):
        w = weights_at_variance(line, float(target))
        assert w @ Sigma @ w == pytest.approx(target, rel=1e-10)
    with pytest.raises(InfeasibleError, match="above the maximum"):
        weights_at_return(line, mu, float(returns[0]) * 1.01 + 1e-6)
    with pytest.raises(InfeasibleError, match="below the minimum"):
        weights_at_variance(line, float(variances[-1]) * 0.99)


def test_tied_means_start_from_the_least_variance_among_them() -> None:
    problem = random_problem(5, 8)
    mu = np.full(8, 0.0005)
    mu[:3] = 0.001  # three assets tie for the best mean; the caps make them share the budget
    line = critical_line(problem.Sigma, mu, np.zeros(8), np.full(8, 0.5), 1.0)
    top = solve_budget_box(
        problem.Sigma[:3, :3], np.zeros(3), np.zeros(3), np.full(3, 0.5), 1.0
    ).weights
    np.testing.assert_allclose(line.weights[0, :3], top, atol=1e-12)
    all_tied = critical_line(problem.Sigma, np.full(8, 0.0005), np.zeros(8), np.ones(8), 1.0)
    assert all_tied.weights.shape == (1, 8)  # one portfolio: the min-variance one
    reference = optimize_portfolio(problem, MinVariance(), chain=CLARABEL).weights.to_numpy()
    np.testing.assert_allclose(all_tied.weights[0], reference, atol=1e-7)


def test_fixed_weights_and_a_budget_met_by_the_lower_bounds() -> None:
    problem = random_problem(6, 6)
    fixed = Bounds(lower={"A2": 0.1}, upper={"A2": 0.1})
    ours = optimize_portfolio(problem, MaxSharpe(), (Budget(), Bounds(), fixed))
    reference = optimize_portfolio(
        problem, MaxSharpe(), (Budget(), Bounds(), fixed), chain=CLARABEL
    )
    assert ours.solver == "CLA"
    assert ours.weights["A2"] == 0.1
    assert ours.objective_value == pytest.approx(reference.objective_value, rel=1e-6)
    lower = np.full(6, 1 / 6)
    line = critical_line(problem.Sigma, problem.mu, lower, np.ones(6), 1.0)
    np.testing.assert_allclose(line.weights, lower[None, :], atol=1e-15)


def test_a_duplicated_asset_raises_and_the_chain_falls_back_to_clarabel() -> None:
    base = random_problem(8, 5)
    # asset 5 repeats the least risky asset, which every min-variance portfolio holds
    j = int(np.argmin(np.diag(base.Sigma)))
    keep = [*range(5), j]
    problem = PortfolioProblem(
        assets=(*base.assets, "copy"),
        mu=base.mu[keep],
        Sigma=base.Sigma[np.ix_(keep, keep)],
        periods_per_year=252.0,
    )
    with pytest.raises(SolverError, match="singular"):
        critical_line(problem.Sigma, problem.mu, np.zeros(6), np.ones(6), 1.0)
    with pytest.raises(SolverError, match="singular"):
        solve_budget_box(problem.Sigma, np.zeros(6), np.zeros(6), np.ones(6), 1.0)
    result = optimize_portfolio(problem, MinVariance())
    assert result.solver == "CLARABEL"
    # the right answer: the problem without the copy, its weight shared by the two
    alone = optimize_portfolio(base, MinVariance())
    assert result.objective_value == pytest.approx(alone.objective_value, rel=1e-7)
    merged = result.weights.to_numpy()[:5].copy()
    merged[j] += result.weights["copy"]
    np.testing.assert_allclose(merged, alone.weights.to_numpy(), atol=1e-6)


def test_max_sharpe_needs_a_positive_excess_return() -> None:
    problem = random_problem(9, 4)
    rf = per_period_rate(0.9, 252.0)  # far above every mean
    box = BudgetAndBounds(total=1.0, lower=np.zeros(4), upper=np.ones(4))
    with pytest.raises(InfeasibleError, match="positive excess return"):
        max_ratio_weights(problem.Sigma, problem.mu - rf, box)


def test_the_solver_declines_other_constraints_and_objectives() -> None:
    problem = random_problem(12, 6)
    groups = GroupLimits(groups={"A0": "x", "A1": "x"}, upper={"x": 0.3})
    assert optimize_portfolio(problem, MinVariance(), (Budget(), Bounds(), groups)).solver == (
        "CLARABEL"
    )
    assert optimize_portfolio(problem, MinVariance(), (Budget(),)).solver == "CLARABEL"
    assert optimize_portfolio(problem, MinVariance(), (Bounds(),)).solver == "CLARABEL"
    spec = ProblemSpec(problem=problem, objective=MinVariance(), constraints=(Budget(), groups))
    assert not CriticalLineSolver().supports(spec)
    assert DEFAULT_CHAIN.names[0] == "CLA"


@pytest.mark.parametrize("total", [0.5, 1.5])
def test_a_budget_other_than_one(total: float) -> None:
    problem = random_problem(13, 8)
    constraints = (Budget(total=total), Bounds(lower=-0.1, upper=0.6))
    for objective in (MinVariance(), MaxSharpe(risk_free_rate=0.02), MaxUtility()):
        ours = optimize_portfolio(problem, objective, constraints)
        reference = optimize_portfolio(problem, objective, constraints, chain=CLARABEL)
        assert ours.solver == "CLA"
        assert ours.weights.sum() == pytest.approx(total, rel=1e-12)
        assert ours.objective_value == pytest.approx(reference.objective_value, rel=1e-6)


def test_max_diversification_reuses_the_ratio() -> None:
    # D(w) = sigma' w / sqrt(w' Sigma w): with bounds that do not bind, w ~ Sigma^-1 sigma
    problem = random_problem(14, 7)
    sigma = np.sqrt(np.diag(problem.Sigma))
    box = BudgetAndBounds(total=1.0, lower=np.full(7, -10.0), upper=np.full(7, 10.0))
    direction = np.linalg.solve(problem.Sigma, sigma)
    np.testing.assert_allclose(
        max_ratio_weights(problem.Sigma, sigma, box), direction / direction.sum(), atol=1e-10
    )
    long_only = BudgetAndBounds(total=1.0, lower=np.zeros(7), upper=np.ones(7))
    vol_problem = PortfolioProblem(
        assets=problem.assets, mu=sigma, Sigma=problem.Sigma, periods_per_year=252.0
    )
    reference = optimize_portfolio(vol_problem, MaxSharpe(), chain=CLARABEL).weights.to_numpy()
    ours = max_ratio_weights(problem.Sigma, sigma, long_only)

    def ratio(w: np.ndarray) -> float:
        return float(sigma @ w / np.sqrt(w @ problem.Sigma @ w))

    assert ratio(ours) == pytest.approx(ratio(reference), rel=1e-9)
    assert ratio(ours) >= ratio(reference)
