"""Constraints as frozen keyword-only value objects; each says what it is (``describe``) and
builds its cvxpy form.

``build(w, scale, problem)`` returns cvxpy constraints on the weights ``w`` that are *homogeneous* in
``scale``: the plain problems pass ``scale=1``; the max-Sharpe transform ``y = k w`` passes the
variable ``k``, so one definition serves both. Weights sum to the budget; ``1 - sum(w)`` is cash.

>>> Bounds(lower=0.0, upper=0.3).describe()
'bounds 0% <= w <= 30%'
>>> Budget(total=1.5)
Budget(total=1.5)
>>> Bounds(lower=0.5, upper=0.2)
Traceback (most recent call last):
...
algofolio.core.errors.ConfigError: Bounds.lower: 0.5 is above Bounds.upper 0.2
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import cvxpy as cp
import numpy as np

from algofolio.core.errors import ConfigError
from algofolio.optimize._cvx import cvx_sum, norm1
from algofolio.optimize._values import PerAsset, check_number, check_per_asset, percent, spread
from algofolio.optimize.problem import PortfolioProblem

__all__ = [
    "Bounds",
    "Budget",
    "Constraint",
    "GrossLeverage",
    "MarketNeutral",
]

Scale = cp.Variable | float
"""``1.0`` for plain problems, the homogenising variable ``k`` for max Sharpe."""


@runtime_checkable
class Constraint(Protocol):
    """A portfolio constraint: ``describe()`` for messages, ``build`` for the cvxpy form."""

    def describe(self) -> str:
        """A short plain-words statement, used in error messages."""
        ...

    def build(self, w: cp.Variable, scale: Scale, problem: PortfolioProblem) -> list[Any]:
        """cvxpy constraints on ``w`` (``(n,)``), homogeneous in ``scale``."""
        ...


@dataclass(frozen=True, kw_only=True, slots=True)
class Bounds:
    """``lower <= w_i <= upper`` per asset; each a number or ``{asset: number}`` (assets absent from a
    mapping get 0 below and 1 above). Long-short: ``Bounds(lower=-1.0, upper=1.0)``."""

    lower: PerAsset = 0.0
    upper: PerAsset = 1.0

    def __post_init__(self) -> None:
        lower = check_per_asset(self.lower, "Bounds.lower")
        upper = check_per_asset(self.upper, "Bounds.upper")
        object.__setattr__(self, "lower", lower)
        object.__setattr__(self, "upper", upper)
        if isinstance(lower, float) and isinstance(upper, float) and lower > upper:
            raise ConfigError(
                f"Bounds.lower: {lower:g} is above Bounds.upper {upper:g}", key="Bounds.lower"
            )
        names = sorted(
            set(lower if isinstance(lower, dict) else ())
            | set(upper if isinstance(upper, dict) else ())
        )
        low, high = (
            spread(lower, names, 0.0, "Bounds.lower"),
            spread(upper, names, 1.0, "Bounds.upper"),
        )
        for name, a, b in zip(names, low, high, strict=True):
            if a > b:
                raise ConfigError(
                    f"Bounds.lower: {a:g} is above Bounds.upper {b:g} for asset {name!r}",
                    key="Bounds.lower",
                )

    def vectors(self, assets: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """``(lower, upper)`` as vectors over ``assets``; a mapping naming another asset raises."""
        lower = spread(self.lower, assets, 0.0, "Bounds.lower")  # type: ignore[arg-type]
        upper = spread(self.upper, assets, 1.0, "Bounds.upper")  # type: ignore[arg-type]
        return lower, upper

    def describe(self) -> str:
        """``'bounds 0% <= w <= 30%'`` (or ``per asset`` for mappings)."""
        if isinstance(self.lower, float) and isinstance(self.upper, float):
            return f"bounds {percent(self.lower)} <= w <= {percent(self.upper)}"
        return "per-asset bounds"

    def build(self, w: cp.Variable, scale: Scale, problem: PortfolioProblem) -> list[Any]:
        """``lower * scale <= w <= upper * scale``."""
        lower, upper = self.vectors(problem.assets)
        return [w >= lower * scale, w <= upper * scale]


@dataclass(frozen=True, kw_only=True, slots=True)
class Budget:
    """``sum(w) == total`` (1: fully invested; below 1 the rest is cash)."""

    total: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", check_number(self.total, "Budget.total"))

    def describe(self) -> str:
        """``'budget sum(w) = 100%'``."""
        return f"budget sum(w) = {percent(self.total)}"

    def build(self, w: cp.Variable, scale: Scale, problem: PortfolioProblem) -> list[Any]:
        """``sum(w) == total * scale``."""
        return [cvx_sum(w) == self.total * scale]


@dataclass(frozen=True, kw_only=True, slots=True)
class GrossLeverage:
    """``sum(|w_i|) <= max`` (long-short gross exposure; 1.6 for a 130/30 fund)."""

    max: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "max", check_number(self.max, "GrossLeverage.max", minimum=0.0))

    def describe(self) -> str:
        """``'gross leverage sum(|w|) <= 160%'``."""
        return f"gross leverage sum(|w|) <= {percent(self.max)}"

    def build(self, w: cp.Variable, scale: Scale, problem: PortfolioProblem) -> list[Any]:
        """``norm1(w) <= max * scale``."""
        return [norm1(w) <= self.max * scale]


@dataclass(frozen=True, kw_only=True, slots=True)
class MarketNeutral:
    """``sum(w) == 0``: longs financed by shorts (combine with :class:`GrossLeverage` or bounds)."""

    def describe(self) -> str:
        """``'market neutral sum(w) = 0'``."""
        return "market neutral sum(w) = 0"

    def build(self, w: cp.Variable, scale: Scale, problem: PortfolioProblem) -> list[Any]:
        """``sum(w) == 0``."""
        return [cvx_sum(w) == 0]
