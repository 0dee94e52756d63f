"""Terminal tables: the cells show the plan's and the summary's numbers, names as plain text."""

from __future__ import annotations

import io

import pandas as pd
from rich.console import Console
from rich.table import Table

from algofolio.core import Holdings
from algofolio.costs import ProportionalCost
from algofolio.metrics import summary_formats
from algofolio.rebalance import plan_rebalance
from algofolio.report import metrics_table, metrics_tables, trade_plan_table


def _render(table: Table) -> str:
    console = Console(record=True, width=200, color_system=None)
    console.print(table)
    return console.export_text()


def test_metrics_table_formats_by_the_given_confidence_and_keeps_markup_as_text() -> None:
    formats = summary_formats(0.99)
    summary = pd.DataFrame(
        {"[bold]fund[/bold]": [0.0345, 1.234]}, index=["VaR 99% (historical)", "Sharpe ratio"]
    )
    text = _render(metrics_table(summary, title="T", formats=formats))
    assert "[bold]fund[/bold]" in text
    assert "3.45%" in text
    assert "1.23" in text


def test_trade_plan_table_rows() -> None:
    # Value 30*250 + 30*72 + 5*190 + 1000 = 11,610: VTI is 7,500 / 11,610 = 64.60% of it.
    holdings = Holdings(shares=pd.Series({"VTI": 30.0, "BND": 30.0, "GLD": 5.0}), cash=1000.0)
    prices = pd.Series({"VTI": 250.0, "BND": 72.0, "GLD": 190.0})
    targets = pd.Series({"VTI": 0.6, "BND": 0.3, "GLD": 0.1})
    plan = plan_rebalance(holdings, prices, targets, date=pd.Timestamp("2024-05-31"))
    table = trade_plan_table(plan)
    columns = {str(c.header).replace("\n", " "): [str(x) for x in c.cells] for c in table.columns}
    assert columns["Asset"] == ["VTI", "BND", "GLD"]
    assert columns["Price"] == ["250.00", "72.00", "190.00"]
    assert columns["Shares held"] == ["30", "30", "5"]
    assert columns["Trade shares"] == ["-2", "+18", "+1"]
    assert columns["Trade value"] == ["-500.00", "1,296.00", "190.00"]
    assert columns["Weight now"] == ["64.60%", "18.60%", "8.18%"]
    assert columns["Weight target"] == ["60.00%", "30.00%", "10.00%"]
    text = " ".join(_render(table).split())  # the caption wraps at the table's width
    assert "Trade plan for 2024-05-31" in text
    assert "Cash 1,000.00 -> 14.00, costs 0.00." in text


def test_trade_plan_fits_80_columns_without_cutting_numbers() -> None:
    holdings = Holdings(shares=pd.Series({"JNJ": 60.0, "XOM": 40.0}), cash=2500.0)
    plan = plan_rebalance(
        holdings,
        pd.Series({"JNJ": 174.085, "XOM": 106.627}),
        pd.Series({"JNJ": 0.3, "XOM": 0.7}),
        costs=ProportionalCost(bps=5),
    )
    console = Console(record=True, width=80, color_system=None)
    console.print(trade_plan_table(plan))
    text = console.export_text()
    assert "…" not in text
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
    assert f"{plan.trades.at['XOM', 'trade_value']:,.2f}" in text


def test_wide_summaries_are_split_into_tables_that_fit_the_terminal() -> None:
    labels = ["Total return", "Max drawdown duration", "Sharpe ratio"]
    summary = pd.DataFrame(
        {f"ASSET{i:02d}": [12.3456, 1_234.0, 0.87] for i in range(21)}, index=labels
    )
    console = Console(width=80, record=True, file=io.StringIO())
    tables = metrics_tables(summary, "Metrics", width=80)
    for table in tables:
        console.print(table)
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= 80
    shown = [str(c.header) for t in tables for c in t.columns[1:]]
    assert shown == list(summary.columns)  # every series once, in order
    assert len(tables) > 1
