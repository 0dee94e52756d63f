"""Input checks shared by every estimator: typed errors that name the asset (and date)."""

import numpy as np
import pandas as pd
import pytest

from algofolio.core import DataError, EstimationError
from algofolio.estimators import (
    CAPMReturns,
    EmpiricalPrior,
    JamesSteinMean,
    LedoitWolf,
    SampleCovariance,
)

INDEX = pd.bdate_range("2024-01-01", periods=4, name="date")


@pytest.mark.parametrize(
    "estimator", [SampleCovariance(), LedoitWolf(), CAPMReturns(), JamesSteinMean()], ids=repr
)
def test_infinite_value_names_asset_and_date(estimator) -> None:
    returns = pd.DataFrame({"A": [0.1, 0.2, 0.3, 0.1], "B": [0.0, np.inf, 0.1, 0.2]}, INDEX)
    with pytest.raises(DataError, match="asset 'B' on 2024-01-02 are infinite") as info:
        estimator.fit(returns)
    assert info.value.asset == "B"


def test_one_return_is_too_few_for_a_covariance() -> None:
    returns = pd.DataFrame({"A": [0.1, 0.2, 0.3, 0.1], "B": [np.nan] * 3 + [0.2]}, INDEX)
    with pytest.raises(EstimationError, match="asset 'B' has 1 return"):
        SampleCovariance().fit(returns)


@pytest.mark.parametrize(
    ("returns", "message"),
    [
        (pd.Series([0.1, 0.2]), "returns must be a DataFrame"),
        (pd.DataFrame(index=INDEX), "returns have no asset columns"),
        (pd.DataFrame([[0.1, 0.2]], columns=["A", "A"]), "asset 'A' appears twice"),
        (pd.DataFrame({"A": ["x", "y"]}), "returns must be numeric"),
    ],
)
def test_malformed_returns_raise_data_error(returns, message) -> None:
    with pytest.raises(DataError, match=message):
        EmpiricalPrior(periods_per_year=252.0).fit(returns)


def test_constant_asset_has_no_constant_correlation_target() -> None:
    returns = pd.DataFrame({"A": [0.1, 0.2, 0.3, 0.1], "B": [0.01] * 4}, INDEX)
    with pytest.raises(EstimationError, match="asset 'B' has zero variance over the common"):
        LedoitWolf("constant_correlation").fit(returns)
