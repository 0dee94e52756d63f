"""A backtest comparison from a few choices instead of a TOML file (the ``algofolio compare`` use
case): allocator kinds, one rebalance rule, costs, window and dates become the same
:class:`~algofolio.workflows.config.BacktestConfig` a file would give, run by
:func:`~algofolio.workflows.comparison.run_config`.

Strategy specs are allocator kinds of the config (:data:`~algofolio.workflows.config_allocators.
OPTIMIZER_KINDS`), written with ``-`` or ``_`` (``min-variance`` or ``min_variance``), optionally
followed by parameters: ``efficient-risk:target_volatility=0.15,max_weight=0.3``. Rebalance specs:
a calendar frequency (``monthly``, ``quarterly``, ``ME``, ...) or ``threshold:BAND`` (absolute drift,
e.g. ``threshold:0.05``). Errors name the command-line option they come from (``--strategy``,
``--rebalance``, ``--window``, ``--start``, ...).

>>> config = compare_config("dataset:factors", ["equal-weight", "max-sharpe:risk_free_rate=0.02"],
...                         rebalance="threshold:0.05", cost_bps=10)
>>> [(s.name, s.allocator.kind) for s in config.strategies]
[('equal-weight', 'equal_weight'), ('max-sharpe risk_free_rate=0.02', 'max_sharpe')]
>>> config.strategies[0].rebalance.build().describe()
'absolute drift band (any weight more than 5% from its target)'
>>> compare_config("dataset:factors", ["equal-weigth"])
Traceback (most recent call last):
...
algofolio.core.errors.ConfigError: --strategy: unknown 'equal-weigth'; choose from 'min-variance', 'max-sharpe', 'max-utility', 'efficient-return', 'efficient-risk', 'max-return', 'max-diversification', 'min-cvar', 'min-semivariance', 'max-sortino', 'risk-parity', 'hrp', 'equal-weight', 'inverse-volatility'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from algofolio.core.errors import AlgofolioError, ConfigError, DataError
from algofolio.workflows.comparison import Comparison, ProgressCallback, run_config
from algofolio.workflows.config import (
    BacktestConfig,
    BacktestSettings,
    DataConfig,
    ReportConfig,
    StrategyConfig,
)
from algofolio.workflows.config_allocators import OPTIMIZER_KINDS
from algofolio.workflows.config_base import without_union_tags
from algofolio.workflows.config_rules import CalendarTriggerConfig, ThresholdTriggerConfig
from algofolio.workflows.validation import config_error_from_validation

_Model = TypeVar("_Model", bound=BaseModel)

__all__ = [
    "OPTION_OF_KEY",
    "STRATEGY_KINDS",
    "compare_config",
    "parse_rebalance",
    "parse_strategy",
    "run_comparison",
    "with_options",
]

STRATEGY_KINDS: tuple[str, ...] = tuple(kind.replace("_", "-") for kind in OPTIMIZER_KINDS)
"""The strategy kinds ``--strategy`` accepts (the config's allocator kinds, ``-`` for ``_``)."""

OPTION_OF_KEY: Mapping[str, str] = {
    "data.prices": "PRICES",
    "data.benchmark": "--benchmark",
    "data.start": "--start",
    "data.end": "--end",
    "backtest.window": "--window",
    "backtest.initial_value": "--capital",
    "backtest.costs_bps": "--cost-bps",
    "backtest.risk_free_rate": "--risk-free",
}
"""The command-line option behind each config key :func:`compare_config` fills."""


def parse_strategy(spec: str) -> tuple[str, dict[str, Any]]:
    """``"KIND[:key=value,...]"`` -> ``(config kind, parameters)``; numbers become floats.

    >>> parse_strategy("efficient-risk:target_volatility=0.15,max_weight=0.3")
    ('efficient_risk', {'target_volatility': 0.15, 'max_weight': 0.3})
    >>> parse_strategy("hrp:linkage=ward")
    ('hrp', {'linkage': 'ward'})
    """
    name, _, rest = spec.strip().partition(":")
    kind = name.strip().replace("-", "_")
    if kind not in OPTIMIZER_KINDS:
        choices = ", ".join(repr(k) for k in STRATEGY_KINDS)
        raise ConfigError(f"--strategy: unknown {name!r}; choose from {choices}", key="--strategy")
    parameters: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in rest.split(","))):
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise ConfigError(
                f"--strategy {spec!r}: {item!r} is not key=value (e.g. max_weight=0.3)",
                key="--strategy",
            )
        parameters[key.strip()] = _value(value.strip())
    return kind, parameters


