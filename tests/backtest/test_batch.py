"""Strategies as values, and several strategies from a common start."""

import dataclasses

import pytest

from algofolio.allocate import EqualWeight, InverseVolatility
from algofolio.backtest import Strategy, common_start, run_backtest, run_backtests
from algofolio.core import ConfigError
from algofolio.costs import ProportionalCost
from algofolio.rebalance import CalendarRule

from .conftest import random_prices


def make(name: str, window: int | None) -> Strategy:
    return Strategy(name=name, allocator=EqualWeight(), rule=CalendarRule(), window=window)


def test_strategies_start_on_the_same_date() -> None:
    prices = random_prices(seed=21)
    strategies = [make("short", 10), make("long", 60)]
    assert common_start(prices, strategies) == prices.index[60]
    results = run_backtests(prices, strategies, initial_value=10.0, end="2021-09-30")
    assert [r.name for r in results] == ["short", "long"]
    assert {r.nav.index[0] for r in results} == {prices.index[60]}
    assert {r.nav.index[-1] for r in results} == {prices.index[prices.index <= "2021-09-30"][-1]}
    # each equals its own run from that date
    alone = run_backtest(prices, strategies[0], initial_value=10.0, start=prices.index[60])
    assert results[0].nav.loc[:"2021-09-30"].equals(alone.nav.loc[:"2021-09-30"])


def test_names_must_differ() -> None:
    with pytest.raises(ConfigError, match="'x' is used twice"):
        run_backtests(random_prices(), [make("x", 10), make("x", 20)])
    with pytest.raises(ConfigError, match="no strategies"):
        common_start(random_prices(), [])


def test_strategy_defaults_and_validation() -> None:
    strategy = Strategy(name="iv", allocator=InverseVolatility(), rule=CalendarRule())
    assert strategy.window == 252
    assert strategy.costs == ProportionalCost(0.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        strategy.window = 10  # type: ignore[misc]
    with pytest.raises(TypeError):
        Strategy("iv", InverseVolatility(), CalendarRule())  # type: ignore[misc]  # keywords only


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"name": " "}, "name"),
        ({"window": 1}, "window"),
        ({"window": 20.0}, "window"),
        ({"rule": "monthly"}, "rule"),
        ({"allocator": object()}, "allocator"),
        ({"costs": 10}, "costs"),
    ],
)
def test_strategy_rejects_bad_parts(changes: dict[str, object], key: str) -> None:
    fields = {"name": "s", "allocator": EqualWeight(), "rule": CalendarRule(), "window": 20}
    with pytest.raises(ConfigError) as info:
        Strategy(**(fields | changes))  # type: ignore[arg-type]
    assert info.value.key == key
