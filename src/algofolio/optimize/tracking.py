"""Constraints relative to other portfolios: a turnover cap against current weights and a tracking
error limit against a benchmark.

>>> MaxTurnover(current={"A": 0.5, "B": 0.5}, limit=0.2).describe()
'turnover sum(|w - current|) <= 20%'
>>> TrackingErrorLimit(benchmark={"A": 1.0}, max_annual=0.05).describe()
'tracking error <= 5% a year'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cvxpy as cp
import numpy as np

from algofolio.core.errors import ConfigError
from algofolio.optimize._cvx import norm, norm1
from algofolio.optimize._values import check_number, check_per_asset, percent, spread
from algofolio.optimize.constraints import Scale
from algofolio.optimize.problem import PortfolioProblem, covariance_factor

__all__ = ["MaxTurnover", "TrackingErrorLimit"]


def _weights(value: Any, key: str) -> dict[str, float]:
    checked = check_per_asset(value, key)
    if not isinstance(checked, dict):
        raise ConfigError(
            f"{key} must be a mapping or Series {{asset: weight}}, got {value!r}", key=key
        )
    return checked


@dataclass(frozen=True, kw_only=True, slots=True)
class MaxTurnover:
    """``sum(|w_i - current_i|) <= limit``; ``current`` is ``{asset: weight}`` or a ``Series``
    (assets absent from it hold 0; held assets that are not in the problem are ignored)."""

    current: Mapping[str, float]
    limit: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "current", _weights(self.current, "MaxTurnover.current"))
        object.__setattr__(
            self, "limit", check_number(self.limit, "MaxTurnover.limit", minimum=0.0)
        )

    def describe(self) -> str:
        """``'turnover sum(|w - current|) <= 20%'``."""
        return f"turnover sum(|w - current|) <= {percent(self.limit)}"

    def build(self, w: cp.Variable, scale: Scale, problem: PortfolioProblem) -> list[Any]:
        """``norm1(w - current * scale) <= limit * scale``."""
        current = np.array([self.current.get(a, 0.0) for a in problem.assets])
        return [norm1(w - current * scale) <= self.limit * scale]


@dataclass(frozen=True, kw_only=True, slots=True)
class TrackingErrorLimit:
    """Annualised ex-ante tracking error ``sqrt((w - b)' Sigma (w - b) * periods_per_year) <=
    max_annual``; ``benchmark`` ``b`` is ``{asset: weight}`` or a ``Series`` over the problem's assets."""

    benchmark: Mapping[str, float]
    max_annual: float

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "benchmark", _weights(self.benchmark, "TrackingErrorLimit.benchmark")
        )
        object.__setattr__(
            self,
            "max_annual",
            check_number(self.max_annual, "TrackingErrorLimit.max_annual", minimum=0.0),
        )

    def describe(self) -> str:
        """``'tracking error <= 5% a year'``."""
        return f"tracking error <= {percent(self.max_annual)} a year"

    def build(self, w: cp.Variable, scale: Scale, problem: PortfolioProblem) -> list[Any]:
        """``||F (w - b * scale)||_2 <= max_annual / sqrt(periods_per_year) * scale``."""
        benchmark = spread(self.benchmark, problem.assets, 0.0, "TrackingErrorLimit.benchmark")  # type: ignore[arg-type]
        unit = math.sqrt(problem.variance_scale)  # model units, as the objectives
        per_period = self.max_annual / math.sqrt(problem.periods_per_year) / unit
        factor = covariance_factor(problem.Sigma) / unit
        return [norm(factor @ (w - benchmark * scale), 2) <= per_period * scale]
