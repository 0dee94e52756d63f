"""The simulator against closed forms, hand-made calendars and drift paths, and its own ledger."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.allocate import Allocator, EqualWeight, FixedWeights, InverseVolatility
from algofolio.backtest import TRADE_COLUMNS, Strategy, run_backtest
from algofolio.core import ConfigError, DataError, EstimationError
from algofolio.costs import ProportionalCost
from algofolio.rebalance import CalendarRule, RebalanceRule, ThresholdRule

from .conftest import NeverRule, random_prices

MIX = {"A0": 0.5, "A1": 0.3, "A2": 0.2}


def test_buy_and_hold_is_the_closed_form() -> None:
    prices = random_prices(seed=1)
    strategy = Strategy(name="hold", allocator=FixedWeights(MIX), rule=NeverRule(), window=20)
    result = run_backtest(prices, strategy, initial_value=100.0)
    held = prices.iloc[20:]
    w = pd.Series(MIX)
    growth = held / held.iloc[0]
    expected = 100.0 * (growth * w).sum(axis=1)
    np.testing.assert_allclose(result.nav.to_numpy(), expected.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(
        result.weights.to_numpy(), (growth * w).div(expected / 100.0, axis=0).to_numpy(), rtol=1e-12
    )
    assert result.nav.name == "hold"
    assert result.nav.index[0] == prices.index[20]
    assert len(result.rebalances) == 1
    assert result.rebalances["reason"].iloc[0] == "initial allocation"


def test_buy_and_hold_with_a_cash_share() -> None:
    prices = random_prices(seed=2)
    mix = {"A0": 0.4, "A2": 0.2}  # 40% cash, earning nothing
    strategy = Strategy(name="hold", allocator=FixedWeights(mix), rule=NeverRule(), window=10)
    result = run_backtest(prices, strategy)
    held = prices.iloc[10:]
    growth = held / held.iloc[0]
    expected = 0.4 * growth["A0"] + 0.2 * growth["A2"] + 0.4
    np.testing.assert_allclose(result.nav.to_numpy(), expected.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(result.cash.to_numpy(), 0.4, rtol=1e-12)
    assert (result.weights["A1"] == 0).all()


def test_daily_constant_mix_compounds_the_weighted_returns() -> None:
    prices = random_prices(seed=3)
    strategy = Strategy(
        name="mix", allocator=FixedWeights(MIX), rule=CalendarRule("daily"), window=5
    )
    result = run_backtest(prices, strategy)
    returns = prices.pct_change().iloc[6:]  # returns after the first allocation (day 5)
    expected = np.cumprod(1 + returns.to_numpy() @ np.array(list(MIX.values())))
    np.testing.assert_allclose(result.nav.to_numpy()[1:], expected, rtol=1e-10)
    np.testing.assert_allclose(result.weights.to_numpy(), [list(MIX.values())] * len(result.nav))


@pytest.mark.parametrize("bps", [10.0, 100.0])
def test_first_day_cost_is_the_full_buy_fixed_point(bps: float) -> None:
    # from cash, buying s = 100% of V' costs c s V' and V' = V - c s V': cost = V c s / (1 + c s)
    prices = random_prices(seed=4)
    c, s, v = bps / 1e4, 1.0, 1000.0
    strategy = Strategy(
        name="ew", allocator=EqualWeight(), rule=NeverRule(), costs=ProportionalCost(bps), window=30
    )
    result = run_backtest(prices, strategy, initial_value=v)
    first_cost = v * c * s / (1 + c * s)
    assert result.rebalances["cost"].iloc[0] == pytest.approx(first_cost, rel=1e-10)
    assert result.nav.iloc[0] == pytest.approx(v - first_cost, rel=1e-12)
    assert result.trades["cost"].sum() == pytest.approx(first_cost, rel=1e-10)
    # one-way turnover of a full buy: (V' / 2) / V
    assert result.rebalances["turnover"].iloc[0] == pytest.approx(0.5 / (1 + c * s), rel=1e-10)


def test_calendar_rebalances_on_the_first_trading_day_of_each_month() -> None:
    prices = random_prices(n_days=400, seed=5)
    prices = prices.drop(pd.to_datetime(["2021-06-01", "2021-11-01"]))  # holidays on month starts
    strategy = Strategy(name="m", allocator=EqualWeight(), rule=CalendarRule("monthly"), window=20)
    result = run_backtest(prices, strategy)
    after = prices.index[prices.index > prices.index[20]]
    first_days = after.to_series().groupby(after.to_period("M")).min()
    first_days = first_days[first_days.dt.to_period("M") != prices.index[20].to_period("M")]
    rule_rebalances = result.rebalances.index[1:]
    assert list(rule_rebalances) == list(first_days)
    assert pd.Timestamp("2021-06-02") in rule_rebalances
    assert (result.rebalances["reason"].iloc[1:] == CalendarRule().describe()).all()


def test_threshold_rebalances_on_the_day_the_band_is_crossed() -> None:
    # A rises 1% a day, B is flat: after a 50/50 buy, A's weight is g / (g + 1) with g = 1.01^k;
    # it first exceeds 0.55 when g > 11/9, i.e. on day k = ceil(log(11/9) / log(1.01)) = 21.
    n = 80
    index = pd.bdate_range("2022-01-03", periods=n, name="date")
    prices = pd.DataFrame({"A": 1.01 ** np.arange(n), "B": np.ones(n)}, index=index)
    strategy = Strategy(
        name="band",
        allocator=FixedWeights({"A": 0.5, "B": 0.5}),
        rule=ThresholdRule(0.05),
        window=2,
    )
    result = run_backtest(prices, strategy)
    k = int(np.ceil(np.log(11 / 9) / np.log(1.01)))
    assert result.rebalances.index[1] == index[2 + k]
    assert result.weights.loc[index[2 + k - 1], "A"] <= 0.55 < 1.01**k / (1.01**k + 1)
    # and again k days after each rebalance
    assert list(result.rebalances.index[1:]) == list(index[2 + k :: k])


def replay(prices: pd.DataFrame, trades: pd.DataFrame, initial: float, dates: pd.Index) -> tuple:
    """Rebuild shares, cash and NAV from the trade list alone."""
    shares = trades.pivot_table(index="date", columns="asset", values="shares", aggfunc="sum")
    shares = shares.reindex(index=dates, columns=prices.columns).fillna(0.0).cumsum()
    outflow = (trades["value"] + trades["cost"]).groupby(trades["date"]).sum()
    cash = initial - outflow.reindex(dates).fillna(0.0).cumsum()
    nav = (shares * prices.loc[dates]).sum(axis=1, min_count=0) + cash
    return shares, cash, nav


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    bps=st.sampled_from([0.0, 5.0, 50.0]),
    allocator=st.sampled_from([EqualWeight(), InverseVolatility(), FixedWeights({"A0": 0.7, "A3": 0.2})]),
    rule=st.sampled_from([CalendarRule("weekly"), ThresholdRule(0.02), ThresholdRule(0.3, "relative")]),
)  # fmt: skip
def test_the_ledger_replays(
    seed: int, bps: float, allocator: Allocator, rule: RebalanceRule
) -> None:
    prices = random_prices(n_days=150, n_assets=4, seed=seed)
    strategy = Strategy(
        name="s", allocator=allocator, rule=rule, costs=ProportionalCost(bps), window=15
    )
    result = run_backtest(prices, strategy, initial_value=1000.0)
    trades = result.trades
    assert list(trades.columns) == list(TRADE_COLUMNS)
    assert (result.cash >= 0).all()
    tolerance = 1e-9 * 1000.0  # rounding, relative to the portfolio value
    np.testing.assert_allclose(trades["value"], trades["shares"] * trades["price"], atol=tolerance)
    np.testing.assert_allclose(
        trades["price"],
        [prices.at[d, a] for d, a in zip(trades["date"], trades["asset"], strict=True)],
    )
    np.testing.assert_allclose(trades["cost"], bps / 1e4 * trades["value"].abs(), atol=tolerance)
    assert trades["cost"].sum() == pytest.approx(result.rebalances["cost"].sum())
    shares, cash, nav = replay(prices, trades, 1000.0, result.nav.index)
    np.testing.assert_allclose(result.cash, cash, atol=1e-8)
    np.testing.assert_allclose(result.nav, nav, rtol=1e-10)
    values = shares * prices.loc[result.nav.index].fillna(0.0)
    np.testing.assert_allclose(result.weights, values.div(nav, axis=0), atol=1e-10)
    # costs are the whole gap between the gross P&L of the held shares and the NAV change
    gross = (shares.shift(1) * prices.loc[result.nav.index].diff()).sum(axis=1).iloc[1:].sum()
    drag = trades["cost"].sum() - result.rebalances["cost"].iloc[0]
    assert result.nav.iloc[-1] - result.nav.iloc[0] == pytest.approx(gross - drag, rel=1e-9)
    turnover = trades.groupby("date")["value"].apply(lambda v: v.abs().sum())
    pre_nav = result.nav + result.rebalances["cost"].reindex(result.nav.index).fillna(0.0)
    np.testing.assert_allclose(
        result.rebalances["turnover"], (turnover / 2 / pre_nav.loc[turnover.index]).to_numpy()
    )


def test_returns_are_the_nav_simple_returns() -> None:
    result = run_backtest(
        random_prices(seed=6),
        Strategy(name="x", allocator=EqualWeight(), rule=CalendarRule(), window=10),
    )
    expected = result.nav.pct_change().iloc[1:]
    pd.testing.assert_series_equal(result.returns, expected)


def test_start_and_end() -> None:
    prices = random_prices(seed=7)
    strategy = Strategy(name="x", allocator=EqualWeight(), rule=CalendarRule(), window=10)
    result = run_backtest(prices, strategy, start="2021-03-10", end="2021-06-30")
    assert result.nav.index[0] == pd.Timestamp("2021-03-10")
    assert result.nav.index[-1] == pd.Timestamp("2021-06-30")
    with pytest.raises(DataError, match="on or after 2030-01-01"):
        run_backtest(prices, strategy, start="2030-01-01")


def test_the_strategy_allocator_is_not_modified() -> None:
    allocator = EqualWeight()
    run_backtest(
        random_prices(), Strategy(name="x", allocator=allocator, rule=NeverRule(), window=10)
    )
    assert not hasattr(allocator, "weights_")


def test_a_held_asset_without_a_price_names_asset_and_date() -> None:
    prices = random_prices(seed=8)
    prices.iloc[100, 1] = np.nan
    strategy = Strategy(name="x", allocator=EqualWeight(), rule=NeverRule(), window=10)
    with pytest.raises(DataError, match=r"'A1' has no price on 2021-05-24") as info:
        run_backtest(prices, strategy)
    assert info.value.asset == "A1"
    assert info.value.date == prices.index[100]


def test_a_gap_before_the_next_rebalance_is_not_reached_twice() -> None:
    # the gap falls on a day the monthly rule trades: the held asset cannot be priced
    prices = random_prices(seed=8)
    prices.loc["2021-03-01", "A1"] = np.nan
    strategy = Strategy(name="x", allocator=EqualWeight(), rule=CalendarRule(), window=10)
    with pytest.raises(DataError, match="'A1' has no price on 2021-03-01"):
        run_backtest(prices, strategy)


def test_inverse_volatility_errors_name_the_date() -> None:
    prices = random_prices(seed=9)
    prices["A2"] = 50.0  # zero volatility
    strategy = Strategy(name="x", allocator=InverseVolatility(), rule=CalendarRule(), window=10)
    with pytest.raises(EstimationError, match=r"2021-01-18: .*'A2'"):
        run_backtest(prices, strategy)


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        (pd.DataFrame({"A": [1.0, -2.0]}, index=pd.bdate_range("2024-01-01", periods=2)), "'A'"),
        (pd.DataFrame({"A": [1.0, 2.0]}), "dates must be text or datetimes"),
        (
            pd.DataFrame({"A": [1.0, 2.0]}, index=pd.to_datetime(["2024-01-02", "2024-01-01"])),
            "ascending order",
        ),
    ],
)
def test_bad_prices(bad: pd.DataFrame, match: str) -> None:
    strategy = Strategy(name="x", allocator=EqualWeight(), rule=NeverRule(), window=2)
    with pytest.raises(DataError, match=match):
        run_backtest(bad, strategy)


@pytest.mark.parametrize("value", [0.0, -1.0, float("nan")])
def test_initial_value_must_be_positive(value: float) -> None:
    strategy = Strategy(name="x", allocator=EqualWeight(), rule=NeverRule(), window=2)
    with pytest.raises(ConfigError, match="initial_value"):
        run_backtest(random_prices(), strategy, initial_value=value)


@pytest.mark.parametrize("window", [np.int64(20), np.int32(20)])
def test_numpy_integer_windows_are_accepted(window: int) -> None:
    strategy = Strategy(name="1/N", allocator=EqualWeight(), rule=CalendarRule(), window=window)
    assert strategy.window == 20
    assert type(strategy.window) is int


@pytest.mark.parametrize("window", [1, 2.5, True, "20"])
def test_bad_windows_name_the_key(window: object) -> None:
    with pytest.raises(ConfigError, match="window must be an int") as info:
        Strategy(name="1/N", allocator=EqualWeight(), rule=CalendarRule(), window=window)  # type: ignore[arg-type]
    assert info.value.key == "window"
