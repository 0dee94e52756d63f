"""Group limits: ``lower_g <= sum(w_i for i in group g) <= upper_g`` (sectors, regions, asset classes).

>>> limits = GroupLimits(groups={"AAPL": "Tech", "MSFT": "Tech", "XOM": "Energy"}, upper={"Tech": 0.5})
>>> limits.groups
{'Tech': ('AAPL', 'MSFT'), 'Energy': ('XOM',)}
>>> limits.limits("Tech")
(0.0, 0.5)
>>> limits.describe()
"group limits on 'Tech', 'Energy'"
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import cvxpy as cp
import numpy as np

from algofolio.core.errors import ConfigError
from algofolio.optimize._cvx import cvx_sum
from algofolio.optimize._values import PerAsset, check_per_asset, spread
from algofolio.optimize.constraints import Scale
from algofolio.optimize.problem import PortfolioProblem

__all__ = ["GroupLimits"]


@dataclass(frozen=True, kw_only=True, slots=True)
class GroupLimits:
    """Bounds on the total weight of groups of assets.

    ``groups`` is ``{group: [assets]}`` or ``{asset: group}`` (stored as ``{group: (assets,)}``);
    ``lower`` / ``upper`` are a number for every group or ``{group: number}`` (groups absent from a
    mapping get 0 below and 1 above). Members that are not assets of a problem are ignored (the
    universe of a backtest window changes); a group limit with no member in the problem reads 0.
    """

    groups: Mapping[str, Sequence[str]] | Mapping[str, str]
    lower: PerAsset = 0.0
    upper: PerAsset = 1.0

    def __post_init__(self) -> None:
        groups = _group_members(self.groups)
        lower = check_per_asset(self.lower, "GroupLimits.lower")
        upper = check_per_asset(self.upper, "GroupLimits.upper")
        names = tuple(groups)
        low = spread(lower, names, 0.0, "GroupLimits.lower", "a group")
        high = spread(upper, names, 1.0, "GroupLimits.upper", "a group")
        for name, a, b in zip(names, low, high, strict=True):
            if a > b:
                raise ConfigError(
                    f"GroupLimits.lower: {a:g} is above GroupLimits.upper {b:g} for group {name!r}",
                    key="GroupLimits.lower",
                )
        object.__setattr__(self, "groups", groups)
        object.__setattr__(self, "lower", lower)
        object.__setattr__(self, "upper", upper)

    def limits(self, group: str) -> tuple[float, float]:
        """``(lower, upper)`` of ``group``."""
        lower, upper = self.lower, self.upper
        low = lower.get(group, 0.0) if isinstance(lower, Mapping) else lower
        high = upper.get(group, 1.0) if isinstance(upper, Mapping) else upper
        return float(low), float(high)

    def indicator(self, group: str, assets: tuple[str, ...]) -> np.ndarray:
        """0/1 vector over ``assets`` marking the members of ``group``."""
        members = set(self.groups[group])
        return np.array([a in members for a in assets], dtype=float)

    def describe(self) -> str:
        """``"group limits on 'Tech', 'Energy'"``."""
        return "group limits on " + ", ".join(repr(g) for g in self.groups)

    def build(self, w: cp.Variable, scale: Scale, problem: PortfolioProblem) -> list[Any]:
        """``lower_g * scale <= a_g @ w <= upper_g * scale`` for every group ``g``."""
        built: list[Any] = []
        for group in self.groups:
            lower, upper = self.limits(group)
            total = cvx_sum(w @ self.indicator(group, problem.assets))
            built += [total >= lower * scale, total <= upper * scale]
        return built


def _group_members(groups: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(groups, Mapping) or not groups:
        raise ConfigError(
            "GroupLimits.groups must be a non-empty mapping {group: [assets]} or {asset: group}",
            key="GroupLimits.groups",
        )
    if all(isinstance(v, str) for v in groups.values()):
        members: dict[str, list[str]] = {}
        for asset, group in groups.items():
            members.setdefault(str(group), []).append(str(asset))
        return {g: tuple(m) for g, m in members.items()}
    result: dict[str, tuple[str, ...]] = {}
    seen: set[str] = set()
    for group, assets in groups.items():
        if isinstance(assets, str) or not isinstance(assets, Sequence | set | frozenset):
            raise ConfigError(
                f"GroupLimits.groups[{group!r}] must be a list of assets, got {assets!r}",
                key=f"GroupLimits.groups[{group!r}]",
            )
        names = tuple(str(a) for a in assets)
        if not names:
            raise ConfigError(
                f"GroupLimits.groups[{group!r}] has no assets", key=f"GroupLimits.groups[{group!r}]"
            )
        result[str(group)] = names
        seen.update(names)
    return result
