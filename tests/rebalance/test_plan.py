"""Account trade plans: a hand-computed account, the no-trade band, costs and errors."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.core import ConfigError, DataError, Holdings
from algofolio.costs import PerShareCost, ProportionalCost
from algofolio.rebalance import plan_rebalance

PRICES = pd.Series({"VTI": 250.0, "BND": 72.0, "GLD": 190.0})
TARGETS = pd.Series({"VTI": 0.6, "BND": 0.3, "GLD": 0.1})
ACCOUNT = Holdings(shares=pd.Series({"VTI": 30.0, "BND": 30.0, "GLD": 5.0}), cash=1000.0)


def test_hand_computed_account() -> None:
    # value 7500 + 2160 + 950 + 1000 = 11_610; weights 64.6% / 18.6% / 8.2%: BND is 11.4 points off.
    # targets 6966 / 3483 / 1161 -> floors 27, 48, 6 (11_346), 264 spare; VTI (deficit 216) fits
    # at 250 -> 28 VTI, 14 cash; nothing else fits.
    plan = plan_rebalance(ACCOUNT, PRICES, TARGETS, threshold=0.05)
    trades = plan.trades
    assert plan.needs_trading
    assert trades.index.tolist() == ["VTI", "BND", "GLD"]
    assert trades["target_shares"].to_dict() == {"VTI": 28, "BND": 48, "GLD": 6}
    assert trades["trade_shares"].to_dict() == {"VTI": -2, "BND": 18, "GLD": 1}
    assert trades["trade_shares"].dtype == np.int64
    np.testing.assert_allclose(trades["trade_value"], [-500.0, 1296.0, 190.0])
    np.testing.assert_allclose(trades["current_weight"], np.array([7500, 2160, 950]) / 11_610)
    np.testing.assert_allclose(trades["final_weight"], np.array([7000, 3456, 1140]) / 11_610)
    assert trades["target_weight"].tolist() == [0.6, 0.3, 0.1]
    assert plan.cash_before == 1000.0
    assert plan.cash_after == pytest.approx(14.0)
    assert plan.total_cost == 0.0
    assert plan.max_drift_asset == "BND"
    assert plan.max_drift == pytest.approx(0.3 - 2160 / 11_610)
    assert plan.reason == "BND is 11.4% from its target (threshold 5.0%): trade to the targets"


def test_within_the_band_nothing_is_traded() -> None:
    plan = plan_rebalance(ACCOUNT, PRICES, TARGETS, threshold=0.15, date=pd.Timestamp("2024-06-03"))
    assert not plan.needs_trading
    assert plan.reason == "all assets within 15.0% of target: nothing to trade"
    assert (plan.trades["trade_shares"] == 0).all()
    assert plan.trades["target_shares"].to_dict() == {"VTI": 30, "BND": 30, "GLD": 5}
    assert plan.cash_after == plan.cash_before == 1000.0
    assert plan.date == pd.Timestamp("2024-06-03")


def test_without_threshold_always_trades_to_targets() -> None:
    plan = plan_rebalance(ACCOUNT, PRICES, TARGETS)
    assert plan.reason == "trade to the targets (largest drift: BND 11.4%)"


def test_already_at_target_in_whole_shares() -> None:
    at_target = Holdings(shares=pd.Series({"VTI": 24.0, "BND": 42.0, "GLD": 5.0}), cash=26.0)
    plan = plan_rebalance(at_target, PRICES, TARGETS)
    assert not plan.needs_trading
    assert plan.reason.startswith("already at the targets in whole shares")


def test_assets_not_in_the_targets_are_sold() -> None:
    account = Holdings(shares=pd.Series({"VTI": 10.0, "ARKK": 20.0}), cash=0.0)
    prices = pd.Series({"VTI": 250.0, "BND": 72.0, "ARKK": 50.0})
    # value 2500 + 1000 = 3500 -> 50/50 VTI/BND: 1750 each: 7 VTI (1750), 24 BND (1728), 22 cash
    plan = plan_rebalance(account, prices, pd.Series({"VTI": 0.5, "BND": 0.5}))
    assert plan.trades.index.tolist() == ["VTI", "BND", "ARKK"]
    assert plan.trades["target_shares"].to_dict() == {"VTI": 7, "BND": 24, "ARKK": 0}
    assert plan.trades.loc["ARKK", "trade_shares"] == -20
    assert plan.cash_after == pytest.approx(22.0)


def test_costs_are_paid_from_cash() -> None:
    # 10 bps on every trade of the hand-computed account (same shares: the spare cash covers them)
    plan = plan_rebalance(ACCOUNT, PRICES, TARGETS, costs=ProportionalCost(bps=10))
    np.testing.assert_allclose(plan.trades["cost"], [0.5, 1.296, 0.19])
    assert plan.total_cost == pytest.approx(1.986)
    assert plan.cash_after == pytest.approx(14.0 - 1.986)


def test_fractional_holdings_keep_float_trades() -> None:
    account = Holdings(shares=pd.Series({"VTI": 10.5}), cash=0.0)
    plan = plan_rebalance(account, pd.Series({"VTI": 100.0}), pd.Series({"VTI": 1.0}))
    assert plan.trades["target_shares"].tolist() == [10]  # whole shares only
    assert plan.trades["trade_shares"].tolist() == [-0.5]
    assert plan.cash_after == pytest.approx(50.0)


@pytest.mark.parametrize(
    ("targets", "prices", "error", "match"),
    [
        ({"VTI": 0.6, "QQQ": 0.4}, {"VTI": 250.0, "BND": 72.0, "GLD": 190.0}, DataError, "'QQQ'"),
        ({"VTI": 1.0}, {"VTI": 250.0, "BND": 72.0}, DataError, "'GLD'"),  # held, unpriced
        ({"VTI": 1.0}, {"VTI": 250.0, "BND": -1.0, "GLD": 190.0}, DataError, "'BND'"),
        (
            {"VTI": 0.6, "BND": -0.1},
            {"VTI": 250.0, "BND": 72.0, "GLD": 190.0},
            ConfigError,
            "'BND'",
        ),
        ({"VTI": 0.8, "BND": 0.4}, {"VTI": 250.0, "BND": 72.0, "GLD": 190.0}, ConfigError, "sum"),
    ],
)
def test_errors_name_the_asset(
    targets: dict[str, float], prices: dict[str, float], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        plan_rebalance(ACCOUNT, pd.Series(prices), pd.Series(targets))


@pytest.mark.parametrize("threshold", [0.0, 1.0, -0.05, float("nan")])
def test_threshold_must_be_a_drift_in_zero_one(threshold: float) -> None:
    with pytest.raises(ConfigError, match="threshold"):
        plan_rebalance(ACCOUNT, PRICES, TARGETS, threshold=threshold)


def test_empty_account_is_an_error() -> None:
    with pytest.raises(DataError, match="no value"):
        plan_rebalance(Holdings(shares=pd.Series(dtype=float)), PRICES, TARGETS)


@settings(max_examples=60, deadline=None)
@given(
    shares=st.lists(st.integers(0, 200), min_size=3, max_size=3),
    cents=st.lists(st.integers(100, 50_000), min_size=3, max_size=3),
    raw=st.lists(st.integers(0, 10), min_size=3, max_size=3),
    cash=st.integers(0, 100_000),
    bps=st.sampled_from([0.0, 5.0, 50.0]),
)
def test_cash_never_goes_negative_and_the_plan_reconciles(
    shares: list[int], cents: list[int], raw: list[int], cash: int, bps: float
) -> None:
    names = ["A", "B", "C"]
    if sum(shares) == 0 and cash == 0:
        cash = 1
    account = Holdings(shares=pd.Series(shares, index=names, dtype=float), cash=float(cash))
    prices = pd.Series(np.array(cents) / 100, index=names)
    targets = pd.Series(np.array(raw) / max(sum(raw), 1), index=names)
    plan = plan_rebalance(account, prices, targets, costs=ProportionalCost(bps))
    trades = plan.trades
    assert plan.cash_after >= 0
    np.testing.assert_allclose(trades["trade_value"], trades["trade_shares"] * trades["price"])
    np.testing.assert_allclose(trades["cost"], bps / 1e4 * trades["trade_value"].abs())
    expected_cash = cash - trades["trade_value"].sum() - plan.total_cost
    assert plan.cash_after == pytest.approx(expected_cash, abs=1e-6)
    assert (trades["target_shares"] >= 0).all()


def test_per_share_commissions_are_charged_per_order() -> None:
    holdings = Holdings(shares=pd.Series({"A": 0.0, "B": 0.0}), cash=10_000.0)
    prices = pd.Series({"A": 50.0, "B": 20.0})
    plan = plan_rebalance(
        holdings,
        prices,
        pd.Series({"A": 0.5, "B": 0.5}),
        costs=PerShareCost(per_share=0.005, minimum=1.0),
    )
    shares = plan.trades["trade_shares"].astype(float)
    expected = np.maximum(0.005 * shares.abs(), 1.0).where(shares != 0, 0.0)
    np.testing.assert_allclose(plan.trades["cost"].to_numpy(), expected.to_numpy(), rtol=1e-12)
    assert plan.cash_after >= 0
