"""Rich tables for the terminal: a metric summary and an account's trade plan.

>>> import pandas as pd
>>> summary = pd.DataFrame({"Mix": [0.0812, 0.61]}, index=["CAGR", "Sharpe ratio"])
>>> table = metrics_table(summary, title="Demo")
>>> [str(column.header) for column in table.columns], list(table.columns[1].cells)
(['Metric', 'Mix'], ['8.12%', '0.61'])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd
from rich import box
from rich.table import Table
from rich.text import Text

from algofolio.metrics import SUMMARY_FORMATS
from algofolio.report.formatting import format_date, format_money, format_summary, format_weight

if TYPE_CHECKING:
    from algofolio.rebalance import TradePlan

__all__ = ["metrics_table", "metrics_tables", "trade_plan_table"]

_CELL_PADDING = 3  # a rich column's border and padding, in characters


def metrics_table(
    summary: pd.DataFrame,
    title: str | None = None,
    *,
    formats: Mapping[str, str] = SUMMARY_FORMATS,
) -> Table:
    """``metrics.summary`` output (rows = metric labels, columns = series) as a rich table.

    Values are formatted per ``formats`` (``metrics.summary_formats(confidence)`` for a summary at
    another confidence); names are shown as plain text (rich markup in a name is not interpreted).
    """
    text = format_summary(summary, formats)
    table = Table(title=title, header_style="bold", title_justify="left")
    table.add_column("Metric", no_wrap=True)
    for column in text.columns:
        table.add_column(Text(str(column)), justify="right")
    for label, row in text.iterrows():
        table.add_row(Text(str(label)), *row.tolist())
    return table


def metrics_tables(
    summary: pd.DataFrame,
    title: str | None = None,
    *,
    width: int,
    formats: Mapping[str, str] = SUMMARY_FORMATS,
) -> list[Table]:
    """:func:`metrics_table` split by columns into tables that each fit ``width`` characters.

    Many series side by side do not fit a terminal; rather than squeezing every cell to nothing,
    the series are laid out in groups, each shown with the metric labels.

    >>> summary = pd.DataFrame({f"S{i}": [0.1, 1.0] for i in range(12)}, index=["CAGR", "Sharpe ratio"])
    >>> [len(t.columns) - 1 for t in metrics_tables(summary, width=80)]
    [7, 5]
    """
    text = format_summary(summary, formats)
    label_width = max(len("Metric"), *(len(str(label)) for label in text.index)) + _CELL_PADDING
    groups: list[list[str]] = [[]]
    used = label_width
    for column in text.columns:
        need = max(len(str(column)), *(len(cell) for cell in text[column])) + _CELL_PADDING
        if groups[-1] and used + need > width:
            groups.append([])
            used = label_width
        groups[-1].append(column)
        used += need
    return [
        metrics_table(summary[group], title if i == 0 else None, formats=formats)
        for i, group in enumerate(groups)
    ]


def trade_plan_table(plan: TradePlan) -> Table:
    """A ``rebalance.TradePlan`` as a rich table: one row per asset, the cash and costs below.

    >>> from algofolio.core import Holdings
    >>> from algofolio.rebalance import plan_rebalance
    >>> plan = plan_rebalance(Holdings(shares=pd.Series({"VTI": 10.0}), cash=500.0),
    ...                       pd.Series({"VTI": 100.0}), pd.Series({"VTI": 1.0}))
    >>> list(trade_plan_table(plan).columns[4].cells)  # the trade, in shares
    ['+5']
    """
    table = Table(
        title=f"Trade plan for {format_date(plan.date)}",
        caption=Text(_plan_caption(plan)),
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        header_style="bold",
        title_justify="left",
        caption_justify="left",
    )
    table.add_column("Asset", no_wrap=True)
    rows = [
        [show(row[column]) for column, show in _PLAN_CELLS] for _, row in plan.trades.iterrows()
    ]
    for i, (header, _) in enumerate(_PLAN_COLUMNS):
        width = max([len(line) for line in header.splitlines()] + [len(r[i]) for r in rows])
        table.add_column(header, justify="right", min_width=width, overflow="fold")
    for asset, cells in zip(plan.trades.index, rows, strict=True):
        table.add_row(Text(str(asset)), *cells)
    return table


def _plan_caption(plan: TradePlan) -> str:
    return (
        f"{plan.reason}. Cash {format_money(plan.cash_before)} -> "
        f"{format_money(plan.cash_after)}, costs {format_money(plan.total_cost)}."
    )


def _shares(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4f}"


def _signed_shares(value: float) -> str:
    return "0" if value == 0 else ("+" if value > 0 else "-") + _shares(abs(value))


# (header, TradePlan.trades column) in display order, and how each column is shown
_PLAN_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Price", "price"),
    ("Shares\nheld", "current_shares"),
    ("Shares\ntarget", "target_shares"),
    ("Trade\nshares", "trade_shares"),
    ("Trade\nvalue", "trade_value"),
    ("Cost", "cost"),
    ("Weight\nnow", "current_weight"),
    ("Weight\ntarget", "target_weight"),
    ("Weight\nafter", "final_weight"),
)
_SHOW: dict[str, Callable[[Any], str]] = {
    "price": format_money,
    "current_shares": _shares,
    "target_shares": _shares,
    "trade_shares": _signed_shares,
    "trade_value": format_money,
    "cost": format_money,
    "current_weight": format_weight,
    "target_weight": format_weight,
    "final_weight": format_weight,
}
_PLAN_CELLS = tuple((column, _SHOW[column]) for _, column in _PLAN_COLUMNS)
