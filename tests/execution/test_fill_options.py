"""Fills with market data (quotes), kept assets, short weights and whole shares: hand-solved cases
and the ledger properties (value after = value before - costs, cash >= 0, kept assets untouched)."""

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from algofolio.core import ConfigError, ExecutionError
from algofolio.costs import (
    CostModel,
    HalfSpreadCost,
    PerShareCost,
    ProportionalCost,
    SquareRootImpact,
    TradeQuote,
    charge,
)
from algofolio.execution import Fill, rebalance_fill


def _book_value(fill: Fill, prices: np.ndarray) -> float:
    held = fill.shares != 0
    return float(fill.shares[held] @ prices[held]) + fill.cash


# ---------------------------------------------------------------------------- quotes


def test_the_default_quote_carries_the_prices() -> None:
    # $1000 cash into one $20 stock at $0.005 a share, $1 minimum: 50 shares pay the minimum
    fill = rebalance_fill(np.zeros(1), 1000.0, np.array([20.0]), np.array([1.0]), PerShareCost())
    assert fill.value == pytest.approx(999.0, rel=1e-13)
    assert fill.shares[0] == pytest.approx(999.0 / 20.0, rel=1e-13)
    assert fill.total_cost == pytest.approx(1.0, rel=1e-13)


def test_a_quote_reaches_the_cost_model_and_the_fixed_point_holds() -> None:
    prices = np.array([50.0, 20.0, 80.0])
    quote = TradeQuote(
        prices=prices, volumes=np.array([2e4, 1e4, 5e3]), volatility=np.array([0.02, 0.03, 0.01])
    )
    h, w = np.array([100.0, 300.0, 0.0]), np.array([0.2, 0.3, 0.45])
    costs = SquareRootImpact(coefficient=0.9) + HalfSpreadCost(spread_bps=8)
    fill = rebalance_fill(h, 2000.0, prices, w, costs, quote=quote)
    value = float(h @ prices) + 2000.0
    # the hand formula on the trades made, and V' = V - costs with trades to w V'
    x = fill.trade_values
    hand = 0.9 * quote.volatility * np.abs(x) * np.sqrt(np.abs(x) / (prices * quote.volumes))
    hand = hand + np.abs(x) * 0.0008 / 2
    np.testing.assert_allclose(fill.costs, hand, rtol=1e-12)
    assert fill.value == pytest.approx(value - hand.sum(), rel=1e-13)
    np.testing.assert_allclose(fill.shares * prices, w * fill.value, rtol=1e-10)
    assert _book_value(fill, prices) == pytest.approx(fill.value, rel=1e-12)
    assert fill.cash == pytest.approx(0.05 * fill.value, rel=1e-9)


def test_a_model_missing_market_data_names_the_field() -> None:
    with pytest.raises(ConfigError, match="needs volumes; pass volumes= to the backtest") as info:
        rebalance_fill(np.zeros(1), 100.0, np.ones(1), np.ones(1), SquareRootImpact())
    assert info.value.key == "volumes"


class _LegacyFee:
    """A one-argument cost model (the older protocol): $2 per asset traded."""

    def cost(self, trade_values: np.ndarray) -> np.ndarray:
        return 2.0 * (np.asarray(trade_values) != 0)


def test_one_argument_models_still_fill() -> None:
    fill = rebalance_fill(np.zeros(2), 1000.0, np.array([10.0, 5.0]), np.array([0.5, 0.5]),
                          _LegacyFee())  # fmt: skip
    assert fill.value == pytest.approx(996.0)
    np.testing.assert_allclose(fill.shares, [49.8, 99.6])


# ---------------------------------------------------------------------------- kept assets


