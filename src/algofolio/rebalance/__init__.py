"""Rebalancing (L4): when to trade (rules over a drift window) and account trade plans."""

from algofolio.rebalance.calendar import CalendarRule, period_numbers
from algofolio.rebalance.plan import TradePlan, plan_rebalance
from algofolio.rebalance.rules import AnyRule, RebalanceRule
from algofolio.rebalance.threshold import ThresholdRule, drift_measure
from algofolio.rebalance.window import DriftWindow

__all__ = [
    "AnyRule",
    "CalendarRule",
    "DriftWindow",
    "RebalanceRule",
    "ThresholdRule",
    "TradePlan",
    "drift_measure",
    "period_numbers",
    "plan_rebalance",
]
