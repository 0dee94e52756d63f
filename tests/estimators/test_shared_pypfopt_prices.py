"""Development cross-check on PyPortfolioOpt's own test prices (staggered listings: GOOG 2004,
FB 2012, BABA 2014); needs ../shared, else skipped. PyPortfolioOpt annualises by 252 and uses
pandas' pairwise-complete ``cov``: each asset over its own history, each pair over common dates."""

import numpy as np
import pandas as pd
import pytest
from pypfopt import expected_returns, risk_models

from algofolio.estimators import CAPMReturns, EWMean, HistoricalMean, SampleCovariance
from algofolio.returns import simple_returns
from tests.estimators.conftest import PERIODS


def test_means_over_each_assets_own_history(pypfopt_prices: pd.DataFrame) -> None:
    returns = simple_returns(pypfopt_prices)
    arithmetic = expected_returns.mean_historical_return(pypfopt_prices, compounding=False)
    np.testing.assert_allclose(
        HistoricalMean().fit(returns).mu_.to_numpy(), arithmetic.to_numpy() / PERIODS, rtol=1e-10
    )
    cagr = expected_returns.mean_historical_return(pypfopt_prices, compounding=True)
    geometric = HistoricalMean("geometric").fit(returns).mu_.to_numpy()
    np.testing.assert_allclose((1 + geometric) ** PERIODS - 1, cagr.to_numpy(), rtol=1e-10)
    ema = expected_returns.ema_historical_return(pypfopt_prices, compounding=False, span=500)
    np.testing.assert_allclose(
        EWMean(span=500).fit(returns).mu_.to_numpy(), ema.to_numpy() / PERIODS, rtol=1e-10
    )


def test_capm_and_pairwise_sample_covariance(pypfopt_prices: pd.DataFrame) -> None:
    returns = simple_returns(pypfopt_prices)
    capm = expected_returns.capm_return(pypfopt_prices, compounding=False)
    np.testing.assert_allclose(
        CAPMReturns().fit(returns).mu_.to_numpy(), capm.to_numpy() / PERIODS, rtol=1e-10
    )
    covariance = SampleCovariance().fit(returns).covariance_  # PSD here: no warning
    reference = risk_models.sample_cov(pypfopt_prices) / PERIODS
    np.testing.assert_allclose(covariance.to_numpy(), reference.to_numpy(), rtol=1e-10)
    common = returns[["BABA", "AAPL"]].dropna()  # BABA's dates only
    assert covariance.loc["BABA", "AAPL"] == pytest.approx(common.cov().iloc[0, 1], rel=1e-12)
