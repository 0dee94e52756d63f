"""``warm_min_variance`` against the KKT conditions (computed here from the weights alone), against
PyPortfolioOpt's critical line and Clarabel at tight tolerances, and against itself cold."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.core.errors import ConfigError, InfeasibleError
from algofolio.datasets import load_sp500_prices, make_synthetic_prices
from algofolio.optimize import Bounds, Budget, MinVariance, PortfolioProblem, optimize_portfolio
from algofolio.optimize.warm_min_variance import (
    CovarianceFactor,
    DenseCovariance,
    warm_min_variance,
)
from tests.optimize._budget_box_kkt import assert_feasible, budget_box_kkt_violation
from tests.optimize._references import CLARABEL

WINDOW = 252


def window_returns(prices: pd.DataFrame, stop: int, window: int = WINDOW) -> np.ndarray:
    """The ``window`` simple returns ending at price row ``stop``."""
    values = prices.to_numpy()[stop - window : stop + 1]
    returns: np.ndarray = values[1:] / values[:-1] - 1.0
    return returns


def assert_kkt(Sigma: np.ndarray, w: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
    assert_feasible(w, lower, upper, 1.0)
    gradient = Sigma @ w
    assert budget_box_kkt_violation(gradient, w, lower, upper) <= 1e-9 * np.abs(gradient).max()


@pytest.fixture(scope="module")
def synthetic() -> pd.DataFrame:
    return make_synthetic_prices(220, 700, seed=7)


def test_monthly_sequence_is_warm_and_meets_the_kkt_conditions(synthetic: pd.DataFrame) -> None:
    """220 assets on 252 returns: a singular covariance, as at the issue's size."""
    n = synthetic.shape[1]
    lower, upper = np.zeros(n), np.ones(n)
    free = on_upper = None
    warm = 0
    for stop in range(WINDOW, len(synthetic), 21):
        X = window_returns(synthetic, stop)
        solution = warm_min_variance(
            CovarianceFactor.of_returns(X), lower, upper, free=free, on_upper=on_upper
        )
        assert_kkt(np.cov(X, rowvar=False), solution.weights, lower, upper)
        warm += solution.warm
        free, on_upper = solution.free, solution.on_upper
    assert warm >= 20  # all but the first (cold) solve


def test_equals_clarabel_on_synthetic_windows(synthetic: pd.DataFrame) -> None:
    n = synthetic.shape[1]
    first = window_returns(synthetic, WINDOW)
    previous = warm_min_variance(np.cov(first, rowvar=False), np.zeros(n), np.ones(n))
    for stop in (WINDOW + 21, WINDOW + 42):
        X = window_returns(synthetic, stop)
        Sigma = np.cov(X, rowvar=False)
        ours = warm_min_variance(
            CovarianceFactor.of_returns(X), np.zeros(n), np.ones(n), free=previous.free
        )
        assert ours.warm
        problem = PortfolioProblem(
            assets=tuple(synthetic.columns), mu=X.mean(axis=0), Sigma=Sigma, periods_per_year=252
        )
        reference = optimize_portfolio(problem, MinVariance(), chain=CLARABEL).weights.to_numpy()
        np.testing.assert_allclose(ours.weights, reference, atol=1e-6)
        previous = ours


def test_equals_pyportfolioopts_critical_line_on_real_prices() -> None:
    pypfopt = pytest.importorskip("pypfopt")
    prices = load_sp500_prices()
    n = prices.shape[1]
    previous = None
    for stop in range(len(prices) - 6 * 21, len(prices), 21):
        X = window_returns(prices, stop)
        cov = pd.DataFrame(np.cov(X, rowvar=False), index=prices.columns, columns=prices.columns)
        mean = pd.Series(X.mean(axis=0), index=prices.columns)
        ours = warm_min_variance(
            cov.to_numpy(),
            np.zeros(n),
            np.ones(n),
            free=None if previous is None else previous.free,
        )
        theirs = np.array(list(pypfopt.CLA(mean, cov).min_volatility().values()))
        np.testing.assert_allclose(ours.weights, theirs, atol=1e-9)
        assert ours.warm == (previous is not None)
        previous = ours


@settings(max_examples=30)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 40),
    m=st.integers(20, 80),
    cap=st.sampled_from([1.0, 0.3, 0.1]),
)
def test_any_guess_gives_the_cold_answer(seed: int, n: int, m: int, cap: float) -> None:
    """Random windows (singular when m <= n), random free and upper guesses, a cap that binds."""
    rng = np.random.default_rng(seed)
    X = market_returns(rng, m, n)
    lower, upper = np.zeros(n), np.full(n, max(cap, 1.0 / n + 0.01))
    Sigma = np.cov(X, rowvar=False)
    cold = warm_min_variance(Sigma, lower, upper)
    assert not cold.warm
    assert_kkt(Sigma, cold.weights, lower, upper)
    free = rng.random(n) < 0.5
    on_upper = ~free & (rng.random(n) < 0.2)
    guessed = warm_min_variance(
        CovarianceFactor.of_returns(X), lower, upper, free=free, on_upper=on_upper
    )
    assert_kkt(Sigma, guessed.weights, lower, upper)
    np.testing.assert_allclose(guessed.weights, cold.weights, atol=1e-8)
    again = warm_min_variance(Sigma, lower, upper, free=cold.free, on_upper=cold.on_upper)
    if cold.free.any():  # (all weights on bounds, e.g. 100% in one asset: a cold solve again)
        assert again.warm  # the answer's own free set is certified at once
        assert again.iterations == 1
    np.testing.assert_allclose(again.weights, cold.weights, atol=1e-10)


