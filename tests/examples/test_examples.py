"""Every example script runs (its ``main`` with a temporary ``--out``; one as a real subprocess
with the venv's python) and what it writes is checked against something independent of
algofolio: hand-rolled portfolios in numpy, pandas rolling statistics, closed forms with scipy,
and PyPortfolioOpt's frontier on the same four stocks. The example configs run too."""

from __future__ import annotations

import math
import runpy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from algofolio.datasets import load_sp500_index, load_sp500_prices
from algofolio.workflows import load_backtest_config, run_config

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"
TESTED = {
    "sixty_forty",
    "frontier_four_stocks",
    "risk_parity",
    "moving_average",
    "mean_reversion",
    "value_at_risk",
}


def run_example(name: str, folder: Path) -> tuple[dict[str, Path], dict[str, object]]:
    """Run ``examples/<name>.py``'s ``main(["--out", folder])``; its files and module globals."""
    module = runpy.run_path(str(EXAMPLES / f"{name}.py"), run_name=f"example_{name}")
    files = module["main"](["--out", str(folder)])
    assert all(path.is_file() and path.parent == folder for path in files.values())
    return files, module


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, index_col=0, parse_dates=True)


def first_days(dates: pd.DatetimeIndex, period: str) -> pd.DatetimeIndex:
    """The first date of each calendar period ("M", "Y", "W") among ``dates``, by hand."""
    keys = dates.to_period(period)
    return dates[np.r_[True, keys[1:] != keys[:-1]]]


def test_every_example_script_is_run_here():
    assert {p.stem for p in EXAMPLES.glob("*.py")} == TESTED


# --- 60/40 ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sixty_forty(tmp_path_factory):
    return run_example("sixty_forty", tmp_path_factory.mktemp("sixty_forty"))


def hand_rolled_yearly(
    price: pd.Series, weight: float, cash_rate: float, bps: float, initial: float
):
    """Weight in one asset, the rest in cash (simple interest ACT/365 a day), traded back to the
    mix on the first trading day of each year, paying bps from the portfolio:
    V' = V - c |w V' - h|."""
    c, dates, p = bps / 1e4, price.index, price.to_numpy()
    value = initial / (1 + c * weight)
    held, cash, nav = weight * value, (1 - weight) * value, [value]
    for t in range(1, len(p)):
        held *= p[t] / p[t - 1]
        cash *= 1 + cash_rate * (dates[t] - dates[t - 1]).days / 365
        if dates[t].year != dates[t - 1].year:
            value = held + cash
            if weight * value > held:  # a buy
                value = (value + c * held) / (1 + c * weight)
            else:  # a sale
                value = (value - c * held) / (1 - c * weight)
            held, cash = weight * value, (1 - weight) * value
        nav.append(held + cash)
    return np.array(nav)


def test_sixty_forty_yearly_nav_equals_a_hand_rolled_mix(sixty_forty):
    files, module = sixty_forty
    nav = read(files["nav"])
    expected = hand_rolled_yearly(
        load_sp500_index()["SP500"], 0.6, module["CASH_RATE"], module["COSTS_BPS"], 100_000
    )
    np.testing.assert_allclose(nav["Yearly"].to_numpy(), expected, rtol=1e-11)


def test_sixty_forty_weights_are_back_at_sixty_after_each_fill(sixty_forty):
    files, _ = sixty_forty
    share = read(files["stock_share"])
    logs = pd.read_csv(files["rebalances"], parse_dates=["date", "filled"])
    for name in ("Yearly", "Monthly", "5-point band"):
        filled = pd.DatetimeIndex(logs.loc[logs["strategy"] == name, "filled"])
        assert len(filled) > 10
        np.testing.assert_allclose(share.loc[filled, name], 0.6, atol=1e-12)
    dates = pd.DatetimeIndex(share.index)
    yearly = pd.DatetimeIndex(logs.loc[logs["strategy"] == "Yearly", "date"])
    assert yearly.equals(first_days(dates, "Y"))
    # the band: every close without a trade is within 5 points of 60%, and the band traded
    band = pd.DatetimeIndex(logs.loc[logs["strategy"] == "5-point band", "filled"])
    quiet = share["5-point band"].drop(band)
    assert (quiet - 0.6).abs().max() <= 0.05
    # never rebalanced: one purchase, and the stock share drifted far from 60%
    assert (logs["strategy"] == "Never rebalanced").sum() == 1
    assert share["Never rebalanced"].iloc[-1] > 0.8


def test_sixty_forty_config_runs_the_same_backtests(sixty_forty):
    files, _ = sixty_forty
    comparison = run_config(load_backtest_config(EXAMPLES / "sixty_forty.toml"))
    nav = read(files["nav"])
    by_name = {r.name: r for r in comparison.results}
    for name in ("Yearly", "Monthly", "5-point band"):
        np.testing.assert_allclose(by_name[name].nav.to_numpy(), nav[name].to_numpy(), rtol=1e-12)
    both = by_name["Yearly, 5-point band"].rebalances
    assert 1 < len(both) < len(by_name["Yearly"].rebalances)


