"""Rich tables of ``optimize`` and ``frontier``: weights, a portfolio's figures, whole shares.

Inputs are plain pandas objects and numbers; names are shown as plain text (no rich markup).

>>> import pandas as pd
>>> table = weights_table(pd.Series({"A": 0.25, "B": 0.75, "C": 0.0}), title="Weights")
>>> [str(c) for c in table.columns[0].cells], list(table.columns[1].cells)
(['B', 'A'], ['75.00%', '25.00%'])
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from rich import box
from rich.table import Table
from rich.text import Text

from algofolio.report.formatting import format_money, format_weight

__all__ = ["ZERO_WEIGHT", "figures_table", "shares_table", "weights_table"]

ZERO_WEIGHT = 1e-6
"""Weights smaller than this in absolute value are hidden unless every weight is asked for."""


def weights_table(weights: pd.Series, *, title: str | None = None, show_all: bool = False) -> Table:
    """Weights sorted from largest to smallest; ``|w| < ZERO_WEIGHT`` hidden unless ``show_all``
    (the caption says how many were hidden)."""
    shown = weights if show_all else weights[weights.abs() >= ZERO_WEIGHT]
    hidden = len(weights) - len(shown)
    caption = f"{hidden} assets at 0% not shown (--all shows them)." if hidden else None
    table = Table(
        title=title,
        caption=caption,
        box=box.SIMPLE_HEAD,
        header_style="bold",
        title_justify="left",
        caption_justify="left",
        min_width=max(len(title or ""), len(caption or "")),
    )
    table.add_column("Asset", no_wrap=True)
    table.add_column("Weight", justify="right")
    for asset, weight in shown.sort_values(ascending=False, kind="stable").items():
        table.add_row(Text(str(asset)), format_weight(weight))
    cash = 1.0 - float(weights.sum())
    if abs(cash) >= ZERO_WEIGHT:
        table.add_row(Text("Cash", style="italic"), format_weight(cash))
    return table


def figures_table(rows: Sequence[tuple[str, str]], *, title: str | None = None) -> Table:
    """Label/value rows (already formatted) as a two-column table."""
    table = Table(title=title, box=box.SIMPLE_HEAD, show_header=False, title_justify="left")
    table.add_column("Figure", no_wrap=True)
    table.add_column("Value", justify="right")
    for label, value in rows:
        table.add_row(Text(label), Text(value))
    return table


def shares_table(
    table: pd.DataFrame, *, title: str, leftover: float, cost: float, capital: float
) -> Table:
    """A share plan's table (``price, target_weight, shares, value, weight, gap`` and, with
    holdings, ``current_shares, trade_shares``) with the leftover cash as caption."""
    caption = (
        f"Capital {format_money(capital)}, invested {format_money(table['value'].sum())}, "
        f"leftover cash {format_money(leftover)}"
        + (f", costs {format_money(cost)}" if cost else "")
        + ". Gap = weight - target."
    )
    out = Table(
        title=title,
        caption=Text(caption),
        box=box.SIMPLE_HEAD,
        header_style="bold",
        title_justify="left",
        caption_justify="left",
    )
    out.add_column("Asset", no_wrap=True)
    columns = [
        ("Price", "price", format_money),
        ("Target", "target_weight", format_weight),
        ("Shares", "shares", _shares),
        ("Value", "value", format_money),
        ("Weight", "weight", format_weight),
        ("Gap", "gap", _signed_weight),
    ]
    if "current_shares" in table.columns:
        columns += [("Held", "current_shares", _shares), ("Trade", "trade_shares", _signed)]
    for header, _, _ in columns:
        out.add_column(header, justify="right")
    ordered = table.sort_values("target_weight", ascending=False, kind="stable")
    for asset, row in ordered.iterrows():
        out.add_row(Text(str(asset)), *[show(row[column]) for _, column, show in columns])
    return out


def _shares(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4f}"


def _signed(value: float) -> str:
    return "0" if value == 0 else ("+" if value > 0 else "-") + _shares(abs(value))


def _signed_weight(value: float) -> str:
    text = format_weight(abs(value))
    if text == format_weight(0.0):
        return text  # no "-0.00%"
    return ("+" if value > 0 else "-") + text
