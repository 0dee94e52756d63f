"""Numbers as text for tables: metric values by their kind, money, weights, dates.

A metric's kind comes from ``metrics.SUMMARY_FORMATS`` (label -> ``"percent" | "ratio" | "periods"``);
a missing value prints as an em dash, never as ``nan``.

>>> format_metric(0.12345, "percent"), format_metric(1.5, "ratio"), format_metric(42.0, "periods")
('12.35%', '1.50', '42')
>>> format_metric(float("nan"), "ratio")
'—'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from algofolio.metrics import SUMMARY_FORMATS

__all__ = [
    "MISSING",
    "format_date",
    "format_metric",
    "format_money",
    "format_summary",
    "format_weight",
]

MISSING = "—"
"""How a missing (NaN or absent) value prints."""

_BY_KIND: dict[str, Callable[[float], str]] = {
    "percent": lambda v: f"{v:.2%}",
    "ratio": lambda v: f"{v:.2f}",
    "periods": lambda v: f"{v:,.0f}",
}


def _general(value: float) -> str:
    return f"{value:.4g}"


def _is_missing(value: Any) -> bool:
    try:
        return value is None or not math.isfinite(float(value))
    except (TypeError, ValueError):
        return True


def format_metric(value: Any, kind: str | None) -> str:
    """``value`` formatted for its metric kind; unknown kinds get 4 significant digits."""
    if _is_missing(value):
        return MISSING
    formatter = _BY_KIND.get(kind or "", _general)
    return formatter(float(value))


def format_summary(
    summary: pd.DataFrame, formats: Mapping[str, str] = SUMMARY_FORMATS
) -> pd.DataFrame:
    """``metrics.summary`` output (rows = metric labels, columns = series) as strings.

    >>> table = pd.DataFrame({"A": [0.1, 0.5]}, index=["CAGR", "Sharpe ratio"])
    >>> format_summary(table, {"CAGR": "percent", "Sharpe ratio": "ratio"})["A"].tolist()
    ['10.00%', '0.50']
    """
    return pd.DataFrame(
        {
            column: [
                format_metric(value, formats.get(str(label)))
                for label, value in summary[column].items()
            ]
            for column in summary.columns
        },
        index=summary.index,
    )


def format_money(value: Any, *, decimals: int = 2) -> str:
    """Thousands separators, fixed decimals: ``format_money(1234.5) == '1,234.50'``."""
    return MISSING if _is_missing(value) else f"{float(value):,.{decimals}f}"


def format_weight(value: Any) -> str:
    """A weight as a percentage with two decimals: ``format_weight(0.1) == '10.00%'``."""
    return MISSING if _is_missing(value) else f"{float(value):.2%}"


def format_date(value: Any) -> str:
    """A timestamp as ``YYYY-MM-DD``: ``format_date(pd.Timestamp('2024-01-31')) == '2024-01-31'``."""
    return MISSING if value is None or value is pd.NaT else f"{pd.Timestamp(value):%Y-%m-%d}"
