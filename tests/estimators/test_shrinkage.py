"""Shrinkage covariances against scikit-learn (``LedoitWolf``, ``OAS``) and PyPortfolioOpt's
``CovarianceShrinkage`` (annualised by 252, converted per period)."""

import numpy as np
import pandas as pd
import pytest
from pypfopt import risk_models
from sklearn import covariance as sk_covariance

from algofolio.core import EstimationError
from algofolio.estimators import OAS, LedoitWolf, ledoit_wolf
from tests.estimators.conftest import PERIODS


def test_constant_variance_target_equals_sklearn_ledoit_wolf(sp500_returns) -> None:
    reference = sk_covariance.LedoitWolf().fit(sp500_returns.to_numpy())
    estimator = LedoitWolf().fit(sp500_returns)
    np.testing.assert_allclose(estimator.covariance_.to_numpy(), reference.covariance_, rtol=1e-10)
    assert estimator.shrinkage_ == pytest.approx(reference.shrinkage_, rel=1e-10)


@pytest.mark.parametrize("target", ["constant_variance", "single_factor"])
def test_ledoit_wolf_equals_pypfopt(sp500_prices, sp500_returns, target) -> None:
    shrinkage = risk_models.CovarianceShrinkage(sp500_prices)
    reference = shrinkage.ledoit_wolf(shrinkage_target=target) / PERIODS
    estimator = LedoitWolf(target).fit(sp500_returns)
    np.testing.assert_allclose(estimator.covariance_.to_numpy(), reference.to_numpy(), rtol=1e-10)
    assert estimator.shrinkage_ == pytest.approx(shrinkage.delta, rel=1e-10)


def test_constant_correlation_equals_pypfopt_on_the_ml_sample_covariance(
    sp500_prices, sp500_returns
) -> None:
    # PyPortfolioOpt shrinks the ddof=1 sample covariance; Ledoit and Wolf (2004b) and we shrink
    # the maximum-likelihood one (ddof=0). Given that matrix, PyPortfolioOpt's code agrees exactly.
    shrinkage = risk_models.CovarianceShrinkage(sp500_prices)
    T = len(sp500_returns)
    shrinkage.S = shrinkage.S * (T - 1) / T
    reference = shrinkage.ledoit_wolf(shrinkage_target="constant_correlation") / PERIODS
    estimator = LedoitWolf("constant_correlation").fit(sp500_returns)
    np.testing.assert_allclose(estimator.covariance_.to_numpy(), reference.to_numpy(), rtol=1e-10)
    assert estimator.shrinkage_ == pytest.approx(shrinkage.delta, rel=1e-10)


def test_constant_correlation_target_has_the_average_correlation(sp500_returns) -> None:
    shrunk = ledoit_wolf(sp500_returns.to_numpy(), "constant_correlation")
    correlation = sp500_returns.corr().to_numpy()
    n = correlation.shape[0]
    r_bar = (correlation.sum() - n) / (n * (n - 1))
    std = np.sqrt(np.diag(shrunk.target))
    target_correlation = shrunk.target / np.outer(std, std)
    off = ~np.eye(n, dtype=bool)
    np.testing.assert_allclose(target_correlation[off], r_bar, rtol=1e-10)


def test_oas_equals_sklearn_and_pypfopt(sp500_prices, sp500_returns) -> None:
    reference = sk_covariance.OAS().fit(sp500_returns.to_numpy())
    estimator = OAS().fit(sp500_returns)
    np.testing.assert_allclose(estimator.covariance_.to_numpy(), reference.covariance_, rtol=1e-10)
    assert estimator.shrinkage_ == pytest.approx(reference.shrinkage_, rel=1e-10)
    pypfopt = risk_models.CovarianceShrinkage(sp500_prices).oracle_approximating() / PERIODS
    np.testing.assert_allclose(estimator.covariance_.to_numpy(), pypfopt.to_numpy(), rtol=1e-10)


@pytest.mark.parametrize("estimator", [LedoitWolf(), LedoitWolf("single_factor"), OAS()])
def test_staggered_returns_use_the_common_window(staggered_returns, estimator) -> None:
    common = staggered_returns.dropna()
    assert len(common) < len(staggered_returns)
    full = estimator.fit(staggered_returns).covariance_
    window = type(estimator)(**estimator.get_params()).fit(common).covariance_
    pd.testing.assert_frame_equal(full, window)


def test_too_short_common_window_names_the_latest_asset() -> None:
    returns = pd.DataFrame(
        {"A": [0.01, 0.02, -0.01, 0.0], "B": [np.nan, 0.01, 0.02, 0.01], "C": [np.nan] * 3 + [0.1]}
    )
    with pytest.raises(EstimationError, match="asset 'C' has 1 return"):
        LedoitWolf().fit(returns)
    returns["C"] = [np.nan, np.nan, 0.1, 0.2]
    assert LedoitWolf().fit(returns).covariance_.shape == (3, 3)
