"""Trade rules: hand-computed trades, the no-trade region against KKT and a brute-force grid, and
properties every rule keeps (budget, "not traded" exactly, trades towards the target)."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from algofolio.core import ConfigError, DataError
from algofolio.costs import ProportionalCost
from algofolio.rebalance.trade_rules import (
    BandEdge,
    FullRebalance,
    MinimumTrade,
    NoTradeRegion,
    TradeRule,
    TradeRules,
    TurnoverCap,
    fund_buys,
)

# --- hand-computed cases ------------------------------------------------------------------------

CURRENT = np.array([0.52, 0.30, 0.18, 0.0])  # 100% invested
TARGET = np.array([0.40, 0.35, 0.20, 0.05])


def test_full_rebalance_is_the_target() -> None:
    out = FullRebalance().adjust(CURRENT, TARGET)
    assert out.tolist() == TARGET.tolist()
    assert out is not TARGET


def test_band_edge_trades_only_outside_assets_to_the_nearest_edge() -> None:
    # gaps: A -0.12 (beyond 0.05: to 0.45), B +0.05 (on the edge: stays), C +0.02 (stays),
    # D +0.05 (stays); cash 0 + sells 0.07 fund nothing else
    out = BandEdge(0.05).adjust(CURRENT, TARGET)
    assert out.tolist() == [0.45, 0.30, 0.18, 0.0]
    assert out[1:].tolist() == CURRENT[1:].tolist()  # exactly: not traded
    # relative bands of 20%: A's band 0.32..0.48 (to 0.48), B 0.28..0.42 (stays), C 0.16..0.24
    # (stays), D's zero... D has target 0.05: band 0.04..0.06, so it is bought to 0.04
    out = BandEdge(0.2, kind="relative").adjust(CURRENT, TARGET)
    np.testing.assert_allclose(out, [0.48, 0.30, 0.18, 0.04], atol=1e-15)
    # a zero target: the band is absolute (0.2 around 0): 0.25 is sold to 0.2; B's band is
    # 0.6..0.9, so B is bought from 0.5 to 0.6
    zero = BandEdge(0.2, kind="relative").adjust(np.array([0.25, 0.5]), np.array([0.0, 0.75]))
    np.testing.assert_allclose(zero, [0.2, 0.6], atol=1e-15)


def test_band_edge_scales_buys_it_cannot_fund() -> None:
    # fully invested; A 0.07 under (to 0.45: +0.02), B and C over but inside their band: the buy
    # has no cash and no sell to pay for it, so it is scaled to 0 (nothing traded)
    current, target = np.array([0.43, 0.33, 0.24]), np.array([0.5, 0.3, 0.2])
    assert BandEdge(0.05).adjust(current, target).tolist() == current.tolist()
    # 1% of cash: half of the 2-point buy
    current = np.array([0.43, 0.32, 0.24])
    np.testing.assert_allclose(BandEdge(0.05).adjust(current, target), [0.44, 0.32, 0.24])


def test_turnover_cap_by_hand() -> None:
    # turnover of the full trade: (0.12 + 0.05 + 0.02 + 0.05) / 2 = 0.12; cap 0.03: a quarter
    out = TurnoverCap(0.03).adjust(CURRENT, TARGET)
    np.testing.assert_allclose(out, [0.49, 0.3125, 0.185, 0.0125])
    assert TurnoverCap(0.12).adjust(CURRENT, TARGET).tolist() == TARGET.tolist()


def test_minimum_trade_by_hand() -> None:
    # trades -0.12, +0.05, +0.02, +0.05: C's is under 0.03 and dropped (its cash stays)
    out = MinimumTrade(0.03).adjust(CURRENT, TARGET)
    np.testing.assert_allclose(out, [0.40, 0.35, 0.18, 0.05], atol=1e-15)
    assert out[2] == CURRENT[2]
    # trades -0.03, -0.07, +0.06, +0.04 with a 0.035 minimum: A's sell is dropped, so 0.07 of
    # sells pay for 0.10 of buys: each at 0.7, C +0.042, D +0.028, under the minimum: dropped
    current, target = np.array([0.5, 0.5, 0.0, 0.0]), np.array([0.47, 0.43, 0.06, 0.04])
    out = MinimumTrade(0.035).adjust(current, target)
    np.testing.assert_allclose(out, [0.5, 0.43, 0.042, 0.0], atol=1e-15)
    assert out[[0, 3]].tolist() == [0.5, 0.0]


def test_no_trade_region_by_hand() -> None:
    # 10 bps at risk aversion 0.025: half-width 0.04; gaps -0.12 -> -0.08, +0.05 -> +0.01,
    # +0.02 -> none, +0.05 -> +0.01
    rule = NoTradeRegion(ProportionalCost(bps=10), risk_aversion=0.025)
    assert rule.half_width == pytest.approx(0.04)
    out = rule.adjust(CURRENT, TARGET)
    np.testing.assert_allclose(out, [0.44, 0.31, 0.18, 0.01], atol=1e-15)
    assert out[2] == CURRENT[2]
    assert NoTradeRegion(0.001, 0.025).adjust(CURRENT, TARGET).tolist() == out.tolist()
    assert rule.describe() == "no-trade region (cost 10 bps, risk aversion 0.025: half-width 4%)"


def test_rules_in_order() -> None:
    rules = TradeRules(NoTradeRegion(0.001, 0.025), TurnoverCap(0.04))
    step = NoTradeRegion(0.001, 0.025).adjust(CURRENT, TARGET)  # turnover 0.05
    np.testing.assert_allclose(rules.adjust(CURRENT, TARGET), CURRENT + 0.8 * (step - CURRENT))
    assert rules.describe() == (
        "no-trade region (cost 10 bps, risk aversion 0.025: half-width 4%), then turnover cap "
        "(at most 4% one-way)"
    )


def test_fund_buys_by_hand() -> None:
    # 10% cash + 0.05 of sells pay for 0.15 of the 0.2 of buys: each buy at 0.75
    out = fund_buys(np.array([0.4, 0.3, 0.2]), np.array([0.5, 0.4, 0.15]))
    np.testing.assert_allclose(out, [0.475, 0.375, 0.15])
    assert out.sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("build", "key"),
    [
        (lambda: BandEdge(0.0), "threshold"),
        (lambda: BandEdge(1.0), "threshold"),
        (lambda: BandEdge(0.1, kind="wide"), "kind"),  # type: ignore[arg-type]
        (lambda: NoTradeRegion(-0.001, 1.0), "costs"),
        (lambda: NoTradeRegion(float("nan"), 1.0), "costs"),
        (lambda: NoTradeRegion(0.001, 0.0), "risk_aversion"),
        (lambda: TurnoverCap(0.0), "max_turnover"),
        (lambda: TurnoverCap(1.5), "max_turnover"),
        (lambda: MinimumTrade(True), "min_weight"),
        (lambda: TradeRules(), "rules"),
        (lambda: TradeRules(FullRebalance(), "cap"), "rules"),  # type: ignore[arg-type]
    ],
)
def test_invalid_rules(build: object, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        build()  # type: ignore[operator]
    assert info.value.key == key


def test_shapes_must_agree_and_rules_are_frozen_values() -> None:
    with pytest.raises(DataError, match="BandEdge"):
        BandEdge(0.05).adjust(np.zeros(3), np.zeros(2))
    rules = [FullRebalance(), BandEdge(0.05), NoTradeRegion(0.001, 1.0), TurnoverCap(0.1),
             MinimumTrade(0.01), TradeRules(FullRebalance())]  # fmt: skip
    assert all(isinstance(rule, TradeRule) for rule in rules)
    assert TurnoverCap(0.1) == TurnoverCap(0.1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules[1].threshold = 0.1  # type: ignore[misc]


# --- the no-trade region against its optimality conditions ---------------------------------


@st.composite
def weight_pairs(draw: st.DrawFn, budget: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(current, target): >= 0, each summing to at most ``budget``, with some targets exactly
    equal to the current weight (assets the target does not move)."""
    k = draw(st.integers(1, 8))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    current = rng.dirichlet(np.ones(k + 1))[:k] * budget
    if draw(st.booleans()):  # fully invested
        current = rng.dirichlet(np.ones(k)) * budget
    same = rng.random(k) < 0.3
    target = current.copy()
    spare = budget - current[same].sum()  # what the moved assets may hold
    target[~same] = rng.dirichlet(np.ones(k + 1))[: (~same).sum()] * spare
    target[~same & (rng.random(k) < 0.25)] = 0.0
    return current, target


