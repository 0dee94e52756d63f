"""Development cross-check on real data with staggered listings (needs ../shared, else skipped).

PyPortfolioOpt's test prices (MIT, not shipped): 20 stocks from 1989, GOOG, FB and BABA listed
later. Our pairwise-complete estimates feed both optimisers (PyPortfolioOpt gets them annualised);
the objectives of both answers, computed here with numpy, agree to 1e-6 relative.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from algofolio.core.frequency import per_period_rate
from algofolio.data import read_prices
from algofolio.estimators import HistoricalMean, SampleCovariance
from algofolio.optimize import (
    EfficientReturn,
    EfficientRisk,
    MaxSharpe,
    MaxUtility,
    MinVariance,
    PortfolioProblem,
    hierarchical_risk_parity,
    optimize_portfolio,
)
from algofolio.returns import simple_returns

pypfopt = pytest.importorskip("pypfopt")

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
PYPFOPT = SHARED / "pypfopt_stock_prices.csv.gz"
DAYS = 252.0

pytestmark = pytest.mark.skipif(
    not PYPFOPT.is_file(), reason="development cross-check: ../shared/data is not present"
)


@pytest.fixture(scope="module")
def problem() -> PortfolioProblem:
    returns = simple_returns(read_prices(PYPFOPT, missing="raise"))
    mu = HistoricalMean().fit(returns).mu_
    cov = SampleCovariance().fit(returns).covariance_
    return PortfolioProblem(
        assets=tuple(mu.index), mu=mu.to_numpy(), Sigma=cov.to_numpy(), periods_per_year=DAYS
    )


def peer(problem: PortfolioProblem) -> "pypfopt.EfficientFrontier":
    assets = list(problem.assets)
    return pypfopt.EfficientFrontier(
        pd.Series(problem.mu * DAYS, index=assets),
        pd.DataFrame(problem.Sigma * DAYS, index=assets, columns=assets),
        weight_bounds=(0, 1),
    )


def vector(weights: dict[str, float], problem: PortfolioProblem) -> np.ndarray:
    return np.array([weights[a] for a in problem.assets])


def variance(w: np.ndarray, problem: PortfolioProblem) -> float:
    return float(w @ problem.Sigma @ w)


def test_min_variance(problem: PortfolioProblem) -> None:
    ours = optimize_portfolio(problem, MinVariance()).weights.to_numpy()
    theirs = vector(peer(problem).min_volatility(), problem)
    assert variance(ours, problem) == pytest.approx(variance(theirs, problem), rel=1e-6)
    assert variance(ours, problem) <= variance(theirs, problem) * (1 + 1e-9)


def test_max_sharpe(problem: PortfolioProblem) -> None:
    rate = 0.02
    rf = per_period_rate(rate, DAYS)
    ours = optimize_portfolio(problem, MaxSharpe(risk_free_rate=rate)).weights.to_numpy()
    theirs = vector(peer(problem).max_sharpe(risk_free_rate=rf * DAYS), problem)

    def sharpe(w: np.ndarray) -> float:
        return float(w @ problem.mu - rf) / np.sqrt(variance(w, problem))

    assert sharpe(ours) == pytest.approx(sharpe(theirs), rel=1e-6)


@pytest.mark.parametrize("target", [0.15, 0.25, 0.35])
def test_efficient_return(problem: PortfolioProblem, target: float) -> None:
    ours = optimize_portfolio(problem, EfficientReturn(target_return=target)).weights.to_numpy()
    theirs = vector(peer(problem).efficient_return(target), problem)
    assert variance(ours, problem) == pytest.approx(variance(theirs, problem), rel=1e-6)


@pytest.mark.parametrize("target", [0.2, 0.3])
def test_efficient_risk(problem: PortfolioProblem, target: float) -> None:
    ours = optimize_portfolio(problem, EfficientRisk(target_volatility=target)).weights.to_numpy()
    theirs = vector(peer(problem).efficient_risk(target), problem)
    assert float(ours @ problem.mu) == pytest.approx(float(theirs @ problem.mu), rel=1e-6)


def test_max_utility(problem: PortfolioProblem) -> None:
    ours = optimize_portfolio(problem, MaxUtility(risk_aversion=3.0)).weights.to_numpy()
    theirs = vector(peer(problem).max_quadratic_utility(risk_aversion=3.0), problem)

    def utility(w: np.ndarray) -> float:
        return float(w @ problem.mu) - 1.5 * variance(w, problem)

    assert utility(ours) == pytest.approx(utility(theirs), rel=1e-6)


HRP_WEIGHTS = SHARED / "pypfopt_weights_hrp.csv.gz"


def test_hrp_with_pairwise_correlations_is_pyportfolioopts() -> None:
    """PyPortfolioOpt clusters staggered listings on pandas' pairwise-complete correlations: given
    the same correlations and our pairwise-complete covariance, the weights are its own to 1e-10 and
    its published reference file's (``weights_hrp.csv``, which its tests check at 1e-2) to 1e-6."""
    raw = pd.read_csv(PYPFOPT, index_col=0, parse_dates=True)
    returns = raw.pct_change(fill_method=None).dropna(how="all")
    cov = SampleCovariance().fit(returns).covariance_
    problem = PortfolioProblem(
        assets=tuple(cov.index), mu=np.zeros(len(cov)), Sigma=cov.to_numpy(), periods_per_year=DAYS
    )
    ours = hierarchical_risk_parity(problem, correlation=returns.corr()).weights
    live = pd.Series(pypfopt.HRPOpt(returns).optimize(linkage_method="single"))
    np.testing.assert_allclose(ours.to_numpy(), live[ours.index].to_numpy(), atol=1e-10)
    reference = pd.read_csv(HRP_WEIGHTS, index_col=0).iloc[:, 0]
    np.testing.assert_allclose(ours.to_numpy(), reference[ours.index].to_numpy(), rtol=1e-6)
