"""Scenario objectives (min CVaR, min semivariance, max Sortino) on the general cvxpy path.

Checked against peers on the bundled 20 stocks (daily simple returns, 1990-2022): Riskfolio-Lib and
skfolio for min CVaR, PyPortfolioOpt ``EfficientSemivariance`` and skfolio for min semivariance,
skfolio's Sortino-ratio maximisation for max Sortino. Each objective is computed here with numpy for
both weight vectors (ours and the peer's) and compared at 1e-6 relative; CVaR against a hand-written
tail mean with the fractional atom (sorting the losses), not against :func:`scenario_cvar`.
"""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import ConfigError, DataError, InfeasibleError
from algofolio.core.frequency import per_period_rate
from algofolio.datasets import load_sp500_prices
from algofolio.metrics import conditional_value_at_risk
from algofolio.optimize import (
    Bounds,
    Budget,
    PortfolioProblem,
    optimize_portfolio,
    problem_from_distribution,
    problem_from_returns,
)
from algofolio.optimize.scenario_objectives import (
    MaxSortino,
    MinCVaR,
    MinSemivariance,
    scenario_cvar,
)
from algofolio.optimize.solvers import CLARABEL_TIGHT
from tests.optimize._references import CLARABEL, semivariance, tail_mean

DAYS = 252.0
RELATIVE = 1e-6


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    return load_sp500_prices().pct_change().iloc[1:]


@pytest.fixture(scope="module")
def problem(returns: pd.DataFrame) -> PortfolioProblem:
    return problem_from_returns(returns, returns.to_numpy(), periods_per_year=DAYS)


# --- inputs ---------------------------------------------------------------------------------


def test_problems_keep_their_scenarios(returns: pd.DataFrame) -> None:
    head = returns.iloc[:50]
    problem = problem_from_returns(head, head.to_numpy(), periods_per_year=DAYS)
    assert problem.scenarios is not None
    np.testing.assert_array_equal(problem.scenarios, head.to_numpy())
    assert not problem.scenarios.flags.writeable
    dist = ReturnDistribution(
        assets=tuple(head.columns),
        mu=head.mean().to_numpy(),
        covariance=head.cov().to_numpy(),
        periods_per_year=DAYS,
        scenarios=head.to_numpy(),
    )
    from_dist = problem_from_distribution(dist)
    assert from_dist.scenarios is not None
    np.testing.assert_array_equal(from_dist.scenarios, head.to_numpy())
    without = problem_from_distribution(
        ReturnDistribution(
            assets=("A",), mu=np.zeros(1), covariance=np.eye(1), periods_per_year=DAYS
        )
    )
    assert without.scenarios is None


def test_bad_scenarios_name_the_asset_and_row() -> None:
    def make(scenarios: object) -> PortfolioProblem:
        return PortfolioProblem(
            assets=("A", "B"),
            mu=np.zeros(2),
            Sigma=np.eye(2),
            periods_per_year=DAYS,
            scenarios=scenarios,  # type: ignore[arg-type]
        )

    bad = np.zeros((4, 2))
    bad[2, 1] = np.nan
    with pytest.raises(DataError, match="scenario row 2 of asset 'B' is not finite") as info:
        make(bad)
    assert info.value.asset == "B"
    with pytest.raises(DataError, match=r"scenarios must have shape \(T, 2\) for 2 assets"):
        make(np.zeros((4, 3)))
    with pytest.raises(DataError, match="scenarios need at least one row"):
        make(np.zeros((0, 2)))
    assert make(np.zeros((1, 2))).scenarios.shape == (1, 2)  # a distribution's single scenario


@pytest.mark.parametrize("confidence", [0.0, 1.0, -0.5, 1.5, float("nan"), "0.95"])
def test_confidence_outside_zero_one_is_refused(confidence: object) -> None:
    with pytest.raises(ConfigError) as info:
        MinCVaR(confidence=confidence)  # type: ignore[arg-type]
    assert info.value.key == "MinCVaR.confidence"