def objective(w: np.ndarray, w0: np.ndarray, w1: np.ndarray, a: float, c: float) -> np.ndarray:
    return 0.5 * a * (w - w1) ** 2 + c * np.abs(w - w0)


@given(
    pair=weight_pairs(budget=0.5),  # sum(current) + sum(target) <= 1: the budget never binds
    rate=st.floats(0.0, 0.01),
    aversion=st.floats(0.01, 10.0),
)
def test_no_trade_region_meets_the_subgradient_condition_and_beats_a_grid(
    pair: tuple, rate: float, aversion: float
) -> None:
    w0, w1 = pair
    w = NoTradeRegion(rate, aversion).adjust(w0, w1)
    traded = w != w0
    # traded: a (w - w*) + c sign(w - w0) = 0; not traded: |a (w0 - w*)| <= c
    np.testing.assert_allclose(
        aversion * (w - w1)[traded] + rate * np.sign(w - w0)[traded], 0.0, atol=1e-12
    )
    assert (np.abs(aversion * (w0 - w1)[~traded]) <= rate * (1 + 1e-12) + 1e-15).all()
    # brute force: no point of a fine grid around each asset does better
    grid = np.linspace(-0.1, 0.6, 7001)[:, None]
    best = objective(grid, w0, w1, aversion, rate).min(axis=0)
    assert (objective(w, w0, w1, aversion, rate) <= best + 1e-12).all()


