"""A strategy: how to build targets (allocator), when to trade (rule), what trading costs, and how
much history the allocator sees.

>>> from algofolio.allocate import EqualWeight
>>> from algofolio.rebalance import CalendarRule
>>> Strategy(name="1/N monthly", allocator=EqualWeight(), rule=CalendarRule("monthly")).window
252
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral

from algofolio.allocate import Allocator
from algofolio.core.errors import ConfigError
from algofolio.costs import CostModel, ProportionalCost
from algofolio.rebalance import RebalanceRule

__all__ = ["Strategy"]

NO_COSTS = ProportionalCost(0.0)
"""The default cost model: trading is free."""

MIN_WINDOW = 2
"""The fewest trailing returns an allocator is fitted on (also the need of an expanding window)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Strategy:
    """``allocator`` is refitted at each rebalance on the trailing ``window`` returns (``None``:
    every return since the first price, over the assets priced since then; assets listed later
    only join a finite window); ``rule`` says when to rebalance; ``costs`` are charged on every
    trade (the same model for simulator and account plans).

    The backtest fits a clone of ``allocator``: the object given is never modified.
    """

    name: str
    allocator: Allocator
    rule: RebalanceRule
    costs: CostModel = NO_COSTS
    window: int | None = 252

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ConfigError(
                f"strategy name must be a non-empty string, got {self.name!r}", key="name"
            )
        checks = (
            ("allocator", Allocator, self.allocator),
            ("rule", RebalanceRule, self.rule),
            ("costs", CostModel, self.costs),
        )
        for key, kind, value in checks:
            if not isinstance(value, kind):
                raise ConfigError(
                    f"strategy {self.name!r}: {key} must be a {kind.__name__}, got {value!r}",
                    key=key,
                )
        window = self.window
        if isinstance(window, Integral) and not isinstance(window, bool):
            window = int(window)  # numpy integers from a parameter grid are fine
            object.__setattr__(self, "window", window)
        if window is not None and (
            isinstance(window, bool) or not isinstance(window, int) or window < MIN_WINDOW
        ):
            raise ConfigError(
                f"strategy {self.name!r}: window must be an int >= {MIN_WINDOW} or None "
                f"(expanding), got {window!r}",
                key="window",
            )
