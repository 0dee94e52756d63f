"""The empirical prior against skfolio's ``EmpiricalPrior`` and the estimators it is given."""

import numpy as np
import pandas as pd
import pytest
from skfolio.prior import EmpiricalPrior as SkfolioEmpiricalPrior
from sklearn.base import clone

from algofolio.estimators import (
    OAS,
    BlackLitterman,
    CAPMReturns,
    EmpiricalPrior,
    EquilibriumReturns,
    EWMean,
    HistoricalMean,
    JamesSteinMean,
    LedoitWolf,
    View,
)


def test_default_prior_equals_skfolio(sp500_returns) -> None:
    reference = SkfolioEmpiricalPrior().fit(sp500_returns.to_numpy()).return_distribution_
    dist = EmpiricalPrior().fit(sp500_returns).distribution_
    np.testing.assert_allclose(dist.mu, reference.mu, rtol=1e-12)
    np.testing.assert_allclose(dist.covariance, reference.covariance, rtol=1e-12)
    np.testing.assert_array_equal(dist.scenarios, sp500_returns.to_numpy())
    assert dist.assets == tuple(sp500_returns.columns)
    assert dist.periods_per_year == 252.0


def test_injected_estimators_are_cloned_and_used(sp500_returns) -> None:
    mu_estimator, covariance_estimator = EWMean(span=50.0), LedoitWolf("single_factor")
    prior = EmpiricalPrior(mu_estimator, covariance_estimator, periods_per_year=250.0)
    dist = prior.fit(sp500_returns).distribution_
    assert not hasattr(mu_estimator, "mu_")  # the given estimators stay unfitted
    np.testing.assert_array_equal(dist.mu, EWMean(span=50.0).fit(sp500_returns).mu_.to_numpy())
    expected = LedoitWolf("single_factor").fit(sp500_returns).covariance_.to_numpy()
    np.testing.assert_array_equal(dist.covariance, expected)
    assert dist.periods_per_year == 250.0


def test_staggered_scenarios_are_the_common_window(staggered_returns) -> None:
    dist = EmpiricalPrior(covariance_estimator=OAS()).fit(staggered_returns).distribution_
    assert dist.scenarios is not None
    np.testing.assert_array_equal(dist.scenarios, staggered_returns.dropna().to_numpy())
    np.testing.assert_allclose(dist.mu, staggered_returns.mean().to_numpy(), rtol=1e-12)


def test_prior_reorders_estimates_by_the_return_columns() -> None:
    class Reversed(EWMean):
        def fit(self, returns: pd.DataFrame, y: None = None) -> "Reversed":
            super().fit(returns)
            self.mu_ = self.mu_.iloc[::-1]
            return self

    returns = pd.DataFrame(
        {"A": [0.01, 0.02, 0.03], "B": [0.0, 0.0, 0.01]},
        index=pd.bdate_range("2024-01-01", periods=3),
    )
    dist = EmpiricalPrior(Reversed(span=2.0)).fit(returns).distribution_
    assert dist.mu_series()["A"] == pytest.approx(EWMean(span=2.0).fit(returns).mu_["A"])


def test_black_litterman_as_the_prior_mean(sp500_returns) -> None:
    view = View.relative("AAPL", "AMD", 0.0004)
    prior = EmpiricalPrior(BlackLitterman([view]), LedoitWolf()).fit(sp500_returns)
    expected = BlackLitterman([view]).fit(sp500_returns).mu_
    np.testing.assert_array_equal(prior.distribution_.mu, expected.to_numpy())


MU_ESTIMATORS = [
    HistoricalMean("geometric"),
    EWMean(halflife=30.0),
    CAPMReturns(risk_free_rate=0.02),
    EquilibriumReturns(risk_aversion=3.0, covariance_estimator=OAS()),
    JamesSteinMean(LedoitWolf()),
    BlackLitterman([View.absolute("A", 0.01)], HistoricalMean(), tau=0.1),
]


@pytest.mark.parametrize("estimator", MU_ESTIMATORS, ids=repr)
def test_mu_estimators_clone_with_their_parameters(estimator) -> None:
    twin = clone(estimator)
    assert repr(twin) == repr(estimator)
    assert not hasattr(twin, "mu_")
