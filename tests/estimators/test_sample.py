"""Pairwise-complete covariances against pandas (pairwise ``cov``, ``ewm().cov``) and
PyPortfolioOpt (``sample_cov``, ``semicovariance``; annualised by 252, converted per period)."""

import numpy as np
import pandas as pd
import pytest
from pypfopt import risk_models

from algofolio.core import ConfigError, EstimationError
from algofolio.estimators import (
    EWCovariance,
    NotPositiveDefiniteWarning,
    SampleCovariance,
    SemiCovariance,
    is_psd,
    pairwise_covariance,
)
from tests.estimators.conftest import PERIODS, non_psd_returns


def test_sample_covariance_equals_pypfopt(sp500_prices, sp500_returns) -> None:
    reference = risk_models.sample_cov(sp500_prices) / PERIODS
    covariance = SampleCovariance().fit(sp500_returns).covariance_
    np.testing.assert_allclose(covariance.to_numpy(), reference.to_numpy(), rtol=1e-12)
    assert list(covariance.index) == list(covariance.columns) == list(sp500_returns.columns)


def test_pairwise_covariance_equals_pandas_pairwise_cov(staggered_returns) -> None:
    covariance = pairwise_covariance(staggered_returns.to_numpy())
    np.testing.assert_allclose(covariance, staggered_returns.cov().to_numpy(), rtol=1e-12)


def test_staggered_pair_uses_only_its_common_dates(staggered_returns) -> None:
    late = staggered_returns.columns[staggered_returns.isna().any()][0]
    common = staggered_returns[["A0000", late]].dropna()
    covariance = SampleCovariance().fit(staggered_returns).covariance_
    assert covariance.loc["A0000", late] == pytest.approx(np.cov(common.T.to_numpy())[0, 1])
    assert covariance.loc["A0000", "A0000"] == pytest.approx(staggered_returns["A0000"].var())


@pytest.mark.parametrize("decay", [{"span": 60.0}, {"halflife": 20.0}])
def test_ew_covariance_equals_pandas_ewm_cov(staggered_returns, decay) -> None:
    covariance = EWCovariance(**decay).fit(staggered_returns).covariance_
    reference = staggered_returns.ewm(**decay).cov(bias=True).loc[staggered_returns.index[-1]]
    np.testing.assert_allclose(covariance.to_numpy(), reference.to_numpy(), rtol=1e-9)


def test_semicovariance_equals_pypfopt(sp500_prices, sp500_returns) -> None:
    threshold = 0.0002
    reference = risk_models.semicovariance(sp500_prices, benchmark=threshold) / PERIODS
    covariance = SemiCovariance(threshold).fit(sp500_returns).covariance_
    np.testing.assert_allclose(covariance.to_numpy(), reference.to_numpy(), rtol=1e-12)


def test_semicovariance_hand_computed() -> None:
    returns = pd.DataFrame({"A": [-0.02, 0.01, -0.01], "B": [-0.01, -0.03, 0.02]})
    covariance = SemiCovariance().fit(returns).covariance_.to_numpy()
    # shortfalls below 0: A = (-0.02, 0, -0.01), B = (-0.01, -0.03, 0); divided by T = 3
    expected = np.array([[0.0005, 0.0002], [0.0002, 0.001]]) / 3
    np.testing.assert_allclose(covariance, expected, rtol=1e-12)


def test_non_psd_pairwise_covariance_warns_with_estimator_and_eigenvalue() -> None:
    returns = non_psd_returns()
    raw = pairwise_covariance(returns.to_numpy())
    smallest = np.linalg.eigvalsh(raw)[0]
    assert smallest < 0
    with pytest.warns(NotPositiveDefiniteWarning, match="SampleCovariance") as record:
        covariance = SampleCovariance().fit(returns).covariance_
    assert f"{smallest:.3g}" in str(record[0].message)
    assert is_psd(covariance.to_numpy())


def test_higham_repair_keeps_the_variances() -> None:
    returns = non_psd_returns()
    with pytest.warns(NotPositiveDefiniteWarning, match="'higham'"):
        covariance = SampleCovariance(psd_repair="higham").fit(returns).covariance_
    np.testing.assert_allclose(np.diag(covariance), returns.var().to_numpy(), rtol=1e-10)
    assert is_psd(covariance.to_numpy())


def test_raise_repair_raises_estimation_error() -> None:
    with pytest.raises(EstimationError, match="SampleCovariance: the covariance is not positive"):
        SampleCovariance(psd_repair="raise").fit(non_psd_returns())


def test_unknown_repair_raises_config_error() -> None:
    with pytest.raises(ConfigError, match="psd_repair: 'spectral' is not one of"):
        SemiCovariance(psd_repair="spectral").fit(non_psd_returns())  # type: ignore[arg-type]
