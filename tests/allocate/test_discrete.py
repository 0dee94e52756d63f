"""Whole shares: hand-computed accounts, and the greedy against a literal reference and a brute force."""

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from algofolio.allocate import ShareAllocation, whole_shares
from algofolio.core import ConfigError, DataError

MIX = pd.Series({"VTI": 0.6, "BND": 0.3, "GLD": 0.1})


def test_sixty_thirty_ten_by_hand() -> None:
    # targets 6000 / 3000 / 1000: floors 24 (6000), 41 (2952), 5 (950) leave 98;
    # GLD (deficit 50) costs 190 > 98, BND (deficit 48) costs 72: buy one -> 26 left, nothing fits.
    prices = pd.Series({"VTI": 250.0, "BND": 72.0, "GLD": 190.0})
    plan = whole_shares(MIX, prices, 10_000.0)
    assert plan.shares.to_dict() == {"VTI": 24, "BND": 42, "GLD": 5}
    assert plan.shares.dtype == np.int64
    assert plan.leftover == pytest.approx(26.0)
    assert plan.cost == 0.0


def test_with_costs_by_hand() -> None:
    # 10 bps from cash: V' = 10_010 / 1.001 = 10_000; targets 6000 / 3000 / 1000.
    # floors 23 (5773), 41 (2952), 5 (950): 9675 * 1.001 = 9684.675 spent, 325.325 spare.
    # VTI (deficit 227) costs 251.251: buy -> 74.074; GLD 190.19 never fits; BND 72.072 fits -> 2.002.
    prices = pd.Series({"VTI": 251.0, "BND": 72.0, "GLD": 190.0})
    plan = whole_shares(MIX, prices, 10_010.0, cost_rate=0.001)
    assert plan.shares.to_dict() == {"VTI": 24, "BND": 42, "GLD": 5}
    assert plan.cost == pytest.approx(0.001 * (24 * 251 + 42 * 72 + 5 * 190))
    assert plan.leftover == pytest.approx(2.002)
    np.testing.assert_allclose(plan.target_values.to_numpy(), [6000.0, 3000.0, 1000.0])


def test_cash_share_is_kept() -> None:
    # 50% in A at 30: target 500 -> 16 shares (480); the other 500 is cash, so no 17th share.
    plan = whole_shares(pd.Series({"A": 0.5}), pd.Series({"A": 30.0}), 1000.0)
    assert plan.shares.to_dict() == {"A": 16}
    assert plan.leftover == pytest.approx(520.0)


def test_rebalancing_from_current_shares_charges_costs_on_trades_only() -> None:
    # hold 10 A @ 100, no cash; target 100% B @ 50, 1% costs on both legs:
    # V' = 1000 - 0.01 (V' + 1000) -> V' = 990 / 1.01 = 980.2 -> 19 B (950);
    # cash = 1000 - 950 - 0.01 (950 + 1000) = 30.5 < 50.5 for a 20th share.
    plan = whole_shares(
        pd.Series({"B": 1.0}),
        pd.Series({"A": 100.0, "B": 50.0}),
        1000.0,
        cost_rate=0.01,
        current_shares=pd.Series({"A": 10.0}),
    )
    assert plan.shares.to_dict() == {"B": 19, "A": 0}
    assert plan.cost == pytest.approx(19.5)
    assert plan.leftover == pytest.approx(30.5)


def test_prices_far_apart_stay_exact_and_fast() -> None:
    # a share costing 600k cannot be bought with 100k; the rest goes to the cheap asset: its
    # target is 900k, then the spare 100k buys more of it (nothing else fits).
    plan = whole_shares(
        pd.Series({"BRK": 0.1, "PENNY": 0.9}), pd.Series({"BRK": 600_000.0, "PENNY": 0.37}), 1e6
    )
    assert plan.shares["BRK"] == 0
    assert plan.shares["PENNY"] == math.floor(1e6 / 0.37)
    assert 0 <= plan.leftover < 0.37


@pytest.mark.parametrize(
    ("weights", "prices", "match", "error"),
    [
        ({"A": 0.5, "B": 0.5}, {"A": 10.0}, "'B'", DataError),
        ({"A": 0.5, "B": 0.5}, {"A": 10.0, "B": 0.0}, "'B'", DataError),
        ({"A": 0.5, "B": 0.5}, {"A": 10.0, "B": float("nan")}, "'B'", DataError),
        ({"A": -0.5, "B": 0.5}, {"A": 10.0, "B": 1.0}, "'A'", ConfigError),
        ({"A": 0.8, "B": 0.5}, {"A": 10.0, "B": 1.0}, "sum", ConfigError),
    ],
)
def test_errors_name_the_asset(
    weights: dict[str, float], prices: dict[str, float], match: str, error: type[Exception]
) -> None:
    with pytest.raises(error, match=match):
        whole_shares(pd.Series(weights), pd.Series(prices, dtype=float), 100.0)


def test_zero_weight_assets_need_no_price() -> None:
    plan = whole_shares(pd.Series({"A": 1.0, "B": 0.0}), pd.Series({"A": 10.0}), 100.0)
    assert plan.shares.to_dict() == {"A": 10, "B": 0}


