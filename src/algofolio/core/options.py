"""Typed options: ``Literal`` aliases checked by mypy, validated once at the boundary.

>>> check_option("monthly", RebalanceFrequency, "frequency")
'monthly'
>>> check_option("montly", RebalanceFrequency, "frequency")
Traceback (most recent call last):
...
algofolio.core.errors.ConfigError: frequency: 'montly' is not one of 'daily', 'weekly', 'monthly', 'quarterly', 'yearly'
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from algofolio.core.errors import ConfigError

__all__ = [
    "CrossingDirection",
    "DriftKind",
    "DriftScope",
    "MissingPolicy",
    "PriceLayout",
    "RebalanceFrequency",
    "ReturnKind",
    "VaRMethod",
    "check_option",
]

ReturnKind = Literal["simple", "log"]
"""Simple returns ``p_t / p_{t-1} - 1`` or log returns ``ln(p_t / p_{t-1})``."""

RebalanceFrequency = Literal["daily", "weekly", "monthly", "quarterly", "yearly"]
"""Calendar rebalancing: trade on the first trading day of each new period."""

DriftKind = Literal["absolute", "relative"]
"""Threshold drift: ``|w - w*|`` (absolute) or ``|w - w*| / w*`` (relative)."""

DriftScope = Literal["asset", "portfolio"]
"""Drift band per asset, or one band on the portfolio's ``sum |w - w*| / 2``."""

CrossingDirection = Literal["up", "down", "either"]
"""Which crossings of a level an event trigger fires on."""

VaRMethod = Literal["historical", "gaussian", "cornish_fisher", "monte_carlo"]
"""How value at risk is estimated from a return sample."""

PriceLayout = Literal["auto", "wide", "long"]
"""Price files: wide (date x asset) or long (date, asset, price rows); ``auto`` detects it."""

MissingPolicy = Literal["keep", "ffill", "raise", "drop_assets"]
"""What to do with missing prices after each asset's first price (before it, NaN is kept: IPO gaps).

``keep`` leaves gaps as NaN, ``ffill`` carries the last price forward, ``raise`` fails naming the
asset and date, ``drop_assets`` removes assets with any gap after their first price.
"""


def check_option(value: Any, alias: Any, name: str) -> Any:
    """Return ``value`` if it is one of the strings of the ``Literal`` ``alias``, else raise.

    Raises :class:`~algofolio.core.errors.ConfigError` naming ``name`` and the allowed values.
    """
    allowed = get_args(alias)
    if value not in allowed:
        choices = ", ".join(repr(a) for a in allowed)
        raise ConfigError(f"{name}: {value!r} is not one of {choices}", key=name)
    return value