def test_kept_assets_hand_case() -> None:
    # A (kept, $1000), B ($1000) and C ($2000), no cash: V = 4000. Targets A 25%, B 40%, C 35% at
    # 10 bps. B and C share V' - 1000 in the ratio 40:35, so with u = V' - 1000 B buys 8u/15 - 1000
    # and C sells 2000 - 7u/15: costs 0.001 (u / 15 + 1000) and u + 1000 = 4000 - costs, so
    # u = 2999 / (1 + 0.001 / 15).
    prices = np.array([10.0, 20.0, 50.0])
    h = np.array([100.0, 50.0, 40.0])
    fill = rebalance_fill(h, 0.0, prices, np.array([0.25, 0.40, 0.35]), ProportionalCost(bps=10),
                          keep=np.array([True, False, False]))  # fmt: skip
    u = 2999.0 / (1 + 0.001 / 15)
    assert fill.value == pytest.approx(u + 1000.0, rel=1e-13)
    assert fill.shares[0] == 100.0
    assert fill.trade_values[0] == 0.0
    assert fill.costs[0] == 0.0
    np.testing.assert_allclose(fill.shares[1:] * prices[1:], [8 * u / 15, 7 * u / 15], rtol=1e-12)
    assert fill.cash == pytest.approx(0.0, abs=1e-9)
    assert fill.total_cost == pytest.approx(0.001 * (u / 15 + 1000.0), rel=1e-12)


def test_kept_assets_keep_the_cash_weight() -> None:
    # with 10% cash targeted, cash ends at 10% of V' and the traded assets take the costs
    prices = np.array([10.0, 20.0, 50.0])
    h = np.array([100.0, 50.0, 40.0])
    w = np.array([0.3, 0.3, 0.3])
    fill = rebalance_fill(
        h, 500.0, prices, w, ProportionalCost(bps=25), keep=np.array([1, 0, 0]) == 1
    )
    assert fill.shares[0] == 100.0
    assert fill.cash == pytest.approx(0.1 * fill.value, rel=1e-12)
    traded = fill.shares[1:] * prices[1:]
    # traded weights stay in their target ratio and fill what the kept asset and cash leave
    assert traded[0] / traded[1] == pytest.approx(1.0, rel=1e-12)
    assert traded.sum() == pytest.approx(0.9 * fill.value - 1000.0, rel=1e-12)
    assert _book_value(fill, prices) == pytest.approx(4500.0 - fill.total_cost, rel=1e-13)


def test_kept_assets_pay_no_minimum_fee() -> None:
    prices = np.array([10.0, 20.0])
    fill = rebalance_fill(np.array([50.0, 0.0]), 500.0, prices, np.array([0.5, 0.5]),
                          PerShareCost(), keep=np.array([True, False]))  # fmt: skip
    # only B trades: one $1 minimum, and B takes it: B = V' - 500 with V' = 999
    assert fill.costs.tolist() == [0.0, 1.0]
    assert fill.shares[0] == 50.0
    assert fill.shares[1] * 20.0 == pytest.approx(499.0, rel=1e-13)


def test_only_zero_targets_traded_sells_them_into_cash() -> None:
    prices = np.array([10.0, 20.0])
    fill = rebalance_fill(np.array([50.0, 25.0]), 0.0, prices, np.array([0.5, 0.0]),
                          ProportionalCost(bps=10), keep=np.array([True, False]))  # fmt: skip
    assert fill.shares.tolist() == [50.0, 0.0]
    assert fill.cash == pytest.approx(500.0 * 0.999, rel=1e-13)


def test_kept_assets_worth_more_than_the_invested_part() -> None:
    # A (kept) is worth 600 of V = 1000 but targets only 30%; B targets 20% and cash 50%. Sharing
    # 0.5 V' - 600 < 0 would short B, so B buys 20% of V' and cash takes the difference (200).
    prices = np.array([10.0, 20.0])
    fill = rebalance_fill(np.array([60.0, 0.0]), 400.0, prices, np.array([0.3, 0.2]),
                          ProportionalCost(), keep=np.array([True, False]))  # fmt: skip
    assert fill.shares[0] == 60.0
    assert fill.shares[1] * 20.0 == pytest.approx(200.0, rel=1e-13)
    assert fill.cash == pytest.approx(200.0, rel=1e-13)
    # when even that overdraws cash the fill refuses
    with pytest.raises(ExecutionError, match="kept assets leave no room"):
        rebalance_fill(np.array([95.0, 0.0]), 50.0, prices, np.array([0.3, 0.6]),
                       ProportionalCost(bps=10), keep=np.array([True, False]))  # fmt: skip


