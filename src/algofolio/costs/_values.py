"""Validation of the numbers cost models are configured with."""

from __future__ import annotations

import math

from algofolio.core.errors import ConfigError


def non_negative(value: object, key: str) -> float:
    """``value`` as a float if it is a finite number >= 0, else :class:`ConfigError` naming ``key``."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        raise ConfigError(f"{key} must be a finite number >= 0, got {value!r}", key=key)
    return float(value)
