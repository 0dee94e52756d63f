"""The transaction-cost penalty: PyPortfolioOpt's ``transaction_cost`` objective on the bundled
20 stocks, limiting cases, and a brute-force search for net max Sharpe on a small problem."""

import numpy as np
import pandas as pd
import pytest

from algofolio.core.errors import ConfigError
from algofolio.costs import CostModel, HalfSpreadCost, PerShareCost, ProportionalCost
from algofolio.datasets import load_sp500_prices
from algofolio.optimize import (
    Bounds,
    Budget,
    CostPenalty,
    MaxSharpe,
    MaxUtility,
    MinVariance,
    PortfolioProblem,
    optimize_portfolio,
)
from tests.optimize._problems import random_problem

pypfopt = pytest.importorskip("pypfopt")

LONG_ONLY = (Budget(), Bounds())


@pytest.fixture(scope="module")
def problem() -> PortfolioProblem:
    returns = load_sp500_prices().pct_change().iloc[1:]
    return PortfolioProblem(
        assets=tuple(returns.columns),
        mu=returns.mean().to_numpy(),
        Sigma=returns.cov().to_numpy(),
        periods_per_year=252.0,
    )


def current_weights(problem: PortfolioProblem) -> dict[str, float]:
    return dict.fromkeys(problem.assets, 1 / problem.n_assets)


def utility(w: np.ndarray, problem: PortfolioProblem, gamma: float, k: float) -> float:
    w0 = np.full(problem.n_assets, 1 / problem.n_assets)
    trade = float(np.abs(w - w0).sum())
    return float(w @ problem.mu - gamma / 2 * w @ problem.Sigma @ w - k * trade)


@pytest.mark.parametrize(("bps", "holding"), [(10.0, 1.0), (50.0, 21.0), (5.0, 5.0)])
def test_max_utility_with_costs_matches_pyportfolioopt(
    problem: PortfolioProblem, bps: float, holding: float
) -> None:
    gamma = 5.0
    k = bps / 1e4 / holding  # the per-period cost rate PyPortfolioOpt takes as ``k``
    w0 = np.full(problem.n_assets, 1 / problem.n_assets)
    peer = pypfopt.EfficientFrontier(
        pd.Series(problem.mu, index=problem.assets),
        pd.DataFrame(problem.Sigma, index=problem.assets, columns=problem.assets),
        weight_bounds=(0, 1),
    )
    peer.add_objective(pypfopt.objective_functions.transaction_cost, w_prev=w0, k=k)
    peer_weights = peer.max_quadratic_utility(risk_aversion=gamma)
    theirs = np.array([peer_weights[a] for a in problem.assets])
    penalty = CostPenalty(
        costs=ProportionalCost(bps=bps), current=current_weights(problem), holding_periods=holding
    )
    ours = optimize_portfolio(problem, MaxUtility(risk_aversion=gamma), (*LONG_ONLY, penalty))
    w = ours.weights.to_numpy()
    ours_u, peer_u = utility(w, problem, gamma, k), utility(theirs, problem, gamma, k)
    assert ours_u >= peer_u - 1e-6 * abs(peer_u)
    assert ours_u == pytest.approx(peer_u, rel=1e-6)


def test_costs_change_the_answer_and_reduce_trading(problem: PortfolioProblem) -> None:
    free = optimize_portfolio(problem, MaxUtility(risk_aversion=5.0), LONG_ONLY).weights
    penalty = CostPenalty(costs=ProportionalCost(bps=20), current=current_weights(problem))
    costly = optimize_portfolio(problem, MaxUtility(risk_aversion=5.0), (*LONG_ONLY, penalty))
    w0 = pd.Series(current_weights(problem))
    assert (costly.weights - w0).abs().sum() < (free - w0).abs().sum() - 1e-3


def test_prohibitive_costs_keep_the_current_portfolio(problem: PortfolioProblem) -> None:
    """At 100% of each trade no reallocation can pay for itself in one period: w = current."""
    penalty = CostPenalty(costs=ProportionalCost(bps=10_000), current=current_weights(problem))
    for objective in (MaxUtility(risk_aversion=1.0), MaxSharpe()):
        result = optimize_portfolio(problem, objective, (*LONG_ONLY, penalty))
        np.testing.assert_allclose(result.weights, 1 / problem.n_assets, atol=1e-7)


def test_zero_costs_change_nothing(problem: PortfolioProblem) -> None:
    penalty = CostPenalty(costs=ProportionalCost(bps=0), current=current_weights(problem))
    for objective in (MaxUtility(risk_aversion=3.0), MaxSharpe(risk_free_rate=0.02)):
        plain = optimize_portfolio(problem, objective, LONG_ONLY)
        netted = optimize_portfolio(problem, objective, (*LONG_ONLY, penalty))
        assert netted.objective_value == pytest.approx(plain.objective_value, rel=1e-6)


