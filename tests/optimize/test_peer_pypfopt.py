"""The general convex path against PyPortfolioOpt's ``EfficientFrontier`` on the bundled 20 stocks.

Both get the same inputs: the sample mean and sample covariance (``ddof=1``) of daily simple returns,
computed here with plain pandas; PyPortfolioOpt receives them annualised (x 252), algofolio per day
with ``periods_per_year=252``. Annual rates given to algofolio convert per period geometrically, so
PyPortfolioOpt receives ``per_period_rate(rate) * 252`` for the risk-free rate and target return.
The objectives of both weight vectors are computed here with numpy and compared at 1e-6 relative.
"""

import numpy as np
import pandas as pd
import pytest

from algofolio.core.frequency import per_period_rate
from algofolio.datasets import load_sp500_prices
from algofolio.optimize import (
    DEFAULT_CHAIN,
    EfficientReturn,
    EfficientRisk,
    MaxSharpe,
    MaxUtility,
    MinVariance,
    PortfolioProblem,
    SolverChain,
    optimize_portfolio,
)
from algofolio.optimize.solvers import CVXPY_CHAIN

pypfopt = pytest.importorskip("pypfopt")

DAYS = 252.0
RELATIVE = 1e-6
CHAINS = pytest.mark.parametrize(
    "chain", [DEFAULT_CHAIN, CVXPY_CHAIN], ids=["critical-line", "cvxpy"]
)  # long only: the critical line answers first; the cvxpy path is kept checked too


@pytest.fixture(scope="module")
def moments() -> tuple[pd.Series, pd.DataFrame]:
    returns = load_sp500_prices().pct_change().iloc[1:]
    return returns.mean(), returns.cov()


@pytest.fixture(scope="module")
def problem(moments: tuple[pd.Series, pd.DataFrame]) -> PortfolioProblem:
    mu, cov = moments
    return PortfolioProblem(
        assets=tuple(mu.index), mu=mu.to_numpy(), Sigma=cov.to_numpy(), periods_per_year=DAYS
    )


def frontier(moments: tuple[pd.Series, pd.DataFrame]) -> "pypfopt.EfficientFrontier":
    mu, cov = moments
    return pypfopt.EfficientFrontier(mu * DAYS, cov * DAYS, weight_bounds=(0, 1))


def vector(weights: dict[str, float], problem: PortfolioProblem) -> np.ndarray:
    return np.array([weights[a] for a in problem.assets])


def annual_variance(w: np.ndarray, problem: PortfolioProblem) -> float:
    return float(w @ problem.Sigma @ w) * DAYS


@CHAINS
def test_min_volatility(
    moments: tuple[pd.Series, pd.DataFrame], problem: PortfolioProblem, chain: SolverChain
) -> None:
    peer = vector(frontier(moments).min_volatility(), problem)
    ours = optimize_portfolio(problem, MinVariance(), chain=chain)
    assert ours.objective_value == pytest.approx(annual_variance(peer, problem), rel=RELATIVE)
    assert annual_variance(ours.weights.to_numpy(), problem) <= annual_variance(peer, problem) * (
        1 + 1e-9
    )


@pytest.mark.parametrize("risk_free_rate", [0.0, 0.03])
@CHAINS
def test_max_sharpe(
    moments: tuple[pd.Series, pd.DataFrame],
    problem: PortfolioProblem,
    risk_free_rate: float,
    chain: SolverChain,
) -> None:
    rf = per_period_rate(risk_free_rate, DAYS)
    peer = vector(frontier(moments).max_sharpe(risk_free_rate=rf * DAYS), problem)
    peer_sharpe = (peer @ problem.mu - rf) / np.sqrt(peer @ problem.Sigma @ peer) * np.sqrt(DAYS)
    ours = optimize_portfolio(problem, MaxSharpe(risk_free_rate=risk_free_rate), chain=chain)
    assert ours.objective_value == pytest.approx(peer_sharpe, rel=RELATIVE)
    assert ours.sharpe == pytest.approx(peer_sharpe, rel=RELATIVE)


@pytest.mark.parametrize("target", [0.12, 0.2, 0.3])
@CHAINS
def test_efficient_return(
    moments: tuple[pd.Series, pd.DataFrame],
    problem: PortfolioProblem,
    target: float,
    chain: SolverChain,
) -> None:
    peer = vector(frontier(moments).efficient_return(target_return=target), problem)
    ours = optimize_portfolio(problem, EfficientReturn(target_return=target), chain=chain)
    assert ours.objective_value == pytest.approx(annual_variance(peer, problem), rel=RELATIVE)
    assert ours.expected_return >= target * (1 - 1e-9)


@pytest.mark.parametrize("target", [0.17, 0.2, 0.3])
@CHAINS
def test_efficient_risk(
    moments: tuple[pd.Series, pd.DataFrame],
    problem: PortfolioProblem,
    target: float,
    chain: SolverChain,
) -> None:
    peer = vector(frontier(moments).efficient_risk(target_volatility=target), problem)
    ours = optimize_portfolio(problem, EfficientRisk(target_volatility=target), chain=chain)
    assert ours.objective_value == pytest.approx(float(peer @ problem.mu) * DAYS, rel=RELATIVE)
    assert ours.volatility <= target * (1 + 1e-8)


@pytest.mark.parametrize("aversion", [0.5, 2.0, 10.0])
@CHAINS
def test_max_quadratic_utility(
    moments: tuple[pd.Series, pd.DataFrame],
    problem: PortfolioProblem,
    aversion: float,
    chain: SolverChain,
) -> None:
    peer = vector(frontier(moments).max_quadratic_utility(risk_aversion=aversion), problem)
    peer_utility = float(peer @ problem.mu) * DAYS - aversion / 2 * annual_variance(peer, problem)
    ours = optimize_portfolio(problem, MaxUtility(risk_aversion=aversion), chain=chain)
    assert ours.objective_value == pytest.approx(peer_utility, rel=RELATIVE)
