"""One self-contained HTML report of a strategy comparison: opens offline, safe for any asset name.

plotly.js is inlined once; each figure is a JSON spec in a ``<script type="application/json">``
block (``<``, ``>``, ``&`` written as ``\\u003c``... so no text can close the script), drawn by one
small script. Text goes through a Jinja2 template with autoescape, so an asset called
``<script>alert(1)</script>`` is shown, never run. The file is written atomically.

The report reads results; it computes only views of them (drawdowns via ``metrics.drawdown``).

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
...                                    summary=summary(result.returns))
>>> path = write_html_report(comparison, pathlib.Path(tempfile.mkdtemp()) / "report.html")
>>> html = path.read_text(encoding="utf-8")
>>> html.count('class="figure"'), html.count("Plotly.newPlot(")
(3, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import jinja2
import pandas as pd
import plotly.graph_objects as go
import plotly.offline
from markupsafe import Markup

import algofolio
from algofolio.core.errors import DataError
from algofolio.metrics import drawdown
from algofolio.report.atomic import write_text_atomic
from algofolio.report.charts import asset_colors, drawdown_figure, equity_figure, weights_figure
from algofolio.report.formatting import format_date, format_money, format_summary, format_weight

__all__ = [
    "ComparisonLike",
    "ResultLike",
    "render_html_report",
    "write_html_report",
]

REBALANCE_LOG_ROWS = 40  # most recent rebalances listed, all strategies together

_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


class ResultLike(Protocol):
    """What the report reads of one backtest result (``backtest.BacktestResult`` fits)."""

    @property
    def name(self) -> str: ...
    @property
    def nav(self) -> pd.Series: ...
    @property
    def weights(self) -> pd.DataFrame: ...
    @property
    def rebalances(self) -> pd.DataFrame: ...
    @property
    def trades(self) -> pd.DataFrame: ...
    @property
    def returns(self) -> pd.Series: ...


class ComparisonLike(Protocol):
    """Strategies compared over one period (``workflows.Comparison`` fits).

    ``benchmark`` is a price series rebased to the strategies' first date (or ``None``); ``summary``
    is a ``metrics.summary`` table (rows = metric labels, columns = series).
    """

    @property
    def results(self) -> Sequence[ResultLike]: ...
    @property
    def benchmark(self) -> pd.Series | None: ...
    @property
    def summary(self) -> pd.DataFrame: ...
    @property
    def title(self) -> str: ...


@dataclass(frozen=True, slots=True)
class _Figure:
    id: str
    heading: str
    spec: Markup


def write_html_report(comparison: ComparisonLike, path: str | Path) -> Path:
    """Render ``comparison`` and write it to ``path`` atomically (a temp file renamed into place).

    Creates missing parent folders; returns the path written.
    """
    path = Path(path)
    html = render_html_report(comparison)
    write_text_atomic(path, html)
    return path


def render_html_report(comparison: ComparisonLike) -> str:
    """The report as one HTML string (see the module docstring for its safety rules)."""
    results = list(comparison.results)
    if not results:
        raise DataError("a report needs at least one backtest result")
    navs = pd.concat({r.name: r.nav for r in results}, axis=1)
    start, end = navs.index[0], navs.index[-1]
    return _template().render(
        title=comparison.title,
        version=algofolio.__version__,
        period={
            "start": format_date(start),
            "end": format_date(end),
            "days": f"{len(navs):,}",
        },
        strategies=[_strategy_view(r) for r in results],
        metrics=_metrics_view(comparison.summary),
        figures=_figures(results, comparison.benchmark),
        log=_rebalance_log(results),
        plotly_js=Markup(_plotly_js()),
    )


def _figures(results: Sequence[ResultLike], benchmark: pd.Series | None) -> list[_Figure]:
    values = {r.name: r.nav for r in results}
    drawdowns = {r.name: drawdown(r.returns) for r in results}
    if benchmark is not None:
        name = _benchmark_name(benchmark)
        values[name] = benchmark
        drawdowns[name] = drawdown(benchmark.pct_change().iloc[1:])
    figures = [
        _Figure("equity", "Value over time", _spec(equity_figure(pd.concat(values, axis=1)))),
        _Figure("drawdown", "Drawdown", _spec(drawdown_figure(pd.concat(drawdowns, axis=1)))),
    ]
    colors = asset_colors(str(c) for r in results for c in r.weights.columns)
    for i, result in enumerate(results):
        fig = weights_figure(result.weights, title=f"Weights: {result.name}", colors=colors)
        figures.append(_Figure(f"weights-{i}", f"Weights: {result.name}", _spec(fig)))
    return figures


def _benchmark_name(benchmark: pd.Series) -> str:
    return "Benchmark" if benchmark.name is None else str(benchmark.name)


def _spec(fig: go.Figure) -> Markup:
    """Figure JSON that is safe inside a ``<script>`` element (no ``</``, no ``<!--``)."""
    return Markup(fig.to_json().translate(_JSON_ESCAPES))


def _strategy_view(result: ResultLike) -> dict[str, str]:
    rebalances = result.rebalances
    return {
        "name": result.name,
        "first": format_money(result.nav.iloc[0]),
        "last": format_money(result.nav.iloc[-1]),
        "rebalances": f"{len(rebalances):,}",
        "turnover": format_weight(rebalances["turnover"].mean()) if len(rebalances) else "—",
        "costs": format_money(rebalances["cost"].sum()),
    }


def _metrics_view(summary: pd.DataFrame) -> dict[str, object]:
    text = format_summary(summary)
    return {
        "columns": [str(c) for c in text.columns],
        "rows": [{"label": str(label), "cells": list(text.loc[label])} for label in text.index],
    }


def _rebalance_log(results: Sequence[ResultLike]) -> dict[str, object]:
    frames = [r.rebalances.assign(strategy=r.name) for r in results if not r.rebalances.empty]
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
            "turnover": format_weight(row["turnover"]),
            "cost": format_money(row["cost"]),
        }
        for date, row in recent.iterrows()
    ]
    return {"note": note, "rows": rows}


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("algofolio.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2")


@cache
def _plotly_js() -> str:
    """plotly.js source, made safe to inline (it should never contain ``</script``; be sure)."""
    return str(plotly.offline.get_plotlyjs()).replace("</script", "<\\/script")
