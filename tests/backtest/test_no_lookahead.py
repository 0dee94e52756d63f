"""No look-ahead: changing every input after t changes nothing the backtest decided or filled up to t.

Hypothesis draws one trigger, one target and one trade rule (every kind the engine ships), a fill
timing and a cut date t; all data after t (prices, opening prices, volumes, dividends) are shocked.
Everything recorded up to t must be identical, bit for bit: NAV, weights, cash, the trades filled
on or before t and the rebalances decided and filled on or before t.
"""

from collections.abc import Callable

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.allocate import Allocator, EqualWeight, FixedWeights, InverseVolatility
from algofolio.backtest import BacktestResult, Strategy, run_backtest
from algofolio.core.history import MarketHistory
from algofolio.costs import ProportionalCost, SquareRootImpact
from algofolio.optimize import HierarchicalRiskParity, MaxUtility, MeanVariance
from algofolio.rebalance import (
    AllRule,
    AnyRule,
    BandEdge,
    CalendarRule,
    FullRebalance,
    MinimumTrade,
    NoTradeRegion,
    SignalTrigger,
    StrategicMix,
    Target,
    ThresholdRule,
    Tilt,
    TradeRules,
    TurnoverCap,
    VolatilityTrigger,
)

from .conftest import random_prices

ASSETS = ["A0", "A1", "A2", "A3"]


def momentum_scores(history: MarketHistory) -> np.ndarray:
    """20-day price momentum at the decision (NaN while an asset lacks the history)."""
    prices = history.prices
    if len(prices) <= 20:
        return np.full(prices.shape[1], np.nan)
    scores: np.ndarray = prices[-1] / prices[-21] - 1.0
    return scores


TRIGGERS = {
    "monthly": CalendarRule("monthly"),
    "3rd day of each quarter": CalendarRule("QS", offset=2),
    "weekly on Fridays": CalendarRule("W-FRI"),
    "absolute band": ThresholdRule(0.03),
    "relative band": ThresholdRule(0.15, kind="relative"),
    "portfolio band": ThresholdRule(0.04, scope="portfolio"),
    "per-asset bands": ThresholdRule({"A0": 0.02, "A1": 0.05, "A2": 0.05, "A3": 0.05}),
    "volatility": VolatilityTrigger(threshold=0.18, window=10, direction="either"),
    "calendar or band": AnyRule(CalendarRule("quarterly"), ThresholdRule(0.05)),
    "calendar and band": AllRule(CalendarRule("weekly"), ThresholdRule(0.02)),
    "event dates": SignalTrigger(
        pd.Series(True, index=pd.bdate_range("2021-01-04", periods=200, name="date")[5::17])
    ),
}
MIX = {"A0": 0.4, "A1": 0.3, "A2": 0.2}
# each target from the score table of the run (only the last one reads it; it is shocked too)
TARGETS: dict[str, Callable[[pd.DataFrame], Allocator | Target]] = {
    "equal weight": lambda _: EqualWeight(),
    "inverse volatility": lambda _: InverseVolatility(),
    "fixed mix": lambda _: FixedWeights({"A0": 0.5, "A1": 0.3}),
    "min variance (warm)": lambda _: MeanVariance(),
    "max utility": lambda _: MeanVariance(MaxUtility()),
    "HRP": lambda _: HierarchicalRiskParity(),
    "strategic mix": lambda _: StrategicMix(MIX),
    "mix tilted by momentum": lambda _: Tilt(StrategicMix(MIX), momentum_scores),
    "mix tilted by a score table": lambda scores: Tilt(StrategicMix(MIX), scores),
}
TRADES = {
    "default": None,
    "full": FullRebalance(),
    "band edge": BandEdge(0.02),
    "no-trade region": NoTradeRegion(ProportionalCost(bps=10), risk_aversion=0.05),
    "turnover cap": TurnoverCap(0.1),
    "minimum trade": MinimumTrade(0.01),
    "band edge then minimum": TradeRules(BandEdge(0.02), MinimumTrade(0.01)),
}


def up_to(result: BacktestResult, t: pd.Timestamp) -> tuple[pd.Series | pd.DataFrame, ...]:
    rebalances = result.rebalances
    return (
        result.nav.loc[:t],
        result.weights.loc[:t],
        result.cash.loc[:t],
        result.trades[result.trades["date"] <= t].reset_index(drop=True),
        rebalances[(rebalances.index <= t) & (rebalances["filled"] <= t)],
    )


def shocked(frame: pd.DataFrame, cut: int, rng: np.random.Generator) -> pd.DataFrame:
    out = frame.copy()
    out.iloc[cut + 1 :] *= rng.uniform(0.5, 1.5, size=out.iloc[cut + 1 :].shape)
    return out


@settings(max_examples=120, deadline=None)
@given(
    trigger=st.sampled_from(sorted(TRIGGERS)),
    target=st.sampled_from(sorted(TARGETS)),
    trade=st.sampled_from(sorted(TRADES)),
    execution=st.sampled_from(["close", "next_open"]),
    seed=st.integers(0, 2**32 - 1),
    cut=st.integers(45, 198),
)
def test_data_after_t_do_not_change_anything_up_to_t(
    trigger: str, target: str, trade: str, execution: str, seed: int, cut: int
) -> None:
    rng = np.random.default_rng(seed)
    prices = random_prices(n_days=200, n_assets=4, seed=seed % 10_000)
    prices.iloc[:40, 3] = np.nan  # A3 is listed later: eligibility must not peek ahead either
    opens = prices.shift(1) * rng.uniform(0.99, 1.01, prices.shape)
    opens.iloc[0] = prices.iloc[0]
    volumes = pd.DataFrame(rng.uniform(1e5, 1e6, prices.shape), prices.index, prices.columns)
    dividends = pd.DataFrame(0.0, prices.index, prices.columns)
    dividends.iloc[rng.integers(0, 200, 6), rng.integers(0, 3, 6)] = 0.5
    scores = pd.DataFrame(rng.normal(size=prices.shape), prices.index, prices.columns)

    def strategy(scores: pd.DataFrame) -> Strategy:
        return Strategy(
            name="s",
            allocator=TARGETS[target](scores),
            rule=TRIGGERS[trigger],
            trade=TRADES[trade],
            costs=ProportionalCost(10) + SquareRootImpact(coefficient=0.1),
            window=30,
            execution=execution,  # type: ignore[arg-type]
        )

    inputs = {"opens": opens, "volumes": volumes, "dividends": dividends}
    original = run_backtest(prices, strategy(scores), initial_value=1e6, **inputs)  # type: ignore[arg-type]
    t = prices.index[cut]
    later = {name: shocked(frame, cut, rng) for name, frame in inputs.items()}
    perturbed = run_backtest(
        shocked(prices, cut, rng),
        strategy(shocked(scores, cut, rng)),
        initial_value=1e6,
        **later,  # type: ignore[arg-type]
    )
    for ours, theirs in zip(up_to(original, t), up_to(perturbed, t), strict=True):
        if isinstance(ours, pd.Series):
            pd.testing.assert_series_equal(ours, theirs, check_exact=True)
        else:
            pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
    assert len(original.nav.loc[:t]) > 0
