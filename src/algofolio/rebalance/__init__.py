"""Rebalancing (L4): when to trade (rules over a drift window) and account trade plans."""

from algofolio.rebalance.calendar import CalendarRule, period_numbers
from algofolio.rebalance.min_variance_target import RollingMinVariance
from algofolio.rebalance.plan import TradePlan, plan_rebalance
from algofolio.rebalance.rules import AnyRule, RebalanceRule
from algofolio.rebalance.target import AllocatorTarget, Target, fresh_target
from algofolio.rebalance.threshold import ThresholdRule, drift_measure
from algofolio.rebalance.window import DriftWindow

__all__ = [
    "AllocatorTarget",
    "AnyRule",
    "CalendarRule",
    "DriftWindow",
    "RebalanceRule",
    "RollingMinVariance",
    "Target",
    "ThresholdRule",
    "TradePlan",
    "drift_measure",
    "fresh_target",
    "period_numbers",
    "plan_rebalance",
]
