"""James-Stein means against skfolio's ``ShrunkMu`` (James-Stein, equal target) and by hand."""

import numpy as np
import pytest
from skfolio.moments import ShrunkMu

from algofolio.estimators import JamesSteinMean, james_stein_intensity, james_stein_mean


def test_equals_skfolio_shrunk_mu(sp500_returns) -> None:
    reference = ShrunkMu().fit(sp500_returns.to_numpy())
    assert 0 < reference.beta_ < 1  # the clipping to [0, 1] does not act here
    estimator = JamesSteinMean().fit(sp500_returns)
    assert estimator.shrinkage_ == pytest.approx(reference.beta_, rel=1e-10)
    np.testing.assert_allclose(estimator.mu_.to_numpy(), reference.mu_, rtol=1e-10)


def test_hand_computed_intensity_and_grand_mean_kept() -> None:
    mu = np.array([0.02, 0.0, -0.01, 0.03])
    covariance = np.diag([1e-4, 2e-4, 3e-4, 4e-4])
    # (tr - 2 max) / (T * sum (mu - mean)^2) = (10e-4 - 8e-4) / (20 * 10e-4), mean 0.01
    assert james_stein_intensity(mu, covariance, 20) == pytest.approx(0.01)
    assert james_stein_mean(mu, covariance, 20).mean() == pytest.approx(mu.mean())


def test_intensity_is_clipped_to_one_and_zero() -> None:
    mu = np.array([0.001, 0.0, -0.001])
    assert james_stein_intensity(mu, np.eye(3), 10) == 1.0
    assert james_stein_intensity(mu, np.diag([1.0, 0.0, 0.0]), 10) == 0.0
    assert james_stein_intensity(np.full(3, 0.01), np.eye(3), 10) == 0.0
