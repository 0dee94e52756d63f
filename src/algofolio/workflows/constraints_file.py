"""The constraints file of ``algofolio optimize`` and ``algofolio frontier``: TOML tables that build
the optimiser's constraint value objects, validated by pydantic.

Each table mirrors one :mod:`algofolio.optimize` constraint: ``[budget]`` -> ``Budget``,
``[bounds]`` -> ``Bounds``, ``[gross_leverage]`` -> ``GrossLeverage``, ``market_neutral = true``
-> ``MarketNeutral``, ``[groups]`` -> ``GroupLimits``, ``[turnover]`` -> ``MaxTurnover``,
``[tracking_error]`` -> ``TrackingErrorLimit`` (see ``examples/constraints.toml``). Without a
``[budget]`` the portfolio is fully invested (``Budget(total=1)``, unless market neutral); without
``[bounds]`` it is long only (``Bounds(lower=0, upper=1)``). Every problem becomes one
:class:`ConfigError` naming the file and the dotted key, and so does an asset the prices lack:

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "limits.toml"
>>> _ = path.write_text('[bounds]\\nupper = { AAPL = 0.2, APPL = 0.1 }\\n')
>>> load_constraints(path, ("AAPL", "MSFT"))
Traceback (most recent call last):
...
algofolio.core.errors.ConfigError: limits.toml: bounds.upper.APPL: 'APPL' is not an asset of the prices
>>> _ = path.write_text('[bounds]\\nlower = 0.3\\nupper = 0.2\\n')
>>> load_constraints(path, ("AAPL", "MSFT"))
Traceback (most recent call last):
...
algofolio.core.errors.ConfigError: limits.toml: bounds: Bounds.lower: 0.3 is above Bounds.upper 0.2
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from algofolio.core.errors import ConfigError
from algofolio.optimize import (
    Bounds,
    Budget,
    Constraint,
    GrossLeverage,
    GroupLimits,
    MarketNeutral,
    MaxTurnover,
    TrackingErrorLimit,
)
from algofolio.workflows.validation import load_toml_model

__all__ = [
    "BoundsTable",
    "BudgetTable",
    "ConstraintsFile",
    "GrossLeverageTable",
    "GroupsTable",
    "TrackingErrorTable",
    "TurnoverTable",
    "describe_constraints",
    "load_constraints",
    "read_constraints_file",
]

_PerAsset = float | dict[str, float]


class _Table(BaseModel):
    """Unknown keys, NaN/inf and silent type coercion are errors; the value object it builds is
    built once during validation, so its own checks report at this table's key."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)

    def build(self) -> Constraint:
        raise NotImplementedError

    def named_assets(self) -> Iterator[tuple[str, str]]:
        """``(dotted key below the table, asset)`` for every asset the table names."""
        return iter(())

    @model_validator(mode="after")
    def _builds(self) -> Self:
        try:
            self.build()
        except ConfigError as exc:
            raise ValueError(str(exc)) from None
        return self


def _mapped(name: str, value: _PerAsset) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for asset in value:
            yield f"{name}.{asset}", asset


class BudgetTable(_Table):
    """``[budget]``: ``total`` = sum of the weights (1: fully invested; below 1 the rest is cash)."""

    total: float = 1.0

    def build(self) -> Budget:
        return Budget(total=self.total)


class BoundsTable(_Table):
    """``[bounds]``: ``lower`` / ``upper`` per asset, a number or ``{ ASSET = number }`` (assets
    absent from a table get 0 below and 1 above)."""

    lower: _PerAsset = 0.0
    upper: _PerAsset = 1.0

    def build(self) -> Bounds:
        return Bounds(lower=self.lower, upper=self.upper)

    def named_assets(self) -> Iterator[tuple[str, str]]:
        yield from _mapped("lower", self.lower)
        yield from _mapped("upper", self.upper)


class GrossLeverageTable(_Table):
    """``[gross_leverage]``: ``max`` = largest ``sum(|w|)`` (1.6 for 130/30)."""

    max: float = Field(ge=0)

    def build(self) -> GrossLeverage:
        return GrossLeverage(max=self.max)