@pytest.mark.parametrize(
    ("objective", "words"),
    [
        (MinCVaR(), "min CVaR"),
        (MinSemivariance(), "min semivariance"),
        (MaxSortino(), "max Sortino"),
    ],
)
def test_objectives_need_scenarios(objective: object, words: str) -> None:
    problem = PortfolioProblem(
        assets=("A", "B"), mu=np.ones(2), Sigma=np.eye(2), periods_per_year=DAYS
    )
    with pytest.raises(ConfigError, match=f"{words} needs return scenarios") as info:
        optimize_portfolio(problem, objective)  # type: ignore[arg-type]
    assert info.value.key == "scenarios"


def test_sortino_without_a_return_above_the_risk_free_rate_is_infeasible() -> None:
    R = np.array([[-0.01, 0.0], [0.0, -0.01], [0.005, 0.004]])
    problem = PortfolioProblem(
        assets=("A", "B"), mu=R.mean(axis=0), Sigma=np.cov(R.T), periods_per_year=DAYS, scenarios=R
    )
    with pytest.raises(InfeasibleError, match="no asset's expected return beats the risk-free"):
        optimize_portfolio(problem, MaxSortino())


# --- the CVaR convention --------------------------------------------------------------------


def test_scenario_cvar_by_hand() -> None:
    r = np.array([0.03, -0.04, 0.01, -0.02, 0.0])
    assert scenario_cvar(r, 0.7) == pytest.approx((0.04 + 0.5 * 0.02) / 1.5, rel=1e-15)
    assert scenario_cvar(r, 0.8) == pytest.approx(0.04, rel=1e-15)  # exactly the worst
    assert scenario_cvar(r, 0.9) == pytest.approx(0.04, rel=1e-15)  # half of the worst, still it
    assert scenario_cvar(r, 0.6) == pytest.approx(0.03, rel=1e-15)  # (0.04 + 0.02) / 2
    assert scenario_cvar(r, 0.2) == pytest.approx((0.04 + 0.02 + 0.0 - 0.01) / 4, rel=1e-15)


def test_the_metric_agrees_when_the_tail_holds_a_whole_number_of_periods(
    returns: pd.DataFrame,
) -> None:
    r = returns["AAPL"].iloc[:2520]  # 5% of 2520 days: 126 whole days
    metric = conditional_value_at_risk(r, 0.95)
    assert metric == pytest.approx(tail_mean(r.to_numpy(), 0.95), rel=1e-12)
    assert scenario_cvar(r.to_numpy(), 0.95) == pytest.approx(metric, rel=1e-12)


def test_the_metric_differs_by_the_fractional_atom_otherwise() -> None:
    r = pd.Series([0.03, -0.04, 0.01, -0.02, 0.0], index=pd.RangeIndex(5))
    # 30% of 5 periods = 1.5: the LP weighs the second loss 1/2; the metric's quantile
    # (linear interpolation at position 0.3 * 4 = 1.2) is -0.016, so it averages both -0.04 and -0.02
    assert conditional_value_at_risk(r, 0.7) == pytest.approx(0.03, rel=1e-12)
    assert scenario_cvar(r.to_numpy(), 0.7) == pytest.approx(0.05 / 1.5, rel=1e-12)


# --- min CVaR against peers -----------------------------------------------------------------


@pytest.fixture(scope="module")
def ours_cvar(problem: PortfolioProblem) -> np.ndarray:
    result = optimize_portfolio(problem, MinCVaR(confidence=0.95), chain=CLARABEL)
    assert problem.scenarios is not None
    assert result.objective_value == pytest.approx(
        tail_mean(problem.scenarios @ result.weights.to_numpy(), 0.95), rel=1e-12
    )
    return result.weights.to_numpy()


def test_min_cvar_equals_riskfolio(returns: pd.DataFrame, ours_cvar: np.ndarray) -> None:
    rp = pytest.importorskip("riskfolio")
    X = returns.to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        port = rp.Portfolio(returns=returns, alpha=0.05)
        port.assets_stats(method_mu="hist", method_cov="hist")
        weights = port.optimization(model="Classic", rm="CVaR", obj="MinRisk", hist=True)
    theirs = weights["weights"].reindex(returns.columns).to_numpy()
    assert theirs.sum() == pytest.approx(1.0, abs=1e-6)
    ours, peer = tail_mean(X @ ours_cvar, 0.95), tail_mean(X @ theirs, 0.95)
    assert ours == pytest.approx(peer, rel=RELATIVE)
    assert ours <= peer * (1 + 1e-9)