def test_net_max_sharpe_beats_a_dense_grid() -> None:
    """Three assets: the net Sharpe of the optimum is the maximum over a fine simplex grid."""
    problem = random_problem(3, 3)
    current = {"A0": 1.0}
    penalty = CostPenalty(costs=ProportionalCost(bps=30), current=current, holding_periods=2)
    result = optimize_portfolio(problem, MaxSharpe(), (*LONG_ONLY, penalty))

    def net_sharpe(w: np.ndarray) -> np.ndarray:
        trade = np.abs(w - np.array([1.0, 0.0, 0.0])).sum(axis=-1)
        net = w @ problem.mu - penalty.rates(problem.assets)[0] * trade
        return net / np.sqrt(np.einsum("...i,ij,...j->...", w, problem.Sigma, w))

    step = np.linspace(0, 1, 401)
    a, b = np.meshgrid(step, step)
    grid = np.stack([a.ravel(), b.ravel(), 1 - a.ravel() - b.ravel()], axis=1)
    grid = grid[grid[:, 2] >= 0]
    best = float(net_sharpe(grid).max())
    ours = float(net_sharpe(result.weights.to_numpy()))
    assert ours >= best - 1e-9
    assert ours == pytest.approx(best, rel=1e-3)  # the grid's resolution


def test_min_variance_refuses_a_cost_penalty(problem: PortfolioProblem) -> None:
    penalty = CostPenalty(costs=ProportionalCost(bps=10), current=current_weights(problem))
    with pytest.raises(ConfigError, match="min variance does not use expected returns"):
        optimize_portfolio(problem, MinVariance(), (*LONG_ONLY, penalty))


class CappedCost:
    """A cost model that is not linear in the traded value."""

    def cost(self, trade_values: np.ndarray) -> np.ndarray:
        return np.minimum(np.abs(trade_values), 1.0)


def test_bad_penalties_name_the_field() -> None:
    assert isinstance(CappedCost(), CostModel)
    with pytest.raises(ConfigError, match="proportional costs") as info:
        CostPenalty(costs=CappedCost(), current={"A": 1.0})
    assert info.value.key == "costs"
    with pytest.raises(ConfigError) as info:
        CostPenalty(costs=ProportionalCost(bps=1), current={"A": 1.0}, holding_periods=0.5)
    assert info.value.key == "CostPenalty.holding_periods"
    with pytest.raises(ConfigError) as info:
        CostPenalty(costs=ProportionalCost(bps=1), current={"A": float("nan")})
    assert info.value.key == "CostPenalty.current['A']"
    with pytest.raises(ConfigError) as info:
        CostPenalty(costs="10bps", current={"A": 1.0})  # type: ignore[arg-type]
    assert info.value.key == "CostPenalty.costs"


def test_per_share_costs_become_a_rate_per_asset_at_the_given_prices(
    problem: PortfolioProblem,
) -> None:
    """Max utility net of $0.005 per share (and 2 bps of spread), solved here as its own cvxpy
    problem with the rates written out by hand: per_share / price + 0.0002 on each asset."""
    import cvxpy as cp

    prices = load_sp500_prices().iloc[-1]
    costs = PerShareCost(per_share=0.005) + HalfSpreadCost(spread_bps=4)
    penalty = CostPenalty(costs=costs, current=current_weights(problem), prices=prices)
    rates = 0.005 / prices.loc[list(problem.assets)].to_numpy() + 0.0002
    np.testing.assert_allclose(penalty.rates(problem.assets), rates, rtol=1e-12)
    result = optimize_portfolio(problem, MaxUtility(risk_aversion=5.0), [*LONG_ONLY, penalty])
    w = cp.Variable(problem.n_assets)
    w0 = np.full(problem.n_assets, 1 / problem.n_assets)
    objective = (
        problem.mu @ w - 2.5 * cp.quad_form(w, cp.psd_wrap(problem.Sigma)) - rates @ cp.abs(w - w0)
    )
    cp.Problem(cp.Maximize(objective), [cp.sum(w) == 1, w >= 0]).solve(
        solver="CLARABEL", tol_gap_abs=1e-12, tol_gap_rel=1e-12, tol_feas=1e-12
    )
    np.testing.assert_allclose(result.weights.to_numpy(), w.value, atol=1e-6)


def test_per_share_costs_without_prices_are_refused() -> None:
    with pytest.raises(ConfigError, match="give prices="):
        CostPenalty(costs=PerShareCost(per_share=0.005), current={"A": 1.0})
    with pytest.raises(ConfigError, match="no price for 'B'"):
        CostPenalty(
            costs=PerShareCost(per_share=0.005), current={"A": 1.0}, prices={"A": 10.0}
        ).rates(("A", "B"))