class GroupsTable(_Table):
    """``[groups]``: ``members`` is ``{ GROUP = [ASSET, ...] }`` or ``{ ASSET = "GROUP" }``;
    ``lower`` / ``upper`` a number for every group or ``{ GROUP = number }``."""

    members: dict[str, list[str]] | dict[str, str] = Field(min_length=1)
    lower: _PerAsset = 0.0
    upper: _PerAsset = 1.0

    def build(self) -> GroupLimits:
        return GroupLimits(groups=self.members, lower=self.lower, upper=self.upper)

    def named_assets(self) -> Iterator[tuple[str, str]]:
        for key, value in self.members.items():
            if isinstance(value, str):
                yield f"members.{key}", key
            else:
                for asset in value:
                    yield f"members.{key}", asset


class TurnoverTable(_Table):
    """``[turnover]``: ``limit`` on ``sum(|w - current|)``; ``current`` = today's weights."""

    limit: float = Field(ge=0)
    current: dict[str, float]

    def build(self) -> MaxTurnover:
        return MaxTurnover(current=self.current, limit=self.limit)

    def named_assets(self) -> Iterator[tuple[str, str]]:
        yield from _mapped("current", self.current)


class TrackingErrorTable(_Table):
    """``[tracking_error]``: ``max_annual`` tracking error against the ``benchmark`` weights."""

    max_annual: float = Field(ge=0)
    benchmark: dict[str, float] = Field(min_length=1)

    def build(self) -> TrackingErrorLimit:
        return TrackingErrorLimit(benchmark=self.benchmark, max_annual=self.max_annual)

    def named_assets(self) -> Iterator[tuple[str, str]]:
        yield from _mapped("benchmark", self.benchmark)


class ConstraintsFile(BaseModel):
    """A whole constraints file; every table is optional."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)

    budget: BudgetTable | None = None
    bounds: BoundsTable | None = None
    gross_leverage: GrossLeverageTable | None = None
    market_neutral: bool = False
    groups: GroupsTable | None = None
    turnover: TurnoverTable | None = None
    tracking_error: TrackingErrorTable | None = None

    @model_validator(mode="after")
    def _neutral_or_budget(self) -> Self:
        if self.market_neutral and self.budget is not None:
            raise ValueError("market_neutral = true sums the weights to 0; remove the [budget]")
        return self

    def tables(self) -> Iterator[tuple[str, _Table]]:
        """``(key, table)`` of the tables present, in file-schema order."""
        for key in ("budget", "bounds", "gross_leverage", "groups", "turnover", "tracking_error"):
            table = getattr(self, key)
            if table is not None:
                yield key, table

    def build(
        self, assets: Sequence[str], *, source: str = "constraints"
    ) -> tuple[Constraint, ...]:
        """The constraints over ``assets``, defaults included (see the module docstring).

        Raises :class:`ConfigError` (``source: key: ...``) for an asset that is not in ``assets``.
        """
        known = set(assets)
        for key, table in self.tables():
            for below, asset in table.named_assets():
                if asset not in known:
                    dotted = f"{key}.{below}"
                    raise ConfigError(
                        f"{source}: {dotted}: {asset!r} is not an asset of the prices",
                        key=dotted,
                    )
        built: list[Constraint] = []
        if self.budget is not None:
            built.append(self.budget.build())
        elif not self.market_neutral:
            built.append(Budget(total=1.0))
        if self.market_neutral:
            built.append(MarketNeutral())
        built.append(self.bounds.build() if self.bounds is not None else Bounds())
        built += [table.build() for key, table in self.tables() if key not in ("budget", "bounds")]
        return tuple(built)


def read_constraints_file(path: str | Path) -> ConstraintsFile:
    """Read and validate a constraints TOML file (raises :class:`ConfigError` naming file and key)."""
    return load_toml_model(Path(path), ConstraintsFile)


def load_constraints(path: str | Path, assets: Sequence[str]) -> tuple[Constraint, ...]:
    """The constraints a TOML file describes, over ``assets`` (the price columns).

    Raises :class:`ConfigError` naming the file and the dotted key.
    """
    path = Path(path)
    return read_constraints_file(path).build(assets, source=path.name)


def describe_constraints(constraints: Sequence[Constraint]) -> list[str]:
    """Each constraint's plain-words statement, for reports."""
    return [c.describe() for c in constraints]
