"""What every table of the backtest config shares: strict pydantic models, and the checks that
reuse the library's own validation (a calendar frequency is valid when ``CalendarRule`` takes it).

>>> check_frequency("montly")
Traceback (most recent call last):
...
ValueError: 'montly' is not one of 'daily', 'weekly', 'monthly', 'quarterly' or 'yearly', nor a pandas frequency alias of a day or longer ('ME', 'W-FRI', '2MS', ...)
>>> check_frequency("W-FRI")
'W-FRI'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from algofolio.core.errors import ConfigError
from algofolio.rebalance import CalendarRule

__all__ = [
    "MANY",
    "ONE",
    "Strict",
    "check_frequency",
    "one_or_many",
    "value_error",
    "without_union_tags",
]

_T = TypeVar("_T")

_NAMED = ("daily", "weekly", "monthly", "quarterly", "yearly")


class Strict(BaseModel):
    """Unknown keys, NaN/inf and silent type coercion ("10" -> 10) are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


def check_frequency(frequency: str) -> str:
    """A pydantic validator: ``frequency`` is one :class:`~algofolio.rebalance.CalendarRule`
    accepts (a named period or a pandas alias of a day or longer); ``ValueError`` otherwise."""
    if frequency in _NAMED:
        return frequency
    try:
        CalendarRule(frequency)
    except ConfigError as exc:
        names = ", ".join(repr(name) for name in _NAMED[:-1])
        if "shorter than a day" in str(exc) or "periods; it must move forward" in str(exc):
            raise ValueError(str(exc).removeprefix("frequency: ")) from None
        raise ValueError(
            f"{frequency!r} is not one of {names} or {_NAMED[-1]!r}, nor a pandas frequency alias "
            "of a day or longer ('ME', 'W-FRI', '2MS', ...)"
        ) from None
    return frequency


def value_error(build: Callable[[], _T]) -> _T:
    """``build()``, its :class:`ConfigError` turned into the ``ValueError`` pydantic reports under
    the key being validated (the library's own check, worded once)."""
    try:
        return build()
    except ConfigError as exc:
        raise ValueError(str(exc)) from None


ONE = "<one>"
MANY = "<many>"
"""Tags of a "one table or a list of tables" union (never keys a user writes; dropped from error
keys by :func:`without_union_tags`). Such a field is typed::

    Annotated[
        Annotated[Item, Tag(ONE)] | Annotated[list[Item], Field(min_length=1), Tag(MANY)],
        Discriminator(one_or_many),
    ]
"""


def one_or_many(value: Any) -> str:
    """The union tag of ``value``: :data:`MANY` for a list, :data:`ONE` otherwise."""
    return MANY if isinstance(value, list) else ONE


def without_union_tags(exc: ValidationError) -> ValidationError:
    """``exc`` with the tags :data:`ONE` and :data:`MANY` removed from its error locations."""
    errors = []
    for error in exc.errors(include_url=False):
        details: dict[str, Any] = {
            "type": error["type"],
            "loc": tuple(item for item in error["loc"] if item not in (ONE, MANY)),
            "input": error["input"],
        }
        if "ctx" in error:
            details["ctx"] = error["ctx"]
        errors.append(details)
    return ValidationError.from_exception_data(exc.title, errors)  # type: ignore[arg-type]
