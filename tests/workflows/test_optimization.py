"""The optimisation use case: the registry equals the optimiser called directly, the estimators
equal scikit-learn / pandas, the closed-form allocations equal hand computations, the constraints
file builds what it says (checked on the solution by hand) and fails naming file and key, whole
shares add up."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.covariance import LedoitWolf as SklearnLedoitWolf

from algofolio.core import Holdings
from algofolio.core.errors import ConfigError, DataError
from algofolio.datasets import load_sp500_prices
from algofolio.estimators import EmpiricalPrior
from algofolio.optimize import (
    Bounds,
    Budget,
    EfficientReturn,
    EfficientRisk,
    GrossLeverage,
    GroupLimits,
    MarketNeutral,
    MaxReturn,
    MaxSharpe,
    MaxTurnover,
    MaxUtility,
    MinVariance,
    Objective,
    TrackingErrorLimit,
    optimize_portfolio,
)
from algofolio.optimize.hierarchical import hierarchical_risk_parity
from algofolio.optimize.scenario_objectives import MaxSortino, MinCVaR, MinSemivariance
from algofolio.returns import simple_returns
from algofolio.workflows.constraints_file import load_constraints
from algofolio.workflows.optimization import (
    METHODS,
    estimate_distribution,
    find_method,
    optimize_prices,
)
from algofolio.workflows.shares import share_plan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "constraints.toml"


@pytest.fixture(scope="module")
def prices() -> pd.DataFrame:
    return load_sp500_prices().iloc[-1500:]


@pytest.fixture(scope="module")
def returns(prices: pd.DataFrame) -> pd.DataFrame:
    return simple_returns(prices)


@pytest.mark.parametrize(
    ("name", "parameters", "objective"),
    [
        ("min-variance", {}, MinVariance()),
        ("max-sharpe", {"risk_free_rate": 0.02}, MaxSharpe(risk_free_rate=0.02)),
        ("max-utility", {"risk_aversion": 3.0}, MaxUtility(risk_aversion=3.0)),
        ("efficient-return", {"target_return": 0.2}, EfficientReturn(target_return=0.2)),
        ("efficient-risk", {"target_volatility": 0.18}, EfficientRisk(target_volatility=0.18)),
        ("max-return", {}, MaxReturn()),
    ],
)
def test_each_objective_is_the_optimiser_called_directly(
    prices: pd.DataFrame,
    returns: pd.DataFrame,
    name: str,
    parameters: dict[str, float],
    objective: Objective,
) -> None:
    got = optimize_prices(prices, name, parameters)
    direct = optimize_portfolio(EmpiricalPrior().fit(returns).distribution_, objective)
    pd.testing.assert_series_equal(got.weights, direct.weights)
    assert got.expected_return == direct.expected_return
    assert got.sharpe == direct.sharpe
    assert got.solver == direct.solver


def test_max_sharpe_matches_pyportfolioopt(prices: pd.DataFrame, returns: pd.DataFrame) -> None:
    from pypfopt import EfficientFrontier

    got = optimize_prices(prices, "max-sharpe", {"risk_free_rate": 0.0})
    mu = returns.mean() * 252
    frontier = EfficientFrontier(mu, returns.cov() * 252)
    frontier.max_sharpe(risk_free_rate=0.0)
    peer = pd.Series(frontier.clean_weights(rounding=None))
    np.testing.assert_allclose(got.weights.to_numpy(), peer[got.weights.index], atol=1e-4)


def test_estimators_match_scikit_learn_and_pandas(returns: pd.DataFrame) -> None:
    shrunk = estimate_distribution(returns, covariance="ledoit-wolf").covariance
    np.testing.assert_allclose(
        shrunk, SklearnLedoitWolf().fit(returns.to_numpy()).covariance_, rtol=1e-10, atol=0
    )
    ew = estimate_distribution(returns, covariance="exponential").covariance
    last = returns.ewm(span=180, adjust=True).cov(bias=True).loc[returns.index[-1]]
    np.testing.assert_allclose(ew, last.to_numpy(), rtol=1e-10, atol=1e-20)
    sample = estimate_distribution(returns).covariance
    np.testing.assert_allclose(sample, returns.cov().to_numpy(), rtol=1e-12)
    with pytest.raises(ConfigError, match="covariance: 'shrunk' is not one of"):
        estimate_distribution(returns, covariance="shrunk")  # type: ignore[arg-type]


def test_equal_weight_and_inverse_volatility_by_hand(
    prices: pd.DataFrame, returns: pd.DataFrame
) -> None:
    n = returns.shape[1]
    equal = optimize_prices(prices, "equal-weight")
    np.testing.assert_allclose(equal.weights, 1 / n, rtol=1e-15)
    portfolio = returns.mean(axis=1)  # daily returns of 1/N rebalanced daily
    assert equal.expected_return == pytest.approx(portfolio.mean() * 252, rel=1e-10)
    assert equal.volatility == pytest.approx(portfolio.std() * math.sqrt(252), rel=1e-10)
    assert equal.sharpe == pytest.approx(portfolio.mean() / portfolio.std() * math.sqrt(252))
    inverse = optimize_prices(prices, "inverse-volatility")
    expected = (1 / returns.std()) / (1 / returns.std()).sum()
    np.testing.assert_allclose(inverse.weights, expected[inverse.weights.index], rtol=1e-12)
    assert inverse.solver == "closed form"


def test_unknown_objective_lists_the_valid_names() -> None:
    with pytest.raises(ConfigError) as info:
        find_method("max-sharp")
    assert info.value.key == "objective"
    for method in METHODS:
        assert repr(method.name) in str(info.value)


def test_parameters_are_checked(prices: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match="'min-variance' does not use --risk-free") as info:
        optimize_prices(prices, "min-variance", {"risk_free_rate": 0.02})
    assert info.value.key == "risk_free_rate"
    with pytest.raises(ConfigError, match="'efficient-return' needs --target-return"):
        optimize_prices(prices, "efficient-return", {"target_return": None})
    with pytest.raises(ConfigError, match="takes no constraints file"):
        optimize_prices(prices, "equal-weight", constraints=(Budget(),))
    with pytest.raises(ConfigError, match="--risk-free must be a finite number"):
        optimize_prices(prices, "max-sharpe", {"risk_free_rate": float("nan")})
    with pytest.raises(ConfigError, match=r"MaxUtility.risk_aversion must be > 0"):
        optimize_prices(prices, "max-utility", {"risk_aversion": -1.0})


def test_registry_names_are_unique() -> None:
    names = [m.name for m in METHODS]
    assert len(set(names)) == len(names)
    assert names[:14] == [
        "min-variance",
        "max-sharpe",
        "max-utility",
        "efficient-return",
        "efficient-risk",
        "max-return",
        "max-diversification",
        "min-cvar",
        "min-semivariance",
        "max-sortino",
        "risk-parity",
        "hrp",
        "equal-weight",
        "inverse-volatility",
    ]


def test_risk_based_methods(prices: pd.DataFrame, returns: pd.DataFrame) -> None:
    dist = EmpiricalPrior().fit(returns).distribution_
    Sigma = returns.cov().to_numpy()
    parity = optimize_prices(prices, "risk-parity")
    w = parity.weights.to_numpy()
    contributions = w * (Sigma @ w) / (w @ Sigma @ w)  # by hand: each asset's share of risk
    np.testing.assert_allclose(contributions, 1 / len(w), rtol=1e-6)
    assert w.sum() == pytest.approx(1.0)
    hrp = optimize_prices(prices, "hrp")
    pd.testing.assert_series_equal(hrp.weights, hierarchical_risk_parity(dist).weights)
    diversified = optimize_prices(prices, "max-diversification").weights.to_numpy()
    sigma = np.sqrt(np.diag(Sigma))

    def ratio(W: np.ndarray) -> np.ndarray:
        return np.asarray((W @ sigma) / np.sqrt(np.einsum("ij,jk,ik->i", W, Sigma, W)))

    cloud = np.random.default_rng(0).dirichlet(np.full(len(sigma), 0.5), size=20_000)
    best = float(ratio(diversified[None, :])[0])
    assert best >= ratio(cloud).max()
    assert best > ratio(np.full((1, len(sigma)), 1 / len(sigma)))[0]


# --- the constraints file -------------------------------------------------------------------------


def test_the_example_file_builds_every_kind(prices: pd.DataFrame) -> None:
    built = load_constraints(EXAMPLE, list(prices.columns))
    kinds = {type(c) for c in built}
    assert kinds == {
        Budget,
        Bounds,
        GrossLeverage,
        GroupLimits,
        MaxTurnover,
        TrackingErrorLimit,
    }
    bounds = next(c for c in built if isinstance(c, Bounds))
    assert bounds.upper == {"AAPL": 0.15, "MSFT": 0.15, "UNH": 0.15, "AMD": 0.05, "RRC": 0.05}
    groups = next(c for c in built if isinstance(c, GroupLimits))
    assert groups.limits("Tech") == (0.0, 0.30)
    assert groups.limits("Staples") == (0.10, 1.0)


def test_the_example_constraints_hold_at_the_solution(
    prices: pd.DataFrame, returns: pd.DataFrame
) -> None:
    built = load_constraints(EXAMPLE, list(prices.columns))
    free = optimize_prices(prices, "max-return").weights
    w = optimize_prices(prices, "max-return", constraints=built).weights
    tol = 1e-6
    assert w.sum() == pytest.approx(1.0, abs=tol)
    assert (w >= -tol).all()
    for asset, cap in {"AAPL": 0.15, "MSFT": 0.15, "UNH": 0.15, "AMD": 0.05, "RRC": 0.05}.items():
        assert w[asset] <= cap + tol
    assert w[["AAPL", "MSFT", "AMD"]].sum() <= 0.30 + tol
    assert w[["JNJ", "LLY", "MRK", "PFE", "UNH"]].sum() <= 0.35 + tol
    assert w[["CVX", "XOM", "RRC"]].sum() <= 0.15 + tol
    assert w[["KO", "PEP", "PG", "WMT"]].sum() >= 0.10 - tol
    current = pd.Series({"JNJ": 0.15, "KO": 0.15, "PG": 0.15, "MSFT": 0.2, "AAPL": 0.2, "XOM": 0.1})
    turnover = (w - current.reindex(w.index).fillna(0.0)).abs().sum()
    assert turnover <= 1.2 + tol
    active = (w - 0.05).to_numpy()
    tracking = math.sqrt(active @ returns.cov().to_numpy() @ active * 252)
    assert tracking <= 0.08 + tol
    # without the file the optimum breaks them: the file is applied, not ignored
    assert free.max() > 0.15


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[bounds]\nupper = 0.2\nlowr = 0.0\n", "bad.toml: bounds.lowr: unknown key"),
        ("[bounds]\nupper = 'high'\n", "bad.toml: bounds.upper"),
        ("[bounds]\nlower = 0.3\nupper = 0.2\n", "bad.toml: bounds: Bounds.lower: 0.3 is above"),
        (
            "[bounds]\nupper = { APPL = 0.1 }\n",
            "bad.toml: bounds.upper.APPL: 'APPL' is not an asset",
        ),
        ("[budget]\ntotal = nan\n", "bad.toml: budget.total"),
        ("[gross_leverage]\nmax = -1.0\n", "bad.toml: gross_leverage.max"),
        ("market_neutral = true\n[budget]\ntotal = 1.0\n", "bad.toml: market_neutral = true"),
        (
            "[groups]\nmembers = { Tech = ['AAPL'] }\nlower = { Tech = 0.5 }\nupper = { Tech = 0.2 }\n",
            "bad.toml: groups: GroupLimits.lower: 0.5 is above GroupLimits.upper 0.2 for group 'Tech'",
        ),
        (
            "[groups]\nmembers = { Tech = ['AAPL', 'MSFTT'] }\n",
            "bad.toml: groups.members.Tech: 'MSFTT' is not an asset",
        ),
        ("[turnover]\nlimit = 0.1\n", "bad.toml: turnover.current: required key is missing"),
        (
            "[turnover]\nlimit = 0.1\ncurrent = { XYZ = 1.0 }\n",
            "bad.toml: turnover.current.XYZ: 'XYZ' is not an asset",
        ),
        (
            "[tracking_error]\nmax_annual = 0.05\nbenchmark = { SPY = 1.0 }\n",
            "bad.toml: tracking_error.benchmark.SPY: 'SPY' is not an asset",
        ),
        ("[bounds\nupper = 0.2\n", "bad.toml: invalid TOML"),
        ("[sectors]\nTech = 0.3\n", "bad.toml: sectors: unknown key"),
    ],
)
def test_bad_constraint_files_name_the_key(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_constraints(path, ["AAPL", "MSFT", "XOM"])
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_defaults_and_market_neutral(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("", encoding="utf-8")
    assert load_constraints(path, ["A"]) == (Budget(total=1.0), Bounds())
    path.write_text("market_neutral = true\n[bounds]\nlower = -0.5\nupper = 0.5\n")
    assert load_constraints(path, ["A", "B"]) == (
        MarketNeutral(),
        Bounds(lower=-0.5, upper=0.5),
    )
    path.write_text("[groups]\nmembers = { AAPL = 'Tech', MSFT = 'Tech' }\nupper = 0.4\n")
    groups = load_constraints(path, ["AAPL", "MSFT"])[2]
    assert isinstance(groups, GroupLimits)
    assert groups.groups == {"Tech": ("AAPL", "MSFT")}


def test_a_market_neutral_file_solves(tmp_path: Path, prices: pd.DataFrame) -> None:
    path = tmp_path / "neutral.toml"
    path.write_text(
        "market_neutral = true\n[bounds]\nlower = -0.2\nupper = 0.2\n[gross_leverage]\nmax = 1.0\n",
        encoding="utf-8",
    )
    built = load_constraints(path, list(prices.columns))
    w = optimize_prices(prices, "max-utility", {"risk_aversion": 5.0}, built).weights
    assert w.sum() == pytest.approx(0.0, abs=1e-6)
    assert w.abs().sum() <= 1.0 + 1e-6
    assert w.min() < -0.01  # shorts are used


# --- whole shares ---------------------------------------------------------------------------------


def test_share_plan_adds_up(prices: pd.DataFrame) -> None:
    result = optimize_prices(prices, "max-sharpe")
    plan = share_plan(result.weights, prices, capital=250_000.0)
    table = plan.table
    last = prices.iloc[-1]
    assert plan.date == prices.index[-1]
    np.testing.assert_allclose(table["price"], last[table.index])
    assert (table["shares"] == table["shares"].round()).all()
    np.testing.assert_allclose(table["value"], table["shares"] * table["price"])
    assert table["value"].sum() + plan.leftover == pytest.approx(250_000.0, rel=1e-12)
    # fully invested: no whole share of a targeted asset still fits in the leftover cash
    assert plan.leftover < table.loc[table["target_weight"] > 0, "price"].min()
    np.testing.assert_allclose(table["gap"], table["value"] / 250_000.0 - table["target_weight"])
    assert set(table.index) == set(result.weights[result.weights > 1e-6].index)


def test_share_plan_from_holdings(prices: pd.DataFrame) -> None:
    last = prices.iloc[-1]
    holdings = Holdings(shares=pd.Series({"KO": 100.0, "XOM": 50.0}), cash=5_000.0)
    capital = 5_000.0 + 100 * last["KO"] + 50 * last["XOM"]
    weights = pd.Series({"KO": 0.5, "PG": 0.5})
    plan = share_plan(weights, prices, holdings=holdings, cost_bps=10)
    assert plan.capital == pytest.approx(capital)
    assert plan.table.loc["XOM", "shares"] == 0
    assert plan.table.loc["XOM", "trade_shares"] == -50
    np.testing.assert_allclose(
        plan.table["trade_shares"], plan.table["shares"] - plan.table["current_shares"]
    )
    traded = (plan.table["trade_shares"].abs() * plan.table["price"]).sum()
    assert plan.cost == pytest.approx(0.001 * traded)
    assert plan.table["value"].sum() + plan.leftover + plan.cost == pytest.approx(capital)


def test_share_plan_errors(prices: pd.DataFrame) -> None:
    weights = pd.Series({"KO": 1.0})
    with pytest.raises(ConfigError, match="capital or holdings"):
        share_plan(weights, prices)
    gap = prices.copy()
    gap.iloc[-1, gap.columns.get_loc("KO")] = np.nan
    with pytest.raises(DataError, match="'KO' has a target weight but no price on 2022-12-28"):
        share_plan(weights, gap, capital=1000.0)
    holdings = Holdings(shares=pd.Series({"TSLA": 1.0}))
    with pytest.raises(DataError, match="held asset 'TSLA' has no price"):
        share_plan(weights, prices, holdings=holdings)


# --- the frontier ---------------------------------------------------------------------------------


def test_frontier_of_prices_is_built_from_one_distribution(
    prices: pd.DataFrame, returns: pd.DataFrame
) -> None:
    from algofolio.optimize.frontier import efficient_frontier
    from algofolio.optimize.random_portfolios import random_portfolios
    from algofolio.workflows.frontier import frontier_of_prices

    bounds = (Budget(), Bounds(upper=0.2))
    run = frontier_of_prices(prices, 8, random=300, constraints=bounds, risk_free_rate=0.01, seed=4)
    dist = EmpiricalPrior().fit(returns).distribution_
    direct = efficient_frontier(dist, 8, constraints=bounds, risk_free_rate=0.01)
    pd.testing.assert_frame_equal(run.frontier.points, direct.points)
    assert (run.frontier.weights.to_numpy() <= 0.2 + 1e-9).all()
    assert run.cloud is not None
    pd.testing.assert_frame_equal(
        run.cloud, random_portfolios(dist, 300, seed=4, risk_free_rate=0.01)
    )
    np.testing.assert_allclose(run.assets["expected_return"], returns.mean() * 252, rtol=1e-12)
    np.testing.assert_allclose(run.assets["volatility"], returns.std() * math.sqrt(252), rtol=1e-12)
    assert frontier_of_prices(prices, 3).cloud is None
    with pytest.raises(ConfigError, match="random must be a whole number") as info:
        frontier_of_prices(prices, 3, random=-1)
    assert info.value.key == "random"


def test_scenario_methods(prices: pd.DataFrame, returns: pd.DataFrame) -> None:
    dist = EmpiricalPrior().fit(returns).distribution_
    R = returns.to_numpy()

    def cvar(w: np.ndarray, confidence: float) -> float:
        # by hand: the mean of the worst (1 - b) T losses, the boundary one weighted by the fraction
        losses = np.sort(-(R @ w))[::-1]
        mass = (1 - confidence) * len(losses)
        whole = math.floor(mass)
        return float((losses[:whole].sum() + (mass - whole) * losses[whole]) / mass)

    got = optimize_prices(prices, "min-cvar", {"confidence": 0.9})
    direct = optimize_portfolio(dist, MinCVaR(confidence=0.9))
    pd.testing.assert_series_equal(got.weights, direct.weights)
    best = cvar(got.weights.to_numpy(), 0.9)
    cloud = np.random.default_rng(1).dirichlet(np.full(R.shape[1], 0.5), size=300)
    assert best <= min(cvar(w, 0.9) for w in cloud) + 1e-9
    assert best <= cvar(np.full(R.shape[1], 1 / R.shape[1]), 0.9) + 1e-9
    semi = optimize_prices(prices, "min-semivariance")
    pd.testing.assert_series_equal(
        semi.weights, optimize_portfolio(dist, MinSemivariance()).weights
    )
    sortino = optimize_prices(prices, "max-sortino", {"risk_free_rate": 0.01})
    pd.testing.assert_series_equal(
        sortino.weights, optimize_portfolio(dist, MaxSortino(risk_free_rate=0.01)).weights
    )
    with pytest.raises(ConfigError, match="'min-semivariance' does not use --confidence"):
        optimize_prices(prices, "min-semivariance", {"confidence": 0.9})
