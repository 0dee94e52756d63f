"""When to rebalance: the rule protocol, and ``AnyRule`` / ``AllRule`` to combine rules.

A rule answers, for every candidate day of a :class:`DriftWindow` at once, whether a rebalance is due
at that day's close. Rules must be causal: the answer for day ``i`` may only use ``dates[: i + 1]``,
``weights[: i + 1]``, ``last_rebalance``, ``target`` and the market history up to that day
(``history.until(history.row - n + 1 + i)``; :func:`candidate_rows` gives those rows). The simulator
evaluates whole chunks of upcoming days at once and acts on the first due day.

>>> from algofolio.rebalance.calendar import CalendarRule
>>> from algofolio.rebalance.threshold import ThresholdRule
>>> AnyRule(CalendarRule("quarterly"), ThresholdRule(0.05)).describe()
'quarterly calendar (first trading day of each quarter) or absolute drift band (any weight more than 5% from its target)'
>>> AllRule(CalendarRule("monthly"), ThresholdRule(0.02)).describe()
'monthly calendar (first trading day of each month) and absolute drift band (any weight more than 2% from its target)'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from algofolio.core.errors import ConfigError, DataError
from algofolio.core.history import MarketHistory
from algofolio.rebalance.window import DriftWindow

__all__ = ["AllRule", "AnyRule", "RebalanceRule", "candidate_rows", "require_history"]


@runtime_checkable
class RebalanceRule(Protocol):
    """``due(window) -> bool array (n,)`` for the window's days, and a plain-words ``describe()``."""

    def due(self, window: DriftWindow) -> np.ndarray:
        """Whether a rebalance is due at the close of each candidate day (bool, shape ``(n,)``)."""
        ...

    def describe(self) -> str:
        """The rule in plain words (used as the reason of the rebalances it triggers)."""
        ...


def _checked(rules: tuple[RebalanceRule, ...], name: str) -> tuple[RebalanceRule, ...]:
    if not rules:
        raise ConfigError(f"{name} needs at least one rule", key="rules")
    for rule in rules:
        if not isinstance(rule, RebalanceRule):
            raise ConfigError(f"{name}: {rule!r} is not a rebalance rule", key="rules")
    return tuple(rules)


@dataclass(frozen=True, slots=True, init=False)
class AnyRule:
    """Due when any of its rules is due (e.g. a calendar rule OR a drift band)."""

    rules: tuple[RebalanceRule, ...]

    def __init__(self, *rules: RebalanceRule) -> None:
        object.__setattr__(self, "rules", _checked(rules, "AnyRule"))

    def due(self, window: DriftWindow) -> np.ndarray:
        """Element-wise OR of the rules' answers."""
        due = np.zeros(len(window.dates), dtype=bool)
        for rule in self.rules:
            due |= np.asarray(rule.due(window), dtype=bool)
        return due

    def describe(self) -> str:
        """The rules' descriptions joined by "or"."""
        return " or ".join(rule.describe() for rule in self.rules)


@dataclass(frozen=True, slots=True, init=False)
class AllRule:
    """Due when every one of its rules is due on the same day (e.g. a month start AND out of band)."""

    rules: tuple[RebalanceRule, ...]

    def __init__(self, *rules: RebalanceRule) -> None:
        object.__setattr__(self, "rules", _checked(rules, "AllRule"))

    def due(self, window: DriftWindow) -> np.ndarray:
        """Element-wise AND of the rules' answers."""
        due = np.ones(len(window.dates), dtype=bool)
        for rule in self.rules:
            due &= np.asarray(rule.due(window), dtype=bool)
        return due

    def describe(self) -> str:
        """The rules' descriptions joined by "and"."""
        return " and ".join(rule.describe() for rule in self.rules)


def require_history(window: DriftWindow, rule: str) -> MarketHistory:
    """The window's market history, checked to end on the window's last candidate day.

    Raises :class:`ConfigError` naming ``rule`` when the window has no history (the caller gave
    none), :class:`DataError` when its dates do not end with the window's dates.
    """
    history = window.history
    if history is None:
        raise ConfigError(
            f"{rule} reads market data, but the drift window has no history (window.history is "
            "None): give the rule a window built with the market history",
            key="history",
        )
    n = len(window.dates)
    if len(history.dates) < n or (n and history.dates[-1] != window.dates[-1]):
        raise DataError(
            f"{rule}: the window's history must end on its last candidate day "
            f"({window.dates[-1]:%Y-%m-%d}) and hold its {n} dates"
        )
    return history


def candidate_rows(window: DriftWindow, history: MarketHistory) -> np.ndarray:
    """Row of each candidate day in ``history`` (``(n,)`` ints, the last ``n`` rows)."""
    n = len(window.dates)
    rows: np.ndarray = np.arange(len(history.dates) - n, len(history.dates))
    return rows
