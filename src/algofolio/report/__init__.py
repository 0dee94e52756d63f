"""Reports of results: one self-contained HTML file, and rich tables for the terminal.

The report reads results (``backtest.BacktestResult``, ``metrics.summary`` tables, trade plans); it
never runs a backtest.
"""

from algofolio.report.charts import drawdown_figure, equity_figure, weights_figure
from algofolio.report.files import REPORT_FILES, nav_table, trades_table, write_comparison_files
from algofolio.report.formatting import format_metric, format_summary
from algofolio.report.frontier import (
    FRONTIER_FILES,
    PortfolioLike,
    frontier_figure,
    frontier_table,
    render_frontier_report,
    write_frontier_files,
    write_frontier_report,
)
from algofolio.report.html import (
    ComparisonLike,
    ResultLike,
    render_html_report,
    write_html_report,
)
from algofolio.report.terminal import metrics_table, metrics_tables, trade_plan_table

__all__ = [
    "FRONTIER_FILES",
    "REPORT_FILES",
    "ComparisonLike",
    "PortfolioLike",
    "ResultLike",
    "drawdown_figure",
    "equity_figure",
    "format_metric",
    "format_summary",
    "frontier_figure",
    "frontier_table",
    "metrics_table",
    "metrics_tables",
    "nav_table",
    "render_frontier_report",
    "render_html_report",
    "trade_plan_table",
    "trades_table",
    "weights_figure",
    "write_comparison_files",
    "write_frontier_files",
    "write_frontier_report",
    "write_html_report",
]