# --- properties of every rule ---------------------------------------------------------------

RULES = st.one_of(
    st.just(FullRebalance()),
    st.builds(BandEdge, st.floats(0.001, 0.5)),
    st.builds(BandEdge, st.floats(0.01, 3.0), kind=st.just("relative")),
    st.builds(NoTradeRegion, st.floats(0.0, 0.01), st.floats(0.01, 10.0)),
    st.builds(TurnoverCap, st.floats(0.001, 1.0)),
    st.builds(MinimumTrade, st.floats(0.001, 0.5)),
)
RULE_CHAINS = st.one_of(
    RULES, st.lists(RULES, min_size=1, max_size=4).map(lambda r: TradeRules(*r))
)


@given(rule=RULE_CHAINS, pair=weight_pairs())
def test_every_rule_keeps_the_budget_and_trades_only_towards_the_target(
    rule: TradeRule, pair: tuple
) -> None:
    w0, w1 = pair
    out = rule.adjust(w0, w1, None)  # type: ignore[arg-type]
    assert out.shape == w0.shape
    assert np.isfinite(out).all()
    assert out.sum() <= 1 + 1e-9
    # an asset the target does not move is not traded, exactly
    same = w1 == w0
    assert out[same].tolist() == w0[same].tolist()
    # every trade goes towards the target and not past it
    trade, wanted = out - w0, w1 - w0
    assert (trade * wanted >= 0).all()
    assert (np.abs(trade) <= np.abs(wanted) + 1e-15).all()
    # long only in, long only out
    assert (out >= -1e-15).all()


@given(threshold=st.floats(0.001, 0.5), pair=weight_pairs(budget=0.5))
def test_band_edge_traded_assets_end_on_the_edge(threshold: float, pair: tuple) -> None:
    w0, w1 = pair
    out = BandEdge(threshold).adjust(w0, w1)
    traded = out != w0
    np.testing.assert_allclose(np.abs(out - w1)[traded], threshold, rtol=1e-9)
    assert (np.abs(w0 - w1)[~traded] <= threshold).all()


@given(cap=st.floats(0.001, 1.0), pair=weight_pairs())
def test_turnover_cap_is_hit_exactly_when_it_binds(cap: float, pair: tuple) -> None:
    w0, w1 = pair
    out = TurnoverCap(cap).adjust(w0, w1)
    wanted = 0.5 * np.abs(w1 - w0).sum()
    done = 0.5 * np.abs(out - w0).sum()
    if wanted <= cap:
        assert out.tolist() == w1.tolist()
    else:
        assert done == pytest.approx(cap, rel=1e-12)
        # on the straight line to the target
        np.testing.assert_allclose(out - w0, (cap / wanted) * (w1 - w0), atol=1e-15)


@given(minimum=st.floats(0.001, 0.5), pair=weight_pairs())
def test_minimum_trade_leaves_no_small_trade(minimum: float, pair: tuple) -> None:
    w0, w1 = pair
    out = MinimumTrade(minimum).adjust(w0, w1)
    trade = np.abs(out - w0)
    assert (trade[trade != 0] >= minimum).all()
    big = np.abs(w1 - w0) >= minimum
    if w0.sum() + (w1 - w0)[big].sum() <= 1:  # the kept trades fund themselves: unchanged
        assert out[big].tolist() == w1[big].tolist()


@given(rules=st.lists(RULES, min_size=1, max_size=4), pair=weight_pairs())
def test_trade_rules_apply_their_rules_in_order(rules: list, pair: tuple) -> None:
    w0, w1 = pair
    expected = w1
    for rule in rules:
        expected = rule.adjust(w0, expected)
    assert TradeRules(*rules).adjust(w0, w1).tolist() == expected.tolist()


@st.composite
def invested_pairs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Fully invested current and target weights: where partial trades can overspend the cash."""
    k = draw(st.integers(2, 8))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))


PARTIAL_RULES = st.one_of(
    st.builds(BandEdge, st.floats(0.001, 0.1)),
    st.builds(NoTradeRegion, st.floats(0.0, 0.001), st.floats(0.01, 1.0)),
    st.builds(MinimumTrade, st.floats(0.001, 0.2)),
)


@given(rule=PARTIAL_RULES, pair=invested_pairs())
def test_partial_trades_never_spend_more_than_the_portfolio(rule: TradeRule, pair: tuple) -> None:
    w0, w1 = pair
    out = rule.adjust(w0, w1, None)  # type: ignore[arg-type]
    assert out.sum() <= 1 + 1e-9
    trade, wanted = out - w0, w1 - w0
    assert (trade * wanted >= 0).all()
    assert (np.abs(trade) <= np.abs(wanted) + 1e-15).all()
