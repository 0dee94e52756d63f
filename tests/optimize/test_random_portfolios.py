"""Random portfolios: Dirichlet moments against their closed forms, figures against a direct
computation, the cloud inside the exact frontier (min variance, max Sharpe), seeds, validation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from algofolio.core.errors import ConfigError, DataError
from algofolio.datasets import load_sp500_prices
from algofolio.estimators import EmpiricalPrior
from algofolio.optimize import MaxSharpe, MinVariance, PortfolioProblem, optimize_portfolio
from algofolio.optimize.random_portfolios import random_portfolios
from algofolio.returns import simple_returns


@pytest.fixture(scope="module")
def sp500() -> PortfolioProblem:
    returns = simple_returns(load_sp500_prices().iloc[-1500:])
    dist = EmpiricalPrior().fit(returns).distribution_
    return PortfolioProblem(
        assets=dist.assets, mu=dist.mu, Sigma=dist.covariance, periods_per_year=252.0
    )


def _weights(cloud: pd.DataFrame, problem: PortfolioProblem) -> np.ndarray:
    return cloud[list(problem.assets)].to_numpy()


@pytest.mark.parametrize("alpha", [0.2, 1.0, 5.0])
def test_weights_have_the_dirichlet_moments(sp500: PortfolioProblem, alpha: float) -> None:
    count, n = 200_000, sp500.n_assets
    W = _weights(random_portfolios(sp500, count, seed=7, concentration=alpha), sp500)
    assert (W >= 0).all()
    np.testing.assert_allclose(W.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    # symmetric Dirichlet(alpha) on n assets: E w_i = 1/n,
    # Var w_i = (n - 1) / (n^2 (n alpha + 1)), Cov(w_i, w_j) = -1 / (n^2 (n alpha + 1))
    variance = (n - 1) / (n**2 * (n * alpha + 1))
    covariance = -1 / (n**2 * (n * alpha + 1))
    se_mean = math.sqrt(variance / count)
    np.testing.assert_allclose(W.mean(axis=0), 1 / n, rtol=0, atol=5 * se_mean)
    sample = np.cov(W, rowvar=False)
    np.testing.assert_allclose(np.diag(sample), variance, rtol=0.03)
    off = sample[~np.eye(n, dtype=bool)]
    np.testing.assert_allclose(off.mean(), covariance, rtol=0.03)


def test_portfolio_moments_match_the_closed_form(sp500: PortfolioProblem) -> None:
    # E[mu'w] = mean(mu); E[w' S w] = sum_ij S_ij E[w_i w_j] with the Dirichlet second moments
    alpha, n, count = 1.0, sp500.n_assets, 200_000
    cloud = random_portfolios(sp500, count, seed=3, concentration=alpha)
    periods = sp500.periods_per_year
    c = 1 / (n**2 * (n * alpha + 1))
    second = np.full((n, n), -c + 1 / n**2)
    np.fill_diagonal(second, (n - 1) * c + 1 / n**2)
    expected_variance = float((sp500.Sigma * second).sum()) * periods
    assert cloud["expected_return"].mean() == pytest.approx(sp500.mu.mean() * periods, rel=2e-3)
    assert (cloud["volatility"] ** 2).mean() == pytest.approx(expected_variance, rel=5e-3)


def test_figures_match_a_direct_computation(sp500: PortfolioProblem) -> None:
    rate = 0.03
    cloud = random_portfolios(sp500, 50, seed=11, risk_free_rate=rate)
    periods = sp500.periods_per_year
    rf = (1 + rate) ** (1 / periods) - 1
    for _, row in cloud.iterrows():
        w = row[list(sp500.assets)].to_numpy()
        mean = sum(w[i] * sp500.mu[i] for i in range(len(w)))
        var = sum(w[i] * w[j] * sp500.Sigma[i, j] for i in range(len(w)) for j in range(len(w)))
        assert row["expected_return"] == pytest.approx(mean * periods, rel=1e-12)
        assert row["volatility"] == pytest.approx(math.sqrt(var * periods), rel=1e-12)
        assert row["sharpe"] == pytest.approx((mean - rf) / math.sqrt(var) * math.sqrt(periods))


def test_cloud_stays_inside_the_exact_frontier(sp500: PortfolioProblem) -> None:
    rate = 0.02
    cloud = random_portfolios(sp500, 100_000, seed=5, concentration=0.3, risk_free_rate=rate)
    least = optimize_portfolio(sp500, MinVariance())
    best = optimize_portfolio(sp500, MaxSharpe(risk_free_rate=rate))
    assert cloud["volatility"].min() >= least.volatility * (1 - 1e-9)
    assert cloud["sharpe"].max() <= best.sharpe + 1e-9
    # the cloud is not trivially far away: its best is within reach of the optimum
    assert cloud["sharpe"].max() > 0.5 * best.sharpe


def test_a_seed_fixes_the_draw(sp500: PortfolioProblem) -> None:
    first = random_portfolios(sp500, 100, seed=42)
    pd.testing.assert_frame_equal(first, random_portfolios(sp500, 100, seed=42))
    assert not first.equals(random_portfolios(sp500, 100, seed=43))
    assert not random_portfolios(sp500, 100, seed=None).equals(
        random_portfolios(sp500, 100, seed=None)
    )


def test_shape_index_and_distribution_input() -> None:
    from algofolio.core.distribution import ReturnDistribution

    dist = ReturnDistribution(
        assets=("A", "B", "C"),
        mu=np.array([0.001, 0.0, -0.001]),
        covariance=np.diag([1e-4, 2e-4, 3e-4]),
        periods_per_year=12.0,
    )
    cloud = random_portfolios(dist, 4)
    assert list(cloud.columns) == ["expected_return", "volatility", "sharpe", "A", "B", "C"]
    assert cloud.index.name == "portfolio"
    assert cloud.index.tolist() == [0, 1, 2, 3]


def test_a_riskless_portfolio_has_sharpe_zero() -> None:
    problem = PortfolioProblem(
        assets=("A", "B"), mu=np.array([0.001, 0.001]), Sigma=np.zeros((2, 2)), periods_per_year=252
    )
    assert (random_portfolios(problem, 10)["sharpe"] == 0).all()


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"count": 0}, "count"),
        ({"count": 2.5}, "count"),
        ({"count": True}, "count"),
        ({"count": 10, "concentration": 0.0}, "concentration"),
        ({"count": 10, "concentration": float("inf")}, "concentration"),
        ({"count": 10, "concentration": "1"}, "concentration"),
        ({"count": 10, "risk_free_rate": -1.0}, "risk_free_rate"),
    ],
)
def test_bad_arguments_name_the_key(sp500: PortfolioProblem, kwargs: dict, key: str) -> None:
    with pytest.raises(ConfigError, match=key) as info:
        random_portfolios(sp500, **kwargs)
    assert info.value.key == key


def test_bad_data_is_a_data_error() -> None:
    with pytest.raises(DataError, match="PortfolioProblem"):
        random_portfolios(np.eye(2), 10)  # type: ignore[arg-type]


@given(
    n=st.integers(1, 25),
    count=st.integers(1, 200),
    alpha=st.floats(0.05, 50.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_every_draw_is_long_only_and_fully_invested(
    n: int, count: int, alpha: float, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    A = rng.normal(0.0005, 0.01, size=(60, n))
    problem = PortfolioProblem(
        assets=tuple(f"A{i}" for i in range(n)),
        mu=A.mean(axis=0),
        Sigma=np.atleast_2d(np.cov(A, rowvar=False)),
        periods_per_year=252.0,
    )
    cloud = random_portfolios(problem, count, seed=seed, concentration=alpha)
    W = _weights(cloud, problem)
    assert W.shape == (count, n)
    assert (W >= 0).all()
    np.testing.assert_allclose(W.sum(axis=1), 1.0, rtol=0, atol=1e-9)
    variance = np.array([w @ problem.Sigma @ w for w in W]) * 252
    np.testing.assert_allclose(cloud["volatility"] ** 2, variance, rtol=1e-9, atol=1e-18)
    least = optimize_portfolio(problem, MinVariance()).volatility
    assert cloud["volatility"].min() >= least * (1 - 1e-6)
