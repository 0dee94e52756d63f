"""The PCA factor covariance against scikit-learn's ``PCA`` (components and explained variances)."""

import numpy as np
import pytest
from sklearn.decomposition import PCA

from algofolio.core import ConfigError
from algofolio.estimators import PCAFactorCovariance, pca_factor_covariance


@pytest.mark.parametrize("n_factors", [1, 3])
def test_systematic_part_equals_sklearn_pca(sp500_returns, n_factors) -> None:
    X = sp500_returns.to_numpy()
    pca = PCA(n_components=n_factors).fit(X)
    systematic = pca.components_.T @ np.diag(pca.explained_variance_) @ pca.components_
    covariance = PCAFactorCovariance(n_factors).fit(sp500_returns).covariance_.to_numpy()
    off = ~np.eye(X.shape[1], dtype=bool)
    np.testing.assert_allclose(covariance[off], systematic[off], rtol=1e-8, atol=1e-14)
    np.testing.assert_allclose(np.diag(covariance), X.var(axis=0, ddof=1), rtol=1e-12)


def test_all_factors_give_the_sample_covariance(sp500_returns) -> None:
    X = sp500_returns.to_numpy()
    np.testing.assert_allclose(
        pca_factor_covariance(X, X.shape[1]), np.cov(X, rowvar=False), rtol=1e-10, atol=1e-18
    )


def test_out_of_range_factor_count_raises_config_error(sp500_returns) -> None:
    with pytest.raises(ConfigError, match="n_factors must be between 1 and 20, got 21"):
        PCAFactorCovariance(21).fit(sp500_returns)
