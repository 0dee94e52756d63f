"""Test doubles of backtest results: plain pandas objects with hand-picked values."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

EVIL = "<script>alert(1)</script>"


def json_strings(node: object) -> Iterator[str]:
    """Every string (keys and values) in a parsed JSON document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from json_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from json_strings(item)


@dataclass(frozen=True)
class FakeResult:
    name: str
    nav: pd.Series
    weights: pd.DataFrame
    rebalances: pd.DataFrame
    trades: pd.DataFrame

    @property
    def returns(self) -> pd.Series:
        return self.nav.pct_change().iloc[1:]


@dataclass(frozen=True)
class FakeComparison:
    results: list[FakeResult]
    benchmark: pd.Series | None
    summary: pd.DataFrame
    title: str
    prices: pd.DataFrame | None = None


def make_prices(assets: list[str], *, seed: int, days: int = 600) -> pd.DataFrame:
    """A random walk per asset on the results' dates (correlated through a common factor)."""
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range("2020-01-01", periods=days, name="date")
    common = rng.normal(0.0, 0.008, (days, 1))
    shocks = common + rng.normal(0.0003, 0.01, (days, len(assets)))
    return pd.DataFrame(100.0 * np.cumprod(1 + shocks, axis=0), index=dates, columns=assets)


def nav_only(name: str, *, seed: int, days: int = 600) -> FakeResult:
    """A plain value series, as the CLI reads from a NAV file: no weights, trades or rebalances."""
    full = make_result(name, ["AAA"], seed=seed, days=days)
    return FakeResult(
        name,
        full.nav,
        pd.DataFrame(index=full.nav.index),
        pd.DataFrame(),
        pd.DataFrame(),
    )


def make_result(name: str, assets: list[str], *, seed: int, days: int = 600) -> FakeResult:
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range("2020-01-01", periods=days, name="date")
    nav = pd.Series(1000.0 * np.cumprod(1 + rng.normal(0.0003, 0.01, days)), index=dates, name=name)
    raw = rng.uniform(0.5, 1.5, (days, len(assets)))
    weights = pd.DataFrame(0.95 * raw / raw.sum(axis=1, keepdims=True), index=dates, columns=assets)
    rebalance_dates = dates[::21]
    rebalances = pd.DataFrame(
        {
            "reason": ["calendar"] * len(rebalance_dates),
            "turnover": np.linspace(0.01, 0.1, len(rebalance_dates)),
            "cost": np.linspace(1.0, 2.0, len(rebalance_dates)),
        },
        index=pd.DatetimeIndex(rebalance_dates, name="date"),
    )
    trades = pd.DataFrame(
        {
            "date": [dates[0]] * len(assets),
            "asset": assets,
            "shares": [10.0] * len(assets),
            "price": [5.0] * len(assets),
            "value": [50.0] * len(assets),
            "cost": [0.05] * len(assets),
        }
    )
    return FakeResult(name, nav, weights, rebalances, trades)


SUMMARY = pd.DataFrame(
    {"Mix": [0.0812, 0.61, 0.3456, 321.0], EVIL: [0.05, float("nan"), 0.5, 12.0]},
    index=["CAGR", "Sharpe ratio", "Max drawdown", "Max drawdown duration"],
)


@pytest.fixture(scope="session")
def comparison() -> FakeComparison:
    """Two strategies (one named like a script tag, holding an asset named so), a benchmark and
    the assets' prices. Shared by the session: never modify it."""
    mix = make_result("Mix", ["AAA", "BBB", EVIL], seed=1)
    other = make_result(EVIL, ["AAA", "CCC"], seed=2)
    benchmark = (mix.nav * 1.01).rename("INDEX")
    prices = make_prices(["AAA", "BBB", EVIL, "CCC"], seed=3)
    return FakeComparison([mix, other], benchmark, SUMMARY, title=f"Report {EVIL}", prices=prices)
