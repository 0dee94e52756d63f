"""Target tables of the backtest config (``strategic_mix``, ``tilt``) and the whole ``allocator``
union: every allocator kind of :mod:`~algofolio.workflows.config_allocators` plus these targets.

``tilt`` tilts a base (any allocator kind, or a strategic mix) by a cross-section of scores; the
config offers the scores of :class:`MomentumScores` (12-1 momentum by default), computed from the
prices known at each decision.

>>> import numpy as np, pandas as pd
>>> from algofolio.core.history import MarketHistory
>>> prices = pd.DataFrame({"A": [10.0, 11.0, 12.0], "B": [10.0, 10.0, 9.0]},
...                       index=pd.bdate_range("2024-01-01", periods=3, name="date"))
>>> MomentumScores(lookback=2, skip=0)(MarketHistory.from_prices(prices)).tolist()
[0.2, -0.1]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, field_validator, model_validator

from algofolio.core.errors import ConfigError
from algofolio.core.history import MarketHistory
from algofolio.rebalance import StrategicMix, Tilt, as_target
from algofolio.workflows.config_allocators import (
    EfficientReturnConfig,
    EfficientRiskConfig,
    EqualWeightConfig,
    FixedWeightsConfig,
    HierarchicalRiskParityConfig,
    InverseVolatilityConfig,
    MaxDiversificationConfig,
    MaxReturnConfig,
    MaxSharpeConfig,
    MaxSortinoConfig,
    MaxUtilityConfig,
    MinCVaRConfig,
    MinSemivarianceConfig,
    MinVarianceConfig,
    RiskParityConfig,
)
from algofolio.workflows.config_base import Strict
from algofolio.workflows.validation import check_budget

__all__ = [
    "AllocatorConfig",
    "BaseConfig",
    "MomentumScores",
    "MomentumSignalConfig",
    "StrategicMixConfig",
    "TiltConfig",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class MomentumScores:
    """Scores ``p[t - skip] / p[t - lookback] - 1`` per asset at the decision ``t`` (``(k,)``,
    NaN where either price is missing or the history is shorter than ``lookback + 1`` dates):
    the momentum of :func:`algofolio.signals.momentum`, read off the decision's history only."""

    lookback: int = 252
    skip: int = 21

    def __post_init__(self) -> None:
        if not 0 <= self.skip < self.lookback:
            raise ConfigError(
                f"MomentumScores: need 0 <= skip < lookback, got skip={self.skip}, "
                f"lookback={self.lookback}",
                key="skip",
            )

    @property
    def __name__(self) -> str:  # Tilt names its signal by __name__
        return f"{self.lookback}-{self.skip} momentum"

    def __call__(self, history: MarketHistory) -> np.ndarray:
        """The scores at ``history.date`` over ``history.assets``."""
        prices = history.prices
        if len(prices) <= self.lookback:
            return np.full(prices.shape[1], math.nan)
        scores: np.ndarray = prices[-1 - self.skip] / prices[-1 - self.lookback] - 1.0
        return scores


class StrategicMixConfig(Strict):
    """``rebalance.StrategicMix(weights)``: fixed weights, no history needed (``fixed`` refits the
    same weights on the strategy's window instead)."""

    kind: Literal["strategic_mix"] = "strategic_mix"
    weights: dict[str, float] = Field(min_length=1)

    _budget = field_validator("weights")(check_budget)

    def build(self) -> StrategicMix:
        """The target this table describes."""
        return StrategicMix(self.weights)


class MomentumSignalConfig(Strict):
    """:class:`MomentumScores` (``lookback``, ``skip`` in trading days)."""

    kind: Literal["momentum"] = "momentum"
    lookback: int = Field(default=252, ge=1)
    skip: int = Field(default=21, ge=0)

    @model_validator(mode="after")
    def _skip_below_lookback(self) -> MomentumSignalConfig:
        if self.skip >= self.lookback:
            raise ValueError(f"skip ({self.skip}) must be smaller than lookback ({self.lookback})")
        return self

    def build(self) -> MomentumScores:
        """The scores this table describes."""
        return MomentumScores(lookback=self.lookback, skip=self.skip)


_BaseKinds = (
    MinVarianceConfig
    | MaxSharpeConfig
    | MaxUtilityConfig
    | EfficientReturnConfig
    | EfficientRiskConfig
    | MaxReturnConfig
    | MaxDiversificationConfig
    | MinCVaRConfig
    | MinSemivarianceConfig
    | MaxSortinoConfig
    | RiskParityConfig
    | HierarchicalRiskParityConfig
    | EqualWeightConfig
    | InverseVolatilityConfig
    | FixedWeightsConfig
    | StrategicMixConfig
)
BaseConfig = Annotated[_BaseKinds, Field(discriminator="kind")]
"""What a tilt may tilt: any allocator kind, or a strategic mix."""


class TiltConfig(Strict):
    """``rebalance.Tilt(base, signal, strength, max_tilt)``: the base's weights tilted towards the
    assets with the higher scores (``strength`` per standard deviation, at most ``max_tilt``)."""

    kind: Literal["tilt"] = "tilt"
    base: BaseConfig
    signal: MomentumSignalConfig = MomentumSignalConfig()
    strength: float = Field(default=0.5, ge=0)
    max_tilt: float = Field(default=0.5, gt=0, le=1)

    def build(self, window: int | None = 252) -> Tilt:
        """The target this table describes; an allocator base refits on ``window``-day windows."""
        return Tilt(
            as_target(self.base.build(), window),
            self.signal.build(),
            strength=self.strength,
            max_tilt=self.max_tilt,
        )


AllocatorConfig = Annotated[_BaseKinds | TiltConfig, Field(discriminator="kind")]
"""Every ``allocator`` kind: the allocators, the optimisers and the targets."""