def test_min_cvar_equals_skfolio(returns: pd.DataFrame, ours_cvar: np.ndarray) -> None:
    pytest.importorskip("skfolio")
    from skfolio import RiskMeasure
    from skfolio.optimization import MeanRisk

    X = returns.to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = MeanRisk(risk_measure=RiskMeasure.CVAR, cvar_beta=0.95).fit(X)
    ours, peer = tail_mean(X @ ours_cvar, 0.95), tail_mean(X @ model.weights_, 0.95)
    assert ours == pytest.approx(peer, rel=RELATIVE)
    assert ours <= peer * (1 + 1e-9)


# --- semivariance and Sortino against peers -------------------------------------------------


def test_min_semivariance_equals_pyportfolioopt_and_skfolio(
    returns: pd.DataFrame, problem: PortfolioProblem
) -> None:
    pypfopt = pytest.importorskip("pypfopt")
    pytest.importorskip("skfolio")
    from skfolio import RiskMeasure
    from skfolio.optimization import MeanRisk

    target = 0.0002  # per day, PyPortfolioOpt's ``benchmark``
    X = returns.to_numpy()
    result = optimize_portfolio(problem, MinSemivariance(target=target), chain=CLARABEL)
    ours = result.weights.to_numpy()
    assert result.objective_value == pytest.approx(semivariance(X @ ours, target) * DAYS, rel=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frontier = pypfopt.EfficientSemivariance(
            returns.mean() * DAYS,
            returns,
            frequency=int(DAYS),
            benchmark=target,
            solver="CLARABEL",  # its default OSQP stops 5e-4 above the minimum on these data
            solver_options=CLARABEL_TIGHT,
        )
        pf_weights = frontier.min_semivariance()
        _, pf_semideviation, _ = frontier.portfolio_performance()
        sk = MeanRisk(
            risk_measure=RiskMeasure.SEMI_VARIANCE,
            min_acceptable_return=target,
        ).fit(X)
    pf = np.array([pf_weights[a] for a in problem.assets])
    # PyPortfolioOpt's own figure is the annualised semideviation of the same definition
    assert pf_semideviation**2 == pytest.approx(semivariance(X @ pf, target) * DAYS, rel=1e-10)
    for peer in (pf, sk.weights_):
        assert semivariance(X @ ours, target) == pytest.approx(
            semivariance(X @ peer, target), rel=RELATIVE
        )
        assert semivariance(X @ ours, target) <= semivariance(X @ peer, target) * (1 + 1e-9)


def sortino(weights: np.ndarray, X: np.ndarray, rate: float) -> float:
    excess = X @ weights - rate  # budget 1: (r_t - rf)' w = r_t' w - rf
    return float(excess.mean() / math.sqrt(semivariance(excess, 0.0)) * math.sqrt(DAYS))


@pytest.mark.parametrize("risk_free_rate", [0.0, 0.03])
def test_max_sortino_equals_skfolio(
    returns: pd.DataFrame, problem: PortfolioProblem, risk_free_rate: float
) -> None:
    pytest.importorskip("skfolio")
    from skfolio import RiskMeasure
    from skfolio.optimization import MeanRisk, ObjectiveFunction

    X = returns.to_numpy()
    rate = per_period_rate(risk_free_rate, DAYS)
    result = optimize_portfolio(problem, MaxSortino(risk_free_rate=risk_free_rate), chain=CLARABEL)
    ours = result.weights.to_numpy()
    assert result.objective_value == pytest.approx(sortino(ours, X, rate), rel=1e-12)
    assert result.risk_free_rate == risk_free_rate  # the result's Sharpe uses the same rate
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sk = MeanRisk(
            objective_function=ObjectiveFunction.MAXIMIZE_RATIO,
            risk_measure=RiskMeasure.SEMI_DEVIATION,
            risk_free_rate=rate,
            min_acceptable_return=rate,
        ).fit(X)
    assert sortino(ours, X, rate) == pytest.approx(sortino(sk.weights_, X, rate), rel=RELATIVE)
    assert sortino(ours, X, rate) >= sortino(sk.weights_, X, rate) * (1 - 1e-9)


# --- properties on small random scenario sets -----------------------------------------------


@settings(max_examples=25)
@given(
    seed=st.integers(0, 2**32 - 1),
    T=st.integers(10, 60),
    n=st.integers(2, 8),
    confidence=st.sampled_from([0.5, 0.8, 0.9, 0.95]),
)
def test_min_cvar_is_the_tail_mean_and_no_random_portfolio_beats_it(
    seed: int, T: int, n: int, confidence: float
) -> None:
    rng = np.random.default_rng(seed)
    R = rng.normal(0.001, 0.02, size=(T, n)) + rng.normal(0.0, 0.01, size=(T, 1))
    problem = PortfolioProblem(
        assets=tuple(f"A{i}" for i in range(n)),
        mu=R.mean(axis=0),
        Sigma=np.cov(R.T),
        periods_per_year=DAYS,
        scenarios=R,
    )
    result = optimize_portfolio(problem, MinCVaR(confidence=confidence), chain=CLARABEL)
    weights = result.weights.to_numpy()
    best = tail_mean(R @ weights, confidence)
    assert result.objective_value == pytest.approx(best, rel=1e-12)
    # Clarabel meets the budget to its feasibility tolerance (a miss of 1e-9 has been seen), and a
    # budget short by e lowers the CVaR by about e relative: both checks allow 1e-8.
    assert weights.sum() == pytest.approx(1.0, abs=1e-8)
    assert weights.min() >= 0.0
    draws = rng.dirichlet(np.ones(n), size=500)
    random_cvar = np.array([tail_mean(R @ w, confidence) for w in draws])
    assert (random_cvar >= best - 1e-8 * max(abs(best), 1e-3)).all()


@settings(max_examples=15)
@given(seed=st.integers(0, 2**32 - 1), T=st.integers(10, 60), n=st.integers(2, 6))
def test_min_semivariance_beats_random_portfolios(seed: int, T: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    R = rng.normal(0.001, 0.02, size=(T, n))
    problem = PortfolioProblem(
        assets=tuple(f"A{i}" for i in range(n)),
        mu=R.mean(axis=0),
        Sigma=np.cov(R.T),
        periods_per_year=DAYS,
        scenarios=R,
    )
    weights = optimize_portfolio(problem, MinSemivariance(), chain=CLARABEL).weights.to_numpy()
    best = semivariance(R @ weights, 0.0)
    draws = rng.dirichlet(np.ones(n), size=500)
    assert all(semivariance(R @ w, 0.0) >= best * (1 - 1e-6) - 1e-14 for w in draws)


def test_describe_and_long_short() -> None:
    assert MinSemivariance(target=0.001).describe() == "min semivariance (below 0.1% a period)"
    assert MaxSortino(risk_free_rate=0.02).describe() == "max Sortino ratio (risk-free 2% a year)"
    R = np.array([[-0.02, 0.01], [0.01, -0.02], [0.0, 0.0], [0.01, 0.01]])
    problem = PortfolioProblem(
        assets=("A", "B"), mu=R.mean(axis=0), Sigma=np.cov(R.T), periods_per_year=DAYS, scenarios=R
    )
    result = optimize_portfolio(
        problem, MinCVaR(confidence=0.75), (Budget(), Bounds(lower=-1.0, upper=2.0)), chain=CLARABEL
    )
    # worst of r1 = 0.01 - 0.03 a, r2 = 0.03 a - 0.02, 0 and 0.01 is best at a = 1/2: -0.5%
    np.testing.assert_allclose(result.weights.to_numpy(), [0.5, 0.5], atol=1e-7)
    assert result.objective_value == pytest.approx(0.005, rel=1e-9)
