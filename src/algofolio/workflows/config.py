"""The backtest config file: a TOML serialisation of strategies, validated by pydantic.

Each table mirrors the Python object it builds (``allocator`` -> an allocator, optimiser or target,
``rebalance`` -> a trigger, ``trade`` -> a trade rule, ``costs`` -> a cost model); ``kind`` selects
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
algofolio.core.errors.ConfigError: demo.toml: strategies[0].rebalance.frequency: 'montly' is not one of 'daily', 'weekly', 'monthly', 'quarterly' or 'yearly', nor a pandas frequency alias of a day or longer ('ME', 'W-FRI', '2MS', ...)

The tables: ``[data]`` (:class:`DataConfig`), ``[backtest]`` (:class:`BacktestSettings`, the
defaults of every strategy), ``[[strategies]]`` (:class:`StrategyConfig`), the optional
``[evaluation]`` (:mod:`~algofolio.workflows.config_evaluation`) and ``[report]``. The kinds live in
``config_allocators`` / ``config_targets`` (``allocator``), ``config_rules`` (``rebalance``,
``trade``), ``config_costs`` (``costs``, ``financing``) and ``config_cash_flows``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from algofolio.allocate import Allocator
from algofolio.backtest.strategy import Execution
from algofolio.costs import CostModel, ProportionalCost
from algofolio.rebalance import Target
from algofolio.workflows.config_allocators import (
    EqualWeightConfig,
    FixedWeightsConfig,
    InverseVolatilityConfig,
)
from algofolio.workflows.config_base import Strict, without_union_tags
from algofolio.workflows.config_cash_flows import CashFlowsConfig
from algofolio.workflows.config_costs import CostsSetting, FinancingConfig, build_costs
from algofolio.workflows.config_data import DataConfig
from algofolio.workflows.config_evaluation import EvaluationConfig
from algofolio.workflows.config_rules import (
    CalendarTriggerConfig,
    ThresholdTriggerConfig,
    TradeSetting,
    TriggerConfig,
)
from algofolio.workflows.config_targets import AllocatorConfig, TiltConfig
from algofolio.workflows.sources import DATASET_PREFIX
from algofolio.workflows.validation import config_error_from_validation, read_toml

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

CalendarRebalanceConfig = CalendarTriggerConfig
"""The ``calendar`` trigger table (the name it had before triggers had a module of their own)."""
ThresholdRebalanceConfig = ThresholdTriggerConfig
"""The ``threshold`` trigger table."""
RebalanceConfig = TriggerConfig
"""Every ``rebalance`` kind."""

_Bps = Annotated[float, Field(ge=0)]


class _Trading(Strict):
    """How orders are costed and filled; ``[backtest]`` gives the defaults, a strategy overrides.

    ``costs``: a cost table or a list of them (their sum); ``costs_bps``: shorthand for
    ``costs = { kind = "proportional", bps = ... }`` (not both). ``execution``: ``"close"`` or
    ``"next_open"`` (needs ``[data] opens``); ``whole_shares``: round orders to whole shares;
    ``financing``: annual rates on cash and shorts.
    """

    costs_bps: _Bps | None = None
    costs: CostsSetting | None = None
    window: int | None = Field(default=None, ge=2)
    execution: Execution | None = None
    whole_shares: bool | None = None
    financing: FinancingConfig | None = None

    @model_validator(mode="after")
    def _one_way_to_give_costs(self) -> _Trading:
        if self.costs_bps is not None and self.costs is not None:
            raise ValueError("give costs or costs_bps, not both")
        return self

    def cost_model(self) -> CostModel | None:
        """The costs this table gives (``None``: not given here)."""
        if self.costs is not None:
            return build_costs(self.costs)
        if self.costs_bps is not None:
            return ProportionalCost(bps=self.costs_bps)
        return None


class BacktestSettings(_Trading):
    """Defaults shared by every strategy: capital, refit window (days), costs, fills, financing,
    an annual risk-free rate (for the Sharpe ratios) and periodic ``cash_flows``."""

    initial_value: float = Field(default=1.0, gt=0)
    window: int | None = Field(default=252, ge=2)
    costs_bps: _Bps | None = None
    risk_free_rate: float = Field(default=0.0, gt=-1)
    cash_flows: CashFlowsConfig | None = None


class StrategyConfig(_Trading):
    """One strategy: ``allocator`` (what to hold), ``rebalance`` (when), ``trade`` (how: one rule or
    a list applied in order; default: all the way to the target), ``shorts`` (whether targets may
    be short), and overrides of the ``[backtest]`` trading defaults."""

    name: str = Field(min_length=1)
    allocator: AllocatorConfig
    rebalance: TriggerConfig
    trade: TradeSetting | None = None
    shorts: bool = False


class ReportConfig(Strict):
    """Report options."""

    title: str | None = None


class BacktestConfig(Strict):
    """A whole backtest config: data, shared settings, one or more strategies, the optional
    evaluation, report options."""

    data: DataConfig
    backtest: BacktestSettings = BacktestSettings()
    strategies: list[StrategyConfig] = Field(min_length=1)
    evaluation: EvaluationConfig | None = None
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

    @field_validator("evaluation")
    @classmethod
    def _several_strategies(
        cls, evaluation: EvaluationConfig | None, info: ValidationInfo
    ) -> EvaluationConfig | None:
        strategies = info.data.get("strategies")
        if evaluation is not None and strategies is not None and len(strategies) < 2:
            raise ValueError("an evaluation selects among strategies: give at least two")
        return evaluation


def strategy_costs(config: BacktestConfig, index: int) -> CostModel:
    """The cost model of strategy ``index``: its own, else ``[backtest]``'s, else free trading."""
    own = config.strategies[index].cost_model()
    if own is not None:
        return own
    default = config.backtest.cost_model()
    return default if default is not None else ProportionalCost(bps=0.0)


def strategy_allocator(config: BacktestConfig, index: int) -> Allocator | Target:
    """The allocator (or target) of strategy ``index`` (a tilt refits its base on the window)."""
    item = config.strategies[index]
    if isinstance(item.allocator, TiltConfig):
        return item.allocator.build(strategy_window(config, index))
    built: Allocator | Target = item.allocator.build()
    return built


def strategy_window(config: BacktestConfig, index: int) -> int | None:
    """The refit window of strategy ``index``: its own, else ``[backtest]``'s."""
    own = config.strategies[index].window
    return config.backtest.window if own is None else own


def load_backtest_config(path: str | Path) -> BacktestConfig:
    """Read and validate a backtest TOML file; relative data paths become relative to the file.

    Raises :class:`ConfigError` naming the file and the dotted key (``strategies[1].name``).
    """
    path = Path(path)
    raw = read_toml(path)
    try:
        config = BacktestConfig.model_validate(raw)
    except ValidationError as exc:
        raise config_error_from_validation(without_union_tags(exc), raw, source=path.name) from None
    return _resolve_paths(config, path.parent)


def _resolve_paths(config: BacktestConfig, base: Path) -> BacktestConfig:
    def resolve(spec: str | None) -> str | None:
        if spec is None or spec.startswith(DATASET_PREFIX) or Path(spec).is_absolute():
            return spec
        return str(base / spec)

    keys = ("prices", "benchmark", "volumes", "opens", "dividends")
    data = config.data.model_copy(update={k: resolve(getattr(config.data, k)) for k in keys})
    return config.model_copy(update={"data": data})
