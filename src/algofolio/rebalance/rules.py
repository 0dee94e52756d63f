"""When to rebalance: the rule protocol, and ``AnyRule`` to combine rules.

A rule answers, for every candidate day of a :class:`DriftWindow` at once, whether a rebalance is due
at that day's close. Rules must be causal: the answer for day ``i`` may only use ``dates[: i + 1]``,
``weights[: i + 1]``, ``last_rebalance`` and ``target`` (the simulator evaluates whole chunks of
upcoming days at once and acts on the first due day).

>>> from algofolio.rebalance.calendar import CalendarRule
>>> from algofolio.rebalance.threshold import ThresholdRule
>>> AnyRule(CalendarRule("quarterly"), ThresholdRule(0.05)).describe()
'quarterly calendar (first trading day of each quarter) or absolute drift band (any weight more than 5% from its target)'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from algofolio.core.errors import ConfigError
from algofolio.rebalance.window import DriftWindow

__all__ = ["AnyRule", "RebalanceRule"]


@runtime_checkable
class RebalanceRule(Protocol):
    """``due(window) -> bool array (n,)`` for the window's days, and a plain-words ``describe()``."""

    def due(self, window: DriftWindow) -> np.ndarray:
        """Whether a rebalance is due at the close of each candidate day (bool, shape ``(n,)``)."""
        ...

    def describe(self) -> str:
        """The rule in plain words (used as the reason of the rebalances it triggers)."""
        ...


@dataclass(frozen=True, slots=True, init=False)
class AnyRule:
    """Due when any of its rules is due (e.g. a calendar rule OR a drift band)."""

    rules: tuple[RebalanceRule, ...]

    def __init__(self, *rules: RebalanceRule) -> None:
        if not rules:
            raise ConfigError("AnyRule needs at least one rule", key="rules")
        for rule in rules:
            if not isinstance(rule, RebalanceRule):
                raise ConfigError(f"{rule!r} is not a rebalance rule", key="rules")
        object.__setattr__(self, "rules", tuple(rules))

    def due(self, window: DriftWindow) -> np.ndarray:
        """Element-wise OR of the rules' answers."""
        due = np.zeros(len(window.dates), dtype=bool)
        for rule in self.rules:
            due |= np.asarray(rule.due(window), dtype=bool)
        return due

    def describe(self) -> str:
        """The rules' descriptions joined by "or"."""
        return " or ".join(rule.describe() for rule in self.rules)
