"""Maximum diversification through the solver chain: closed forms (uncorrelated assets, the
unconstrained solution ``Sigma^-1 sigma``), the identity with max Sharpe for ``mu = sigma``, and
skfolio's ``MaximumDiversification`` on the bundled 20 stocks with the same covariance."""

import math

import numpy as np
import pandas as pd
import pytest

from algofolio.core.errors import ConfigError, DataError, InfeasibleError
from algofolio.datasets import load_sp500_prices
from algofolio.optimize import (
    CVXPY_CHAIN,
    DEFAULT_CONSTRAINTS,
    Bounds,
    Budget,
    MaxSharpe,
    PortfolioProblem,
    optimize_portfolio,
)
from algofolio.optimize.diversification import MaxDiversification, diversification_ratio

from ._problems import random_problem

DAYS = 252.0


def ratio(w: np.ndarray, Sigma: np.ndarray) -> float:
    """The diversification ratio computed here, independently of the module."""
    return float(w @ np.sqrt(np.diag(Sigma)) / math.sqrt(w @ Sigma @ w))


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    return load_sp500_prices().pct_change().iloc[1:]


@pytest.fixture(scope="module")
def problem(returns: pd.DataFrame) -> PortfolioProblem:
    return PortfolioProblem(
        assets=tuple(returns.columns),
        mu=returns.mean().to_numpy(),
        Sigma=returns.cov().to_numpy(),
        periods_per_year=DAYS,
    )


def test_uncorrelated_assets_closed_form() -> None:
    """Uncorrelated: D is maximal when every w_i sigma_i is equal (w ~ 1/sigma), D = sqrt(n)."""
    vols = np.array([0.01, 0.02, 0.04, 0.03])
    problem = PortfolioProblem(
        assets=("A", "B", "C", "D"), mu=np.zeros(4), Sigma=np.diag(vols**2), periods_per_year=DAYS
    )
    result = optimize_portfolio(problem, MaxDiversification())
    expected = (1 / vols) / (1 / vols).sum()
    np.testing.assert_allclose(result.weights.to_numpy(), expected, atol=1e-8)
    assert result.objective_value == pytest.approx(2.0, rel=1e-10)


def test_unconstrained_closed_form(problem: PortfolioProblem) -> None:
    """With only the budget, the first-order conditions give w ~ Sigma^-1 sigma."""
    sigma = np.sqrt(np.diag(problem.Sigma))
    direction = np.linalg.solve(problem.Sigma, sigma)
    expected = direction / direction.sum()
    bounds = Bounds(lower=-10.0, upper=10.0)
    assert np.abs(expected).max() < 10.0  # the bounds do not bind
    result = optimize_portfolio(problem, MaxDiversification(), (Budget(), bounds))
    np.testing.assert_allclose(result.weights.to_numpy(), expected, atol=1e-7)
    assert result.objective_value == pytest.approx(ratio(expected, problem.Sigma), rel=1e-10)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(
    "constraints",
    [
        DEFAULT_CONSTRAINTS,
        (Budget(), Bounds(upper=0.15)),
        (Budget(), Bounds(lower=-0.2, upper=0.5)),
    ],
    ids=["long-only", "capped", "long-short"],
)
def test_equals_max_sharpe_with_volatilities_as_means(
    seed: int, constraints: tuple[Budget, Bounds]
) -> None:
    """D(w) is the Sharpe ratio of w when mu = sigma and rf = 0: the two maximisers coincide."""
    problem = random_problem(seed, 25)
    sharpe_problem = PortfolioProblem(
        assets=problem.assets,
        mu=np.sqrt(np.diag(problem.Sigma)),
        Sigma=problem.Sigma,
        periods_per_year=DAYS,
    )
    ours = optimize_portfolio(problem, MaxDiversification(), constraints)
    sharpe = optimize_portfolio(sharpe_problem, MaxSharpe(), constraints, chain=CVXPY_CHAIN)
    assert (ours.solver, sharpe.solver) == ("CLA", "CLARABEL")  # two independent paths
    # the exact answer and an interior-point one: weights agree to ~1e-8
    np.testing.assert_allclose(ours.weights.to_numpy(), sharpe.weights.to_numpy(), atol=1e-7)
    clarabel = optimize_portfolio(problem, MaxDiversification(), constraints, chain=CVXPY_CHAIN)
    assert ours.objective_value >= clarabel.objective_value * (1 - 1e-10)
    assert ours.objective_value == pytest.approx(sharpe.sharpe / math.sqrt(DAYS), rel=1e-9)
    assert ours.objective_value == pytest.approx(
        ratio(ours.weights.to_numpy(), problem.Sigma), rel=1e-12
    )


def test_skfolio(returns: pd.DataFrame, problem: PortfolioProblem) -> None:
    pytest.importorskip("skfolio")
    from skfolio.moments import EmpiricalCovariance
    from skfolio.optimization import MaximumDiversification
    from skfolio.prior import EmpiricalPrior

    prior = EmpiricalPrior(covariance_estimator=EmpiricalCovariance(nearest=False))
    tight = {"tol_gap_abs": 1e-12, "tol_gap_rel": 1e-12, "tol_feas": 1e-12}
    model = MaximumDiversification(prior_estimator=prior, solver_params=tight).fit(returns)
    peer = np.asarray(model.weights_)
    ours = optimize_portfolio(problem, MaxDiversification())
    # Clarabel at 1e-12 in skfolio: ratios agree to ~4e-12, weights to ~6e-8 (the ratio is flat
    # at its maximum); at skfolio's default tolerances, 8e-8 and 3e-5
    assert ours.objective_value == pytest.approx(ratio(peer, problem.Sigma), rel=1e-10)
    np.testing.assert_allclose(ours.weights.to_numpy(), peer, atol=1e-6)


def test_diversification_ratio_function() -> None:
    Sigma = np.array([[0.04, 0.006], [0.006, 0.09]])
    w = np.array([0.6, 0.4])
    assert diversification_ratio(w, Sigma) == pytest.approx(ratio(w, Sigma), rel=1e-15)
    frame = pd.DataFrame(Sigma, index=["A", "B"], columns=["A", "B"])
    series = pd.Series({"B": 0.4, "A": 0.6})  # aligned on the assets, not the positions
    assert diversification_ratio(series, frame) == pytest.approx(ratio(w, Sigma), rel=1e-15)


def test_diversification_ratio_bad_inputs() -> None:
    frame = pd.DataFrame(np.eye(2), index=["A", "B"], columns=["A", "B"])
    with pytest.raises(DataError, match="no row or column for asset 'C'") as caught:
        diversification_ratio(pd.Series({"A": 0.5, "C": 0.5}), frame)
    assert caught.value.asset == "C"
    with pytest.raises(DataError, match="do not match"):
        diversification_ratio(np.ones(3), np.eye(2))
    with pytest.raises(DataError, match="zero variance"):
        diversification_ratio(np.zeros(2), np.eye(2))


def test_needs_a_budget(problem: PortfolioProblem) -> None:
    with pytest.raises(ConfigError, match="max diversification ratio needs a Budget"):
        optimize_portfolio(problem, MaxDiversification(), (Bounds(),))


def test_all_zero_variances_are_infeasible() -> None:
    problem = PortfolioProblem(
        assets=("A", "B"), mu=np.zeros(2), Sigma=np.zeros((2, 2)), periods_per_year=DAYS
    )
    with pytest.raises(InfeasibleError, match="every asset has zero variance"):
        optimize_portfolio(problem, MaxDiversification())
