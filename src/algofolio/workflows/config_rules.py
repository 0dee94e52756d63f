"""Rebalance tables of the backtest config: when to trade (``rebalance``, a trigger) and how
(``trade``, one trade rule or a list applied in order).

Triggers: ``calendar`` (``CalendarRule``), ``threshold`` (``ThresholdRule``: one band or a band per
asset), ``volatility`` (``VolatilityTrigger``), and ``any`` / ``all`` of a list of triggers
(``AnyRule`` / ``AllRule``). Trade rules: ``full``, ``band_edge``, ``no_trade_region``,
``turnover_cap``, ``minimum_trade`` (:mod:`algofolio.rebalance.trade_rules`).

>>> AnyTriggerConfig(rules=[CalendarTriggerConfig(frequency="quarterly"),
...                         ThresholdTriggerConfig(threshold=0.05)]).build().describe()
'quarterly calendar (first trading day of each quarter) or absolute drift band (any weight more than 5% from its target)'
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag, ValidationInfo, field_validator

from algofolio.core.errors import ConfigError
from algofolio.core.options import DriftKind
from algofolio.costs import CostModel, linear_rate
from algofolio.rebalance import (
    AllRule,
    AnyRule,
    BandEdge,
    CalendarRule,
    CrossingDirection,
    DriftScope,
    FullRebalance,
    MinimumTrade,
    NoTradeRegion,
    RebalanceRule,
    ThresholdRule,
    TradeRule,
    TradeRules,
    TurnoverCap,
    VolatilityTrigger,
)
from algofolio.workflows.config_base import (
    MANY,
    ONE,
    Strict,
    check_frequency,
    one_or_many,
    value_error,
)

__all__ = [
    "AllTriggerConfig",
    "AnyTriggerConfig",
    "BandEdgeConfig",
    "CalendarTriggerConfig",
    "FullRebalanceConfig",
    "MinimumTradeConfig",
    "NoTradeRegionConfig",
    "ThresholdTriggerConfig",
    "TradeConfig",
    "TradeSetting",
    "TriggerConfig",
    "TurnoverCapConfig",
    "VolatilityTriggerConfig",
    "build_trade",
]

# --- triggers -------------------------------------------------------------------------------------


class CalendarTriggerConfig(Strict):
    """``CalendarRule(frequency, offset)``: due ``offset`` trading days after the first trading day
    of each period (a name such as ``"monthly"`` or a pandas alias such as ``"ME"``)."""

    kind: Literal["calendar"] = "calendar"
    frequency: str
    offset: int = Field(default=0, ge=0)

    _frequency = field_validator("frequency")(check_frequency)

    def build(self) -> CalendarRule:
        """The rule this table describes."""
        return CalendarRule(self.frequency, offset=self.offset)


def _band_or_bands(value: object) -> str:
    return MANY if isinstance(value, dict) else ONE


class ThresholdTriggerConfig(Strict):
    """``ThresholdRule(threshold, kind=drift, scope=scope)``: one band, or ``{asset = band}``."""

    kind: Literal["threshold"] = "threshold"
    drift: DriftKind = "absolute"
    scope: DriftScope = "asset"
    threshold: Annotated[
        Annotated[float, Tag(ONE)] | Annotated[dict[str, float], Tag(MANY)],
        Discriminator(_band_or_bands),
    ]

    @field_validator("threshold")
    @classmethod
    def _valid_bands(
        cls, threshold: float | dict[str, float], info: ValidationInfo
    ) -> float | dict[str, float]:
        for band in threshold.values() if isinstance(threshold, dict) else [threshold]:
            if not band > 0:
                raise ValueError(f"input should be greater than 0 (got {band!r})")
        drift, scope = info.data.get("drift", "absolute"), info.data.get("scope", "asset")
        value_error(lambda: ThresholdRule(threshold, kind=drift, scope=scope))
        return threshold

    def build(self) -> ThresholdRule:
        """The rule this table describes."""
        return ThresholdRule(self.threshold, kind=self.drift, scope=self.scope)


class VolatilityTriggerConfig(Strict):
    """``VolatilityTrigger``: due when the trailing ``window``-day realised volatility (annual) of
    the portfolio, or of ``asset``, crosses ``threshold`` in ``direction``."""

    kind: Literal["volatility"] = "volatility"
    threshold: float = Field(gt=0)
    window: int = Field(default=21, ge=2)
    asset: str | None = None
    direction: CrossingDirection = "up"
    periods_per_year: float = Field(default=252.0, gt=0)

    def build(self) -> VolatilityTrigger:
        """The trigger this table describes."""
        return VolatilityTrigger(
            threshold=self.threshold,
            window=self.window,
            asset=self.asset,
            direction=self.direction,
            periods_per_year=self.periods_per_year,
        )


class AnyTriggerConfig(Strict):
    """``AnyRule(*rules)``: due when any of ``rules`` is."""

    kind: Literal["any"] = "any"
    rules: list[TriggerConfig] = Field(min_length=1)

    def build(self) -> AnyRule:
        """The rule this table describes."""
        return AnyRule(*(rule.build() for rule in self.rules))


class AllTriggerConfig(Strict):
    """``AllRule(*rules)``: due when every one of ``rules`` is, on the same day."""

    kind: Literal["all"] = "all"
    rules: list[TriggerConfig] = Field(min_length=1)

    def build(self) -> AllRule:
        """The rule this table describes."""
        return AllRule(*(rule.build() for rule in self.rules))


TriggerConfig = Annotated[
    CalendarTriggerConfig
    | ThresholdTriggerConfig
    | VolatilityTriggerConfig
    | AnyTriggerConfig
    | AllTriggerConfig,
    Field(discriminator="kind"),
]
AnyTriggerConfig.model_rebuild()
AllTriggerConfig.model_rebuild()


def build_trigger(config: TriggerConfig) -> RebalanceRule:
    """The rule of a trigger table."""
    rule: RebalanceRule = config.build()
    return rule


# --- trade rules ----------------------------------------------------------------------------------


class FullRebalanceConfig(Strict):
    """``FullRebalance()``: trade every asset to its target (the default)."""

    kind: Literal["full"] = "full"

    def build(self, costs: CostModel) -> FullRebalance:
        """The rule this table describes (``costs``: the strategy's, unused)."""
        return FullRebalance()


class BandEdgeConfig(Strict):
    """``BandEdge(threshold, kind=drift)``: trade assets outside their band to its nearest edge."""

    kind: Literal["band_edge"] = "band_edge"
    drift: DriftKind = "absolute"
    threshold: float = Field(gt=0)

    @field_validator("threshold")
    @classmethod
    def _valid_band(cls, threshold: float, info: ValidationInfo) -> float:
        value_error(lambda: BandEdge(threshold, kind=info.data.get("drift", "absolute")))
        return threshold

    def build(self, costs: CostModel) -> BandEdge:
        """The rule this table describes (``costs``: the strategy's, unused)."""
        return BandEdge(self.threshold, kind=self.drift)


class NoTradeRegionConfig(Strict):
    """``NoTradeRegion(cost, risk_aversion)``: no trade within ``cost / risk_aversion`` of the
    target. ``cost_bps`` defaults to the strategy's costs (which must then be linear)."""

    kind: Literal["no_trade_region"] = "no_trade_region"
    risk_aversion: float = Field(gt=0)
    cost_bps: float | None = Field(default=None, ge=0)

    def build(self, costs: CostModel) -> NoTradeRegion:
        """The rule this table describes, its cost rate from ``cost_bps`` or else ``costs``.

        Raises :class:`ConfigError` (key ``cost_bps``) when ``costs`` has no linear rate.
        """
        if self.cost_bps is not None:
            return NoTradeRegion(self.cost_bps / 1e4, self.risk_aversion)
        try:
            rate = linear_rate(costs)
        except ConfigError as exc:
            raise ConfigError(
                f"cost_bps: give the no-trade region a cost rate; the strategy's costs have none "
                f"({exc})",
                key="cost_bps",
            ) from None
        return NoTradeRegion(rate, self.risk_aversion)


class TurnoverCapConfig(Strict):
    """``TurnoverCap(max_turnover)``: at most ``max_turnover`` one-way turnover per rebalance."""

    kind: Literal["turnover_cap"] = "turnover_cap"
    max_turnover: float = Field(gt=0, le=1)

    def build(self, costs: CostModel) -> TurnoverCap:
        """The rule this table describes (``costs``: the strategy's, unused)."""
        return TurnoverCap(self.max_turnover)


class MinimumTradeConfig(Strict):
    """``MinimumTrade(min_weight)``: skip trades smaller than ``min_weight`` of the portfolio."""

    kind: Literal["minimum_trade"] = "minimum_trade"
    min_weight: float = Field(gt=0, lt=1)

    def build(self, costs: CostModel) -> MinimumTrade:
        """The rule this table describes (``costs``: the strategy's, unused)."""
        return MinimumTrade(self.min_weight)


TradeConfig = Annotated[
    FullRebalanceConfig
    | BandEdgeConfig
    | NoTradeRegionConfig
    | TurnoverCapConfig
    | MinimumTradeConfig,
    Field(discriminator="kind"),
]
TradeSetting = Annotated[
    Annotated[TradeConfig, Tag(ONE)] | Annotated[list[TradeConfig], Field(min_length=1), Tag(MANY)],
    Discriminator(one_or_many),
]
"""One trade rule, or a list applied in order (``TradeRules``)."""


def build_trade(setting: TradeConfig | list[TradeConfig], costs: CostModel) -> TradeRule:
    """The trade rule of one table, or ``TradeRules`` of a list's (one item: that rule alone).

    ``costs``: the strategy's cost model (a ``no_trade_region`` without ``cost_bps`` reads it).
    """
    items = setting if isinstance(setting, list) else [setting]
    rules: list[TradeRule] = [item.build(costs) for item in items]
    return rules[0] if len(rules) == 1 else TradeRules(*rules)
