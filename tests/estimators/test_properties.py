"""Properties of every covariance estimator on seeded random histories (complete or staggered):
the estimate is symmetric positive semi-definite, labelled by asset, and survives ``clone``."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone

from algofolio.estimators import (
    OAS,
    BlackLitterman,
    CovarianceEstimator,
    EWCovariance,
    LedoitWolf,
    NotPositiveDefiniteWarning,
    PCAFactorCovariance,
    SampleCovariance,
    SemiCovariance,
    View,
)

ESTIMATORS = [
    SampleCovariance(),
    SampleCovariance(psd_repair="higham"),
    EWCovariance(halflife=10.0),
    SemiCovariance(threshold=0.001),
    LedoitWolf(),
    LedoitWolf("single_factor"),
    LedoitWolf("constant_correlation"),
    OAS(),
    PCAFactorCovariance(n_factors=1),
]


@st.composite
def histories(draw: st.DrawFn) -> pd.DataFrame:
    n_assets = draw(st.integers(1, 6))
    n_dates = draw(st.integers(4, 40))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    loadings = rng.normal(0.0, 1.0, n_assets)
    market = rng.standard_t(4, n_dates)[:, None]
    values = 0.01 * (market * loadings + rng.standard_t(4, (n_dates, n_assets)))
    starts = draw(st.lists(st.integers(0, n_dates - 2), min_size=n_assets, max_size=n_assets))
    for column, start in enumerate(starts):
        values[:start, column] = np.nan
    columns = [f"S{j}" for j in range(n_assets)]
    return pd.DataFrame(
        values, index=pd.bdate_range("2020-01-01", periods=n_dates), columns=columns
    )


@settings(max_examples=40)
@pytest.mark.parametrize("estimator", ESTIMATORS, ids=repr)
@given(returns=histories())
def test_covariance_is_symmetric_psd_and_labelled(
    estimator: CovarianceEstimator, returns: pd.DataFrame
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotPositiveDefiniteWarning)
        covariance = clone(estimator).fit(returns).covariance_
    values = covariance.to_numpy()
    np.testing.assert_array_equal(values, values.T)
    scale = max(float(np.abs(values).max()), 1e-300)
    assert np.linalg.eigvalsh(values)[0] >= -1e-10 * scale
    assert list(covariance.index) == list(covariance.columns) == list(returns.columns)


@settings(max_examples=40)
@given(returns=histories())
def test_black_litterman_posterior_covariance_is_psd(returns: pd.DataFrame) -> None:
    view = View.absolute(str(returns.columns[0]), 0.001)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotPositiveDefiniteWarning)
        values = BlackLitterman([view]).fit(returns).covariance_.to_numpy()
    np.testing.assert_array_equal(values, values.T)
    assert np.linalg.eigvalsh(values)[0] >= -1e-10 * float(np.abs(values).max())


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=repr)
def test_estimators_only_store_parameters(estimator: CovarianceEstimator) -> None:
    twin = clone(estimator)
    assert twin.get_params() == estimator.get_params()
    assert not hasattr(twin, "covariance_")
