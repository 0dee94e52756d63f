"""Cost models: proportional costs by hand, validation, and the cost algebra (sums)."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from algofolio.core import ConfigError
from algofolio.costs import CostAlgebra, CostModel, CostSum, ProportionalCost

trade_vectors = arrays(
    float, st.integers(1, 6), elements=st.floats(-1e9, 1e9, allow_nan=False, allow_subnormal=False)
)


def test_proportional_cost_is_rate_times_absolute_trade_value() -> None:
    cost = ProportionalCost(bps=25)
    assert cost.rate == 0.0025
    # 0.25% of 1000, of 2000 (a sale costs the same as a buy), of nothing
    np.testing.assert_allclose(cost.cost(np.array([1000.0, -2000.0, 0.0])), [2.5, 5.0, 0.0])


def test_default_is_free_trading() -> None:
    assert ProportionalCost().cost(np.array([5.0, -5.0])).tolist() == [0.0, 0.0]


@pytest.mark.parametrize("bps", [-1.0, float("nan"), float("inf"), True, "10"])
def test_invalid_bps_is_a_config_error_naming_bps(bps: object) -> None:
    with pytest.raises(ConfigError, match="bps") as info:
        ProportionalCost(bps=bps)  # type: ignore[arg-type]
    assert info.value.key == "bps"


def test_cost_models_are_frozen_values() -> None:
    cost = ProportionalCost(bps=10)
    assert cost == ProportionalCost(bps=10.0)
    assert repr(cost) == "ProportionalCost(bps=10)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        cost.bps = 20  # type: ignore[misc]


def test_sum_of_costs_charges_each_term() -> None:
    total = ProportionalCost(bps=10) + ProportionalCost(bps=5)
    assert isinstance(total, CostSum)
    np.testing.assert_allclose(total.cost(np.array([1000.0, -400.0])), [1.5, 0.6])


def test_sums_flatten() -> None:
    a, b, c = ProportionalCost(1), ProportionalCost(2), ProportionalCost(3)
    assert ((a + b) + c).terms == (a, b, c)
    assert (a + (b + c)).terms == (a, b, c)


class _FixedFee(CostAlgebra):
    """A test double: a fee of 1 per asset traded (a non-proportional model)."""

    def cost(self, trade_values: np.ndarray) -> np.ndarray:
        return (np.asarray(trade_values) != 0).astype(float)


def test_any_object_with_cost_is_a_cost_model_and_adds() -> None:
    fee = _FixedFee()
    assert isinstance(fee, CostModel)
    total = ProportionalCost(bps=100) + fee
    np.testing.assert_allclose(total.cost(np.array([200.0, 0.0])), [3.0, 0.0])


def test_adding_something_else_fails() -> None:
    with pytest.raises(TypeError):
        ProportionalCost(1) + 3  # type: ignore[operator]


@given(trade_vectors, st.floats(0, 500))
def test_costs_are_never_negative_and_symmetric(values: np.ndarray, bps: float) -> None:
    model = ProportionalCost(bps) + ProportionalCost(bps / 2)
    costs = model.cost(values)
    assert costs.shape == values.shape
    assert (costs >= 0).all()
    np.testing.assert_array_equal(costs, model.cost(-values))
