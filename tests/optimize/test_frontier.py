"""The exact efficient frontier against the cvxpy/Clarabel path, PyPortfolioOpt's
``EfficientFrontier.efficient_return`` on the bundled 20 stocks, and its own invariants."""

import math

import numpy as np
import pandas as pd
import pytest

from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import ConfigError, DataError, InfeasibleError, SolverError
from algofolio.core.frequency import per_period_rate
from algofolio.datasets import load_sp500_prices
from algofolio.optimize import (
    Bounds,
    Budget,
    EfficientReturn,
    GroupLimits,
    MaxReturn,
    MaxSharpe,
    MinVariance,
    PortfolioProblem,
    optimize_portfolio,
)
from algofolio.optimize.frontier import efficient_frontier
from tests.optimize._budget_box_kkt import assert_feasible
from tests.optimize._problems import random_problem
from tests.optimize._references import CLARABEL

CONSTRAINTS = (Budget(), Bounds(lower=0.0, upper=0.3))


@pytest.fixture(scope="module")
def problem() -> PortfolioProblem:
    return random_problem(21, 12)


def test_shape_order_and_ends(problem: PortfolioProblem) -> None:
    frontier = efficient_frontier(problem, 9, constraints=CONSTRAINTS, risk_free_rate=0.02)
    points, weights = frontier.points, frontier.weights
    assert list(points.columns) == ["expected_return", "volatility", "sharpe"]
    assert points.index.name == weights.index.name == "point"
    assert list(points.index) == list(range(9)) == list(weights.index)
    assert list(weights.columns) == list(problem.assets)
    assert (np.diff(points["volatility"]) > 0).all()
    np.testing.assert_allclose(np.diff(points["expected_return"], 2), 0.0, atol=1e-15)
    for w in weights.to_numpy():
        assert_feasible(w, np.zeros(12), np.full(12, 0.3), 1.0)
    least = optimize_portfolio(problem, MinVariance(), CONSTRAINTS, chain=CLARABEL)
    most = optimize_portfolio(problem, MaxReturn(), CONSTRAINTS, chain=CLARABEL)
    assert points["volatility"].iloc[0] == pytest.approx(least.volatility, rel=1e-6)
    assert points["expected_return"].iloc[-1] == pytest.approx(most.expected_return, rel=1e-9)
    assert frontier.min_volatility.volatility == pytest.approx(
        points["volatility"].iloc[0], rel=1e-12
    )
    assert frontier.min_volatility.solver == frontier.max_sharpe.solver == "CLA"
    # the figures follow OptimizationResult's conventions
    w = weights.iloc[4].to_numpy()
    rf = per_period_rate(0.02, 252.0)
    std = math.sqrt(w @ problem.Sigma @ w)
    assert points["expected_return"].iloc[4] == pytest.approx(w @ problem.mu * 252, rel=1e-12)
    assert points["volatility"].iloc[4] == pytest.approx(std * math.sqrt(252), rel=1e-12)
    assert points["sharpe"].iloc[4] == pytest.approx(
        (w @ problem.mu - rf) / std * math.sqrt(252), rel=1e-12
    )


def test_every_point_is_the_min_variance_for_its_return(problem: PortfolioProblem) -> None:
    frontier = efficient_frontier(problem, 6, constraints=CONSTRAINTS)
    returns = frontier.points["expected_return"].to_numpy()
    for expected_return, w in zip(returns, frontier.weights.to_numpy(), strict=True):
        target = EfficientReturn(target_return=float(expected_return) * (1 - 1e-12))
        reference = optimize_portfolio(problem, target, CONSTRAINTS, chain=CLARABEL)
        assert w @ problem.Sigma @ w * 252 == pytest.approx(reference.objective_value, rel=1e-6)


@pytest.mark.parametrize("risk_free_rate", [0.0, 0.04])
def test_max_sharpe_and_min_volatility_equal_clarabel(
    problem: PortfolioProblem, risk_free_rate: float
) -> None:
    frontier = efficient_frontier(
        problem, 20, constraints=CONSTRAINTS, risk_free_rate=risk_free_rate
    )
    objective = MaxSharpe(risk_free_rate=risk_free_rate)
    reference = optimize_portfolio(problem, objective, CONSTRAINTS, chain=CLARABEL)
    assert frontier.max_sharpe.sharpe == pytest.approx(reference.sharpe, rel=1e-6)
    assert frontier.max_sharpe.objective_value == pytest.approx(
        frontier.max_sharpe.sharpe, rel=1e-12
    )
    assert frontier.max_sharpe.sharpe >= frontier.points["sharpe"].max()
    assert frontier.risk_free_rate == frontier.max_sharpe.risk_free_rate == risk_free_rate
    least = optimize_portfolio(problem, MinVariance(), CONSTRAINTS, chain=CLARABEL)
    assert frontier.min_volatility.objective_value == pytest.approx(least.objective_value, rel=1e-6)


def test_corners(problem: PortfolioProblem) -> None:
    frontier = efficient_frontier(problem, constraints=CONSTRAINTS)
    corners = frontier.corners
    assert list(corners.columns) == [
        "expected_return",
        "volatility",
        "sharpe",
        "lambda",
        *problem.assets,
    ]
    assert corners.index.name == "corner"
    assert corners["lambda"].iloc[0] == 0.0
    assert (np.diff(corners["lambda"]) > 0).all()
    assert (np.diff(corners["volatility"]) > 0).all()
    np.testing.assert_allclose(
        corners[list(problem.assets)].iloc[0], frontier.weights.iloc[0], atol=1e-15
    )
    np.testing.assert_allclose(
        corners[list(problem.assets)].iloc[-1], frontier.weights.iloc[-1], atol=1e-15
    )


