"""Historical means against PyPortfolioOpt (annualised by 252: converted back per period) and pandas."""

import numpy as np
import pandas as pd
import pytest
from pypfopt import expected_returns

from algofolio.core import ConfigError, DataError, EstimationError
from algofolio.estimators import EWMean, HistoricalMean, smoothing_factor
from tests.estimators.conftest import PERIODS


def test_arithmetic_mean_equals_pypfopt_without_compounding(sp500_prices, sp500_returns) -> None:
    reference = expected_returns.mean_historical_return(sp500_prices, compounding=False) / PERIODS
    pd.testing.assert_series_equal(
        HistoricalMean().fit(sp500_returns).mu_, reference, check_names=False, rtol=1e-12
    )


def test_geometric_mean_compounds_to_pypfopt_cagr(sp500_prices, sp500_returns) -> None:
    cagr = expected_returns.mean_historical_return(sp500_prices, compounding=True)
    mu = HistoricalMean("geometric").fit(sp500_returns).mu_
    np.testing.assert_allclose((1 + mu) ** PERIODS - 1, cagr.to_numpy(), rtol=1e-10)


def test_geometric_mean_equals_price_growth_over_each_assets_own_history(
    staggered_prices, staggered_returns
) -> None:
    mu = HistoricalMean("geometric").fit(staggered_returns).mu_
    for asset in staggered_prices.columns:
        prices = staggered_prices[asset].dropna()
        growth = prices.iloc[-1] / prices.iloc[0]
        assert mu[asset] == pytest.approx(growth ** (1 / (len(prices) - 1)) - 1, rel=1e-10)


def test_arithmetic_mean_uses_each_assets_own_history(staggered_returns) -> None:
    mu = HistoricalMean().fit(staggered_returns).mu_
    pd.testing.assert_series_equal(mu, staggered_returns.mean(), check_names=False, rtol=1e-12)


def test_ew_mean_equals_pypfopt_ema(sp500_prices, sp500_returns) -> None:
    reference = expected_returns.ema_historical_return(sp500_prices, compounding=False, span=100)
    mu = EWMean(span=100).fit(sp500_returns).mu_
    np.testing.assert_allclose(mu.to_numpy(), reference.to_numpy() / PERIODS, rtol=1e-10)


@pytest.mark.parametrize(
    ("estimator", "pandas_decay"),
    [
        (EWMean(span=30.0), {"span": 30.0}),
        (EWMean(halflife=15.0), {"halflife": 15.0}),
        (EWMean(), {"span": 180.0}),  # the default span
    ],
)
def test_ew_mean_equals_pandas_ewm_on_staggered_data(
    staggered_returns, estimator, pandas_decay
) -> None:
    mu = estimator.fit(staggered_returns).mu_
    reference = staggered_returns.ewm(**pandas_decay).mean().iloc[-1]
    np.testing.assert_allclose(mu.to_numpy(), reference.to_numpy(), rtol=1e-10)


def test_smoothing_factor_rejects_both_span_and_halflife() -> None:
    with pytest.raises(ConfigError, match="give span or halflife, not both"):
        smoothing_factor(span=10.0, halflife=5.0)
    with pytest.raises(ConfigError, match="span must be >= 1"):
        EWMean(span=0.5).fit(pd.DataFrame({"A": [0.1]}))


def test_interior_gap_raises_naming_asset_and_date() -> None:
    index = pd.bdate_range("2024-01-01", periods=4)
    returns = pd.DataFrame({"A": [0.1, 0.2, 0.3, 0.4], "B": [np.nan, 0.1, np.nan, 0.2]}, index)
    with pytest.raises(DataError, match="asset 'B' on 2024-01-03 are missing") as info:
        HistoricalMean().fit(returns)
    assert info.value.asset == "B"
    assert info.value.date == index[2]


def test_an_asset_without_returns_raises_estimation_error() -> None:
    with pytest.raises(EstimationError, match="asset 'B' has 0 return"):
        HistoricalMean().fit(pd.DataFrame({"A": [0.1], "B": [np.nan]}))


def test_unknown_kind_raises_config_error() -> None:
    with pytest.raises(ConfigError, match="kind: 'harmonic' is not one of"):
        HistoricalMean("harmonic").fit(pd.DataFrame({"A": [0.1]}))  # type: ignore[arg-type]
