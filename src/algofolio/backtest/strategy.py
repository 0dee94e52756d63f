"""A strategy: a policy (when to trade, what to hold, how to trade) plus what trading costs and how
orders fill.

* ``allocator``: what to hold. Any allocator or optimiser (refitted at each rebalance on the trailing
  ``window`` returns) or any :class:`~algofolio.rebalance.Target` (a strategic mix, an overlay, a
  warm-started optimiser; its own ``window`` then applies). :attr:`Strategy.target` is the target.
* ``rule``: when to trade (a trigger: calendar, drift band, events, combinations).
* ``trade``: how to trade towards the target (``None``: all the way).
* ``costs``: charged on every trade (the same model serves the optimiser's penalty and account plans);
  ``financing``: interest on cash and borrow fees on shorts, accrued daily; ``shorts``: whether
  targets may hold negative weights (long only by default).
* ``on_failure``: when the target cannot be computed at a rebalance (an estimation, infeasibility or
  solver error, e.g. max Sharpe when no asset beats the risk-free rate), ``"raise"`` stops the run
  with the error; ``"hold"`` keeps the holdings and logs the error as the rebalance's reason (the
  initial allocation always raises).
* ``execution``: ``"close"`` (fill at the decision day's close) or ``"next_open"`` (at the next day's
  open: the backtest then needs opening prices); ``whole_shares`` rounds orders to whole shares.

>>> from algofolio.allocate import EqualWeight
>>> from algofolio.rebalance import CalendarRule
>>> s = Strategy(name="1/N monthly", allocator=EqualWeight(), rule=CalendarRule("monthly"))
>>> s.window, s.target.describe()
(252, 'EqualWeight() on 252-day windows')
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral
from typing import Literal

from algofolio.allocate import Allocator
from algofolio.core.errors import ConfigError
from algofolio.costs import CostModel, Financing, ProportionalCost
from algofolio.rebalance import RebalanceRule, TradeRule, as_target
from algofolio.rebalance.target import MIN_WINDOW, Target

__all__ = ["EXECUTIONS", "MIN_WINDOW", "Execution", "OnFailure", "Strategy"]

NO_COSTS = ProportionalCost(0.0)
"""The default cost model: trading is free."""

Execution = Literal["close", "next_open"]
EXECUTIONS: tuple[Execution, ...] = ("close", "next_open")
OnFailure = Literal["raise", "hold"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Strategy:
    """How one portfolio is run; see the module docstring. The backtest works on a fresh copy of
    the target (and of the allocator): the objects given are never modified.

    ``window`` is the allocator's trailing window (``None``: every return since the first price,
    over the assets priced since then; assets listed later only join a finite window); it is
    ignored when ``allocator`` is already a target.
    """

    name: str
    allocator: Allocator | Target
    rule: RebalanceRule
    costs: CostModel = NO_COSTS
    window: int | None = 252
    trade: TradeRule | None = None
    execution: Execution = "close"
    whole_shares: bool = False
    financing: Financing | None = None
    shorts: bool = False
    on_failure: OnFailure = "raise"

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ConfigError(
                f"strategy name must be a non-empty string, got {self.name!r}", key="name"
            )
        if not isinstance(self.allocator, Allocator | Target):
            raise ConfigError(
                f"strategy {self.name!r}: allocator must be an Allocator or a Target, "
                f"got {self.allocator!r}",
                key="allocator",
            )
        for key, kind, value in (
            ("rule", RebalanceRule, self.rule),
            ("costs", CostModel, self.costs),
        ):
            if not isinstance(value, kind):
                raise ConfigError(
                    f"strategy {self.name!r}: {key} must be a {kind.__name__}, got {value!r}",
                    key=key,
                )
        if self.on_failure not in ("raise", "hold"):
            raise ConfigError(
                f"strategy {self.name!r}: on_failure must be 'raise' or 'hold', "
                f"got {self.on_failure!r}",
                key="on_failure",
            )
        if self.trade is not None and not isinstance(self.trade, TradeRule):
            raise ConfigError(
                f"strategy {self.name!r}: trade must be a TradeRule, got {self.trade!r}",
                key="trade",
            )
        if self.execution not in EXECUTIONS:
            raise ConfigError(
                f"strategy {self.name!r}: execution must be 'close' or 'next_open', "
                f"got {self.execution!r}",
                key="execution",
            )
        for key in ("whole_shares", "shorts"):
            if not isinstance(getattr(self, key), bool):
                raise ConfigError(f"strategy {self.name!r}: {key} must be true or false", key=key)
        if self.financing is not None and not isinstance(self.financing, Financing):
            raise ConfigError(
                f"strategy {self.name!r}: financing must be a Financing, got {self.financing!r}",
                key="financing",
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

    @property
    def target(self) -> Target:
        """What to hold, as a target: the allocator on :attr:`window` (see
        :func:`~algofolio.rebalance.as_target`), or the target given."""
        return as_target(self.allocator, self.window)
