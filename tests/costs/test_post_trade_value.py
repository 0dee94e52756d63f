"""The self-financing value: closed forms, minimum fees (a jump at zero) and models that do not
contract, which the solver bisects."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from algofolio.core import ConfigError, ExecutionError
from algofolio.costs import PerShareCost, ProportionalCost, TradeQuote, post_trade_value


def test_proportional_closed_form() -> None:
    # switching everything from A to B at rate c: selling V and buying V' costs c (V + V'),
    # so V' = V - c (V + V') => V' = V (1 - c) / (1 + c)
    value = post_trade_value(
        1000.0, np.array([0.0, 1.0]), np.array([1000.0, 0.0]), ProportionalCost(bps=30)
    )
    assert value == pytest.approx(1000.0 * 0.997 / 1.003, rel=1e-13)


def test_minimum_fees_by_hand() -> None:
    # buying 50/50 from $1000 cash at $10 and $20: ~50 and ~25 shares cost 0.25 and 0.125 at
    # $0.005 a share, so each order pays the $1 minimum: V' = 998 exactly
    quote = TradeQuote(prices=np.array([10.0, 20.0]))
    value = post_trade_value(1000.0, np.array([0.5, 0.5]), np.zeros(2), PerShareCost(), quote=quote)
    assert value == pytest.approx(998.0, rel=1e-13)
    # 1000x the money: 49,900 and 24,950 shares pay per share: V' = 1e6 - 0.005 (V'/20 + V'/40)
    big = post_trade_value(1e6, np.array([0.5, 0.5]), np.zeros(2), PerShareCost(), quote=quote)
    assert big == pytest.approx(1e6 / (1 + 0.005 * (1 / 20 + 1 / 40)), rel=1e-13)


def test_a_sliver_at_target_pays_the_minimum_and_still_converges() -> None:
    # A sits at its 50% target; buying B (from cash) costs $1, so A must sell a sliver to pay
    # its share (another $1 minimum): V' = V - 2
    quote = TradeQuote(prices=np.array([10.0, 20.0]))
    value = post_trade_value(
        1000.0, np.array([0.5, 0.5]), np.array([500.0, 0.0]), PerShareCost(), quote=quote
    )
    assert value == pytest.approx(998.0, rel=1e-13)


class _Step:
    """A test double: a $5 fee on orders of $997 or more, nothing below (iteration oscillates)."""

    def cost(self, trade_values: np.ndarray, quote: TradeQuote | None = None) -> np.ndarray:
        return np.where(np.abs(trade_values) >= 997.0, 5.0, 0.0)


def test_an_oscillating_iteration_is_bisected_to_an_affordable_value() -> None:
    # V' = 1000 costs 5 (-> 995), V' = 995 costs nothing (-> 1000): no fixed point. The largest
    # affordable value is just under 997 (no fee); the remaining ~3 stay in cash.
    value = post_trade_value(1000.0, np.array([1.0]), np.zeros(1), _Step())
    assert 997.0 - 1e-8 < value < 997.0
    assert value + float(_Step().cost(np.array([value])).sum()) <= 1000.0


def test_nothing_affordable_raises() -> None:
    with pytest.raises(ExecutionError, match="no positive post-trade value"):
        post_trade_value(1000.0, np.array([1.0]), np.zeros(1), PerShareCost(minimum=2000.0),
                         quote=TradeQuote(prices=np.ones(1)))  # fmt: skip


def test_a_model_needing_prices_without_a_quote_names_them() -> None:
    with pytest.raises(ConfigError, match="PerShareCost needs prices"):
        post_trade_value(1000.0, np.array([1.0]), np.zeros(1), PerShareCost())


@settings(max_examples=200, deadline=None)
@given(
    weights=arrays(float, 6, elements=st.floats(0.0, 1.0)),
    held=arrays(float, 6, elements=st.floats(0.0, 1e4)),
    cash=st.floats(0.0, 1e4),
    bps=st.floats(0.0, 500.0),
)
def test_proportional_costs_solve_the_fixed_point_exactly(
    weights: np.ndarray, held: np.ndarray, cash: float, bps: float
) -> None:
    total = float(weights.sum())
    assume(total > 0)
    w = weights / max(total, 1.0)
    value = float(held.sum()) + cash
    assume(value > 1.0)
    after = post_trade_value(value, w, held, ProportionalCost(bps=bps))
    residual = after - (value - bps / 1e4 * float(np.abs(w * after - held).sum()))
    assert abs(residual) <= 1e-12 * value
