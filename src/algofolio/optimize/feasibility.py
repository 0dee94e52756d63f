"""Plain-words explanations of classic constraint conflicts, checked before any solver runs.

Each check reads the constraints' numbers only (no solver): the sum of lower bounds above the
budget, the sum of upper bounds below it, a group whose members' lower bounds exceed its upper limit
(or whose members' upper bounds cannot reach its lower limit), a budget beyond the gross leverage,
a market-neutral portfolio with a nonzero budget.

>>> problem_assets = ("A", "B", "C")
>>> conflicts((Budget(total=1.0), Bounds(lower=0.4, upper=1.0)), problem_assets)
['the lower bounds sum to 120% (3 assets, each min 40%), above the budget sum(w) = 100%']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from algofolio.optimize._values import percent
from algofolio.optimize.constraints import Bounds, Budget, Constraint, GrossLeverage, MarketNeutral
from algofolio.optimize.groups import GroupLimits

__all__ = ["combined_bounds", "conflicts"]

TOLERANCE = 1e-9
"""Slack allowed in the sums (decimal rounding such as ``0.1 * 10``)."""


def conflicts(constraints: Sequence[Constraint], assets: tuple[str, ...]) -> list[str]:
    """Messages for every classic conflict among ``constraints`` over ``assets`` (empty: none found).

    Several :class:`Bounds` combine (the tightest wins).
    """
    lower, upper = combined_bounds(constraints, assets)
    found: list[str] = []
    budgets = [c for c in constraints if isinstance(c, Budget)]
    for budget in budgets:
        found += _budget_conflicts(budget, lower, upper, assets)
    for gross in (c for c in constraints if isinstance(c, GrossLeverage)):
        found += [
            f"{budget.describe()} needs a gross exposure of at least {percent(abs(budget.total))}, "
            f"above the {gross.describe()}"
            for budget in budgets
            if abs(budget.total) > gross.max + TOLERANCE
        ]
    if any(isinstance(c, MarketNeutral) for c in constraints):
        found += [
            f"{MarketNeutral().describe()} conflicts with the {budget.describe()}"
            for budget in budgets
            if abs(budget.total) > TOLERANCE
        ]
    for limits in (c for c in constraints if isinstance(c, GroupLimits)):
        found += _group_conflicts(limits, lower, upper, assets)
    return found


def combined_bounds(
    constraints: Sequence[Constraint], assets: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """``(lower, upper)`` over ``assets``: the tightest of every :class:`Bounds` (``-inf`` / ``inf``
    without one).

    >>> combined_bounds((Bounds(upper=0.5), Bounds(lower=-1.0, upper={"B": 0.2})), ("A", "B"))
    (array([0., 0.]), array([0.5, 0.2]))
    """
    lower = np.full(len(assets), -np.inf)
    upper = np.full(len(assets), np.inf)
    for bounds in (c for c in constraints if isinstance(c, Bounds)):
        low, high = bounds.vectors(assets)
        lower, upper = np.maximum(lower, low), np.minimum(upper, high)
    return lower, upper


def _each(values: np.ndarray, word: str) -> str:
    unique = np.unique(values)
    count = f"{values.size} asset{'s' if values.size != 1 else ''}"
    if unique.size == 1:
        return f"{count}, each {word} {percent(float(unique[0]))}"
    return count


def _budget_conflicts(
    budget: Budget, lower: np.ndarray, upper: np.ndarray, assets: tuple[str, ...]
) -> list[str]:
    found = []
    if np.isfinite(lower).all() and lower.sum() > budget.total + TOLERANCE:
        found.append(
            f"the lower bounds sum to {percent(float(lower.sum()))} ({_each(lower, 'min')}), "
            f"above the {budget.describe()}"
        )
    if np.isfinite(upper).all() and upper.sum() < budget.total - TOLERANCE:
        found.append(
            f"the upper bounds sum to {percent(float(upper.sum()))} ({_each(upper, 'max')}), "
            f"below the {budget.describe()}"
        )
    return found


def _group_conflicts(
    limits: GroupLimits, lower: np.ndarray, upper: np.ndarray, assets: tuple[str, ...]
) -> list[str]:
    found = []
    for group in limits.groups:
        low_g, high_g = limits.limits(group)
        members = limits.indicator(group, assets).astype(bool)
        member_lower, member_upper = lower[members], upper[members]
        floor = float(member_lower.sum()) if np.isfinite(member_lower).all() else -np.inf
        ceiling = float(member_upper.sum()) if np.isfinite(member_upper).all() else np.inf
        if floor > high_g + TOLERANCE:
            found.append(
                f"group {group!r} max {percent(high_g)} with {_each(member_lower, 'min')} "
                f"(at least {percent(floor)} in total)"
            )
        if ceiling < low_g - TOLERANCE:
            found.append(
                f"group {group!r} min {percent(low_g)} with {_each(member_upper, 'max')} "
                f"(at most {percent(ceiling)} in total)"
            )
    return found
