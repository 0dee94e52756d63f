"""CAPM and equilibrium returns against PyPortfolioOpt (``capm_return``,
``market_implied_prior_returns``, ``market_implied_risk_aversion``) and hand-computed cases."""

import numpy as np
import pandas as pd
import pytest
from pypfopt import black_litterman, expected_returns

from algofolio.core import DataError, per_period_rate
from algofolio.estimators import (
    CAPMReturns,
    EquilibriumReturns,
    LedoitWolf,
    capm_returns,
    implied_risk_aversion,
)
from tests.estimators.conftest import PERIODS


def test_capm_with_equal_weighted_market_equals_pypfopt(sp500_prices, sp500_returns) -> None:
    reference = expected_returns.capm_return(sp500_prices, compounding=False) / PERIODS
    mu = CAPMReturns().fit(sp500_returns).mu_
    np.testing.assert_allclose(mu.to_numpy(), reference.to_numpy(), rtol=1e-10)


def test_capm_with_a_benchmark_equals_pypfopt(sp500_prices, sp500_returns) -> None:
    market_prices = sp500_prices.iloc[:, :5].mean(axis=1).to_frame("index")
    reference = expected_returns.capm_return(
        sp500_prices, market_prices=market_prices, compounding=False
    )
    benchmark = market_prices["index"].pct_change().iloc[1:]
    estimator = CAPMReturns(benchmark=benchmark).fit(sp500_returns)
    np.testing.assert_allclose(estimator.mu_.to_numpy(), reference.to_numpy() / PERIODS, rtol=1e-10)
    beta = np.cov(sp500_returns["AAPL"], benchmark)[0, 1] / benchmark.var()
    assert estimator.betas_["AAPL"] == pytest.approx(beta, rel=1e-10)


def test_capm_risk_free_rate_is_annual_and_converted_geometrically(sp500_returns) -> None:
    market = sp500_returns.mean(axis=1)
    estimator = CAPMReturns(risk_free_rate=0.03).fit(sp500_returns)
    rf = per_period_rate(0.03, 252)
    expected = rf + estimator.betas_ * (market.mean() - rf)
    np.testing.assert_allclose(estimator.mu_.to_numpy(), expected.to_numpy(), rtol=1e-12)


def test_capm_hand_computed_beta_two() -> None:
    market = np.array([0.01, -0.02, 0.03, 0.0])
    X = np.column_stack([2 * market, market + 0.001])
    np.testing.assert_allclose(capm_returns(X, market), [2 * 0.005, 0.005], rtol=1e-12)


def test_benchmark_missing_a_date_raises(sp500_returns) -> None:
    benchmark = sp500_returns.mean(axis=1).iloc[1:]
    with pytest.raises(DataError, match="the benchmark has no finite return on"):
        CAPMReturns(benchmark=benchmark).fit(sp500_returns)


def test_capm_market_starts_with_the_first_listed_asset(staggered_returns) -> None:
    returns = staggered_returns.copy()
    returns.iloc[:3] = np.nan  # no asset has a return on the first three dates
    market = returns.mean(axis=1)
    estimator = CAPMReturns().fit(returns)
    beta = returns["A0000"].cov(market) / market.var()
    assert estimator.betas_["A0000"] == pytest.approx(beta, rel=1e-10)
    assert estimator.mu_["A0000"] == pytest.approx(beta * market.mean(), rel=1e-10)


def test_equilibrium_returns_equal_pypfopt_market_implied_prior(sp500_returns) -> None:
    caps = pd.Series(np.arange(1.0, 21.0), index=sp500_returns.columns)
    estimator = EquilibriumReturns(caps, risk_aversion=3.0, covariance_estimator=LedoitWolf())
    mu = estimator.fit(sp500_returns).mu_
    covariance = LedoitWolf().fit(sp500_returns).covariance_
    reference = black_litterman.market_implied_prior_returns(caps, 3.0, covariance)
    np.testing.assert_allclose(mu.to_numpy(), reference.to_numpy(), rtol=1e-12)


def test_equal_market_weights_by_default(sp500_returns) -> None:
    mu = EquilibriumReturns(risk_aversion=1.0).fit(sp500_returns).mu_
    np.testing.assert_allclose(mu.to_numpy(), sp500_returns.cov().mean(axis=1), rtol=1e-12)


def test_market_weights_must_cover_every_asset(sp500_returns) -> None:
    weights = pd.Series(1.0, index=sp500_returns.columns[:-1])
    with pytest.raises(DataError, match=f"asset '{sp500_returns.columns[-1]}' has no finite"):
        EquilibriumReturns(weights).fit(sp500_returns)
    weights = pd.Series(1.0, index=[*sp500_returns.columns, "ZZZ"])
    with pytest.raises(DataError, match="market weight of asset 'ZZZ' has no returns"):
        EquilibriumReturns(weights).fit(sp500_returns)


def test_implied_risk_aversion_equals_pypfopt(sp500_prices) -> None:
    market_prices = sp500_prices.mean(axis=1)
    reference = black_litterman.market_implied_risk_aversion(market_prices, risk_free_rate=0.0)
    market = market_prices.pct_change().iloc[1:].to_numpy()
    assert implied_risk_aversion(market) == pytest.approx(reference, rel=1e-10)