def parse_rebalance(spec: str) -> CalendarTriggerConfig | ThresholdTriggerConfig:
    """``"monthly"`` (any calendar frequency) or ``"threshold:0.05"`` -> the config's trigger table.

    >>> parse_rebalance("threshold:0.05").threshold
    0.05
    >>> parse_rebalance("quartely")
    Traceback (most recent call last):
    ...
    algofolio.core.errors.ConfigError: --rebalance: 'quartely' is not one of 'daily', 'weekly', 'monthly', 'quarterly' or 'yearly', nor a pandas frequency alias of a day or longer ('ME', 'W-FRI', '2MS', ...); or threshold:BAND (e.g. threshold:0.05)
    """
    head, colon, band = spec.strip().partition(":")
    try:
        if colon and head.strip() == "threshold":
            value = _value(band.strip())
            if not isinstance(value, float):
                raise ConfigError(f"--rebalance: threshold {band!r} is not a number")
            return ThresholdTriggerConfig(threshold=value)
        return CalendarTriggerConfig(frequency=spec.strip())
    except ValidationError as exc:
        problem = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        raise ConfigError(
            f"--rebalance: {problem}; or threshold:BAND (e.g. threshold:0.05)", key="--rebalance"
        ) from None


def compare_config(
    prices: str,
    strategies: Sequence[str],
    *,
    rebalance: str = "monthly",
    cost_bps: float = 0.0,
    window: int = 252,
    benchmark: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    risk_free_rate: float = 0.0,
    initial_value: float = 1.0,
    title: str | None = None,
) -> BacktestConfig:
    """The backtest config of ``strategies`` (specs, see the module) on ``prices`` (a file or
    ``dataset:NAME``), each rebalanced by ``rebalance`` with ``cost_bps`` proportional costs and a
    ``window``-day refit window. Each strategy is named by its spec. Raises :class:`ConfigError`
    naming the option (``--strategy``, ``--rebalance``, ``--window``, ...)."""
    if not strategies:
        raise ConfigError("--strategy: give at least one strategy", key="--strategy")
    trigger = parse_rebalance(rebalance)
    items = []
    seen: set[str] = set()
    for spec in strategies:
        kind, parameters = parse_strategy(spec)
        name = _name(spec)
        if name in seen:
            raise ConfigError(f"--strategy: {name!r} is given twice", key="--strategy")
        seen.add(name)
        try:
            allocator = OPTIMIZER_KINDS[kind].model_validate({"kind": kind, **parameters})
        except ValidationError as exc:
            error = config_error_from_validation(
                without_union_tags(exc), parameters, source=f"--strategy {spec!r}"
            )
            raise ConfigError(str(error), key="--strategy") from None
        items.append({"name": name, "allocator": allocator, "rebalance": trigger})
    data = _validated(
        DataConfig,
        {"prices": prices, "benchmark": benchmark, "start": start, "end": end},
        "data",
    )
    settings = _validated(
        BacktestSettings,
        {
            "initial_value": initial_value,
            "window": window,
            "costs_bps": cost_bps,
            "risk_free_rate": risk_free_rate,
        },
        "backtest",
    )
    return BacktestConfig(
        data=data,
        backtest=settings,
        strategies=[StrategyConfig.model_validate(item) for item in items],
        report=ReportConfig(title=title),
    )


