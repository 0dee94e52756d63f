"""Reports of results: one self-contained HTML file, PNG charts, and rich tables for the terminal.

The report reads results (``backtest.BacktestResult``, ``metrics.summary`` tables, trade plans); it
never runs a backtest. Charts are :class:`NamedFigure` objects (:func:`backtest_figures`,
:func:`frontier_figures`) that the HTML pages lay out and ``report.png.write_pngs`` exports.
"""

from algofolio.report.charts import drawdown_figure, equity_figure, weights_figure
from algofolio.report.figure import NamedFigure
from algofolio.report.files import REPORT_FILES, nav_table, trades_table, write_comparison_files
from algofolio.report.formatting import format_metric, format_summary
from algofolio.report.frontier import (
    FRONTIER_FILES,
    PortfolioLike,
    frontier_figure,
    frontier_figures,
    frontier_table,
    render_frontier_report,
    write_frontier_files,
    write_frontier_report,
)
from algofolio.report.html import render_html_report, write_html_report
from algofolio.report.inputs import ComparisonLike, ResultLike
from algofolio.report.tearsheet import BacktestSection, backtest_figures, backtest_sections
from algofolio.report.terminal import metrics_table, metrics_tables, trade_plan_table

__all__ = [
    "FRONTIER_FILES",
    "REPORT_FILES",
    "BacktestSection",
    "ComparisonLike",
    "NamedFigure",
    "PortfolioLike",
    "ResultLike",
    "backtest_figures",
    "backtest_sections",
    "drawdown_figure",
    "equity_figure",
    "format_metric",
    "format_summary",
    "frontier_figure",
    "frontier_figures",
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
