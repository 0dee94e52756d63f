"""TOML reading and pydantic errors turned into one :class:`ConfigError` that names file and key.

>>> from pydantic import BaseModel, ConfigDict
>>> class Costs(BaseModel):
...     model_config = ConfigDict(extra="forbid")
...     bps: float
>>> raw = {"bps": 10, "fee": 1}
>>> try:
...     Costs.model_validate(raw)
... except ValidationError as exc:
...     print(config_error_from_validation(exc, raw, source="costs.toml"))
costs.toml: fee: unknown key
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from algofolio.allocate import check_weight_mix
from algofolio.core.errors import ConfigError

__all__ = [
    "check_budget",
    "config_error_from_validation",
    "dotted_key",
    "load_toml_model",
    "read_toml",
]

_Model = TypeVar("_Model", bound=BaseModel)

_MAX_LISTED_ERRORS = 3
_MAX_INPUT_REPR = 60


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a missing file or a syntax error (with its line) is a :class:`ConfigError`."""
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name}: cannot read the file ({exc})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: invalid TOML: {exc}") from None


def load_toml_model(path: Path, model: type[_Model]) -> _Model:
    """Read the TOML file at ``path`` and validate it as ``model``.

    Raises :class:`ConfigError` naming the file and the dotted key of the first problems.
    """
    raw = read_toml(path)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise config_error_from_validation(exc, raw, source=path.name) from None


def check_budget(weights: dict[str, float]) -> dict[str, float]:
    """Long-only weights within the budget: each >= 0, summing to at most 1 (the rest is cash).

    A pydantic field validator around :func:`algofolio.allocate.check_weight_mix` (the check the
    allocators apply): raises ``ValueError`` with its message, naming the asset or the sum.

    >>> check_budget({"A": 0.7, "B": 0.4})
    Traceback (most recent call last):
    ...
    ValueError: weights sum to 1.1 > 1 (1 - sum is cash; it cannot be negative)
    """
    try:
        check_weight_mix(weights)
    except ConfigError as exc:
        raise ValueError(str(exc)) from None
    return weights


def dotted_key(loc: Sequence[int | str], raw: Any) -> str:
    """The user's dotted key for a pydantic error location, e.g. ``strategies[1].rebalance.frequency``.

    The location is walked along the raw input so that the tags pydantic inserts for discriminated
    unions (``('rebalance', 'calendar', 'frequency')``) are dropped.

    >>> dotted_key(("strategies", 0, "rebalance", "calendar", "frequency"),
    ...            {"strategies": [{"rebalance": {"kind": "calendar", "frequency": "x"}}]})
    'strategies[0].rebalance.frequency'
    >>> dotted_key(("rule", "threshold", "threshold"), {"rule": {"kind": "threshold", "threshold": 2}})
    'rule.threshold'
    """
    key = ""
    node: Any = raw
    tag = None  # the discriminator value of the union member just entered, if any
    for item in loc:
        if tag is not None and item == tag:
            tag = None
            continue  # the discriminated-union tag, not a key the user wrote
        if isinstance(item, int):
            key += f"[{item}]"
            node = node[item] if isinstance(node, list) and 0 <= item < len(node) else None
        else:
            key += f".{item}" if key else item
            node = node.get(item) if isinstance(node, Mapping) else None
        tag = node.get("kind") if isinstance(node, Mapping) else None
    return key


def config_error_from_validation(exc: ValidationError, raw: Any, *, source: str) -> ConfigError:
    """One :class:`ConfigError` for all of ``exc``'s errors: ``source: key: problem; ...``."""
    errors = exc.errors(include_url=False)
    described = [_describe(error, raw) for error in errors]
    listed = "; ".join(f"{key}: {problem}" if key else problem for key, problem in described)
    if len(described) > _MAX_LISTED_ERRORS:
        head = described[:_MAX_LISTED_ERRORS]
        listed = "; ".join(f"{key}: {problem}" if key else problem for key, problem in head)
        hidden = len(described) - _MAX_LISTED_ERRORS
        listed += f" (and {hidden} more error{'s' if hidden > 1 else ''})"
    first_key = described[0][0] if described else None
    return ConfigError(f"{source}: {listed}", key=first_key or None)


def _describe(error: ErrorDetails, raw: Any) -> tuple[str, str]:
    key = dotted_key(error["loc"], raw)
    describe = _PROBLEMS.get(error["type"], _generic)
    suffix, problem = describe(error)
    if suffix:
        key = f"{key}.{suffix}" if key else suffix
    return key, problem


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_INPUT_REPR else text[: _MAX_INPUT_REPR - 3] + "..."


def _ctx(error: ErrorDetails, name: str) -> Any:
    return (error.get("ctx") or {}).get(name)


def _generic(error: ErrorDetails) -> tuple[str, str]:
    message = error["msg"]
    message = message[:1].lower() + message[1:]
    return "", f"{message} (got {_short_repr(error['input'])})"


_PROBLEMS: dict[str, Callable[[ErrorDetails], tuple[str, str]]] = {
    "extra_forbidden": lambda e: ("", "unknown key"),
    "missing": lambda e: ("", "required key is missing"),
    "literal_error": lambda e: (
        "",
        f"{_short_repr(e['input'])} is not one of {_ctx(e, 'expected')}",
    ),
    "union_tag_invalid": lambda e: (
        "kind",
        f"{_short_repr(_ctx(e, 'tag'))} is not one of {_ctx(e, 'expected_tags')}",
    ),
    "union_tag_not_found": lambda e: ("kind", "required key is missing"),
    "value_error": lambda e: ("", str(_ctx(e, "error"))),
}
