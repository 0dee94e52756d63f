"""Per-share commissions, half spreads and square-root impact against hand-computed cases, plus
the properties every cost model keeps (>= 0, zero trade costs nothing, symmetric in the sign)."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from algofolio.core import ConfigError, ExecutionError
from algofolio.costs import (
    CostModel,
    CostSum,
    HalfSpreadCost,
    PerShareCost,
    ProportionalCost,
    SquareRootImpact,
    TradeQuote,
    charge,
    quote_needs,
)

# ---------------------------------------------------------------------------- per share


def test_per_share_minimum_and_rate_by_hand() -> None:
    # $0.005 a share, $1 minimum: 100 shares at $50 -> 0.50 -> the $1 minimum; 1000 shares -> $5
    model = PerShareCost(per_share=0.005, minimum=1.0)
    quote = TradeQuote(prices=np.array([50.0, 50.0, 50.0]))
    np.testing.assert_allclose(model.cost(np.array([5_000.0, -50_000.0, 0.0]), quote), [1, 5, 0])


def test_per_share_matches_the_published_ibkr_fixed_examples() -> None:
    # IBKR Pro Fixed: 100 sh @ 25 -> 1.00; 1,000 sh @ 25 -> 5.00; 1,000 sh @ 0.25 -> 2.50 (1% cap)
    ibkr = PerShareCost(per_share=0.005, minimum=1.0, maximum_rate=0.01)
    quote = TradeQuote(prices=np.array([25.0, 25.0, 0.25]))
    np.testing.assert_allclose(ibkr.cost(np.array([2_500.0, 25_000.0, 250.0]), quote), [1, 5, 2.5])
    # a $50 order: the 1% cap (0.50) is below the minimum and is what is charged
    np.testing.assert_allclose(
        ibkr.cost(np.array([50.0]), TradeQuote(prices=np.array([10.0]))), [0.5]
    )


def test_per_share_needs_prices() -> None:
    model = PerShareCost()
    assert model.needs == frozenset({"prices"})
    with pytest.raises(ConfigError, match="PerShareCost needs prices") as info:
        model.cost(np.array([100.0]))
    assert info.value.key == "prices"


def test_per_share_refuses_a_traded_asset_without_price() -> None:
    quote = TradeQuote(prices=np.array([10.0, np.nan]), assets=("A", "B"))
    np.testing.assert_allclose(PerShareCost().cost(np.array([100.0, 0.0]), quote), [1.0, 0.0])
    with pytest.raises(ExecutionError, match="'B'"):
        PerShareCost().cost(np.array([100.0, 5.0]), quote)


@pytest.mark.parametrize(
    ("field", "value"), [("per_share", -0.1), ("minimum", math.nan), ("maximum_rate", math.inf)]
)
def test_per_share_validation_names_the_field(field: str, value: float) -> None:
    with pytest.raises(ConfigError) as info:
        PerShareCost(**{field: value})
    assert info.value.key == f"PerShareCost.{field}"


def test_cost_models_are_keyword_only_frozen_values() -> None:
    model = PerShareCost(per_share=0.01)
    assert model == PerShareCost(per_share=0.01, minimum=1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.minimum = 0  # type: ignore[misc]
    with pytest.raises(TypeError):
        PerShareCost(0.01)  # type: ignore[misc]


values_and_prices = st.integers(1, 6).flatmap(
    lambda k: st.tuples(
        arrays(float, k, elements=st.floats(-1e8, 1e8, allow_subnormal=False)),
        arrays(float, k, elements=st.floats(0.01, 1e4)),
    )
)


@given(values_and_prices, st.floats(1e-3, 1e3))
def test_per_share_costs_depend_on_the_shares_only(
    case: tuple[np.ndarray, np.ndarray], scale: float
) -> None:
    # the same share counts at scaled prices cost the same (homogeneous of degree 0 in (x, p))
    values, prices = case
    model = PerShareCost(per_share=0.005, minimum=1.0, maximum_rate=None)
    np.testing.assert_allclose(
        model.cost(values * scale, TradeQuote(prices=prices * scale)),
        model.cost(values, TradeQuote(prices=prices)),
        rtol=1e-9,
    )


@given(values_and_prices, st.floats(1e-3, 1e3))
def test_per_share_without_minimum_is_linear_in_the_shares(
    case: tuple[np.ndarray, np.ndarray], factor: float
) -> None:
    values, prices = case
    model = PerShareCost(per_share=0.005, minimum=0.0)
    quote = TradeQuote(prices=prices)
    np.testing.assert_allclose(
        model.cost(values * factor, quote), factor * model.cost(values, quote), rtol=1e-9
    )
    np.testing.assert_allclose(model.cost(values, quote), 0.005 * np.abs(values) / prices)


# ---------------------------------------------------------------------------- half spread


def test_half_spread_by_hand() -> None:
    # 10 bps fixed spread: half of it, 5 bps, on 10,000 -> 5; quote spreads override per asset
    model = HalfSpreadCost(spread_bps=10)
    np.testing.assert_allclose(model.cost(np.array([10_000.0, -4_000.0])), [5.0, 2.0])
    quote = TradeQuote(prices=np.ones(2), spreads=np.array([0.004, np.nan]))
    np.testing.assert_allclose(model.cost(np.array([10_000.0, -4_000.0]), quote), [20.0, 2.0])
    assert model.needs == frozenset()


def test_half_spread_without_any_spread_names_the_field() -> None:
    model = HalfSpreadCost()
    assert model.needs == frozenset({"spreads"})
    with pytest.raises(ConfigError, match="HalfSpreadCost needs spreads") as info:
        model.cost(np.array([1.0]), TradeQuote(prices=np.ones(1)))
    assert info.value.key == "spreads"
    quote = TradeQuote(prices=np.ones(2), spreads=np.array([0.001, np.nan]), assets=("A", "B"))
    with pytest.raises(ExecutionError, match="'B'"):
        model.cost(np.array([1.0, 1.0]), quote)
    np.testing.assert_allclose(model.cost(np.array([1000.0, 0.0]), quote), [0.5, 0.0])
    with pytest.raises(ConfigError) as info:
        HalfSpreadCost(spread_bps=-1)
    assert info.value.key == "HalfSpreadCost.spread_bps"


# ---------------------------------------------------------------------------- square-root impact


def test_square_root_impact_by_hand() -> None:
    # asset 1: $500k of a $50 stock trading 1M shares a day (a $50M day): participation 1%,
    #   0.02 * 500,000 * sqrt(0.01) = 1,000
    # asset 2: 2,500 shares of a $20 stock trading 10,000 a day, 3% daily vol, coefficient 0.5:
    #   0.5 * 0.03 * 50,000 * sqrt(0.25) = 375
    quote = TradeQuote(
        prices=np.array([50.0, 20.0, 7.0]),
        volumes=np.array([1e6, 1e4, np.nan]),
        volatility=np.array([0.02, 0.03, np.nan]),
    )
    np.testing.assert_allclose(
        SquareRootImpact().cost(np.array([500_000.0, 0.0, 0.0]), quote), [1000, 0, 0]
    )
    np.testing.assert_allclose(
        SquareRootImpact(coefficient=0.5).cost(np.array([0.0, -50_000.0, 0.0]), quote), [0, 375, 0]
    )


@given(st.floats(1.0, 1e8), st.floats(1e-3, 1e3))
def test_square_root_impact_grows_as_the_power_three_halves(value: float, factor: float) -> None:
    quote = TradeQuote(
        prices=np.array([30.0]), volumes=np.array([5e5]), volatility=np.array([0.015])
    )
    model = SquareRootImpact(coefficient=0.8)
    np.testing.assert_allclose(
        model.cost(np.array([value * factor]), quote),
        factor**1.5 * model.cost(np.array([value]), quote),
        rtol=1e-9,
    )


def test_square_root_impact_needs_volumes_and_volatility() -> None:
    model = SquareRootImpact()
    assert model.needs == frozenset({"volumes", "volatility"})
    with pytest.raises(
        ConfigError, match=r"square-root impact needs volumes; pass volumes= to the backtest"
    ) as info:
        model.cost(np.array([1.0]), TradeQuote(prices=np.ones(1), volatility=np.ones(1)))
    assert info.value.key == "volumes"
    assert "pass volumes= to the backtest" in str(info.value)
    with pytest.raises(ConfigError) as info:
        model.cost(np.array([1.0]), TradeQuote(prices=np.ones(1), volumes=np.ones(1)))
    assert info.value.key == "volatility"
    with pytest.raises(ConfigError):
        model.cost(np.array([1.0]))


def test_square_root_impact_refuses_a_traded_asset_without_volume() -> None:
    quote = TradeQuote(
        prices=np.ones(2),
        volumes=np.array([1e5, 0.0]),
        volatility=np.full(2, 0.01),
        assets=("A", "B"),
    )
    with pytest.raises(ExecutionError, match=r"'B' is traded but its volume"):
        SquareRootImpact().cost(np.array([10.0, 10.0]), quote)
    assert SquareRootImpact().cost(np.array([10.0, 0.0]), quote)[1] == 0.0


# ---------------------------------------------------------------------------- all models


def _quote(k: int) -> TradeQuote:
    rng = np.random.default_rng(k)
    return TradeQuote(
        prices=rng.uniform(1, 500, k),
        volumes=rng.uniform(1e3, 1e7, k),
        volatility=rng.uniform(0.005, 0.05, k),
        spreads=rng.uniform(0, 0.01, k),
    )


MODELS: list[CostModel] = [
    ProportionalCost(bps=7),
    PerShareCost(),
    PerShareCost(per_share=0.01, minimum=0.0, maximum_rate=0.005),
    HalfSpreadCost(),
    SquareRootImpact(coefficient=0.7),
    ProportionalCost(bps=2) + PerShareCost() + HalfSpreadCost(spread_bps=3) + SquareRootImpact(),
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: type(m).__name__)
@given(values=arrays(float, 5, elements=st.floats(-1e9, 1e9, allow_subnormal=False)))
def test_costs_are_non_negative_symmetric_and_zero_without_trade(
    model: CostModel, values: np.ndarray
) -> None:
    quote = _quote(5)
    costs = model.cost(values, quote)
    assert costs.shape == (5,)
    assert (costs >= 0).all()
    np.testing.assert_array_equal(costs[values == 0], 0.0)
    np.testing.assert_allclose(costs, model.cost(-values, quote), rtol=1e-12)


def test_sums_pass_the_quote_to_every_term_and_collect_their_needs() -> None:
    quote = _quote(3)
    values = np.array([1e4, -2e5, 0.0])
    parts = (PerShareCost(), HalfSpreadCost(), SquareRootImpact())
    total = parts[0] + parts[1] + parts[2]
    assert isinstance(total, CostSum)
    np.testing.assert_allclose(total.cost(values, quote), sum(p.cost(values, quote) for p in parts))
    assert total.needs == frozenset({"prices", "spreads", "volumes", "volatility"})
    assert quote_needs(ProportionalCost(1) + HalfSpreadCost(spread_bps=1)) == frozenset()


class _LegacyFee:
    """A cost model written for the one-argument protocol: a fee of 2 per asset traded."""

    def cost(self, trade_values: np.ndarray) -> np.ndarray:
        return 2.0 * (np.asarray(trade_values) != 0)


def test_one_argument_models_still_add_up_and_are_charged_without_a_quote() -> None:
    legacy = _LegacyFee()
    assert isinstance(legacy, CostModel)
    assert quote_needs(legacy) == frozenset()
    total = PerShareCost(minimum=0.0) + legacy
    quote = TradeQuote(prices=np.array([10.0, 10.0]))
    np.testing.assert_allclose(total.cost(np.array([1000.0, 0.0]), quote), [2.5, 0.0])
    np.testing.assert_allclose(charge(legacy, np.array([3.0, 0.0]), quote), [2.0, 0.0])
