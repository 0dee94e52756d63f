"""Constraint value objects: validation naming the field, descriptions, and their effect on the
optimum checked against PyPortfolioOpt with the same constraint written in its own cvxpy terms."""

import math
from collections.abc import Callable
from typing import Any

import cvxpy as cp
import numpy as np
import pandas as pd
import pytest

from algofolio.core.errors import ConfigError
from algofolio.datasets import load_sp500_prices
from algofolio.optimize import (
    Bounds,
    Budget,
    Constraint,
    GrossLeverage,
    GroupLimits,
    MarketNeutral,
    MaxTurnover,
    MaxUtility,
    MinVariance,
    Objective,
    PortfolioProblem,
    TrackingErrorLimit,
    optimize_portfolio,
)

DAYS = 252.0


@pytest.mark.parametrize(
    ("build", "key"),
    [
        (lambda: Bounds(lower=0.5, upper=0.2), "Bounds.lower"),
        (lambda: Bounds(lower={"A": 0.5}, upper={"A": 0.2}), "Bounds.lower"),
        (lambda: Bounds(upper=float("nan")), "Bounds.upper"),
        (lambda: Bounds(lower={"A": "x"}), "Bounds.lower['A']"),
        (lambda: Budget(total="all"), "Budget.total"),
        (lambda: GrossLeverage(max=-1.0), "GrossLeverage.max"),
        (lambda: GroupLimits(groups={}), "GroupLimits.groups"),
        (lambda: GroupLimits(groups={"Tech": "AAPL", "X": ["B"]}), "GroupLimits.groups['Tech']"),
        (lambda: GroupLimits(groups={"T": ["A"]}, lower=0.5, upper=0.1), "GroupLimits.lower"),
        (lambda: MaxTurnover(current={"A": 1.0}, limit=math.inf), "MaxTurnover.limit"),
        (lambda: MaxTurnover(current=0.5, limit=0.1), "MaxTurnover.current"),
        (
            lambda: TrackingErrorLimit(benchmark={"A": 1.0}, max_annual=-0.1),
            "TrackingErrorLimit.max_annual",
        ),
        (lambda: MaxUtility(risk_aversion=0.0), "MaxUtility.risk_aversion"),
    ],
)
def test_invalid_values_raise_naming_the_field(build: Callable[[], Any], key: str) -> None:
    with pytest.raises(ConfigError) as info:
        build()
    assert info.value.key == key
    assert str(info.value).startswith(key.split("[")[0])


def test_value_objects_are_frozen_keyword_only_and_compare_by_value() -> None:
    assert Bounds(lower=0.0, upper=0.3) == Bounds(upper=0.3)
    assert repr(Budget()) == "Budget(total=1.0)"
    with pytest.raises(TypeError):
        Bounds(0.0, 0.3)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Budget().total = 2.0  # type: ignore[misc]
    by_asset = GroupLimits(groups={"A": "G1", "B": "G1", "C": "G2"})
    by_group = GroupLimits(groups={"G1": ["A", "B"], "G2": ("C",)})
    assert by_asset == by_group


def test_descriptions() -> None:
    assert Bounds(lower=-0.1, upper=0.25).describe() == "bounds -10% <= w <= 25%"
    assert Bounds(upper={"A": 0.1}).describe() == "per-asset bounds"
    assert Budget(total=0.95).describe() == "budget sum(w) = 95%"
    assert GrossLeverage(max=1.6).describe() == "gross leverage sum(|w|) <= 160%"
    assert MarketNeutral().describe() == "market neutral sum(w) = 0"
    assert GroupLimits(groups={"T": ["A"]}).describe() == "group limits on 'T'"
    assert MaxTurnover(current={"A": 1.0}, limit=0.125).describe() == (
        "turnover sum(|w - current|) <= 12.5%"
    )


def test_bounds_mapping_naming_an_unknown_asset() -> None:
    problem = PortfolioProblem(
        assets=("A", "B"), mu=np.zeros(2), Sigma=np.eye(2), periods_per_year=1.0
    )
    with pytest.raises(ConfigError, match="'ZZZ', which is not an asset") as info:
        optimize_portfolio(problem, MinVariance(), (Budget(), Bounds(upper={"ZZZ": 0.5})))
    assert info.value.key == "Bounds.upper"


# --- the optimum under each constraint, against PyPortfolioOpt -------------------------------

pypfopt = pytest.importorskip("pypfopt")


@pytest.fixture(scope="module")
def moments() -> tuple[pd.Series, pd.DataFrame]:
    returns = load_sp500_prices().pct_change().iloc[1:]
    return returns.mean(), returns.cov()


