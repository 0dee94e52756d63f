"""Every ``kind`` of the backtest config builds the object it names, compared with that object
constructed directly; a few whole strategies give the same NAV as the engine run by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pydantic import TypeAdapter

from algofolio.allocate import EqualWeight, FixedWeights, InverseVolatility
from algofolio.backtest import Strategy, run_backtest
from algofolio.costs import (
    Financing,
    HalfSpreadCost,
    PerShareCost,
    ProportionalCost,
    SquareRootImpact,
)
from algofolio.datasets import load_factor_prices
from algofolio.optimize import (
    Bounds,
    Budget,
    EfficientReturn,
    EfficientRisk,
    HierarchicalRiskParity,
    MaxDiversification,
    MaxReturn,
    MaxSharpe,
    MaxSortino,
    MaxUtility,
    MeanVariance,
    MinCVaR,
    MinSemivariance,
    MinVariance,
    RiskBudgeting,
)
from algofolio.rebalance import (
    AllRule,
    AnyRule,
    BandEdge,
    CalendarRule,
    FullRebalance,
    MinimumTrade,
    NoTradeRegion,
    RollingMinVariance,
    StrategicMix,
    ThresholdRule,
    Tilt,
    TradeRules,
    TurnoverCap,
    VolatilityTrigger,
)
from algofolio.workflows import METHODS, build_strategies, load_backtest_config, run_config
from algofolio.workflows.config import BacktestConfig
from algofolio.workflows.config_allocators import OPTIMIZER_KINDS
from algofolio.workflows.config_costs import CostsSetting, build_costs
from algofolio.workflows.config_rules import TradeSetting, TriggerConfig, build_trade
from algofolio.workflows.config_targets import AllocatorConfig, MomentumScores

ALLOCATORS: list[tuple[dict[str, Any], Any]] = [
    ({"kind": "equal_weight"}, EqualWeight()),
    ({"kind": "inverse_volatility"}, InverseVolatility()),
    ({"kind": "fixed", "weights": {"A": 0.6, "B": 0.4}}, FixedWeights({"A": 0.6, "B": 0.4})),
    ({"kind": "min_variance"}, MeanVariance(MinVariance(), None)),
    (
        {"kind": "min_variance", "max_weight": 0.3},
        MeanVariance(MinVariance(), (Budget(), Bounds(upper=0.3))),
    ),
    ({"kind": "max_sharpe", "risk_free_rate": 0.02}, MeanVariance(MaxSharpe(risk_free_rate=0.02))),
    ({"kind": "max_utility", "risk_aversion": 4}, MeanVariance(MaxUtility(risk_aversion=4.0))),
    (
        {"kind": "efficient_return", "target_return": 0.1},
        MeanVariance(EfficientReturn(target_return=0.1)),
    ),
    (
        {"kind": "efficient_risk", "target_volatility": 0.12},
        MeanVariance(EfficientRisk(target_volatility=0.12)),
    ),
    (
        {"kind": "max_return", "max_weight": 0.5},
        MeanVariance(MaxReturn(), (Budget(), Bounds(upper=0.5))),
    ),
    ({"kind": "max_diversification"}, MeanVariance(MaxDiversification())),
    ({"kind": "min_cvar", "confidence": 0.9}, MeanVariance(MinCVaR(confidence=0.9))),
    ({"kind": "min_semivariance", "target": 0.001}, MeanVariance(MinSemivariance(target=0.001))),
    (
        {"kind": "max_sortino", "risk_free_rate": 0.01},
        MeanVariance(MaxSortino(risk_free_rate=0.01)),
    ),
    ({"kind": "risk_parity"}, RiskBudgeting()),
    ({"kind": "risk_parity", "budgets": {"A": 2, "B": 1}}, RiskBudgeting({"A": 2.0, "B": 1.0})),
    ({"kind": "hrp", "linkage": "ward"}, HierarchicalRiskParity("ward")),
]


def _params(allocator: Any) -> tuple[type, dict[str, Any]]:
    return type(allocator), allocator.get_params()


@pytest.mark.parametrize(("table", "expected"), ALLOCATORS, ids=lambda x: str(x)[:40])
def test_each_allocator_kind_builds_the_allocator_it_names(
    table: dict[str, Any], expected: Any
) -> None:
    built = TypeAdapter(AllocatorConfig).validate_python(table).build()
    assert _params(built) == _params(expected)


def test_allocator_kinds_are_the_optimize_objectives() -> None:
    """One vocabulary: every ``algofolio optimize --objective`` name is an allocator kind."""
    assert set(OPTIMIZER_KINDS) == {m.name.replace("-", "_") for m in METHODS}


def test_strategic_mix_and_tilt_build_targets() -> None:
    mix = TypeAdapter(AllocatorConfig).validate_python(
        {"kind": "strategic_mix", "weights": {"A": 0.5, "B": 0.3}}
    )
    assert mix.build() == StrategicMix({"A": 0.5, "B": 0.3})
    tilt = TypeAdapter(AllocatorConfig).validate_python(
        {
            "kind": "tilt",
            "base": {"kind": "min_variance"},
            "signal": {"kind": "momentum", "lookback": 60, "skip": 5},
            "strength": 0.3,
            "max_tilt": 0.2,
        }
    )
    built = tilt.build(120)  # type: ignore[call-arg]
    expected = Tilt(
        RollingMinVariance(window=120),
        MomentumScores(lookback=60, skip=5),
        strength=0.3,
        max_tilt=0.2,
    )
    assert repr(built) == repr(expected)
    assert built.window == 120


def test_momentum_scores_are_the_signals_momentum() -> None:
    from algofolio.core.history import MarketHistory
    from algofolio.signals import momentum

    prices = load_factor_prices().iloc[:300]
    history = MarketHistory.from_prices(prices)
    scores = MomentumScores(lookback=252, skip=21)(history.until(280))
    expected = momentum(prices, lookback=252, skip=21).iloc[280].to_numpy()
    np.testing.assert_allclose(scores, expected, rtol=1e-14)
    assert np.isnan(MomentumScores(lookback=252, skip=21)(history.until(100))).all()


TRIGGERS: list[tuple[dict[str, Any], Any]] = [
    ({"kind": "calendar", "frequency": "monthly"}, CalendarRule("monthly")),
    ({"kind": "calendar", "frequency": "ME", "offset": 2}, CalendarRule("ME", offset=2)),
    (
        {"kind": "threshold", "threshold": 0.2, "drift": "relative"},
        ThresholdRule(0.2, kind="relative"),
    ),
    (
        {"kind": "threshold", "threshold": 0.05, "scope": "portfolio"},
        ThresholdRule(0.05, scope="portfolio"),
    ),
    (
        {"kind": "threshold", "threshold": {"A": 0.05, "B": 0.1}},
        ThresholdRule({"A": 0.05, "B": 0.1}),
    ),
    (
        {"kind": "volatility", "threshold": 0.3, "window": 10, "asset": "A", "direction": "either"},
        VolatilityTrigger(threshold=0.3, window=10, asset="A", direction="either"),
    ),
    (
        {
            "kind": "any",
            "rules": [
                {"kind": "calendar", "frequency": "quarterly"},
                {"kind": "all", "rules": [{"kind": "calendar", "frequency": "weekly"},
                                          {"kind": "threshold", "threshold": 0.03}]},
            ],
        },
        AnyRule(CalendarRule("quarterly"), AllRule(CalendarRule("weekly"), ThresholdRule(0.03))),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("table", "expected"), TRIGGERS, ids=lambda x: str(x)[:40])
def test_each_trigger_kind_builds_the_rule_it_names(table: dict[str, Any], expected: Any) -> None:
    assert TypeAdapter(TriggerConfig).validate_python(table).build() == expected


TRADES: list[tuple[Any, Any]] = [
    ({"kind": "full"}, FullRebalance()),
    ({"kind": "band_edge", "threshold": 0.3, "drift": "relative"}, BandEdge(0.3, kind="relative")),
    ({"kind": "no_trade_region", "risk_aversion": 0.05, "cost_bps": 10}, NoTradeRegion(0.001, 0.05)),
    ({"kind": "no_trade_region", "risk_aversion": 0.05}, NoTradeRegion(0.0025, 0.05)),  # the costs'
    ({"kind": "turnover_cap", "max_turnover": 0.1}, TurnoverCap(0.1)),
    ({"kind": "minimum_trade", "min_weight": 0.01}, MinimumTrade(0.01)),
    ([{"kind": "minimum_trade", "min_weight": 0.01}], MinimumTrade(0.01)),
    (
        [{"kind": "band_edge", "threshold": 0.05}, {"kind": "turnover_cap", "max_turnover": 0.2}],
        TradeRules(BandEdge(0.05), TurnoverCap(0.2)),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("table", "expected"), TRADES, ids=lambda x: str(x)[:40])
def test_each_trade_kind_builds_the_rule_it_names(table: Any, expected: Any) -> None:
    costs = ProportionalCost(bps=20) + HalfSpreadCost(spread_bps=10)  # 20 + 5 bps a unit traded
    built = build_trade(TypeAdapter(TradeSetting).validate_python(table), costs)
    assert built == expected
    if isinstance(built, NoTradeRegion):
        assert built.half_width == pytest.approx(expected.half_width, rel=1e-12)


COSTS: list[tuple[Any, Any]] = [
    ({"kind": "proportional", "bps": 7}, ProportionalCost(bps=7)),
    (
        {"kind": "per_share", "per_share": 0.01, "minimum": 2, "maximum_rate": 0.005},
        PerShareCost(per_share=0.01, minimum=2.0, maximum_rate=0.005),
    ),
    ({"kind": "half_spread", "spread_bps": 4}, HalfSpreadCost(spread_bps=4)),
    ({"kind": "square_root_impact", "coefficient": 0.5}, SquareRootImpact(coefficient=0.5)),
    (
        [{"kind": "proportional", "bps": 1}, {"kind": "per_share"}],
        ProportionalCost(bps=1) + PerShareCost(),
    ),
]


@pytest.mark.parametrize(("table", "expected"), COSTS, ids=lambda x: str(x)[:40])
def test_each_cost_kind_builds_the_model_it_names(table: Any, expected: Any) -> None:
    assert build_costs(TypeAdapter(CostsSetting).validate_python(table)) == expected


def test_overrides_and_defaults_reach_the_strategy(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        """
[data]
prices = "dataset:factors"
opens = "dataset:factors"
[backtest]
window = 60
costs = { kind = "per_share", per_share = 0.01 }
execution = "next_open"
whole_shares = true
financing = { cash_rate = 0.03, borrow_rate = 0.01 }
[[strategies]]
name = "Defaults"
allocator = { kind = "equal_weight" }
rebalance = { kind = "calendar", frequency = "monthly" }
[[strategies]]
name = "Overrides"
allocator = { kind = "strategic_mix", weights = { MTUM = 0.5, USMV = 0.5 } }
rebalance = { kind = "threshold", threshold = 0.05 }
trade = { kind = "band_edge", threshold = 0.05 }
costs_bps = 3
window = 20
execution = "close"
whole_shares = false
financing = { cash_rate = 0.0 }
shorts = true
""",
        encoding="utf-8",
    )
    defaults, overrides = build_strategies(load_backtest_config(path))
    assert defaults == Strategy(
        name="Defaults",
        allocator=defaults.allocator,
        rule=CalendarRule("monthly"),
        costs=PerShareCost(per_share=0.01),
        window=60,
        execution="next_open",
        whole_shares=True,
        financing=Financing(cash_rate=0.03, borrow_rate=0.01),
    )
    assert isinstance(defaults.allocator, EqualWeight)
    assert overrides.allocator == StrategicMix({"MTUM": 0.5, "USMV": 0.5})
    assert overrides.trade == BandEdge(0.05)
    assert overrides.costs == ProportionalCost(bps=3)
    assert (overrides.window, overrides.execution, overrides.whole_shares) == (20, "close", False)
    assert overrides.financing == Financing(cash_rate=0.0)
    assert overrides.shorts is True


# --- whole strategies: the config's NAV is the engine's on the same objects ----------------------

FACTORS = load_factor_prices().loc[:"2017-12-31"]


def _run(raw: dict[str, Any]) -> pd.Series:
    comparison = run_config(BacktestConfig.model_validate(raw))
    return comparison.results[0].nav


def _data(**extra: Any) -> dict[str, Any]:
    return {"prices": "dataset:factors", "start": "2017-01-01", "end": "2017-12-31", **extra}


def test_min_variance_band_edge_per_share_next_open_contributions() -> None:
    raw = {
        "data": _data(opens="dataset:factors"),
        "backtest": {
            "initial_value": 100_000,
            "window": 120,
            "costs": [{"kind": "per_share", "per_share": 0.005}, {"kind": "half_spread", "spread_bps": 4}],
            "execution": "next_open",
            "whole_shares": True,
            "cash_flows": {"amount": 1000, "frequency": "monthly"},
        },
        "strategies": [
            {
                "name": "mv",
                "allocator": {"kind": "min_variance", "max_weight": 0.4},
                "rebalance": {"kind": "threshold", "threshold": 0.03},
                "trade": {"kind": "band_edge", "threshold": 0.03},
            }
        ],
    }  # fmt: skip
    nav = _run(raw)
    strategy = Strategy(
        name="mv",
        allocator=MeanVariance(MinVariance(), (Budget(), Bounds(upper=0.4))),
        rule=ThresholdRule(0.03),
        costs=PerShareCost(per_share=0.005) + HalfSpreadCost(spread_bps=4),
        window=120,
        trade=BandEdge(0.03),
        execution="next_open",
        whole_shares=True,
    )
    start = nav.index[0]
    dates = pd.DatetimeIndex(FACTORS.index)
    new_month = np.r_[False, dates.month[1:] != dates.month[:-1]]  # first trading day of a month
    flows = pd.Series(1000.0, index=dates[new_month & (dates > start)])
    expected = run_backtest(
        FACTORS, strategy, initial_value=100_000, start=start, opens=FACTORS, cash_flows=flows
    )
    assert len(flows) == 11  # February to December
    pd.testing.assert_series_equal(nav, expected.nav, rtol=1e-12)


def test_tilt_with_volatility_trigger_no_trade_region_and_financing() -> None:
    raw = {
        "data": _data(),
        "backtest": {"window": 60, "costs_bps": 10, "financing": {"cash_rate": 0.02}},
        "strategies": [
            {
                "name": "tilt",
                "allocator": {
                    "kind": "tilt",
                    "base": {"kind": "strategic_mix", "weights": {"MTUM": 0.4, "QUAL": 0.3, "USMV": 0.2}},
                    "signal": {"kind": "momentum", "lookback": 40, "skip": 5},
                },
                "rebalance": {
                    "kind": "any",
                    "rules": [{"kind": "calendar", "frequency": "monthly"},
                              {"kind": "volatility", "threshold": 0.08, "window": 10, "direction": "either"}],
                },
                "trade": {"kind": "no_trade_region", "risk_aversion": 0.1},
            }
        ],
    }  # fmt: skip
    nav = _run(raw)
    strategy = Strategy(
        name="tilt",
        allocator=Tilt(
            StrategicMix({"MTUM": 0.4, "QUAL": 0.3, "USMV": 0.2}),
            MomentumScores(lookback=40, skip=5),
            strength=0.5,
            max_tilt=0.5,
        ),
        rule=AnyRule(
            CalendarRule("monthly"),
            VolatilityTrigger(threshold=0.08, window=10, direction="either"),
        ),
        costs=ProportionalCost(bps=10),
        window=60,
        trade=NoTradeRegion(0.001, 0.1),
        financing=Financing(cash_rate=0.02),
    )
    # the strategic mix needs no window: the start is the first date of data.start
    assert nav.index[0] == pd.Timestamp("2017-01-03")
    expected = run_backtest(FACTORS, strategy, start="2017-01-01")
    pd.testing.assert_series_equal(nav, expected.nav, rtol=1e-12)
    reasons = set(run_config(BacktestConfig.model_validate(raw)).results[0].rebalances["reason"])
    assert any("volatility" in r for r in reasons)
