"""Validation helpers shared by the constraint value objects (numbers and per-asset mappings)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from algofolio.core.errors import ConfigError, DataError

PerAsset = float | Mapping[str, float]
"""One number for every asset, or a mapping ``{asset: number}``."""


def check_number(value: Any, key: str, *, minimum: float | None = None) -> float:
    """``value`` as a finite float (``>= minimum`` when given), else :class:`ConfigError` on ``key``."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating | np.integer):
        raise ConfigError(f"{key} must be a number, got {value!r}", key=key)
    number = float(value)
    if not math.isfinite(number):
        raise ConfigError(f"{key} must be finite, got {number!r}", key=key)
    if minimum is not None and number < minimum:
        raise ConfigError(f"{key} must be >= {minimum:g}, got {number:g}", key=key)
    return number


def check_per_asset(value: Any, key: str) -> dict[str, float] | float:
    """A number or a ``{name: number}`` mapping (a ``Series`` counts as one), checked finite."""
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if isinstance(value, Mapping):
        return {str(name): check_number(v, f"{key}[{name!r}]") for name, v in value.items()}
    return check_number(value, key)


def spread(
    value: dict[str, float] | float,
    names: Sequence[str],
    default: float,
    key: str,
    kind: str = "an asset of the problem",
) -> np.ndarray:
    """The vector over ``names`` of a number or mapping (names absent from a mapping get ``default``).

    Raises :class:`ConfigError` for a mapping key that is not one of ``names``.
    """
    if not isinstance(value, dict):
        return np.full(len(names), value)
    known = set(names)
    for name in value:
        if name not in known:
            raise ConfigError(f"{key} names {name!r}, which is not {kind}", key=key)
    return np.array([value.get(n, default) for n in names], dtype=float)


def check_unreserved(assets: Sequence[str], reserved: Sequence[str], frame: str) -> None:
    """:class:`DataError` naming the first asset called like one of the ``reserved`` figure columns
    of ``frame`` (its weight column would be confused with the figure)."""
    clash = next((a for a in assets if a in reserved), None)
    if clash is not None:
        raise DataError(
            f"asset {clash!r} has the name of a column of {frame} "
            f"({', '.join(reserved)}); rename it",
            asset=clash,
        )


def percent(value: float) -> str:
    """``0.1`` as ``'10%'`` (up to two decimals, no trailing zeros) for messages."""
    return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"