def test_keep_must_be_a_boolean_mask() -> None:
    with pytest.raises(ExecutionError, match="keep must be a boolean mask"):
        rebalance_fill(np.zeros(2), 1.0, np.ones(2), np.full(2, 0.5), ProportionalCost(),
                       keep=np.array([1, 0]))  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    shares=st.lists(st.floats(0, 1e4), min_size=5, max_size=5),
    prices=st.lists(st.floats(0.5, 1e3), min_size=5, max_size=5),
    raw=st.lists(st.floats(0, 1), min_size=5, max_size=5),
    keep=st.lists(st.booleans(), min_size=5, max_size=5),
    cash=st.floats(0, 1e5),
    bps=st.floats(0, 100),
)
def test_kept_assets_property(
    shares: list[float], prices: list[float], raw: list[float], keep: list[bool], cash: float,
    bps: float,
) -> None:  # fmt: skip
    h, p, kept = np.array(shares), np.array(prices), np.array(keep)
    value = float(h @ p) + cash
    assume(value > 1.0 and sum(raw) > 0)
    # kept assets target their current weights (what a trade rule hands over), others any mix
    w = np.array(raw) / sum(raw) * 0.95
    w[kept] = (h * p / value)[kept]
    assume(w.sum() <= 1.0)
    fill = rebalance_fill(h, cash, p, w, ProportionalCost(bps), keep=kept)
    tolerance = 1e-9 * value
    np.testing.assert_array_equal(fill.shares[kept], h[kept])
    assert fill.cash >= 0
    assert (fill.costs >= 0).all()
    assert _book_value(fill, p) == pytest.approx(value - fill.total_cost, abs=tolerance)
    assert fill.value == pytest.approx(value - fill.total_cost, abs=tolerance)
    traded = ~kept
    if w[traded].sum() > 0:
        # traded assets: target weights scaled to share what the kept assets and cash leave
        room = fill.value * w.sum() - float(h[kept] @ p[kept])
        expected = w[traded] / w[traded].sum() * room
        if (expected >= 0).all():
            np.testing.assert_allclose(fill.shares[traded] * p[traded], expected, atol=tolerance)
            assert fill.cash == pytest.approx((1 - w.sum()) * fill.value, abs=tolerance)


# ---------------------------------------------------------------------------- short weights


def test_long_short_from_cash_closed_form() -> None:
    # 80% long A, 30% short B, 50% cash at 10 bps: costs 0.001 * 1.1 V', V' = V / 1.0011
    prices = np.array([10.0, 20.0])
    fill = rebalance_fill(np.zeros(2), 1000.0, prices, np.array([0.8, -0.3]),
                          ProportionalCost(bps=10), allow_short=True)  # fmt: skip
    after = 1000.0 / 1.0011
    assert fill.value == pytest.approx(after, rel=1e-13)
    np.testing.assert_allclose(fill.shares, [0.8 * after / 10, -0.3 * after / 20], rtol=1e-13)
    assert fill.cash == pytest.approx(0.5 * after, rel=1e-12)


def test_shorts_need_allow_short() -> None:
    args = (np.zeros(2), 100.0, np.array([1.0, 1.0]), np.array([1.2, -0.2]), ProportionalCost())
    with pytest.raises(ExecutionError, match="long-only"):
        rebalance_fill(*args, assets=("A", "B"))
    rebalance_fill(*args, assets=("A", "B"), allow_short=True)
    with pytest.raises(ExecutionError, match=r"'A' holds -1\.0 shares"):
        rebalance_fill(np.array([-1.0]), 10.0, np.ones(1), np.zeros(1), ProportionalCost(),
                       assets=["A"])  # fmt: skip
    with pytest.raises(ExecutionError, match=r"sum to 1\.1"):
        rebalance_fill(np.zeros(2), 1.0, np.ones(2), np.array([1.5, -0.4]), ProportionalCost(),
                       allow_short=True)  # fmt: skip