def compare(
    moments: tuple[pd.Series, pd.DataFrame],
    objective: Objective,
    constraints: tuple[Constraint, ...],
    peer: Callable[[Any], dict[str, float]],
    bounds: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray, PortfolioProblem]:
    mu, cov = moments
    problem = PortfolioProblem(
        assets=tuple(mu.index), mu=mu.to_numpy(), Sigma=cov.to_numpy(), periods_per_year=DAYS
    )
    frontier = pypfopt.EfficientFrontier(mu * DAYS, cov * DAYS, weight_bounds=bounds)
    theirs = peer(frontier)
    reference = np.array([theirs[a] for a in problem.assets])
    ours = optimize_portfolio(problem, objective, constraints).weights.to_numpy()
    value = objective.value
    assert value(ours, problem) == pytest.approx(value(reference, problem), rel=1e-6)
    return ours, reference, problem


def test_group_limits(moments: tuple[pd.Series, pd.DataFrame]) -> None:
    assets = list(moments[0].index)
    mapper = {a: ("first" if i < 10 else "second") for i, a in enumerate(assets)}

    def peer(frontier: Any) -> dict[str, float]:
        frontier.add_sector_constraints(mapper, {"first": 0.6}, {"second": 0.3})
        return dict(frontier.min_volatility())

    limits = GroupLimits(groups=mapper, lower={"first": 0.6}, upper={"second": 0.3})
    ours, _, _ = compare(moments, MinVariance(), (Budget(), Bounds(), limits), peer, (0, 1))
    assert ours[:10].sum() >= 0.6 - 1e-8
    assert ours[10:].sum() <= 0.3 + 1e-8


def test_turnover(moments: tuple[pd.Series, pd.DataFrame]) -> None:
    assets = list(moments[0].index)
    current = np.full(len(assets), 1.0 / len(assets))

    def peer(frontier: Any) -> dict[str, float]:
        frontier.add_constraint(lambda w: cp.norm1(w - current) <= 0.3)
        return dict(frontier.min_volatility())

    cap = MaxTurnover(current=dict(zip(assets, current, strict=True)), limit=0.3)
    ours, _, _ = compare(moments, MinVariance(), (Budget(), Bounds(), cap), peer, (0, 1))
    assert np.abs(ours - current).sum() == pytest.approx(0.3, abs=1e-7)  # binding


def test_tracking_error(moments: tuple[pd.Series, pd.DataFrame]) -> None:
    mu, cov = moments
    benchmark = np.full(len(mu), 1.0 / len(mu))
    annual_cov = cov.to_numpy() * DAYS

    def peer(frontier: Any) -> dict[str, float]:
        frontier.add_constraint(lambda w: cp.quad_form(w - benchmark, annual_cov) <= 0.02**2)
        return dict(frontier.max_quadratic_utility(risk_aversion=1.0))

    limit = TrackingErrorLimit(
        benchmark=dict(zip(mu.index, benchmark, strict=True)), max_annual=0.02
    )
    ours, _, _ = compare(moments, MaxUtility(), (Budget(), Bounds(), limit), peer, (0, 1))
    active = ours - benchmark
    assert np.sqrt(active @ annual_cov @ active) == pytest.approx(0.02, rel=1e-6)  # binding


def test_gross_leverage_long_short(moments: tuple[pd.Series, pd.DataFrame]) -> None:
    def peer(frontier: Any) -> dict[str, float]:
        frontier.add_constraint(lambda w: cp.norm1(w) <= 1.6)
        return dict(frontier.max_quadratic_utility(risk_aversion=1.0))

    constraints = (Budget(), Bounds(lower=-1.0, upper=1.0), GrossLeverage(max=1.6))
    ours, _, _ = compare(moments, MaxUtility(), constraints, peer, (-1, 1))
    assert np.abs(ours).sum() == pytest.approx(1.6, abs=1e-7)  # binding
    assert ours.min() < 0


def test_market_neutral(moments: tuple[pd.Series, pd.DataFrame]) -> None:
    def peer(frontier: Any) -> dict[str, float]:
        return dict(frontier.max_quadratic_utility(risk_aversion=5.0, market_neutral=True))

    constraints = (MarketNeutral(), Bounds(lower=-1.0, upper=1.0))
    ours, _, _ = compare(moments, MaxUtility(risk_aversion=5.0), constraints, peer, (-1, 1))
    assert ours.sum() == pytest.approx(0.0, abs=1e-9)
