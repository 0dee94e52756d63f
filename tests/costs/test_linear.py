"""Linear cost rates for the optimiser's penalty: by hand, and equal to the models' own costs on
orders where the models are linear."""

import numpy as np
import pytest

from algofolio.core import ConfigError, DataError
from algofolio.costs import (
    HalfSpreadCost,
    PerShareCost,
    ProportionalCost,
    SquareRootImpact,
    TradeQuote,
    linear_rate,
    linear_rates,
)


def test_scalar_rates() -> None:
    assert linear_rate(ProportionalCost(bps=10)) == pytest.approx(0.001)
    assert linear_rate(ProportionalCost(bps=10) + HalfSpreadCost(spread_bps=4)) == pytest.approx(
        0.0012
    )
    for model in (PerShareCost(), HalfSpreadCost(), SquareRootImpact()):
        with pytest.raises(ConfigError, match="proportional costs") as info:
            linear_rate(model)
        assert info.value.key == "costs"


def test_per_asset_rates_by_hand() -> None:
    quote = TradeQuote(prices=np.array([50.0, 0.25]), spreads=np.array([0.002, 0.01]))
    # 0.005 / 50 = 1 bp; 0.005 / 0.25 = 2%, capped at 1%
    np.testing.assert_allclose(linear_rates(PerShareCost(maximum_rate=0.01), quote), [0.0001, 0.01])
    np.testing.assert_allclose(linear_rates(HalfSpreadCost(), quote), [0.001, 0.005])
    np.testing.assert_allclose(
        linear_rates(ProportionalCost(bps=5) + HalfSpreadCost(), quote), [0.0015, 0.0055]
    )


def test_rates_reproduce_the_models_on_large_orders() -> None:
    # above minimum / per_share shares the per-share model is linear: cost = rate * |value|
    rng = np.random.default_rng(3)
    quote = TradeQuote(prices=rng.uniform(5, 300, 8), spreads=rng.uniform(0, 0.005, 8))
    model = ProportionalCost(bps=3) + PerShareCost() + HalfSpreadCost()
    values = rng.choice([-1.0, 1.0], 8) * quote.prices * rng.uniform(1000, 5000, 8)
    np.testing.assert_allclose(
        model.cost(values, quote), linear_rates(model, quote) * np.abs(values), rtol=1e-12
    )


def test_square_root_impact_is_refused_by_name() -> None:
    quote = TradeQuote(prices=np.ones(2), volumes=np.ones(2), volatility=np.ones(2))
    with pytest.raises(ConfigError, match="SquareRootImpact") as info:
        linear_rates(ProportionalCost(bps=1) + SquareRootImpact(), quote)
    assert info.value.key == "costs"


def test_missing_market_data_names_the_asset() -> None:
    quote = TradeQuote(prices=np.array([10.0, np.nan]), assets=("A", "B"))
    with pytest.raises(DataError, match="'B'"):
        linear_rates(PerShareCost(), quote)
    with pytest.raises(ConfigError) as info:
        linear_rates(HalfSpreadCost(), quote)
    assert info.value.key == "spreads"
