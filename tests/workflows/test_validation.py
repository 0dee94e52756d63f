"""Dotted keys from pydantic locations, walking the raw input (union tags are not keys)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from algofolio.allocate import check_weight_mix
from algofolio.core.errors import ConfigError
from algofolio.workflows.validation import check_budget, dotted_key


@pytest.mark.parametrize(
    ("loc", "raw", "key"),
    [
        (("data", "prices"), {"data": {"prices": 1}}, "data.prices"),
        (("a", 2, "b"), {"a": [{}, {}, {"b": 1}]}, "a[2].b"),
        (
            ("s", 0, "rule", "calendar", "frequency"),
            {"s": [{"rule": {"kind": "calendar"}}]},
            "s[0].rule.frequency",
        ),
        # the tag equals a field name: only the first occurrence is the tag
        (
            ("r", "threshold", "threshold"),
            {"r": {"kind": "threshold", "threshold": -1}},
            "r.threshold",
        ),
        (("w", "kind"), {"w": {"kind": 1}}, "w.kind"),  # not inside a union member: a real key
        (("missing", "deeper"), {}, "missing.deeper"),
    ],
)
def test_dotted_key(loc: tuple[Any, ...], raw: Any, key: str) -> None:
    assert dotted_key(loc, raw) == key


def test_budget_allows_cash_and_names_negative_assets() -> None:
    assert check_budget({"A": 0.3, "B": 0.3}) == {"A": 0.3, "B": 0.3}
    assert check_budget({"A": 0.1 + 0.2, "B": 0.7}) == {"A": 0.1 + 0.2, "B": 0.7}  # 1 + 1e-16
    with pytest.raises(ValueError, match=r"weight of 'B' is -0\.1"):
        check_budget({"A": 0.5, "B": -0.1})


@pytest.mark.parametrize(
    ("weights", "problem"),
    [
        ({"A": 0.7, "B": 0.4}, "weights sum to 1.1 > 1"),
        ({"A": -0.1}, "weight of 'A' is -0.1"),
        ({"A": 0.5, "B": 0.5 + 2e-9}, "weights sum to 1 > 1"),  # beyond the 1e-9 rounding margin
        ({"A": 0.5, "B": 0.5 + 5e-10}, None),  # within it
    ],
)
def test_budget_is_the_allocators_rule(weights: dict[str, float], problem: str | None) -> None:
    # a mix the config schema accepts is one the allocator it builds accepts, and vice versa
    if problem is None:
        assert check_budget(weights) == weights
        assert check_weight_mix(weights) == weights
        return
    with pytest.raises(ValueError, match=re.escape(problem)) as schema:
        check_budget(weights)
    with pytest.raises(ConfigError, match=re.escape(problem)) as allocator:
        check_weight_mix(weights)
    assert str(schema.value) == str(allocator.value)