# --- the four-stock frontier ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def frontier(tmp_path_factory):
    files, module = run_example("frontier_four_stocks", tmp_path_factory.mktemp("frontier"))
    prices = load_sp500_prices().loc[module["START"] : module["END"], module["STOCKS"]]
    return files, prices


def test_frontier_min_volatility_and_max_sharpe_match_pyportfolioopt(frontier):
    from pypfopt import EfficientFrontier, expected_returns, risk_models

    files, prices = frontier
    points = pd.read_csv(files["points"], index_col=0)
    S = risk_models.sample_cov(prices, frequency=252)
    mu = expected_returns.mean_historical_return(prices, compounding=False, frequency=252)
    low = EfficientFrontier(None, S, weight_bounds=(0, 1))
    w_low = pd.Series(low.min_volatility())
    assert points["volatility"].iloc[0] == pytest.approx(math.sqrt(w_low @ S @ w_low), rel=1e-6)
    np.testing.assert_allclose(points.iloc[0][w_low.index], w_low, atol=1e-4)
    best = EfficientFrontier(mu, S, weight_bounds=(0, 1))
    best.max_sharpe(risk_free_rate=0.0)
    sharpe = best.portfolio_performance(risk_free_rate=0.0)[2]
    assert points["sharpe"].max() <= sharpe + 1e-9  # the frontier's points never beat the peak
    assert points["sharpe"].max() == pytest.approx(sharpe, rel=1e-3)  # and 50 points come close


def test_random_portfolios_are_recomputed_and_never_beat_the_frontier(frontier, capsys):
    files, prices = frontier
    cloud = pd.read_csv(files["random"], index_col=0)
    points = pd.read_csv(files["points"], index_col=0)
    returns = prices.pct_change().iloc[1:]
    w = cloud[prices.columns].to_numpy()
    assert len(cloud) == 5_000
    np.testing.assert_allclose(w.sum(axis=1), 1.0, atol=1e-12)
    assert (w >= 0).all()
    mu, cov = returns.mean().to_numpy() * 252, returns.cov().to_numpy() * 252
    np.testing.assert_allclose(cloud["expected_return"], w @ mu, rtol=1e-10)
    volatility = np.sqrt(np.einsum("ij,jk,ik->i", w, cov, w))
    np.testing.assert_allclose(cloud["volatility"], volatility, rtol=1e-10)
    assert cloud["volatility"].min() >= points["volatility"].iloc[0] - 1e-12
    assert "Efficient frontier" in files["report"].read_text()


# --- risk parity ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def risk_parity(tmp_path_factory):
    return run_example("risk_parity", tmp_path_factory.mktemp("risk_parity"))


def test_risk_parity_weights_have_equal_risk_contributions(risk_parity):
    files, module = risk_parity
    last = pd.read_csv(files["last_rebalance"], index_col="asset")
    prices = load_sp500_prices()
    decided = first_days(pd.DatetimeIndex(prices.index), "M")[-1]  # the last monthly rebalance
    window = prices.pct_change().loc[:decided].iloc[-module["WINDOW"] :]
    Sigma = window.cov().to_numpy()
    erc = last["weight Risk parity (ERC)"].to_numpy()
    contributions = erc * (Sigma @ erc) / (erc @ Sigma @ erc)
    np.testing.assert_allclose(contributions, 1 / 20, atol=1e-7)
    np.testing.assert_allclose(last["risk share Risk parity (ERC)"], contributions, atol=1e-12)
    np.testing.assert_allclose(last["weight 1/N"], 1 / 20, atol=1e-12)
    inverse = 1 / window.std().to_numpy()
    np.testing.assert_allclose(
        last["weight Inverse volatility"], inverse / inverse.sum(), rtol=1e-9
    )


def test_risk_parity_config_runs_the_same_backtests(risk_parity):
    files, _ = risk_parity
    nav = read(files["nav"])
    comparison = run_config(load_backtest_config(EXAMPLES / "risk_parity.toml"))
    for result in comparison.results:
        np.testing.assert_allclose(result.nav.to_numpy(), nav[result.name].to_numpy(), rtol=1e-12)


# --- moving-average trend filter ------------------------------------------------------------------