@settings(max_examples=150, deadline=None)
@example(  # net 185 on a gross book of 1.45 million: liquidating it costs more than it is worth
    shares=[-362.0, 0.0, -651.0, 768.0], prices=[566.0, 192.0, 801.0, 946.0],
    weights=[0.0, 0.0, 0.0, 0.0], keep=[False, False, False, False], cash=0.0, bps=5.0,
)  # fmt: skip
@given(
    shares=st.lists(st.floats(-1e3, 1e3), min_size=4, max_size=4),
    prices=st.lists(st.floats(0.5, 1e3), min_size=4, max_size=4),
    weights=st.lists(st.floats(-0.5, 0.5), min_size=4, max_size=4),
    keep=st.lists(st.booleans(), min_size=4, max_size=4),
    cash=st.floats(0, 1e5),
    bps=st.floats(0, 100),
)
def test_long_short_fills_are_self_financing(
    shares: list[float], prices: list[float], weights: list[float], keep: list[bool],
    cash: float, bps: float,
) -> None:  # fmt: skip
    h, p, w, kept = np.array(shares), np.array(prices), np.array(weights), np.array(keep)
    value = float(h @ p) + cash
    assume(value > 1.0 and w.sum() <= 1.0)
    try:
        fill = rebalance_fill(h, cash, p, w, ProportionalCost(bps), keep=kept, allow_short=True)
    except ExecutionError as error:  # the two refusals allowed: kept positions leave no room,
        # or a leveraged book cannot pay for its trades (costs on the gross exceed the net value)
        gross = float(np.abs(h) @ p) + abs(value) * float(np.abs(w).sum())
        assume("kept assets leave no room" not in str(error))
        assume(bps / 1e4 * gross < value)
        raise
    tolerance = 1e-9 * (value + float(np.abs(h) @ p))
    np.testing.assert_array_equal(fill.shares[kept], h[kept])
    assert fill.cash >= 0
    assert _book_value(fill, p) == pytest.approx(value - fill.total_cost, abs=tolerance)
    np.testing.assert_allclose(fill.trade_values, (fill.shares - h) * p, atol=tolerance)
    np.testing.assert_allclose(fill.costs, bps / 1e4 * np.abs(fill.trade_values), atol=tolerance)


# ---------------------------------------------------------------------------- whole shares


def test_whole_shares_hand_case() -> None:
    # $1000 into 50/50 of $30 and $70 stocks: 16.67 and 7.14 shares -> 16 and 7; cash 1000 - 970
    fill = rebalance_fill(np.zeros(2), 1000.0, np.array([30.0, 70.0]), np.array([0.5, 0.5]),
                          ProportionalCost(), whole_shares=True)  # fmt: skip
    assert fill.shares.tolist() == [16.0, 7.0]
    assert fill.cash == pytest.approx(30.0)


def test_whole_shares_sell_one_more_share_when_rounded_sales_fall_short() -> None:
    # A: 30 shares at $30 (900), B: 1 share at $100, no cash; 50/50 asks A -> 16.67 (sell 13.33)
    # and B -> 5 (buy 4). Rounded toward zero: sell 13 (+390), buy 4 (-400): cash -10. Selling
    # one more A share (+30) is the smallest step covering it: A 16, B 5, cash 20.
    fill = rebalance_fill(np.array([30.0, 1.0]), 0.0, np.array([30.0, 100.0]),
                          np.array([0.5, 0.5]), ProportionalCost(), whole_shares=True)  # fmt: skip
    assert fill.shares.tolist() == [16.0, 5.0]
    assert fill.cash == pytest.approx(20.0)


