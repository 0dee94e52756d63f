"""What commands print and write: JSON or rich tables on stdout, progress on stderr, report files.

Progress bars and spinners go to stderr, only when it is a terminal and never with ``--json``: a
pipe or a log gets nothing but the one-line error, if any.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    import pandas as pd
    from rich.table import Table

    from algofolio.workflows import Comparison, ProgressCallback

__all__ = [
    "echo_json",
    "print_files",
    "progress",
    "status",
    "trading_table",
    "write_backtest_output",
    "write_report_only",
]


def echo_json(payload: Mapping[str, Any]) -> None:
    """Print ``payload`` as strict JSON (no NaN: ``null``) on stdout."""
    from algofolio.cli.payloads import dumps

    typer.echo(dumps(payload))


def print_files(console: Console, files: Mapping[str, Path]) -> None:
    """``wrote PATH`` per file, as plain text."""
    for path in files.values():
        console.print(f"wrote {path}", highlight=False, markup=False, soft_wrap=True)


@contextmanager
def progress(
    *, enabled: bool, description: str = "Loading prices"
) -> Iterator[ProgressCallback | None]:
    """A rich progress bar on stderr fed by a workflow's ``progress`` callback (``None`` when
    disabled or when stderr is not a terminal); ``description`` shows until the first update."""
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None)

        def update(description: str, completed: int, total: int) -> None:
            bar.update(task, description=description, completed=completed, total=total)

        yield update


@contextmanager
def status(message: str, *, enabled: bool) -> Iterator[None]:
    """A spinner on stderr while something without steps runs (a solver, PNG export)."""
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield
        return
    with console.status(message):
        yield


def write_backtest_output(
    comparison: Comparison,
    out: Path,
    *,
    json_output: bool,
    html: bool = True,
    png: bool = False,
    tables: bool = False,
    extra_payload: Mapping[str, Any] | None = None,
) -> None:
    """Write a comparison's files, then print JSON or the summary tables and where files went.

    Files: :func:`algofolio.report.write_comparison_files` (``report.html`` unless not ``html``,
    ``summary.csv``, ``nav.csv``, ``trades.csv``, ``png/`` with ``png``); with ``tables``
    (``backtest``, ``compare``) also ``trading.csv``, ``rebalances.csv`` and, with an evaluation,
    ``selection.csv``, ``selection_returns.csv``, ``overfitting.csv``, ``evaluation.csv``
    (:func:`algofolio.workflows.comparison.comparison_tables`), and their tables on screen.
    ``extra_payload`` goes first in the JSON (e.g. the options a command was given).
    """
    from algofolio.cli.payloads import comparison_payload
    from algofolio.report.atomic import write_text_atomic
    from algofolio.workflows.comparison import comparison_tables

    extra = comparison_tables(comparison) if tables else {}  # built before any file is written
    texts = {
        name: table.to_csv(index=name != "rebalances", date_format="%Y-%m-%d")
        for name, table in extra.items()
    }
    with progress(enabled=not json_output, description="Writing the report") as callback:
        files = _comparison_files(comparison, out, html=html, png=png, progress=callback)
    for name, text in texts.items():
        files[name] = write_text_atomic(Path(out) / f"{name}.csv", text)
    if json_output:
        echo_json({**(extra_payload or {}), **comparison_payload(comparison, files)})
        return
    print_comparison(comparison, extra)
    print_files(Console(), files)


def write_report_only(
    comparison: Comparison, out: Path, *, png: bool, progress: ProgressCallback | None = None
) -> dict[str, Path]:
    """``report.html`` (and with ``png`` the charts under ``png/``, reported to ``progress``) of
    ``comparison`` in ``out``."""
    from algofolio.report import render_html_report
    from algofolio.report.atomic import write_text_atomic

    files = {"report": write_text_atomic(Path(out) / "report.html", render_html_report(comparison))}
    if png:
        from algofolio.report import backtest_figures
        from algofolio.report.png import png_progress, write_pngs

        figures = backtest_figures(comparison)
        written = write_pngs(figures, Path(out) / "png", progress=png_progress(progress))
        for name, path in written.items():
            files[f"png:{name}"] = path
    return files


def print_comparison(comparison: Comparison, extra: Mapping[str, pd.DataFrame]) -> None:
    """The summary tables (split to the terminal's width), then trading and evaluation tables."""
    from algofolio.report import metrics_tables

    console = Console()
    for part in metrics_tables(comparison.summary, comparison.title, width=console.width):
        console.print(part)
    if "trading" in extra:
        console.print(trading_table(extra["trading"]))
    if "evaluation" in extra:
        console.print(_evaluation_table(extra["evaluation"]))


def _comparison_files(
    comparison: Comparison,
    out: Path,
    *,
    html: bool,
    png: bool,
    progress: ProgressCallback | None,
) -> dict[str, Path]:
    from algofolio.report import write_comparison_files

    return write_comparison_files(comparison, out, html=html, png=png, progress=progress)


def trading_table(trading: pd.DataFrame) -> Table:
    """Turnover, cost drag, costs and rebalances per strategy (numbers right-aligned)."""
    from rich.table import Table
    from rich.text import Text

    from algofolio.report.formatting import format_money, format_weight

    table = Table(title="Trading", title_justify="left", header_style="bold")
    table.add_column("Strategy", no_wrap=True)
    for header in ("Turnover / year", "Cost drag / year", "Costs", "Rebalances"):
        table.add_column(header, justify="right")
    for name, row in trading.iterrows():
        table.add_row(
            Text(str(name)),
            format_weight(float(row["annual_turnover"])),
            format_weight(float(row["cost_drag"])),
            format_money(float(row["total_costs"])),
            f"{int(row['rebalances'])}",
        )
    return table


def _evaluation_table(figures: pd.DataFrame) -> Table:
    """The evaluation's figures (PBO, deflated Sharpe, ...) as a two-column rich table."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Evaluation", title_justify="left", header_style="bold")
    table.add_column("Figure")
    table.add_column("Value", justify="right")
    for name, value in figures["value"].items():
        shown = f"{value:.4g}" if isinstance(value, float) else str(value)
        table.add_row(Text(str(name)), Text(shown))
    return table
