"""Risk budgeting: risk contributions checked directly with numpy, closed forms (diagonal
covariance, two assets), random problems and budgets, and Riskfolio-Lib / skfolio on the bundled
20 stocks with the same sample covariance."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone

from algofolio.allocate import Allocator
from algofolio.backtest import Strategy, run_backtest
from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import ConfigError, DataError, InfeasibleError, SolverError
from algofolio.datasets import load_sp500_prices
from algofolio.optimize import PortfolioProblem, risk_budget
from algofolio.optimize.risk_budget import (
    RiskBudgeting,
    risk_budget_weights,
    risk_contributions,
)
from algofolio.rebalance import CalendarRule

from ._problems import random_problem

DAYS = 252.0


def contributions(w: np.ndarray, Sigma: np.ndarray) -> np.ndarray:
    """Risk contributions computed here, independently of the module."""
    marginal = Sigma @ w
    return w * marginal / (w @ marginal)


def problem_of(Sigma: np.ndarray) -> PortfolioProblem:
    n = Sigma.shape[0]
    return PortfolioProblem(
        assets=tuple(f"A{i}" for i in range(n)), mu=np.zeros(n), Sigma=Sigma, periods_per_year=DAYS
    )


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


@pytest.fixture(scope="module")
def budgets(returns: pd.DataFrame) -> pd.Series:
    """Unequal budgets 1..20 (normalised by the solver)."""
    return pd.Series(np.arange(1.0, returns.shape[1] + 1), index=returns.columns)


def test_equal_risk_contributions_on_real_data(problem: PortfolioProblem) -> None:
    result = risk_budget_weights(problem)
    w = result.weights.to_numpy()
    assert w.sum() == pytest.approx(1.0, abs=1e-14)
    assert (w > 0).all()
    np.testing.assert_allclose(contributions(w, problem.Sigma), 1 / problem.n_assets, atol=1e-12)
    assert result.solver == "NEWTON"
    assert result.objective_value == pytest.approx(float(w @ problem.Sigma @ w) * DAYS, rel=1e-12)
    assert result.volatility == pytest.approx(math.sqrt(result.objective_value), rel=1e-12)


def test_unequal_budgets_are_met(problem: PortfolioProblem, budgets: pd.Series) -> None:
    w = risk_budget_weights(problem, budgets).weights.to_numpy()
    target = budgets.to_numpy() / budgets.sum()
    np.testing.assert_allclose(contributions(w, problem.Sigma), target, rtol=1e-9, atol=0)


def test_diagonal_covariance_closed_form() -> None:
    """Uncorrelated assets: w_i ~ sqrt(b_i) / sigma_i."""
    sigma = np.array([0.01, 0.02, 0.015, 0.03])
    b = np.array([0.1, 0.2, 0.3, 0.4])
    problem = problem_of(np.diag(sigma**2))
    w = risk_budget_weights(problem, dict(zip(problem.assets, b, strict=True))).weights
    expected = np.sqrt(b) / sigma
    np.testing.assert_allclose(w.to_numpy(), expected / expected.sum(), rtol=1e-12)


@pytest.mark.parametrize("rho", [-0.8, -0.2, 0.0, 0.5, 0.95])
def test_two_assets_closed_form(rho: float) -> None:
    """Two assets: w1 s1 (w1 s1 + rho w2 s2) / (w2 s2 (w2 s2 + rho w1 s1)) = b1 / b2. With
    u = w1 s1 / (w2 s2): b2 u^2 + rho (b2 - b1) u - b1 = 0, the positive root."""
    s1, s2, b1, b2 = 0.02, 0.05, 0.3, 0.7
    Sigma = np.array([[s1 * s1, rho * s1 * s2], [rho * s1 * s2, s2 * s2]])
    disc = (rho * (b2 - b1)) ** 2 + 4 * b1 * b2
    u = (-rho * (b2 - b1) + math.sqrt(disc)) / (2 * b2)
    w1 = u / s1 / (u / s1 + 1 / s2)
    w = risk_budget_weights(problem_of(Sigma), {"A0": b1, "A1": b2}).weights.to_numpy()
    np.testing.assert_allclose(w, [w1, 1 - w1], rtol=1e-9)  # the solver stops at 1e-10 on RC


@settings(max_examples=60)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 50),
    skew=st.floats(0.0, 3.0),
)
def test_random_problems_and_budgets(seed: int, n: int, skew: float) -> None:
    problem = random_problem(seed, n)
    rng = np.random.default_rng(seed)
    raw = rng.uniform(0.0, 1.0, n) ** skew + 1e-3  # from equal (skew 0) to very uneven
    budgets = dict(zip(problem.assets, raw, strict=True))
    w = risk_budget_weights(problem, budgets).weights.to_numpy()
    assert (w > 0).all()
    assert w.sum() == pytest.approx(1.0, abs=1e-13)
    np.testing.assert_allclose(contributions(w, problem.Sigma), raw / raw.sum(), rtol=1e-9, atol=0)


def test_budgets_are_normalised(problem: PortfolioProblem, budgets: pd.Series) -> None:
    once = risk_budget_weights(problem, budgets).weights
    scaled = risk_budget_weights(problem, budgets * 7.5).weights
    pd.testing.assert_series_equal(once, scaled, atol=1e-13, rtol=0)


def test_risk_contributions_function() -> None:
    Sigma = np.array([[0.04, 0.01], [0.01, 0.09]])
    w = np.array([0.3, 0.7])
    np.testing.assert_allclose(risk_contributions(w, Sigma), contributions(w, Sigma), rtol=1e-15)
    with pytest.raises(DataError, match="zero variance"):
        risk_contributions(np.zeros(2), Sigma)


# --- peers on the same covariance -----------------------------------------------------------------


def test_riskfolio_lib(
    returns: pd.DataFrame, problem: PortfolioProblem, budgets: pd.Series
) -> None:
    """Riskfolio-Lib solves ``min sqrt(w' Sigma w)`` s.t. ``b' log w >= c`` with Clarabel; with
    Clarabel's tolerances at 1e-12 the weights agree to about 1e-12 (at its defaults, 2e-6)."""
    rp = pytest.importorskip("riskfolio")
    portfolio = rp.Portfolio(returns=returns)
    portfolio.assets_stats(method_mu="hist", method_cov="hist")
    portfolio.cov = returns.cov()  # ddof=1, as ours
    portfolio.solvers = ["CLARABEL"]
    tight = {"tol_gap_abs": 1e-12, "tol_gap_rel": 1e-12, "tol_feas": 1e-12}
    portfolio.sol_params = {"CLARABEL": tight}
    for b in (None, budgets):
        peer_budget = None if b is None else (b / b.sum()).to_frame().to_numpy()
        peer = portfolio.rp_optimization(model="Classic", rm="MV", rf=0, b=peer_budget, hist=True)
        ours = risk_budget_weights(problem, b).weights
        np.testing.assert_allclose(ours.to_numpy(), peer["weights"][ours.index], atol=1e-10)


def test_skfolio(returns: pd.DataFrame, problem: PortfolioProblem, budgets: pd.Series) -> None:
    """skfolio's ``RiskBudgeting`` (variance, Clarabel) on the empirical covariance (``ddof=1``,
    no nearest-PD repair); with Clarabel's tolerances at 1e-12 the weights agree to about 2e-8 (at
    its defaults, 4e-6)."""
    pytest.importorskip("skfolio")
    from skfolio import RiskMeasure
    from skfolio.moments import EmpiricalCovariance
    from skfolio.optimization import RiskBudgeting as SkfolioRiskBudgeting
    from skfolio.prior import EmpiricalPrior

    prior = EmpiricalPrior(covariance_estimator=EmpiricalCovariance(nearest=False))
    tight = {"tol_gap_abs": 1e-12, "tol_gap_rel": 1e-12, "tol_feas": 1e-12}
    for b in (None, budgets):
        model = SkfolioRiskBudgeting(
            risk_measure=RiskMeasure.VARIANCE,
            risk_budget=None if b is None else b.to_dict(),
            prior_estimator=prior,
            solver_params=tight,
        ).fit(returns)
        np.testing.assert_allclose(
            model.prior_estimator_.return_distribution_.covariance, problem.Sigma, rtol=1e-12
        )
        ours = risk_budget_weights(problem, b).weights.to_numpy()
        np.testing.assert_allclose(ours, model.weights_, atol=1e-7)


# --- the allocator ---------------------------------------------------------------------------------


def test_allocator_on_returns_and_distribution(
    returns: pd.DataFrame, problem: PortfolioProblem, budgets: pd.Series
) -> None:
    expected = risk_budget_weights(problem, budgets).weights
    model = RiskBudgeting(budgets).fit(returns)
    pd.testing.assert_series_equal(model.weights_, expected, atol=1e-12, rtol=0)
    assert model.result_.solver == "NEWTON"
    distribution = ReturnDistribution(
        assets=problem.assets, mu=problem.mu, covariance=problem.Sigma, periods_per_year=DAYS
    )
    fitted = clone(RiskBudgeting(budgets)).fit(distribution)
    pd.testing.assert_series_equal(fitted.weights_, expected, atol=1e-12, rtol=0)
    assert RiskBudgeting(budgets).get_params() == {"budgets": budgets, "periods_per_year": None}


def test_function_takes_a_distribution(problem: PortfolioProblem, budgets: pd.Series) -> None:
    distribution = ReturnDistribution(
        assets=problem.assets, mu=problem.mu, covariance=problem.Sigma, periods_per_year=DAYS
    )
    pd.testing.assert_series_equal(
        risk_budget_weights(distribution, budgets).weights,
        risk_budget_weights(problem, budgets).weights,
    )


def test_allocator_rejects_other_data() -> None:
    with pytest.raises(DataError, match=r"RiskBudgeting\.fit needs a returns DataFrame"):
        RiskBudgeting().fit(np.zeros((3, 2)))  # type: ignore[arg-type]


# --- bad inputs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("budgets", "key", "message"),
    [
        ({"A0": 1.0, "A1": 1.0}, "budgets['A2']", "no budget for asset 'A2'"),
        ({"A0": 1.0, "A1": -1.0, "A2": 1.0}, "budgets['A1']", "must be > 0"),
        ({"A0": 1.0, "A1": 0.0, "A2": 1.0}, "budgets['A1']", "must be > 0"),
        ({"A0": 1.0, "A1": float("nan"), "A2": 1.0}, "budgets['A1']", "must be finite"),
        ({"A0": 1.0, "A1": "x", "A2": 1.0}, "budgets['A1']", "must be a number"),
        ({"A0": 1.0, "A1": 1.0, "A2": 1.0, "ZZ": 1.0}, "budgets['ZZ']", "'ZZ', which is not"),
        ([1.0, 1.0, 1.0], "budgets", "must be a mapping"),
        (pd.Series([1.0, 1.0, 1.0], index=["A0", "A0", "A1"]), "budgets['A0']", "twice"),
    ],
)
def test_bad_budgets_name_the_asset(budgets: object, key: str, message: str) -> None:
    problem = random_problem(0, 3)
    with pytest.raises(ConfigError, match=message) as caught:
        risk_budget_weights(problem, budgets)  # type: ignore[arg-type]
    assert caught.value.key == key