costs_models = st.sampled_from(
    [ProportionalCost(bps=20), PerShareCost(), PerShareCost(minimum=0.0) + ProportionalCost(bps=5)]
)


@settings(max_examples=200, deadline=None)
@given(
    shares=st.lists(st.integers(0, 2_000), min_size=5, max_size=5),
    prices=st.lists(st.floats(0.5, 2e3), min_size=5, max_size=5),
    raw=st.lists(st.floats(0, 1), min_size=5, max_size=5),
    invested=st.floats(0.5, 1),
    keep=st.lists(st.booleans(), min_size=5, max_size=5),
    cash=st.floats(0, 1e5),
    costs=costs_models,
)
def test_whole_shares_property(
    shares: list[int], prices: list[float], raw: list[float], invested: float, keep: list[bool],
    cash: float, costs: CostModel,
) -> None:  # fmt: skip
    h, p, kept = np.array(shares, dtype=float), np.array(prices), np.array(keep)
    value = float(h @ p) + cash
    assume(value > 100.0 and sum(raw) > 0)
    w = np.array(raw) / sum(raw) * invested
    w[kept] = (h * p / value)[kept]
    assume(w.sum() <= 1.0)
    fill = rebalance_fill(h, cash, p, w, costs, keep=kept, whole_shares=True)
    exact = rebalance_fill(h, cash, p, w, costs, keep=kept)
    tolerance = 1e-9 * value
    np.testing.assert_array_equal(fill.shares, np.round(fill.shares))  # integers
    np.testing.assert_array_equal(fill.shares[kept], h[kept])
    assert fill.cash >= 0
    assert _book_value(fill, p) == pytest.approx(value - fill.total_cost, abs=tolerance)
    assert fill.value == pytest.approx(value - fill.total_cost, abs=tolerance)
    np.testing.assert_allclose(fill.costs, costs.cost(fill.trade_values, TradeQuote(prices=p)))
    # rounding toward the holding, then at most one share more: within two shares of the exact fill
    assert (np.abs(fill.shares - exact.shares) < 2).all()


@settings(max_examples=150, deadline=None)
@example(  # net 289 on a gross book of 230 thousand: costs beyond its value, refused
    shares=[-213, -102, -248, 411], prices=[40.0, 215.0, 355.0, 289.0],
    weights=[0.0, 0.0, 0.0, 0.0], cash=0.0, costs=ProportionalCost(bps=20),
)  # fmt: skip
@given(
    shares=st.lists(st.integers(-500, 500), min_size=4, max_size=4),
    prices=st.lists(st.floats(0.5, 500), min_size=4, max_size=4),
    weights=st.lists(st.floats(-0.5, 0.5), min_size=4, max_size=4),
    cash=st.floats(-1e3, 1e5),
    costs=costs_models,
)
def test_whole_long_short_fills_keep_cash_non_negative(
    shares: list[int], prices: list[float], weights: list[float], cash: float, costs: CostModel
) -> None:
    h, p, w = np.array(shares, dtype=float), np.array(prices), np.array(weights)
    value = float(h @ p) + cash
    assume(value > 100.0 and w.sum() <= 1.0)
    try:
        fill = rebalance_fill(h, cash, p, w, costs, allow_short=True, whole_shares=True)
    except ExecutionError:  # allowed only when costs on the gross book exceed its net value
        gross = np.abs(h * p) + abs(value) * np.abs(w)  # every position out, every target in
        assume(float(charge(costs, gross, TradeQuote(prices=p)).sum()) < value)
        raise
    np.testing.assert_array_equal(fill.shares, np.round(fill.shares))
    assert fill.cash >= 0
    tolerance = 1e-9 * (value + float(np.abs(h) @ p))
    assert _book_value(fill, p) == pytest.approx(value - fill.total_cost, abs=tolerance)