def test_points_on_the_bundled_stocks_are_pyportfolioopts_efficient_returns() -> None:
    pypfopt = pytest.importorskip("pypfopt")
    returns = load_sp500_prices().pct_change().iloc[1:]
    mu, cov = returns.mean(), returns.cov()
    problem = PortfolioProblem(
        assets=tuple(mu.index), mu=mu.to_numpy(), Sigma=cov.to_numpy(), periods_per_year=252.0
    )
    frontier = efficient_frontier(problem, 12)
    for k in range(1, 11):  # the interior points (the ends are where the peer's target binds)
        target = float(frontier.points["expected_return"].iloc[k])
        peer = pypfopt.EfficientFrontier(mu * 252, cov * 252).efficient_return(target)
        theirs = np.array([peer[a] for a in problem.assets])
        ours = frontier.weights.iloc[k].to_numpy()
        assert ours @ problem.Sigma @ ours == pytest.approx(
            theirs @ problem.Sigma @ theirs, rel=1e-6
        )
        assert ours @ problem.Sigma @ ours <= theirs @ problem.Sigma @ theirs * (1 + 1e-8)


def test_a_return_distribution_gives_the_same_frontier(problem: PortfolioProblem) -> None:
    distribution = ReturnDistribution(
        assets=problem.assets, mu=problem.mu, covariance=problem.Sigma, periods_per_year=252.0
    )
    a = efficient_frontier(problem, 5)
    b = efficient_frontier(distribution, 5)
    pd.testing.assert_frame_equal(a.points, b.points)


def test_only_budget_and_bounds(problem: PortfolioProblem) -> None:
    groups = GroupLimits(groups={"A0": "x", "A1": "x"}, upper={"x": 0.5})
    with pytest.raises(ConfigError, match=r"supports Budget and Bounds; got GroupLimits\(") as info:
        efficient_frontier(problem, constraints=(Budget(), Bounds(), groups))
    assert info.value.key == "constraints"
    with pytest.raises(ConfigError, match="needs a Budget"):
        efficient_frontier(problem, constraints=(Bounds(),))
    with pytest.raises(ConfigError, match="finite Bounds"):
        efficient_frontier(problem, constraints=(Budget(),))


@pytest.mark.parametrize("points", [1, 0, True, 2.5, "50"])
def test_points_must_be_an_integer_of_at_least_two(
    problem: PortfolioProblem, points: object
) -> None:
    with pytest.raises(ConfigError, match="points must be an integer >= 2") as info:
        efficient_frontier(problem, points)  # type: ignore[arg-type]
    assert info.value.key == "points"


def test_conflicts_and_a_risk_free_rate_above_every_portfolio(problem: PortfolioProblem) -> None:
    with pytest.raises(InfeasibleError, match="the lower bounds sum to 240%"):
        efficient_frontier(problem, constraints=(Budget(), Bounds(lower=0.2)))
    with pytest.raises(InfeasibleError, match="risk-free rate"):
        efficient_frontier(problem, constraints=CONSTRAINTS, risk_free_rate=0.9)


def test_a_frontier_of_one_portfolio() -> None:
    # every mean equal: the max-return portfolio is the min-variance one
    base = random_problem(22, 5)
    problem = PortfolioProblem(
        assets=base.assets, mu=np.full(5, 0.0004), Sigma=base.Sigma, periods_per_year=252.0
    )
    frontier = efficient_frontier(problem, 4)
    least = optimize_portfolio(problem, MinVariance(), chain=CLARABEL)
    assert len(frontier.corners) == 1
    for w in frontier.weights.to_numpy():
        np.testing.assert_allclose(w, least.weights.to_numpy(), atol=1e-7)
    np.testing.assert_allclose(frontier.points["sharpe"], frontier.max_sharpe.sharpe, rtol=1e-12)


def test_a_singular_covariance_is_a_solver_error() -> None:
    base = random_problem(23, 4)
    keep = [0, 1, 2, 3, int(np.argmin(np.diag(base.Sigma)))]  # the least risky asset twice
    problem = PortfolioProblem(
        assets=(*base.assets, "copy"),
        mu=base.mu[keep],
        Sigma=base.Sigma[np.ix_(keep, keep)],
        periods_per_year=252.0,
    )
    with pytest.raises(SolverError, match="singular"):
        efficient_frontier(problem)


@pytest.mark.parametrize("name", ["lambda", "sharpe"])
def test_an_asset_named_like_a_figure_column_is_refused(name: str) -> None:
    from algofolio.optimize import random_portfolios

    problem = random_problem(0, 3)
    renamed = PortfolioProblem(
        assets=(name, "B", "C"), mu=problem.mu, Sigma=problem.Sigma, periods_per_year=252.0
    )
    with pytest.raises(DataError, match=f"asset '{name}' has the name of a column") as info:
        efficient_frontier(renamed)
    assert info.value.asset == name
    if name == "sharpe":
        with pytest.raises(DataError, match="random_portfolios"):
            random_portfolios(renamed, 10)
