"""Hierarchical risk parity: a three-asset case computed by hand, PyPortfolioOpt's ``HRPOpt`` and
skfolio's ``HierarchicalRiskParity`` on the bundled 20 stocks with the same sample covariance."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone

from algofolio.allocate import Allocator
from algofolio.backtest import Strategy, run_backtest
from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import ConfigError, DataError
from algofolio.datasets import load_sp500_prices
from algofolio.optimize import PortfolioProblem
from algofolio.optimize.hierarchical import (
    HierarchicalRiskParity,
    LinkageMethod,
    hierarchical_risk_parity,
    recursive_bisection,
)
from algofolio.rebalance import CalendarRule

from ._problems import random_problem

DAYS = 252.0
LINKAGES: tuple[LinkageMethod, ...] = ("single", "complete", "average", "ward")


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


def problem_of(Sigma: np.ndarray, assets: tuple[str, ...]) -> PortfolioProblem:
    return PortfolioProblem(
        assets=assets, mu=np.zeros(len(assets)), Sigma=Sigma, periods_per_year=DAYS
    )


def test_three_assets_by_hand() -> None:
    """A, B correlated 0.9, C uncorrelated: A and B merge first; scipy lists the singleton C (lower
    cluster id) on the left, so the order is C | A, B and the first cut is C against {A, B}.

    {A, B} at inverse variance (100, 25) / 125 = (0.8, 0.2) has variance
    0.64 * 0.01 + 0.04 * 0.04 + 2 * 0.8 * 0.2 * 0.9 * 0.1 * 0.2 = 0.01376; C has 0.0225.
    C gets 1 - 0.0225 / 0.03626, {A, B} the rest, split 0.8 / 0.2 (1 - 0.01 / 0.05)."""
    vols = np.array([0.1, 0.2, 0.15])
    correlation = np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.0], [0.0, 0.0, 1.0]])
    Sigma = correlation * np.outer(vols, vols)
    weights = hierarchical_risk_parity(problem_of(Sigma, ("A", "B", "C"))).weights
    pair = 0.0225 / 0.03626
    expected = {"A": 0.8 * pair, "B": 0.2 * pair, "C": 0.01376 / 0.03626}
    pd.testing.assert_series_equal(
        weights, pd.Series(expected, name="weight"), check_exact=False, rtol=1e-13, atol=0
    )


def test_two_assets_are_inverse_variance() -> None:
    weights = hierarchical_risk_parity(
        problem_of(np.array([[0.04, 0.01], [0.01, 0.01]]), ("A", "B"))
    ).weights
    np.testing.assert_allclose(weights.to_numpy(), [0.2, 0.8], rtol=1e-14)


def test_one_asset_is_fully_invested() -> None:
    result = hierarchical_risk_parity(problem_of(np.array([[0.04]]), ("A",)))
    assert result.weights.to_dict() == {"A": 1.0}


@settings(max_examples=40)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 50), linkage=st.sampled_from(LINKAGES))
def test_weights_are_long_only_and_fully_invested(
    seed: int, n: int, linkage: LinkageMethod
) -> None:
    result = hierarchical_risk_parity(random_problem(seed, n), linkage=linkage)
    w = result.weights.to_numpy()
    assert (w > 0).all()
    assert w.sum() == pytest.approx(1.0, abs=1e-13)
    assert result.solver == "HRP"


@pytest.mark.parametrize("linkage", LINKAGES)
def test_pypfopt(returns: pd.DataFrame, problem: PortfolioProblem, linkage: LinkageMethod) -> None:
    """``HRPOpt`` given returns uses their sample correlation and covariance (``ddof=1``), ours."""
    pypfopt = pytest.importorskip("pypfopt")
    peer = pypfopt.HRPOpt(returns, cov_matrix=returns.cov()).optimize(linkage_method=linkage)
    ours = hierarchical_risk_parity(problem, linkage=linkage).weights
    np.testing.assert_allclose(ours.to_numpy(), [peer[a] for a in ours.index], rtol=0, atol=1e-10)


def skfolio_hrp(optimal_ordering: bool) -> object:
    """skfolio's HRP as ours: variance, sample covariance without repair, Pearson distance
    sqrt((1 - rho) / 2) from the prior's covariance, single linkage."""
    pytest.importorskip("skfolio")
    from skfolio import RiskMeasure
    from skfolio.cluster import HierarchicalClustering
    from skfolio.cluster import LinkageMethod as SkfolioLinkage
    from skfolio.distance import PearsonDistance
    from skfolio.moments import EmpiricalCovariance
    from skfolio.optimization import HierarchicalRiskParity as SkfolioHRP
    from skfolio.prior import EmpiricalPrior
    from skfolio.seriation import HierarchicalSeriation

    clustering = HierarchicalClustering(linkage_method=SkfolioLinkage.SINGLE)
    return SkfolioHRP(
        risk_measure=RiskMeasure.VARIANCE,
        prior_estimator=EmpiricalPrior(covariance_estimator=EmpiricalCovariance(nearest=False)),
        distance_estimator=PearsonDistance(),
        seriation_estimator=HierarchicalSeriation(
            hierarchical_clustering_estimator=clustering, optimal_ordering=optimal_ordering
        ),
    )


def test_skfolio_without_optimal_leaf_ordering(
    returns: pd.DataFrame, problem: PortfolioProblem
) -> None:
    model = skfolio_hrp(optimal_ordering=False).fit(returns)  # type: ignore[attr-defined]
    ours = hierarchical_risk_parity(problem).weights.to_numpy()
    np.testing.assert_allclose(ours, model.weights_, rtol=0, atol=1e-10)


