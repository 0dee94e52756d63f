"""The backtest config file: a TOML serialisation of strategies, validated by pydantic.

Each table mirrors the Python object it builds (``allocator`` -> an ``allocate`` estimator,
``rebalance`` -> a ``rebalance`` rule, ``costs_bps`` -> ``costs.ProportionalCost``); ``kind`` selects
the class. Every problem, including a TOML syntax error, becomes one :class:`ConfigError` whose message
names the file and the dotted key:

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.toml"
>>> _ = path.write_text('''
... [data]
... prices = "dataset:sp500"
... [[strategies]]
... name = "Equal weight"
... allocator = { kind = "equal_weight" }
... rebalance = { kind = "calendar", frequency = "montly" }
... ''')
>>> load_backtest_config(path)
Traceback (most recent call last):
...
algofolio.core.errors.ConfigError: demo.toml: strategies[0].rebalance.frequency: 'montly' is not one of 'daily', 'weekly', 'monthly', 'quarterly' or 'yearly'
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from algofolio.allocate import EqualWeight, FixedWeights, InverseVolatility
from algofolio.core.options import DriftKind, MissingPolicy, RebalanceFrequency
from algofolio.rebalance import CalendarRule, ThresholdRule
from algofolio.workflows.sources import DATASET_PREFIX
from algofolio.workflows.validation import check_budget, load_toml_model

__all__ = [
    "AllocatorConfig",
    "BacktestConfig",
    "BacktestSettings",
    "CalendarRebalanceConfig",
    "DataConfig",
    "EqualWeightConfig",
    "FixedWeightsConfig",
    "InverseVolatilityConfig",
    "RebalanceConfig",
    "ReportConfig",
    "StrategyConfig",
    "ThresholdRebalanceConfig",
    "load_backtest_config",
]


class _Strict(BaseModel):
    """Unknown keys, NaN/inf and silent type coercion ("10" -> 10) are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


# --- allocators -----------------------------------------------------------------------------------


class FixedWeightsConfig(_Strict):
    """``allocate.FixedWeights(weights)``: asset -> weight, each >= 0, summing to at most 1."""

    kind: Literal["fixed"] = "fixed"
    weights: dict[str, float] = Field(min_length=1)

    _budget = field_validator("weights")(check_budget)

    def build(self) -> FixedWeights:
        """The allocator this table describes."""
        return FixedWeights(self.weights)


class EqualWeightConfig(_Strict):
    """``allocate.EqualWeight()``: 1/N over the assets priced over the whole window."""

    kind: Literal["equal_weight"] = "equal_weight"

    def build(self) -> EqualWeight:
        """The allocator this table describes."""
        return EqualWeight()


class InverseVolatilityConfig(_Strict):
    """``allocate.InverseVolatility()``: weights proportional to 1 / trailing volatility."""

    kind: Literal["inverse_volatility"] = "inverse_volatility"

    def build(self) -> InverseVolatility:
        """The allocator this table describes."""
        return InverseVolatility()


AllocatorConfig = Annotated[
    FixedWeightsConfig | EqualWeightConfig | InverseVolatilityConfig, Field(discriminator="kind")
]

# --- rebalancing rules ----------------------------------------------------------------------------


class CalendarRebalanceConfig(_Strict):
    """``rebalance.CalendarRule(frequency)``: trade on the first trading day of each new period."""

    kind: Literal["calendar"] = "calendar"
    frequency: RebalanceFrequency

    def build(self) -> CalendarRule:
        """The rule this table describes."""
        return CalendarRule(self.frequency)


class ThresholdRebalanceConfig(_Strict):
    """``rebalance.ThresholdRule(threshold, kind=drift)``: trade when a weight drifts too far."""

    kind: Literal["threshold"] = "threshold"
    threshold: float = Field(gt=0)
    drift: DriftKind = "absolute"

    def build(self) -> ThresholdRule:
        """The rule this table describes."""
        return ThresholdRule(self.threshold, kind=self.drift)


RebalanceConfig = Annotated[
    CalendarRebalanceConfig | ThresholdRebalanceConfig, Field(discriminator="kind")
]

# --- the file -------------------------------------------------------------------------------------

_Date = Annotated[dt.date | None, Field(strict=False)]  # TOML dates or "YYYY-MM-DD" strings


class DataConfig(_Strict):
    """Where prices come from: a file path (relative to the config file) or ``dataset:NAME``."""

    prices: str = Field(min_length=1)
    benchmark: str | None = None
    start: _Date = None
    end: _Date = None
    missing: MissingPolicy = "keep"

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start")
        if end is not None and start is not None and end <= start:
            raise ValueError(f"{end} is not after start {start}")
        return end


class BacktestSettings(_Strict):
    """Defaults shared by every strategy: capital, refit window (days), costs (bps), annual risk-free."""

    initial_value: float = Field(default=1.0, gt=0)
    window: int = Field(default=252, ge=2)
    costs_bps: float = Field(default=0.0, ge=0)
    risk_free_rate: float = Field(default=0.0, gt=-1)


class StrategyConfig(_Strict):
    """One strategy; ``costs_bps`` and ``window`` override the ``[backtest]`` defaults."""

    name: str = Field(min_length=1)
    allocator: AllocatorConfig
    rebalance: RebalanceConfig
    costs_bps: float | None = Field(default=None, ge=0)
    window: int | None = Field(default=None, ge=2)


class ReportConfig(_Strict):
    """Report options."""

    title: str | None = None


class BacktestConfig(_Strict):
    """A whole backtest config: data, shared settings, one or more strategies, report options."""

    data: DataConfig
    backtest: BacktestSettings = BacktestSettings()
    strategies: list[StrategyConfig] = Field(min_length=1)
    report: ReportConfig = ReportConfig()

    @field_validator("strategies")
    @classmethod
    def _unique_names(cls, strategies: list[StrategyConfig]) -> list[StrategyConfig]:
        seen: set[str] = set()
        for strategy in strategies:
            if strategy.name in seen:
                raise ValueError(f"strategy name {strategy.name!r} is used twice")
            seen.add(strategy.name)
        return strategies


def load_backtest_config(path: str | Path) -> BacktestConfig:
    """Read and validate a backtest TOML file; relative price paths become relative to the file.

    Raises :class:`ConfigError` naming the file and the dotted key (``strategies[1].name``).
    """
    path = Path(path)
    return _resolve_paths(load_toml_model(path, BacktestConfig), path.parent)


def _resolve_paths(config: BacktestConfig, base: Path) -> BacktestConfig:
    def resolve(spec: str | None) -> str | None:
        if spec is None or spec.startswith(DATASET_PREFIX) or Path(spec).is_absolute():
            return spec
        return str(base / spec)

    data = config.data.model_copy(
        update={"prices": resolve(config.data.prices), "benchmark": resolve(config.data.benchmark)}
    )
    return config.model_copy(update={"data": data})
