"""Self-financing fills against closed forms, plus the ledger properties."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from algofolio.core import ExecutionError
from algofolio.costs import ProportionalCost
from algofolio.execution import rebalance_fill


@pytest.mark.parametrize("rate", [0.0, 0.001, 0.05])
@pytest.mark.parametrize("weights", [[0.5, 0.5], [0.3, 0.2], [1.0, 0.0]])
def test_full_buy_from_cash_closed_form(rate: float, weights: list[float]) -> None:
    # buying s = sum(w) of V' from cash costs c s V', and V' = V - c s V' => V' = V / (1 + c s)
    w = np.array(weights)
    s = w.sum()
    fill = rebalance_fill(
        np.zeros(2), 1000.0, np.array([10.0, 40.0]), w, ProportionalCost(rate * 1e4)
    )
    after = 1000.0 / (1 + rate * s)
    assert fill.value == pytest.approx(after, rel=1e-12)
    assert fill.total_cost == pytest.approx(1000.0 * rate * s / (1 + rate * s), rel=1e-9, abs=1e-12)
    np.testing.assert_allclose(fill.shares, w * after / np.array([10.0, 40.0]), rtol=1e-12)
    assert fill.cash == pytest.approx((1 - s) * after, abs=1e-9)
    np.testing.assert_allclose(fill.trade_values, w * after, rtol=1e-12)


def test_switching_assets_closed_form() -> None:
    # all in A, target 50/50: A sells V - V'/2, B buys V'/2, so c V is paid: V' = V (1 - c)
    fill = rebalance_fill(
        np.array([100.0, 0.0]),
        0.0,
        np.array([10.0, 5.0]),
        np.array([0.5, 0.5]),
        ProportionalCost(20),
    )
    assert fill.value == pytest.approx(1000.0 * (1 - 0.002), rel=1e-12)
    np.testing.assert_allclose(fill.shares, [49.9, 99.8], rtol=1e-12)
    assert fill.cash == pytest.approx(0.0, abs=1e-9)


def test_cost_sums_charge_like_their_total_rate() -> None:
    args = (np.array([3.0, 1.0]), 50.0, np.array([20.0, 60.0]), np.array([0.2, 0.7]))
    split = rebalance_fill(*args, ProportionalCost(10) + ProportionalCost(15))
    single = rebalance_fill(*args, ProportionalCost(25))
    np.testing.assert_allclose(split.shares, single.shares, rtol=1e-12)
    assert split.total_cost == pytest.approx(single.total_cost, rel=1e-12)


def test_a_zero_target_sells_everything_exactly() -> None:
    fill = rebalance_fill(
        np.array([3.0, 7.0]), 0.0, np.array([11.0, 13.0]), np.array([1.0, 0.0]), ProportionalCost(5)
    )
    assert fill.shares[1] == 0.0


def test_unheld_untargeted_assets_need_no_price() -> None:
    fill = rebalance_fill(
        np.array([1.0, 0.0]),
        0.0,
        np.array([10.0, np.nan]),
        np.array([1.0, 0.0]),
        ProportionalCost(),
    )
    assert fill.shares.tolist() == [1.0, 0.0]
    assert fill.trade_values.tolist() == [0.0, 0.0]  # already at target: no trade


@pytest.mark.parametrize(
    ("shares", "prices", "weights"),
    [
        ([1.0, 2.0], [10.0, np.nan], [1.0, 0.0]),  # held
        ([1.0, 0.0], [10.0, np.nan], [0.5, 0.5]),  # targeted
        ([1.0, 0.0], [10.0, 0.0], [0.5, 0.5]),
    ],
)
def test_missing_prices_name_the_asset(
    shares: list[float], prices: list[float], weights: list[float]
) -> None:
    with pytest.raises(ExecutionError, match="'BND'"):
        rebalance_fill(
            np.array(shares), 0.0, np.array(prices), np.array(weights), ProportionalCost(),
            assets=("VTI", "BND"),
        )  # fmt: skip


def test_weights_are_long_only_and_leave_cash_non_negative() -> None:
    args = (np.zeros(2), 100.0, np.array([1.0, 1.0]))
    with pytest.raises(ExecutionError, match="'B'"):
        rebalance_fill(*args, np.array([1.2, -0.2]), ProportionalCost(), assets=("A", "B"))
    with pytest.raises(ExecutionError, match=r"sum to 1\.1"):
        rebalance_fill(*args, np.array([0.6, 0.5]), ProportionalCost())


def test_short_positions_are_rejected() -> None:
    with pytest.raises(ExecutionError, match=r"'A' holds -1\.0 shares"):
        rebalance_fill(
            np.array([-1.0]),
            10.0,
            np.array([1.0]),
            np.array([1.0]),
            ProportionalCost(),
            assets=["A"],
        )


def test_empty_portfolio_and_bad_cash() -> None:
    with pytest.raises(ExecutionError, match="no value"):
        rebalance_fill(np.zeros(1), 0.0, np.array([1.0]), np.array([1.0]), ProportionalCost())
    with pytest.raises(ExecutionError, match="no value"):
        rebalance_fill(np.zeros(1), -5.0, np.array([1.0]), np.array([1.0]), ProportionalCost())
    with pytest.raises(ExecutionError, match="cash"):
        rebalance_fill(np.ones(1), np.nan, np.array([1.0]), np.array([1.0]), ProportionalCost())


def test_an_overdraft_is_paid_back_by_selling() -> None:
    # 10 shares at $10 and -$25 cash (a withdrawal): V = 75; with 50% cash targeted and no costs
    # 6.25 shares are sold, 3.75 kept (37.5) and cash ends at 37.5
    fill = rebalance_fill(np.array([10.0]), -25.0, np.array([10.0]), np.array([0.5]),
                          ProportionalCost())  # fmt: skip
    assert fill.shares[0] == pytest.approx(3.75, rel=1e-13)
    assert fill.cash == pytest.approx(37.5, rel=1e-13)


class _Ruinous:
    """A test double charging twice the traded value: fixed-point iteration diverges."""

    def cost(self, trade_values: np.ndarray) -> np.ndarray:
        return 2.0 * np.abs(trade_values)


def test_a_cost_model_that_does_not_contract_is_solved_by_bisection() -> None:
    # buying V' from cash at 200%: V' = V - 2 V' => V' = V / 3, and costs 2 V / 3
    fill = rebalance_fill(np.zeros(1), 90.0, np.array([1.0]), np.array([1.0]), _Ruinous())
    assert fill.shares[0] == pytest.approx(30.0, rel=1e-9)
    assert fill.total_cost == pytest.approx(60.0, rel=1e-9)
    assert fill.cash >= 0


class _Confiscatory:
    """A test double charging a fee larger than the portfolio on any trade."""

    def cost(self, trade_values: np.ndarray) -> np.ndarray:
        return np.where(np.asarray(trade_values) != 0, 1e6, 0.0)


def test_costs_taking_the_whole_portfolio_raise() -> None:
    with pytest.raises(ExecutionError, match="affordable"):
        rebalance_fill(np.zeros(1), 100.0, np.array([1.0]), np.array([1.0]), _Confiscatory())
    with pytest.raises(ExecutionError, match="whole portfolio"):  # even selling out costs too much
        rebalance_fill(np.ones(1), 0.0, np.array([100.0]), np.array([0.0]), _Confiscatory())


def test_shapes_must_agree() -> None:
    with pytest.raises(ExecutionError, match="same length"):
        rebalance_fill(np.zeros(2), 1.0, np.ones(3), np.ones(2) / 2, ProportionalCost())


@settings(max_examples=200, deadline=None)
@given(
    shares=st.lists(st.floats(0, 1e4), min_size=4, max_size=4),
    prices=st.lists(st.floats(0.01, 1e4), min_size=4, max_size=4),
    raw=st.lists(st.floats(0, 1), min_size=4, max_size=4),
    invested=st.floats(0, 1),
    cash=st.floats(0, 1e6),
    bps=st.floats(0, 200),
)
def test_self_financing(
    shares: list[float], prices: list[float], raw: list[float], invested: float, cash: float,
    bps: float,
) -> None:  # fmt: skip
    h, p = np.array(shares), np.array(prices)
    value = float(h @ p) + cash
    assume(value >= 1e-6 and sum(raw) > 0)  # an empty portfolio or no target: nothing to fill
    w = np.array(raw) / sum(raw) * invested
    fill = rebalance_fill(h, cash, p, w, ProportionalCost(bps))
    after = float(fill.shares @ p) + fill.cash
    tolerance = 1e-9 * value
    assert fill.cash >= 0
    assert (fill.costs >= 0).all()
    # value after = value before - costs; costs are the model's costs of the trades made
    assert after == pytest.approx(value - fill.total_cost, abs=tolerance)
    np.testing.assert_allclose(fill.costs, bps / 1e4 * np.abs(fill.trade_values), atol=tolerance)
    np.testing.assert_allclose(fill.trade_values, (fill.shares - h) * p, atol=tolerance)
    # the fixed point: costs are charged on the trades towards w * V'
    np.testing.assert_allclose(fill.shares * p, w * fill.value, atol=tolerance)
    assert fill.value == pytest.approx(after, abs=tolerance)