def test_skfolio_default_leaf_ordering_differs(
    returns: pd.DataFrame, problem: PortfolioProblem
) -> None:
    """skfolio reorders the dendrogram's leaves by default (scipy's ``optimal_leaf_ordering``):
    the same tree, another left-to-right order, hence other halves and weights (López de Prado's
    HRP, and PyPortfolioOpt, use the plain leaf order)."""
    model = skfolio_hrp(optimal_ordering=True).fit(returns)  # type: ignore[attr-defined]
    ours = hierarchical_risk_parity(problem).weights.to_numpy()
    assert np.abs(ours - model.weights_).max() > 1e-3


def test_allocator_on_returns_and_distribution(
    returns: pd.DataFrame, problem: PortfolioProblem
) -> None:
    expected = hierarchical_risk_parity(problem, linkage="ward").weights
    model = HierarchicalRiskParity("ward").fit(returns)
    pd.testing.assert_series_equal(model.weights_, expected, atol=1e-12, rtol=0)
    assert model.result_.solver == "HRP"
    distribution = ReturnDistribution(
        assets=problem.assets, mu=problem.mu, covariance=problem.Sigma, periods_per_year=DAYS
    )
    fitted = clone(model).fit(distribution)
    pd.testing.assert_series_equal(fitted.weights_, expected, atol=1e-12, rtol=0)


def test_function_takes_a_distribution(problem: PortfolioProblem) -> None:
    distribution = ReturnDistribution(
        assets=problem.assets, mu=problem.mu, covariance=problem.Sigma, periods_per_year=DAYS
    )
    pd.testing.assert_series_equal(
        hierarchical_risk_parity(distribution).weights, hierarchical_risk_parity(problem).weights
    )


def test_unknown_linkage_is_named(returns: pd.DataFrame, problem: PortfolioProblem) -> None:
    with pytest.raises(ConfigError, match="linkage: 'median' is not one of") as caught:
        hierarchical_risk_parity(problem, linkage="median")  # type: ignore[arg-type]
    assert caught.value.key == "linkage"
    with pytest.raises(ConfigError, match=r"HierarchicalRiskParity\.linkage"):
        HierarchicalRiskParity("centroid").fit(returns)  # type: ignore[arg-type]


def test_zero_variance_asset_is_named() -> None:
    Sigma = np.diag([0.01, 0.02, 0.0])
    with pytest.raises(DataError, match="asset 'C' has zero variance") as caught:
        hierarchical_risk_parity(problem_of(Sigma, ("A", "B", "C")))
    assert caught.value.asset == "C"


def test_wrong_data_type() -> None:
    with pytest.raises(DataError, match="hierarchical_risk_parity needs a PortfolioProblem"):
        hierarchical_risk_parity(np.eye(2))  # type: ignore[arg-type]
    with pytest.raises(DataError, match=r"HierarchicalRiskParity\.fit needs a returns DataFrame"):
        HierarchicalRiskParity().fit(np.eye(2))  # type: ignore[arg-type]


def test_the_backtest_refits_it() -> None:
    model = HierarchicalRiskParity("average")
    assert isinstance(model, Allocator)
    prices = load_sp500_prices().iloc[-300:]
    strategy = Strategy(name="HRP", allocator=model, rule=CalendarRule("quarterly"), window=120)
    result = run_backtest(prices, strategy, initial_value=1_000_000.0)
    day = result.rebalances.index[0]
    window = prices.loc[:day].pct_change().iloc[-120:]  # the trailing window ending on the day
    expected = clone(model).fit(window).weights_
    held = result.weights.loc[day].reindex(expected.index)
    np.testing.assert_allclose(held.to_numpy(), expected.to_numpy(), atol=1e-6)


def test_riskless_halves_are_reported() -> None:
    """A, B perfectly hedged and C, D too: cut as [A, B | C, D], both halves are riskless."""
    hedge = np.array([[1.0, -1.0], [-1.0, 1.0]]) * 1e-4
    Sigma = np.block([[hedge, np.zeros((2, 2))], [np.zeros((2, 2)), hedge]])
    with pytest.raises(DataError, match=r"positions \[0, 1, 2, 3\] are riskless"):
        recursive_bisection(Sigma, np.arange(4))


def test_a_given_correlation_drives_the_clusters(problem: PortfolioProblem) -> None:
    vols = np.sqrt(np.diag(problem.Sigma))
    own = pd.DataFrame(
        problem.Sigma / np.outer(vols, vols), index=problem.assets, columns=problem.assets
    )
    default = hierarchical_risk_parity(problem).weights
    given_own = hierarchical_risk_parity(problem, correlation=own.iloc[::-1, ::-1]).weights
    np.testing.assert_allclose(given_own.to_numpy(), default.to_numpy(), atol=1e-14)
    uncorrelated = pd.DataFrame(np.eye(problem.n_assets), index=own.index, columns=own.columns)
    changed = hierarchical_risk_parity(problem, correlation=uncorrelated).weights
    assert np.abs(changed - default).max() > 1e-3  # other clusters, other halves
    with pytest.raises(DataError, match="no row or column for") as info:
        hierarchical_risk_parity(problem, correlation=own.drop(index=problem.assets[3]))
    assert info.value.asset == problem.assets[3]
    broken = own.copy()
    broken.iloc[0, 1] = np.nan
    with pytest.raises(DataError, match="not all finite"):
        hierarchical_risk_parity(problem, correlation=broken)
