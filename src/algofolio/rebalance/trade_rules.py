"""How to trade towards a target: rules that turn (pre-trade weights, target) into post-trade weights.

A :class:`TradeRule` maps the pre-trade weights ``current`` ``(k,)`` and the target ``(k,)`` to the
post-trade weights ``(k,)`` (``1 - sum`` is cash). An entry returned **exactly equal** to
``current[i]`` means "do not trade asset i": the simulator sends no order for it. Every rule here
keeps that exactly, moves each traded asset towards its target (never past it, never the other
way), and returns weights summing to at most 1 when ``current`` and ``target`` do.

**Funding.** Rules that trade only some assets (:class:`BandEdge`, :class:`NoTradeRegion`,
:class:`MinimumTrade`) leave the difference in cash: sells add to it, buys take from it. When the
buys cost more than the cash plus the sells (the post-trade weights would sum above 1), every buy
is scaled by the same factor ``f = (1 - sum(current) + sells) / buys`` so the cash ends at 0; sells
and untraded assets are unchanged.

>>> import numpy as np
>>> current, target = np.array([0.52, 0.30, 0.18]), np.array([0.40, 0.35, 0.25])
>>> BandEdge(0.05).adjust(current, target).round(4).tolist()  # A and C to their edges, B stays
[0.45, 0.3, 0.2]
>>> TurnoverCap(0.06).adjust(current, target).round(4).tolist()  # half way: turnover 0.12 -> 0.06
[0.46, 0.325, 0.215]
>>> TradeRules(BandEdge(0.05), MinimumTrade(0.03)).adjust(current, target).round(4).tolist()
[0.45, 0.3, 0.18]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol, cast, runtime_checkable

import numpy as np

from algofolio.allocate.fixed import WEIGHT_SUM_TOLERANCE
from algofolio.core.errors import ConfigError, DataError
from algofolio.core.history import MarketHistory
from algofolio.core.options import DriftKind, check_option
from algofolio.costs import CostModel, linear_rate

__all__ = [
    "BandEdge",
    "FullRebalance",
    "MinimumTrade",
    "NoTradeRegion",
    "TradeRule",
    "TradeRules",
    "TurnoverCap",
    "fund_buys",
]


@runtime_checkable
class TradeRule(Protocol):
    """``adjust(current, target, history) -> (k,)`` post-trade weights, and ``describe()``."""

    def adjust(self, current: np.ndarray, target: np.ndarray, history: MarketHistory) -> np.ndarray:
        """Post-trade weights ``(k,)``; ``== current[i]`` exactly where asset ``i`` is not traded.

        ``current``: pre-trade weights at the decision close; ``target``: the weights to trade
        towards; ``history``: the market up to the decision (rules may read it; none here do).
        """
        ...

    def describe(self) -> str:
        """The rule in plain words."""
        ...


def _pair(current: np.ndarray, target: np.ndarray, rule: str) -> tuple[np.ndarray, np.ndarray]:
    w0 = np.asarray(current, dtype=float)
    w1 = np.asarray(target, dtype=float)
    if w0.ndim != 1 or w0.shape != w1.shape:
        raise DataError(f"{rule}: current {w0.shape} and target {w1.shape} weights differ in shape")
    return w0, w1


def _fraction(value: object, key: str, *, upper: float = math.inf, closed: bool = False) -> float:
    """``value`` as a float in ``(0, upper)`` (``(0, upper]`` when ``closed``), else ConfigError."""
    number = (
        float(value)
        if isinstance(value, int | float | np.floating | np.integer) and not isinstance(value, bool)
        else math.nan
    )
    inside = 0 < number <= upper if closed else 0 < number < upper
    if not inside:
        right = "]" if closed else ")"
        span = f"in (0, {upper:g}{right}" if math.isfinite(upper) else "> 0 and finite"
        raise ConfigError(f"{key} must be {span}, got {value!r}", key=key)
    return number


def fund_buys(current: np.ndarray, proposed: np.ndarray) -> np.ndarray:
    """``proposed`` with every buy scaled by one factor when the weights would sum above 1.

    Buys ``b = sum(max(p - w0, 0))`` and sells ``s = sum(max(w0 - p, 0))``; when ``sum(w0) + b - s
    > 1 + 1e-9`` each buy becomes ``f (p_i - w0_i)`` with ``f = max(1 - sum(w0) + s, 0) / b``, so the sum is
    1 (cash 0). Untraded entries (``p_i == w0_i``) and sells are unchanged.

    >>> fund_buys(np.array([0.43, 0.33, 0.24]), np.array([0.45, 0.33, 0.24])).round(4).tolist()
    [0.43, 0.33, 0.24]
    >>> fund_buys(np.array([0.4, 0.3, 0.2]), np.array([0.5, 0.4, 0.15])).round(4).tolist()
    [0.475, 0.375, 0.15]
    """
    trade = proposed - current
    invested = float(current.sum())
    if invested + float(trade.sum()) <= 1.0 + WEIGHT_SUM_TOLERANCE:
        return proposed
    buys = float(np.maximum(trade, 0.0).sum())
    if buys == 0.0:  # nothing to scale (``current`` itself sums above 1)
        return proposed
    sells = buys - float(trade.sum())
    factor = max(1.0 - invested + sells, 0.0) / buys
    funded: np.ndarray = np.where(trade > 0, current + factor * trade, proposed)
    return funded


@dataclass(frozen=True, slots=True)
class FullRebalance:
    """Trade every asset to its target."""

    def adjust(
        self, current: np.ndarray, target: np.ndarray, history: MarketHistory | None = None
    ) -> np.ndarray:
        """The target itself (assets already on target are not traded)."""
        _, w1 = _pair(current, target, "FullRebalance")
        return w1.copy()

    def describe(self) -> str:
        """``"full rebalance to the target"``."""
        return "full rebalance to the target"


@dataclass(frozen=True, slots=True)
class BandEdge:
    """Trade only assets outside their band, and only to the band's nearest edge.

    The band around target ``w*_i`` has half-width ``threshold`` (``kind="absolute"``, in (0, 1)) or
    ``threshold * w*_i`` (``"relative"``, > 0; a zero target uses ``threshold`` as an absolute
    half-width, as :func:`~algofolio.rebalance.threshold.drift_measure` does). Assets inside the band
    (or on its edge) are not traded; cash absorbs the difference (buys funded as the module says).
    """

    threshold: float
    kind: DriftKind = "absolute"

    def __post_init__(self) -> None:
        check_option(self.kind, DriftKind, "kind")
        upper = 1.0 if self.kind == "absolute" else math.inf
        object.__setattr__(self, "threshold", _fraction(self.threshold, "threshold", upper=upper))

    def adjust(
        self, current: np.ndarray, target: np.ndarray, history: MarketHistory | None = None
    ) -> np.ndarray:
        """Assets beyond the band moved to its nearest edge; the others exactly ``current``."""
        w0, w1 = _pair(current, target, "BandEdge")
        if self.kind == "absolute":
            half = np.full_like(w1, self.threshold)
        else:
            half = self.threshold * np.where(w1 > 0, w1, 1.0)
        edge = np.clip(w0, w1 - half, w1 + half)
        proposed = np.where(np.abs(w0 - w1) > half, edge, w0)
        return fund_buys(w0, proposed)

    def describe(self) -> str:
        """E.g. ``"trade to the edge of an absolute band of 5% around the target"``."""
        return f"trade to the edge of a {self.kind} band of {100 * self.threshold:g}% around the target"


@dataclass(frozen=True, slots=True)
class NoTradeRegion:
    """Per asset, the weight minimising ``a/2 (w - w*)^2 + c |w - w0|`` (tracking vs cost).

    The minimiser is soft thresholding of the trade: with ``d = w* - w0`` and ``delta = c / a``,
    ``w = w0 + sign(d) max(|d| - delta, 0)``: no trade while ``|d| <= delta``, else trade to
    ``delta`` short of the target. ``costs``: a linear cost model (its rate per unit traded,
    :func:`algofolio.costs.linear_rate`) or the rate itself (``c``, a fraction: 0.001 = 10 bps);
    ``risk_aversion``: ``a > 0``, per unit of squared weight deviation (so ``delta = c / a`` is a
    weight: 10 bps at ``a = 0.05`` gives a 2% no-trade half-width). Buys are funded as the module
    says (then the per-asset minimiser ignores the budget).
    """

    costs: CostModel | float
    risk_aversion: float
    _rate: float = field(default=0.0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.costs, CostModel):
            rate = linear_rate(self.costs)
        else:
            rate = self.costs
            if (
                isinstance(rate, bool)
                or not isinstance(rate, int | float)
                or not math.isfinite(rate)
            ):
                rate = -1.0
        if not rate >= 0:
            raise ConfigError(
                f"costs must be a linear cost model or a rate >= 0, got {self.costs!r}", key="costs"
            )
        object.__setattr__(self, "_rate", float(rate))
        object.__setattr__(self, "risk_aversion", _fraction(self.risk_aversion, "risk_aversion"))

    @property
    def half_width(self) -> float:
        """``delta = c / a``: the no-trade half-width around each target weight."""
        return self._rate / self.risk_aversion

    def adjust(
        self, current: np.ndarray, target: np.ndarray, history: MarketHistory | None = None
    ) -> np.ndarray:
        """Soft-thresholded trades (``current`` exactly where ``|w* - w0| <= c / a``)."""
        w0, w1 = _pair(current, target, "NoTradeRegion")
        delta = self.half_width
        gap = w1 - w0
        shrunk = np.sign(gap) * np.maximum(np.abs(gap) - delta, 0.0)
        proposed = np.where(np.abs(gap) > delta, w0 + shrunk, w0)
        return fund_buys(w0, proposed)

    def describe(self) -> str:
        """E.g. ``"no-trade region (cost 10 bps, risk aversion 0.05: half-width 2%)"``."""
        return (
            f"no-trade region (cost {1e4 * self._rate:g} bps, risk aversion "
            f"{self.risk_aversion:g}: half-width {100 * self.half_width:g}%)"
        )


@dataclass(frozen=True, slots=True)
class TurnoverCap:
    """Cap the one-way turnover ``sum |w - w0| / 2`` at ``max_turnover`` (in (0, 1]).

    A trade over the cap moves the fraction ``max_turnover / turnover`` of the way along the
    straight line from ``current`` to the target, so its turnover is exactly the cap.
    """

    max_turnover: float

    def __post_init__(self) -> None:
        value = _fraction(self.max_turnover, "max_turnover", upper=1.0, closed=True)
        object.__setattr__(self, "max_turnover", value)

    def adjust(
        self, current: np.ndarray, target: np.ndarray, history: MarketHistory | None = None
    ) -> np.ndarray:
        """The target, or the point on the way to it where the turnover equals the cap."""
        w0, w1 = _pair(current, target, "TurnoverCap")
        gap = w1 - w0
        turnover = 0.5 * float(np.abs(gap).sum())
        if turnover <= self.max_turnover:
            return w1.copy()
        capped: np.ndarray = w0 + (self.max_turnover / turnover) * gap
        return capped

    def describe(self) -> str:
        """E.g. ``"turnover cap (at most 10% one-way)"``."""
        return f"turnover cap (at most {100 * self.max_turnover:g}% one-way)"


@dataclass(frozen=True, slots=True)
class MinimumTrade:
    """Drop trades smaller than ``min_weight`` of the portfolio (``|w - w0| < min_weight``).

    Dropped assets keep exactly their current weight. When dropping sells leaves the buys unfunded,
    the buys are scaled (module docstring); a buy scaled below ``min_weight`` is then dropped too,
    so every trade left is at least ``min_weight``.
    """

    min_weight: float

    def __post_init__(self) -> None:
        value = _fraction(self.min_weight, "min_weight", upper=1.0)
        object.__setattr__(self, "min_weight", value)

    def adjust(
        self, current: np.ndarray, target: np.ndarray, history: MarketHistory | None = None
    ) -> np.ndarray:
        """The target where the trade is at least ``min_weight``, ``current`` elsewhere."""
        w0, w1 = _pair(current, target, "MinimumTrade")
        proposed = np.where(np.abs(w1 - w0) < self.min_weight, w0, w1)
        funded = fund_buys(w0, proposed)
        kept: np.ndarray = np.where(np.abs(funded - w0) < self.min_weight, w0, funded)
        return kept

    def describe(self) -> str:
        """E.g. ``"minimum trade (skip trades under 0.5% of the portfolio)"``."""
        return f"minimum trade (skip trades under {100 * self.min_weight:g}% of the portfolio)"


@dataclass(frozen=True, slots=True, init=False)
class TradeRules:
    """Rules applied in order: each rule's output is the next rule's target."""

    rules: tuple[TradeRule, ...]

    def __init__(self, *rules: TradeRule) -> None:
        if not rules:
            raise ConfigError("TradeRules needs at least one rule", key="rules")
        for rule in rules:
            if not isinstance(rule, TradeRule):
                raise ConfigError(f"TradeRules: {rule!r} is not a trade rule", key="rules")
        object.__setattr__(self, "rules", tuple(rules))

    def adjust(
        self, current: np.ndarray, target: np.ndarray, history: MarketHistory | None = None
    ) -> np.ndarray:
        """``rules[-1].adjust(current, ... rules[0].adjust(current, target) ...)``."""
        weights = np.asarray(target, dtype=float)
        market = cast(MarketHistory, history)  # None reaches only rules that do not read it
        for rule in self.rules:
            weights = rule.adjust(current, weights, market)
        return weights

    def describe(self) -> str:
        """The rules' descriptions joined by ", then "."""
        return ", then ".join(rule.describe() for rule in self.rules)