def test_zero_variance_asset_is_named() -> None:
    Sigma = np.diag([0.01, 0.0, 0.02])
    with pytest.raises(DataError, match="asset 'A1' has zero variance") as caught:
        risk_budget_weights(problem_of(Sigma))
    assert caught.value.asset == "A1"


@pytest.mark.parametrize("budgets", [None, {"A0": 0.3, "A1": 0.7}])
def test_riskless_combination_is_infeasible(budgets: dict[str, float] | None) -> None:
    """Perfectly negatively correlated assets with different volatilities: a long-only portfolio
    has zero variance, so no weights share risk in any proportion."""
    s1, s2 = 0.01, 0.03
    Sigma = np.array([[s1 * s1, -s1 * s2], [-s1 * s2, s2 * s2]])
    with pytest.raises(InfeasibleError, match="zero variance"):
        risk_budget_weights(problem_of(Sigma), budgets)


def test_no_convergence_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(risk_budget, "MAX_NEWTON_STEPS", 1)
    with pytest.raises(SolverError, match="did not converge in 1 steps"):
        risk_budget_weights(random_problem(1, 10))


def test_wrong_data_type() -> None:
    with pytest.raises(DataError, match="risk_budget_weights needs a PortfolioProblem"):
        risk_budget_weights(np.eye(2))  # type: ignore[arg-type]


def test_the_backtest_refits_it() -> None:
    model = RiskBudgeting()
    assert isinstance(model, Allocator)
    prices = load_sp500_prices().iloc[-300:]
    strategy = Strategy(
        name="equal risk", allocator=model, rule=CalendarRule("quarterly"), window=120
    )
    result = run_backtest(prices, strategy, initial_value=1_000_000.0)
    day = result.rebalances.index[0]
    window = prices.loc[:day].pct_change().iloc[-120:]  # the trailing window ending on the day
    expected = clone(model).fit(window).weights_
    held = result.weights.loc[day].reindex(expected.index)
    np.testing.assert_allclose(held.to_numpy(), expected.to_numpy(), atol=1e-6)
