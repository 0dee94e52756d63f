"""Rebalancing (L4): when to trade (rules over a drift window) and account trade plans."""

from algofolio.rebalance.as_target import as_target
from algofolio.rebalance.calendar import CalendarRule, period_numbers
from algofolio.rebalance.events import CrossingDirection, SignalTrigger, VolatilityTrigger
from algofolio.rebalance.min_variance_target import RollingMinVariance
from algofolio.rebalance.overlay import ScoreSignal, StrategicMix, Tilt, tilt_weights
from algofolio.rebalance.plan import TradePlan, plan_rebalance
from algofolio.rebalance.rules import (
    AllRule,
    AnyRule,
    RebalanceRule,
    candidate_rows,
    require_history,
)
from algofolio.rebalance.target import AllocatorTarget, Target, fresh_target
from algofolio.rebalance.threshold import DriftScope, ThresholdRule, drift_measure
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
from algofolio.rebalance.window import DriftWindow

__all__ = [
    "AllRule",
    "AllocatorTarget",
    "AnyRule",
    "BandEdge",
    "CalendarRule",
    "CrossingDirection",
    "DriftScope",
    "DriftWindow",
    "FullRebalance",
    "MinimumTrade",
    "NoTradeRegion",
    "RebalanceRule",
    "RollingMinVariance",
    "ScoreSignal",
    "SignalTrigger",
    "StrategicMix",
    "Target",
    "ThresholdRule",
    "Tilt",
    "TradePlan",
    "TradeRule",
    "TradeRules",
    "TurnoverCap",
    "VolatilityTrigger",
    "as_target",
    "candidate_rows",
    "drift_measure",
    "fresh_target",
    "fund_buys",
    "period_numbers",
    "plan_rebalance",
    "require_history",
    "tilt_weights",
]