def test_moving_average_holds_the_index_exactly_when_above_its_average(tmp_path):
    files, module = run_example("moving_average", tmp_path)
    days = module["AVERAGE_DAYS"]
    price = load_sp500_index()["SP500"]
    average = price.rolling(days).mean()  # pandas, not algofolio.signals
    signals = read(files["signals"])
    defined = slice(days - 1, None)
    np.testing.assert_allclose(signals["average"].iloc[defined], average.iloc[defined], rtol=1e-10)
    above = (price > average).iloc[days - 1 :]
    share = read(files["stock_share"])
    dates = pd.DatetimeIndex(share.index)
    # daily: in the index at every close the price is above its average, in cash otherwise
    daily = above.reindex(dates).astype(float)
    np.testing.assert_allclose(share["200-day, daily"], daily, atol=1e-12)
    # monthly: the signal of the last first-trading-day-of-month decision (or of the start)
    decisions = dates[:1].union(first_days(dates, "M"))
    held = above.reindex(decisions).reindex(dates, method="ffill").astype(float)
    np.testing.assert_allclose(share["200-day, monthly"], held, atol=1e-12)
    np.testing.assert_allclose(share["Buy and hold"], 1.0, atol=1e-12)


# --- mean reversion -------------------------------------------------------------------------------


def test_mean_reversion_weights_are_the_tilt_formula_by_hand(tmp_path):
    files, module = run_example("mean_reversion", tmp_path)
    prices = load_sp500_prices().loc["2009-09-01":]
    look = module["LOOKBACK"]
    z = (prices - prices.rolling(look).mean()) / prices.rolling(look).std(ddof=1)
    scores = read(files["scores"])
    np.testing.assert_allclose(scores, -z.loc[scores.index], rtol=1e-9, atol=1e-12)
    weights = read(files["weights"])
    mondays = first_days(pd.DatetimeIndex(weights.index), "W")[1:]
    for day in mondays[[10, 100, 400]]:
        s = -z.loc[day]
        standard = (s - s.mean()) / s.std(ddof=0)
        m = np.clip(module["STRENGTH"] * standard, -module["MAX_TILT"], module["MAX_TILT"])
        expected = (1 + m) / (1 + m).sum()
        np.testing.assert_allclose(weights.loc[day], expected[weights.columns], rtol=1e-10)


# --- value at risk --------------------------------------------------------------------------------


def hand_rolled_monthly_equal_weight(returns: pd.DataFrame) -> np.ndarray:
    """1/N whose weights drift and reset at the close of each month's first date (and the first)."""
    n = returns.shape[1]
    w, out, r = np.full(n, 1 / n), [], returns.to_numpy()
    month = returns.index.to_period("M")
    for t in range(len(r)):
        growth = w * (1 + r[t])
        out.append(growth.sum() - 1)
        w = growth / growth.sum()
        if t == 0 or month[t] != month[t - 1]:
            w = np.full(n, 1 / n)
    return np.array(out)


def test_value_at_risk_table_matches_numpy_and_scipy(tmp_path):
    files, module = run_example("value_at_risk", tmp_path)
    returns = read(files["returns"])["portfolio"]
    asset_returns = load_sp500_prices().pct_change().loc[returns.index]
    np.testing.assert_allclose(returns, hand_rolled_monthly_equal_weight(asset_returns), rtol=1e-10)
    table = pd.read_csv(files["var"], index_col="method")
    r = returns.to_numpy()
    mu, sd = r.mean(), r.std(ddof=1)
    draws = np.random.default_rng(module["SEED"]).standard_normal(module["SIMULATIONS"])
    for confidence in (0.95, 0.99):
        level, alpha = f"{confidence:.0%}", 1 - confidence
        q = np.quantile(r, alpha)
        z = stats.norm.ppf(alpha)
        historical, gaussian = table.loc["historical"], table.loc["parametric (Gaussian)"]
        assert historical[f"VaR {level}"] == pytest.approx(-q, rel=1e-12)
        assert historical[f"CVaR {level}"] == pytest.approx(-r[r <= q].mean(), rel=1e-12)
        assert gaussian[f"VaR {level}"] == pytest.approx(-(mu + sd * z), rel=1e-12)
        cvar = -(mu - sd * stats.norm.pdf(z) / alpha)
        assert gaussian[f"CVaR {level}"] == pytest.approx(cvar, rel=1e-12)
        monte_carlo = table.loc["Monte Carlo (normal draws)", f"VaR {level}"]
        assert monte_carlo == pytest.approx(-(mu + sd * np.quantile(draws, alpha)), rel=1e-12)
        assert monte_carlo == pytest.approx(gaussian[f"VaR {level}"], rel=0.02)
        for method, row in table.iterrows():
            beyond = float((r < -row[f"VaR {level}"]).mean())
            assert row[f"days beyond VaR {level}"] == pytest.approx(beyond), method
    assert table.loc["historical", "days beyond VaR 95%"] == pytest.approx(0.05, abs=0.002)


def test_an_example_runs_as_a_script_from_the_repository_root(tmp_path):
    done = subprocess.run(
        [sys.executable, "examples/value_at_risk.py", "--out", str(tmp_path / "var")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "historical" in done.stdout
    assert "One-day loss on 1,000,000 at 95%" in done.stdout
    assert (tmp_path / "var" / "var.csv").is_file()