def test_caps_on_real_prices_equal_clarabel() -> None:
    prices = load_sp500_prices()
    X = window_returns(prices, len(prices) - 1)
    n = prices.shape[1]
    lower, upper = np.zeros(n), np.full(n, 0.12)
    Sigma = np.cov(X, rowvar=False)
    start = warm_min_variance(Sigma, lower, upper)
    assert start.on_upper.any()  # the cap binds
    moved = window_returns(prices, len(prices) - 22)
    ours = warm_min_variance(
        CovarianceFactor.of_returns(moved), lower, upper, free=start.free, on_upper=start.on_upper
    )
    problem = PortfolioProblem(
        assets=tuple(prices.columns),
        mu=moved.mean(axis=0),
        Sigma=np.cov(moved, rowvar=False),
        periods_per_year=252,
    )
    reference = optimize_portfolio(
        problem, MinVariance(), (Budget(), Bounds(upper=0.12)), chain=CLARABEL
    ).weights.to_numpy()
    np.testing.assert_allclose(ours.weights, reference, atol=1e-6)
    assert_kkt(problem.Sigma, ours.weights, lower, upper)


def test_a_guess_freeing_more_assets_than_returns_falls_back_cold() -> None:
    rng = np.random.default_rng(3)
    X = market_returns(rng, 10, 30)  # rank 9
    lower, upper = np.zeros(30), np.ones(30)
    solution = warm_min_variance(
        CovarianceFactor.of_returns(X), lower, upper, free=np.ones(30, dtype=bool)
    )
    assert not solution.warm
    assert solution.free.sum() <= 9
    assert_kkt(np.cov(X, rowvar=False), solution.weights, lower, upper)


def market_returns(rng: np.random.Generator, m: int, n: int) -> np.ndarray:
    """``m`` returns of ``n`` assets with a common market factor (positive loadings), so no long-only
    portfolio has zero sample variance even when ``m <= n``: the min variance weights are unique."""
    market = rng.normal(0.0, 0.01, size=(m, 1))
    loadings = rng.uniform(0.5, 1.5, size=(1, n))
    returns: np.ndarray = market @ loadings + rng.normal(0.0, 0.004, size=(m, n))
    return returns


def test_the_covariance_factor_is_the_sample_covariance() -> None:
    X = np.random.default_rng(1).normal(size=(12, 5))
    factor = CovarianceFactor.of_returns(X)
    Sigma = np.cov(X, rowvar=False, ddof=1)
    np.testing.assert_allclose(factor.dense(), Sigma, rtol=1e-13)
    index, values = np.array([4, 1]), np.array([0.3, -2.0])
    dense = DenseCovariance(Sigma)
    np.testing.assert_allclose(factor.times(index, values), dense.times(index, values), rtol=1e-12)
    np.testing.assert_allclose(factor.block(index), Sigma[np.ix_(index, index)], rtol=1e-13)


def test_two_assets_by_hand() -> None:
    """Uncorrelated variances 1 and 4: weights 4/5 and 1/5; capped at 0.7, the cap binds."""
    Sigma = np.diag([1.0, 4.0])
    free = np.array([False, True])
    np.testing.assert_allclose(
        warm_min_variance(Sigma, np.zeros(2), np.ones(2), free=free).weights, [0.8, 0.2]
    )
    capped = warm_min_variance(Sigma, np.zeros(2), np.full(2, 0.7), free=free)
    np.testing.assert_allclose(capped.weights, [0.7, 0.3])
    assert capped.on_upper.tolist() == [True, False]


def test_errors_name_what_is_wrong() -> None:
    Sigma = np.eye(3)
    with pytest.raises(InfeasibleError, match="budget"):
        warm_min_variance(Sigma, np.zeros(3), np.full(3, 0.2))
    with pytest.raises(ConfigError, match=r"free must have the shape \(3,\)"):
        warm_min_variance(Sigma, np.zeros(3), np.ones(3), free=np.ones(2, dtype=bool))
    with pytest.raises(ConfigError, match="square"):
        warm_min_variance(np.ones((3, 2)), np.zeros(3), np.ones(3))
    with pytest.raises(ConfigError, match="above upper"):
        warm_min_variance(Sigma, np.array([0.0, 0.6, 0.0]), np.full(3, 0.5))
    with pytest.raises(ConfigError, match="at least 2 returns"):
        CovarianceFactor.of_returns(np.ones((1, 3)))
