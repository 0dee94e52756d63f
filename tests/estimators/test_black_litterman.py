"""Black-Litterman against PyPortfolioOpt's ``BlackLittermanModel`` and closed forms."""

import numpy as np
import pandas as pd
import pytest
from pypfopt.black_litterman import BlackLittermanModel

from algofolio.core import ConfigError, DataError, EstimationError
from algofolio.estimators import (
    BlackLitterman,
    EquilibriumReturns,
    HistoricalMean,
    View,
    black_litterman,
    view_matrices,
)


@pytest.fixture(scope="module")
def caps(sp500_returns) -> pd.Series:
    return pd.Series(np.linspace(1.0, 3.0, 20), index=sp500_returns.columns)


def test_absolute_views_equal_pypfopt(sp500_returns, caps) -> None:
    prior = EquilibriumReturns(caps).fit(sp500_returns).mu_
    views = {"AAPL": 0.001, "AMD": -0.0005}
    reference = BlackLittermanModel(sp500_returns.cov(), pi=prior, absolute_views=views, tau=0.05)
    estimator = BlackLitterman(
        [View.absolute(a, q) for a, q in views.items()], EquilibriumReturns(caps)
    ).fit(sp500_returns)
    np.testing.assert_allclose(
        estimator.mu_.to_numpy(), reference.bl_returns().to_numpy(), rtol=1e-10
    )
    np.testing.assert_allclose(
        estimator.covariance_.to_numpy(), reference.bl_cov().to_numpy(), rtol=1e-10
    )
    pd.testing.assert_series_equal(estimator.prior_mu_, prior)


def test_relative_views_with_confidences_equal_pypfopt_idzorek(sp500_returns, caps) -> None:
    assets = list(sp500_returns.columns)
    views = [View.relative("AAPL", "AMD", 0.0004, 0.8), View.absolute("BAC", 0.0002, 0.3)]
    matrices = view_matrices(views, assets)
    prior = EquilibriumReturns(caps).fit(sp500_returns).mu_
    reference = BlackLittermanModel(
        sp500_returns.cov(),
        pi=prior,
        P=matrices.P,
        Q=matrices.Q,
        omega="idzorek",
        view_confidences=[0.8, 0.3],
        tau=0.05,
    )
    estimator = BlackLitterman(views, EquilibriumReturns(caps)).fit(sp500_returns)
    np.testing.assert_allclose(
        estimator.mu_.to_numpy(), reference.bl_returns().to_numpy(), rtol=1e-10
    )


def test_no_views_give_the_prior_and_scaled_covariance(sp500_returns) -> None:
    estimator = BlackLitterman(prior_estimator=HistoricalMean(), tau=0.1).fit(sp500_returns)
    pd.testing.assert_series_equal(estimator.mu_, HistoricalMean().fit(sp500_returns).mu_)
    np.testing.assert_allclose(estimator.covariance_.to_numpy(), 1.1 * sp500_returns.cov())


def test_a_certain_view_is_satisfied_by_the_posterior(sp500_returns) -> None:
    view = View({"AAPL": 0.5, "JPM": 0.5, "AMD": -1.0}, 0.0003, confidence=1.0)
    mu = BlackLitterman([view]).fit(sp500_returns).mu_
    assert 0.5 * mu["AAPL"] + 0.5 * mu["JPM"] - mu["AMD"] == pytest.approx(0.0003, rel=1e-10)


def test_closed_form_single_asset() -> None:
    # one asset, pi = 0, Sigma = s, view mu = q with omega = tau s: the posterior is halfway
    posterior = black_litterman(
        np.zeros(1), np.array([[4e-4]]), np.eye(1), np.array([0.01]), tau=0.05
    )
    assert posterior.mu[0] == pytest.approx(0.005)
    # Sigma_BL = s + tau s - (tau s)^2 / (2 tau s) = s (1 + tau / 2)
    assert posterior.covariance[0, 0] == pytest.approx(4e-4 * 1.025)


def test_two_certain_views_on_the_same_asset_raise() -> None:
    P = np.array([[1.0, 0.0], [1.0, 0.0]])
    with pytest.raises(EstimationError, match="redundant or contradictory"):
        black_litterman(np.zeros(2), np.eye(2), P, np.array([0.1, 0.2]), omega=np.zeros((2, 2)))


def test_view_on_unknown_asset_and_bad_confidence_raise() -> None:
    with pytest.raises(DataError, match="a view names asset 'ZZZ'"):
        view_matrices([View.absolute("ZZZ", 0.1)], ["A"])
    with pytest.raises(ConfigError, match=r"confidence must be in \(0, 1\], got 0.0"):
        View.absolute("A", 0.1, confidence=0.0)
