"""A comparison's files in one folder: ``report.html``, ``summary.csv``, ``nav.csv``, ``trades.csv``.

Every file is rendered in memory first, then each is written atomically (a temp file in the same
folder renamed into place): a failure leaves no partial file behind.

>>> REPORT_FILES
('report.html', 'summary.csv', 'nav.csv', 'trades.csv')
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from algofolio.report.atomic import write_text_atomic
from algofolio.report.html import render_html_report
from algofolio.report.inputs import ComparisonLike
from algofolio.report.tearsheet import backtest_sections

__all__ = [
    "REPORT_FILES",
    "nav_table",
    "trades_table",
    "write_comparison_files",
]

REPORT_FILES = ("report.html", "summary.csv", "nav.csv", "trades.csv")
"""The names :func:`write_comparison_files` writes, in order."""


def nav_table(comparison: ComparisonLike) -> pd.DataFrame:
    """Value over time: one column per strategy, then the rebased benchmark (dates x series).

    >>> import types
    >>> nav = pd.Series([1.0, 1.1], index=pd.to_datetime(["2024-01-02", "2024-01-03"]))
    >>> comparison = types.SimpleNamespace(results=[types.SimpleNamespace(name="S", nav=nav)],
    ...                                    benchmark=(nav * 2).rename("B"))
    >>> nav_table(comparison).to_dict("list")
    {'S': [1.0, 1.1], 'B': [2.0, 2.2]}
    """
    columns = {r.name: r.nav for r in comparison.results}
    if comparison.benchmark is not None:
        columns[str(comparison.benchmark.name)] = comparison.benchmark
    table = pd.concat(columns, axis=1)
    table.index.name = "date"
    return table


def trades_table(comparison: ComparisonLike) -> pd.DataFrame:
    """Every strategy's trades (``date, asset, shares, price, value, cost``) after a ``strategy``
    column."""
    frames = [r.trades.assign(strategy=r.name) for r in comparison.results]
    combined = pd.concat(frames, ignore_index=True)
    return combined[["strategy", *[c for c in combined.columns if c != "strategy"]]]


def write_comparison_files(
    comparison: ComparisonLike,
    folder: str | Path,
    *,
    html: bool = True,
    png: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Path]:
    """Write the report files of ``comparison`` into ``folder`` (created if needed).

    Returns ``{"report": ..., "summary": ..., "nav": ..., "trades": ...}`` (no ``report`` when
    ``html`` is false). With ``png``, every chart of the report (``backtest_figures``) is also
    written as ``png/<id>.png`` (``report.png.write_pngs``; needs Chrome or Chromium), under the
    keys ``"png:<id>"``; the PNG files are written after the others, reported to
    ``progress(description, done, total)`` when given (``report.png.PNG_PROGRESS``).
    """
    folder = Path(folder)
    summary = comparison.summary.copy()
    summary.index.name = "metric"
    sections = backtest_sections(comparison) if html or png else []
    contents: dict[str, tuple[str, str]] = {}
    if html:
        contents["report"] = ("report.html", render_html_report(comparison, sections=sections))
    contents["summary"] = ("summary.csv", summary.to_csv())
    contents["nav"] = ("nav.csv", nav_table(comparison).to_csv(date_format="%Y-%m-%d"))
    contents["trades"] = (
        "trades.csv",
        trades_table(comparison).to_csv(index=False, date_format="%Y-%m-%d"),
    )
    files = {key: write_text_atomic(folder / name, text) for key, (name, text) in contents.items()}
    if png:
        from algofolio.report.png import png_progress, write_pngs  # kaleido, a browser: if asked

        figures = [figure for section in sections for figure in section.figures]
        written = write_pngs(figures, folder / "png", progress=png_progress(progress))
        files.update({f"png:{key}": path for key, path in written.items()})
    return files
