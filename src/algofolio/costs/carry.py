"""Financing carry: interest on cash and the fee for borrowing shares sold short.

Over a day of ``dt`` years (e.g. calendar days / 365) cash earns simple interest at the annual
``cash_rate`` and pays the annual ``borrow_rate`` on the market value of the short positions:

    cash_t = cash_{t-1} (1 + r dt_t) - b dt_t |short_t|

:func:`carry_cash` solves that linear recurrence for a whole path at once: with growth factors
``a_t = 1 + r dt_t`` and ``A_t = a_1 ... a_t``, ``cash_t = A_t (cash_0 - Σ_{j<=t} b dt_j |short_j| / A_j)``
(cumulative products and sums, no Python loop per day).

>>> import numpy as np
>>> path = carry_cash(1000.0, np.zeros(3), np.full(3, 1 / 365), Financing(cash_rate=0.0365))
>>> path.round(6).tolist()  # 1000 * 1.0001 ** t
[1000.1, 1000.20001, 1000.30003]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from algofolio.core.errors import ConfigError, DataError
from algofolio.core.frequency import check_annual_rate
from algofolio.costs._values import non_negative

__all__ = ["Financing", "carry_cash"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Financing:
    """Annual financing rates: ``cash_rate`` earned on cash (finite, > -1; applied to the balance
    whatever its sign) and ``borrow_rate`` paid on the absolute value of short positions (finite,
    >= 0). Both are simple annual rates, accrued as ``rate * dt`` per day of ``dt`` years.

    Invalid rates raise :class:`ConfigError` keyed ``Financing.cash_rate`` / ``Financing.borrow_rate``.
    """

    cash_rate: float = 0.0
    borrow_rate: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "cash_rate", check_annual_rate(self.cash_rate, "Financing.cash_rate")
        )
        object.__setattr__(
            self, "borrow_rate", non_negative(self.borrow_rate, "Financing.borrow_rate")
        )


def carry_cash(
    cash0: float,
    short_values: np.ndarray,
    year_fractions: np.ndarray,
    financing: Financing,
    *,
    income: np.ndarray | None = None,
) -> np.ndarray:
    """The cash balance after each of ``n`` days of carry, starting from ``cash0`` (``(n,)``).

    ``short_values`` (``(n,)``) are the market values of the short positions on each day (<= 0,
    currency); ``year_fractions`` (``(n,)``) the length of each day in years (finite, >= 0);
    ``income`` (``(n,)``, optional) cash received at each day's close (dividends). Raises
    :class:`DataError` naming the argument for other shapes or values, and :class:`ConfigError` when
    a day's growth factor ``1 + cash_rate * dt`` is not positive.
    """
    if not isinstance(cash0, int | float) or isinstance(cash0, bool) or not math.isfinite(cash0):
        raise DataError(f"carry_cash: cash0 must be a finite number, got {cash0!r}")
    shorts = _path(short_values, "short_values")
    dt = _path(year_fractions, "year_fractions")
    if shorts.shape != dt.shape:
        raise DataError(
            f"carry_cash: short_values {shorts.shape} and year_fractions {dt.shape} must match"
        )
    if np.any(shorts > 0):
        raise DataError("carry_cash: short_values must be <= 0 (the value of short positions)")
    if np.any(dt < 0):
        raise DataError("carry_cash: year_fractions must be >= 0")
    growth = 1.0 + financing.cash_rate * dt
    if np.any(growth <= 0):
        raise ConfigError(
            "carry_cash: cash_rate * dt <= -1 on some day; the cash rate cannot wipe out cash",
            key="Financing.cash_rate",
        )
    compounded = np.cumprod(growth)
    flows = -financing.borrow_rate * dt * np.abs(shorts)
    if income is not None:
        flows = flows + _path(income, "income")
    path: np.ndarray = compounded * (cash0 + np.cumsum(flows / compounded))
    return path


def _path(values: object, name: str) -> np.ndarray:
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise DataError(f"carry_cash: {name} must be an array of numbers") from exc
    if array.ndim != 1 or not np.isfinite(array).all():
        raise DataError(f"carry_cash: {name} must be a finite (n,) array, got shape {array.shape}")
    return array
