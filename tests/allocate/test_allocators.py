"""Allocators: the scikit-learn contract, and weights against hand computations."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from algofolio.allocate import (
    Allocator,
    EqualWeight,
    FixedWeights,
    InverseVolatility,
    inverse_volatility_weights,
)
from algofolio.core import ConfigError, DataError, EstimationError


@pytest.fixture
def returns() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    values = rng.normal(0.0, [0.01, 0.02, 0.005], size=(60, 3))
    return pd.DataFrame(values, columns=["VTI", "BND", "GLD"])


ALLOCATORS = [
    FixedWeights({"VTI": 0.6, "BND": 0.3, "GLD": 0.1}),
    EqualWeight(),
    InverseVolatility(),
]


@pytest.mark.parametrize("allocator", ALLOCATORS, ids=lambda a: type(a).__name__)
def test_sklearn_clone_and_get_params(allocator: Allocator, returns: pd.DataFrame) -> None:
    fitted = clone(allocator).fit(returns)
    copy = clone(fitted)
    assert copy.get_params() == allocator.get_params()
    assert not hasattr(copy, "weights_")  # learned state is not cloned
    assert fitted.fit(returns) is fitted  # fit returns self
    pd.testing.assert_series_equal(copy.fit(returns).weights_, fitted.weights_)


def test_fixed_weights_params_are_stored_as_given() -> None:
    mix = {"VTI": 0.6, "BND": 0.4}
    allocator = FixedWeights(mix)
    assert allocator.get_params() == {"weights": mix}
    assert allocator.get_params()["weights"] is mix
    allocator.set_params(weights={"VTI": 1.0})
    assert allocator.weights == {"VTI": 1.0}
    assert repr(FixedWeights({"A": 1.0})) == "FixedWeights(weights={'A': 1.0})"


def test_fixed_weights_cover_the_return_columns(returns: pd.DataFrame) -> None:
    weights = FixedWeights({"VTI": 0.6, "BND": 0.3}).fit(returns).weights_
    assert weights.to_dict() == {"VTI": 0.6, "BND": 0.3, "GLD": 0.0}  # 10% stays cash


def test_fixed_weights_validate_in_fit_not_init(returns: pd.DataFrame) -> None:
    allocator = FixedWeights({"VTI": -0.1, "BND": 0.5})  # sklearn: __init__ only stores
    with pytest.raises(ConfigError, match="'VTI'") as info:
        allocator.fit(returns)
    assert info.value.key == "weights.VTI"


@pytest.mark.parametrize(
    ("mix", "match"),
    [
        ({"VTI": float("nan")}, "'VTI'"),
        ({"VTI": float("inf")}, "'VTI'"),
        ({"VTI": "a lot"}, "'VTI'"),
        ({"VTI": 0.7, "BND": 0.4}, "sum to 1.1 > 1"),
        ({}, "non-empty"),
    ],
)
def test_fixed_weights_reject_bad_mixes(
    mix: dict[str, float], match: str, returns: pd.DataFrame
) -> None:
    with pytest.raises(ConfigError, match=match):
        FixedWeights(mix).fit(returns)


def test_decimal_mixes_summing_to_one_pass(returns: pd.DataFrame) -> None:
    weights = FixedWeights({"VTI": 0.7, "BND": 0.2, "GLD": 0.1}).fit(returns).weights_
    assert weights.sum() == pytest.approx(1.0)


def test_fixed_weights_need_every_weighted_asset_in_the_returns(returns: pd.DataFrame) -> None:
    with pytest.raises(DataError, match="'QQQ'") as info:
        FixedWeights({"VTI": 0.5, "QQQ": 0.5}).fit(returns)
    assert info.value.asset == "QQQ"
    # a zero weight on an absent asset is fine
    assert FixedWeights({"VTI": 1.0, "QQQ": 0.0}).fit(returns).weights_["VTI"] == 1.0


def test_equal_weight_is_one_over_n(returns: pd.DataFrame) -> None:
    np.testing.assert_array_equal(EqualWeight().fit(returns).weights_.to_numpy(), [1 / 3] * 3)


def test_inverse_volatility_by_hand() -> None:
    # std(ddof=1) of [1%, -1%] is sqrt(2)%, of [2%, -2%] is 2 sqrt(2)%: weights 2/3 and 1/3
    frame = pd.DataFrame({"A": [0.01, -0.01], "B": [0.02, -0.02]})
    weights = InverseVolatility().fit(frame).weights_
    np.testing.assert_allclose(weights.to_numpy(), [2 / 3, 1 / 3])
    assert weights.index.tolist() == ["A", "B"]


def test_inverse_volatility_matches_pandas_std(returns: pd.DataFrame) -> None:
    inverse = 1 / returns.std(ddof=1)
    expected = inverse / inverse.sum()
    got = InverseVolatility().fit(returns).weights_
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-12)


def test_zero_volatility_names_the_asset(returns: pd.DataFrame) -> None:
    flat = returns.assign(BND=0.0)
    with pytest.raises(EstimationError, match="'BND'"):
        InverseVolatility().fit(flat)
    with pytest.raises(EstimationError, match="column 1"):
        inverse_volatility_weights(flat.to_numpy())


def test_inverse_volatility_needs_two_returns(returns: pd.DataFrame) -> None:
    with pytest.raises(EstimationError, match="at least 2"):
        InverseVolatility().fit(returns.iloc[:1])


@pytest.mark.parametrize("allocator", ALLOCATORS, ids=lambda a: type(a).__name__)
def test_missing_returns_name_the_asset(allocator: Allocator, returns: pd.DataFrame) -> None:
    gappy = returns.copy()
    gappy.iloc[5, 2] = np.nan
    with pytest.raises(DataError, match="'GLD'") as info:
        clone(allocator).fit(gappy)
    assert info.value.asset == "GLD"


@pytest.mark.parametrize("allocator", ALLOCATORS, ids=lambda a: type(a).__name__)
def test_returns_must_be_a_frame_with_unique_columns(
    allocator: Allocator, returns: pd.DataFrame
) -> None:
    with pytest.raises(DataError, match="DataFrame"):
        clone(allocator).fit(returns.to_numpy())
    with pytest.raises(DataError, match="'VTI' appears twice"):
        clone(allocator).fit(returns.set_axis(["VTI", "VTI", "GLD"], axis=1))