def with_options(
    config: BacktestConfig,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    benchmark: str | None = None,
    risk_free_rate: float | None = None,
) -> BacktestConfig:
    """``config`` with ``[data] start`` / ``end`` / ``benchmark`` and ``[backtest]
    risk_free_rate`` replaced by those given (``None``: kept), checked again; errors name the
    option (``--end: ... is not after start ...``). A benchmark path is used as given (relative
    to the working directory, not to the config file).

    >>> from algofolio.workflows.demo import demo_config
    >>> with_options(demo_config(), start=dt.date(2020, 1, 1)).data.start
    datetime.date(2020, 1, 1)
    >>> with_options(demo_config(), start=dt.date(2020, 1, 1), end=dt.date(2019, 1, 1))
    Traceback (most recent call last):
    ...
    algofolio.core.errors.ConfigError: --end: 2019-01-01 is not after start 2020-01-01
    """
    data = {"start": start, "end": end, "benchmark": benchmark}
    settings = {"risk_free_rate": risk_free_rate}
    given = {k: v for k, v in data.items() if v is not None}
    given_settings = {k: v for k, v in settings.items() if v is not None}
    if not given and not given_settings:
        return config
    new_data = _validated(DataConfig, config.data.model_dump() | given, "data")
    new_settings = config.backtest
    if given_settings:  # checked alone: the rest of [backtest] was checked when it was read
        _validated(BacktestSettings, given_settings, "backtest")
        new_settings = config.backtest.model_copy(update=given_settings)
    return config.model_copy(update={"data": new_data, "backtest": new_settings})


def run_comparison(
    config: BacktestConfig, *, progress: ProgressCallback | None = None
) -> Comparison:
    """:func:`run_config` with errors that name a config key this module filled renamed to the
    option (``data.end: ...`` -> ``--end: ...``; ``strategies[1]`` -> ``--strategy 'NAME'``)."""
    try:
        return run_config(config, progress=progress)
    except AlgofolioError as exc:
        raise _renamed(exc, config) from exc


def _renamed(exc: AlgofolioError, config: BacktestConfig) -> AlgofolioError:
    message = str(exc)
    keys = {**OPTION_OF_KEY}
    keys.update(
        {f"strategies[{i}]": f"--strategy {s.name!r}" for i, s in enumerate(config.strategies)}
    )
    for key, option in keys.items():
        if message.startswith(key):
            message = option + message.removeprefix(key)
            break
    else:
        if "of history" in message:  # the refit window does not fit in the prices
            message = f"--window: {message} (shorten --window or widen --start/--end)"
    if isinstance(exc, DataError):
        return DataError(message, asset=exc.asset, date=exc.date, source=exc.source)
    if isinstance(exc, ConfigError):
        return ConfigError(message, key=exc.key)
    return type(exc)(message)


def _validated(model: type[_Model], raw: dict[str, Any], table: str) -> _Model:
    """``model`` validated from ``raw`` (the ``table`` of a config); errors name the options."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        error = config_error_from_validation(exc, raw, source="options")
    message = str(error).removeprefix("options: ")
    for key, option in OPTION_OF_KEY.items():
        bare = key.removeprefix(f"{table}.")
        if message.startswith(f"{bare}: "):
            message = option + message.removeprefix(bare)
        message = message.replace(f"; {bare}: ", f"; {option}: ")
    key = OPTION_OF_KEY.get(f"{table}.{error.key}", error.key or table)
    raise ConfigError(message, key=key)


def _name(spec: str) -> str:
    kind, _, rest = spec.strip().partition(":")
    parameters = " ".join(part.strip() for part in rest.split(",") if part.strip())
    return f"{kind.strip()} {parameters}" if parameters else kind.strip()


def _value(text: str) -> Any:
    try:
        return float(text)
    except ValueError:
        return text
