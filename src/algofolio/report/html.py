"""One self-contained HTML report of a strategy comparison: opens offline, safe for any asset name.

A header (title, period, strategies, benchmark), links to the sections, an overview table, the
chart sections of :mod:`algofolio.report.tearsheet` (Performance, Risk, Returns, Allocation,
Trading), the metrics table and the rebalance log. plotly.js is inlined once and each chart is a
JSON spec drawn by one small script (:mod:`algofolio.report.page`); text goes through a Jinja2
template with autoescape, so an asset called ``<script>alert(1)</script>`` is shown, never run. The
file is written atomically. When every chart is drawn the page sets ``data-figures`` on ``<body>``
(to compare with ``data-figures-expected``).

>>> import tempfile, pathlib, types
>>> from algofolio.allocate import EqualWeight
>>> from algofolio.backtest import Strategy, run_backtest
>>> from algofolio.datasets import make_synthetic_prices
>>> from algofolio.metrics import summary
>>> from algofolio.rebalance import CalendarRule
>>> prices = make_synthetic_prices(n_assets=3, n_days=300, seed=1)
>>> result = run_backtest(prices, Strategy(name="1/N", allocator=EqualWeight(),
...                                        rule=CalendarRule("monthly"), window=60))
>>> comparison = types.SimpleNamespace(results=[result], benchmark=None, title="1/N",
...                                    summary=summary(result.returns), prices=None)
>>> path = write_html_report(comparison, pathlib.Path(tempfile.mkdtemp()) / "report.html")
>>> html = path.read_text(encoding="utf-8")
>>> html.count('class="figure"'), html.count("Plotly.newPlot("), 'data-figures-expected="9"' in html
(9, 1, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

import algofolio
from algofolio.report.atomic import write_text_atomic
from algofolio.report.formatting import format_date, format_money, format_summary, format_weight
from algofolio.report.inputs import ComparisonLike, ResultLike
from algofolio.report.page import figure_views, render_page
from algofolio.report.tearsheet import BacktestSection, backtest_sections, benchmark_name

__all__ = [
    "REBALANCE_LOG_ROWS",
    "ComparisonLike",
    "ResultLike",
    "render_html_report",
    "write_html_report",
]

REBALANCE_LOG_ROWS = 40  # most recent rebalances listed, all strategies together


def write_html_report(comparison: ComparisonLike, path: str | Path) -> Path:
    """Render ``comparison`` and write it to ``path`` atomically (a temp file renamed into place).

    Creates missing parent folders; returns the path written.
    """
    path = Path(path)
    html = render_html_report(comparison)
    write_text_atomic(path, html)
    return path


def render_html_report(
    comparison: ComparisonLike, *, sections: Sequence[BacktestSection] | None = None
) -> str:
    """The report as one HTML string (see the module docstring for its safety rules).

    ``sections`` are ``backtest_sections(comparison)`` when already built (e.g. to export the
    same charts as PNG files); computed when not given.
    """
    if sections is None:
        sections = backtest_sections(comparison)  # raises DataError without results
    results = list(comparison.results)
    navs = pd.concat({r.name: r.nav for r in results}, axis=1)
    log = _rebalance_log(results)
    views = [
        {"id": s.id, "title": s.title, "figures": figure_views(s.figures), "notes": s.notes}
        for s in sections
    ]
    contents = [
        {"id": "overview", "title": "Overview"},
        *({"id": s.id, "title": s.title} for s in sections),
        {"id": "metrics", "title": "Metrics"},
    ]
    if log["rows"]:
        contents.append({"id": "rebalances", "title": "Rebalance log"})
    benchmark = comparison.benchmark
    return render_page(
        "report.html.j2",
        title=comparison.title,
        version=algofolio.__version__,
        period={
            "start": format_date(navs.index[0]),
            "end": format_date(navs.index[-1]),
            "days": f"{len(navs):,}",
        },
        benchmark=None if benchmark is None else benchmark_name(benchmark),
        strategies=[_strategy_view(r) for r in results],
        contents=contents,
        sections=views,
        figure_count=sum(len(s.figures) for s in sections),
        metrics=_metrics_view(comparison.summary),
        log=log,
    )


def _strategy_view(result: ResultLike) -> dict[str, str]:
    rebalances = result.rebalances
    traded = not rebalances.empty
    return {
        "name": result.name,
        "first": format_money(result.nav.iloc[0]),
        "last": format_money(result.nav.iloc[-1]),
        "rebalances": f"{len(rebalances):,}",
        "trades": f"{len(result.trades):,}",
        "turnover": format_weight(rebalances["turnover"].mean()) if traded else "—",
        "costs": format_money(rebalances["cost"].sum()) if traded else "—",
    }


def _metrics_view(summary: pd.DataFrame) -> dict[str, object]:
    text = format_summary(summary)
    return {
        "columns": [str(c) for c in text.columns],
        "rows": [{"label": str(label), "cells": list(text.loc[label])} for label in text.index],
    }


def _trades_per_rebalance(result: ResultLike) -> pd.Series:
    """The number of trades filled with each rebalance of ``result`` (indexed like its rebalance
    log): trades dated on the rebalance's ``filled`` date (its decision date without that column).
    """
    rebalances = result.rebalances
    fills = rebalances["filled"] if "filled" in rebalances else rebalances.index.to_series()
    trades = result.trades
    counts = trades.groupby("date").size() if len(trades) else pd.Series(dtype=int)
    per_fill = counts.reindex(pd.DatetimeIndex(fills), fill_value=0)
    return pd.Series(per_fill.to_numpy(), index=rebalances.index, name="trades")


def _rebalance_log(results: Sequence[ResultLike]) -> dict[str, object]:
    frames = [
        r.rebalances.assign(strategy=r.name, trades=_trades_per_rebalance(r))
        for r in results
        if not r.rebalances.empty
    ]
    if not frames:
        return {"note": "No rebalances.", "rows": []}
    log = pd.concat(frames).sort_index(kind="stable")
    recent = log.iloc[::-1].iloc[:REBALANCE_LOG_ROWS]
    note = f"{len(log):,} rebalances in all; the {len(recent)} most recent, newest first."
    rows = [
        {
            "date": format_date(date),
            "strategy": row["strategy"],
            "reason": row["reason"],
            "trades": f"{int(row['trades']):,}",
            "turnover": format_weight(row["turnover"]),
            "cost": format_money(row["cost"]),
        }
        for date, row in recent.iterrows()
    ]
    return {"note": note, "rows": rows}