@pytest.mark.parametrize("rate", [-0.1, 1.0, float("nan")])
def test_cost_rate_must_be_below_one(rate: float) -> None:
    with pytest.raises(ConfigError, match="cost_rate"):
        whole_shares(MIX, pd.Series({"VTI": 1.0, "BND": 1.0, "GLD": 1.0}), 100.0, cost_rate=rate)


def test_capital_must_cover_current_shares() -> None:
    with pytest.raises(DataError, match="capital"):
        whole_shares(
            pd.Series({"A": 1.0}),
            pd.Series({"A": 10.0}),
            50.0,
            current_shares=pd.Series({"A": 10.0}),
        )


# --- the greedy against independent references ---------------------------------------------------


def literal_greedy(
    weights: np.ndarray, prices: np.ndarray, capital: float, rate: float
) -> np.ndarray:
    """The spec, step by step: floor, then one share at a time of the affordable asset with the
    largest value deficit, until no share fits (buying from cash, all weights > 0, sum 1)."""
    value = capital / (1 + rate * weights.sum())
    targets = weights * value
    shares = np.floor(targets / prices)
    spare = capital - (1 + rate) * float(shares @ prices)
    while True:
        affordable = (1 + rate) * prices <= spare + 1e-12 * capital
        if not affordable.any():
            return shares
        deficit = np.where(affordable, targets - shares * prices, -np.inf)
        j = int(np.argmax(deficit))
        shares[j] += 1
        spare -= (1 + rate) * prices[j]


Account = tuple[np.ndarray, np.ndarray, float, float]  # weights, prices, capital, cost rate


@st.composite
def accounts(draw: st.DrawFn, max_assets: int = 3) -> Account:
    n = draw(st.integers(1, max_assets))
    raw = np.array(draw(st.lists(st.integers(1, 20), min_size=n, max_size=n)), dtype=float)
    cents = draw(st.lists(st.integers(100, 20_000), min_size=n, max_size=n))
    prices = np.array(cents, dtype=float) / 100
    capital = draw(st.integers(500, 40_000)) / 100
    rate = draw(st.sampled_from([0.0, 0.001, 0.01]))
    return raw / raw.sum(), prices, capital, rate


def _run(weights: np.ndarray, prices: np.ndarray, capital: float, rate: float) -> ShareAllocation:
    names = [f"A{i}" for i in range(len(weights))]
    return whole_shares(
        pd.Series(weights, index=names), pd.Series(prices, index=names), capital, cost_rate=rate
    )


@settings(max_examples=150, deadline=None)
@given(accounts())
def test_greedy_matches_the_literal_reference(account: Account) -> None:
    weights, prices, capital, rate = account
    plan = _run(weights, prices, capital, rate)
    expected = literal_greedy(weights, prices, capital, rate)
    np.testing.assert_array_equal(plan.shares.to_numpy(), expected)
    # the ledger reconciles and the leftover is less than the cheapest share with its cost
    spent = float(plan.shares.to_numpy() @ prices)
    assert plan.cost == pytest.approx(rate * spent, abs=1e-9)
    assert plan.leftover == pytest.approx(capital - spent - plan.cost, abs=1e-9)
    assert 0 <= plan.leftover < (1 + rate) * prices.min() + 1e-9


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(accounts())
@example((np.array([1.0]), np.array([1.0]), 6.06, 0.01))  # 1.01 * 6 rounds just above 6.06
def test_greedy_minimises_the_largest_deficit_by_brute_force(account: Account) -> None:
    weights, prices, capital, rate = account
    plan = _run(weights, prices, capital, rate)
    targets = plan.target_values.to_numpy()
    np.testing.assert_allclose(targets, weights * capital / (1 + rate), rtol=1e-12)
    floors = np.floor(targets / prices)
    # every allocation keeping at least the floors and fitting the budget, costs included (one
    # share more than the floor division allows: it can round down a purchase that just fits)
    ranges = [
        range(int(f), int(f + (capital - (1 + rate) * floors @ prices) // ((1 + rate) * p)) + 2)
        for f, p in zip(floors, prices, strict=True)
    ]
    best = math.inf
    for combo in itertools.product(*ranges):
        n = np.array(combo, dtype=float)
        if (1 + rate) * float(n @ prices) <= capital * (1 + 1e-12):
            best = min(best, float(np.max(targets - n * prices)))
    got = float(np.max(targets - plan.shares.to_numpy() * prices))
    assert got == pytest.approx(best, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 500), st.integers(2_000, 500_000), st.integers(1, 300))
def test_bulk_purchases_equal_single_steps(cheap_cents: int, dear_cents: int, capital: int) -> None:
    # a cheap and a dear asset: the cheap one takes thousands of single steps in the reference
    prices = np.array([cheap_cents / 100, dear_cents / 100, 7.77])
    weights = np.array([0.2, 0.5, 0.3])
    capital_value = capital * 100.0
    plan = _run(weights, prices, capital_value, 0.001)
    expected = literal_greedy(weights, prices, capital_value, 0.001)
    np.testing.assert_array_equal(plan.shares.to_numpy(), expected)
