"""The investor profile's allocation rule: a stock share from goal, risk tolerance and horizon,
and the yearly review with a drift band (the method is documented in :mod:`.profile`).

>>> bucket_share("growth", "high"), horizon_cap(3)
(1.0, 0.3)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

from algofolio.rebalance import AllRule, CalendarRule, RebalanceRule, ThresholdRule

__all__ = [
    "DRIFT_BAND",
    "EQUITY_CAP_PER_YEAR",
    "GOALS",
    "GOAL_EQUITY",
    "RISK_TOLERANCES",
    "TOLERANCE_SHIFT",
    "Goal",
    "RiskTolerance",
    "bucket_share",
    "horizon_cap",
    "review_rule",
]

RiskTolerance = Literal["low", "moderate", "high"]
Goal = Literal["preserve", "income", "balanced", "growth"]
RISK_TOLERANCES: tuple[RiskTolerance, ...] = get_args(RiskTolerance)
GOALS: tuple[Goal, ...] = get_args(Goal)

GOAL_EQUITY: Mapping[Goal, float] = {
    "preserve": 0.20,
    "income": 0.40,
    "balanced": 0.60,
    "growth": 0.80,
}
"""The starting stock share of each goal."""
TOLERANCE_SHIFT: Mapping[RiskTolerance, float] = {"low": -0.20, "moderate": 0.0, "high": 0.20}
"""How far the risk tolerance moves the stock share."""
EQUITY_CAP_PER_YEAR = 0.10
"""The stock share allowed per year of horizon (no cap from 10 years on)."""
DRIFT_BAND = 0.05
"""Trade back when a holding is more than this far (absolute) from its target at the review."""
REVIEW_FREQUENCY = "yearly"
"""How often the mix is looked at (first trading day of each year)."""


def bucket_share(goal: Goal, risk_tolerance: RiskTolerance) -> float:
    """The goal's starting share moved by the tolerance, within [0, 1] (rounded to 1e-2)."""
    return round(min(max(GOAL_EQUITY[goal] + TOLERANCE_SHIFT[risk_tolerance], 0.0), 1.0), 2)


def horizon_cap(horizon_years: int) -> float:
    """The most stocks a horizon allows: 10 points per year, at most 1 (rounded to 1e-2)."""
    return round(min(1.0, EQUITY_CAP_PER_YEAR * horizon_years), 2)


def review_rule() -> RebalanceRule:
    """Due on the first trading day of each year when some holding is more than
    :data:`DRIFT_BAND` from its target (both on the same day)."""
    return AllRule(CalendarRule(REVIEW_FREQUENCY), ThresholdRule(DRIFT_BAND))
