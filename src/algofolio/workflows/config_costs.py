"""Cost tables of the backtest config: one ``kind`` per model of :mod:`algofolio.costs`, and
financing.

``costs`` is one table or a list of tables; a list is the sum of its models (``a + b``, as the
simulator charges it). Amounts are in the units of the model: basis points of traded value for
``proportional`` and ``half_spread``, currency per share and per order for ``per_share``.

>>> build_costs([ProportionalCostConfig(bps=2), PerShareCostConfig(per_share=0.005, minimum=1)])
CostSum(terms=(ProportionalCost(bps=2.0), PerShareCost(per_share=0.005, minimum=1.0, maximum_rate=None)))
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag

from algofolio.costs import (
    CostModel,
    Financing,
    HalfSpreadCost,
    PerShareCost,
    ProportionalCost,
    SquareRootImpact,
)
from algofolio.workflows.config_base import MANY, ONE, Strict, one_or_many

__all__ = [
    "CostConfig",
    "CostsSetting",
    "FinancingConfig",
    "HalfSpreadCostConfig",
    "PerShareCostConfig",
    "ProportionalCostConfig",
    "SquareRootImpactConfig",
    "build_costs",
]


class ProportionalCostConfig(Strict):
    """``costs.ProportionalCost(bps)``: ``bps`` basis points of every traded value."""

    kind: Literal["proportional"] = "proportional"
    bps: float = Field(ge=0)

    def build(self) -> ProportionalCost:
        """The cost model this table describes."""
        return ProportionalCost(bps=self.bps)


class PerShareCostConfig(Strict):
    """``costs.PerShareCost``: ``per_share`` currency per share, at least ``minimum`` per order,
    at most ``maximum_rate`` (a fraction) of the order's value."""

    kind: Literal["per_share"] = "per_share"
    per_share: float = Field(default=0.005, ge=0)
    minimum: float = Field(default=1.0, ge=0)
    maximum_rate: float | None = Field(default=None, ge=0)

    def build(self) -> PerShareCost:
        """The cost model this table describes."""
        return PerShareCost(
            per_share=self.per_share, minimum=self.minimum, maximum_rate=self.maximum_rate
        )


class HalfSpreadCostConfig(Strict):
    """``costs.HalfSpreadCost(spread_bps)``: half of a fixed full spread of ``spread_bps``."""

    kind: Literal["half_spread"] = "half_spread"
    spread_bps: float = Field(ge=0)

    def build(self) -> HalfSpreadCost:
        """The cost model this table describes."""
        return HalfSpreadCost(spread_bps=self.spread_bps)


class SquareRootImpactConfig(Strict):
    """``costs.SquareRootImpact(coefficient)``: needs ``[data] volumes``."""

    kind: Literal["square_root_impact"] = "square_root_impact"
    coefficient: float = Field(default=1.0, ge=0)

    def build(self) -> SquareRootImpact:
        """The cost model this table describes."""
        return SquareRootImpact(coefficient=self.coefficient)


CostConfig = Annotated[
    ProportionalCostConfig | PerShareCostConfig | HalfSpreadCostConfig | SquareRootImpactConfig,
    Field(discriminator="kind"),
]
CostsSetting = Annotated[
    Annotated[CostConfig, Tag(ONE)] | Annotated[list[CostConfig], Field(min_length=1), Tag(MANY)],
    Discriminator(one_or_many),
]
"""One cost table, or a list of them (their sum)."""


def build_costs(setting: CostConfig | list[CostConfig]) -> CostModel:
    """The cost model of one table, or the sum of a list's models (in order)."""
    items = setting if isinstance(setting, list) else [setting]
    models: list[CostModel] = [item.build() for item in items]
    total = models[0]
    for model in models[1:]:
        total = total + model  # type: ignore[operator]
    return total


class FinancingConfig(Strict):
    """``costs.Financing``: annual ``cash_rate`` earned on cash, ``borrow_rate`` paid on shorts."""

    cash_rate: float = Field(default=0.0, gt=-1)
    borrow_rate: float = Field(default=0.0, ge=0)

    def build(self) -> Financing:
        """The financing this table describes."""
        return Financing(cash_rate=self.cash_rate, borrow_rate=self.borrow_rate)
