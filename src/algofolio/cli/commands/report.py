"""``algofolio report``: the HTML report of a backtest config, or a tearsheet of value series."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from algofolio.cli.options import (
    Benchmark,
    End,
    JsonFlag,
    OutDir,
    PngFlag,
    RiskFree,
    Start,
    as_date,
)
from algofolio.cli.output import echo_json, print_comparison, print_files, progress

if TYPE_CHECKING:
    from algofolio.workflows import Comparison, ProgressCallback

__all__ = ["CONFIG_SUFFIXES", "EXAMPLES", "report"]

CONFIG_SUFFIXES = (".toml",)
"""A SOURCE with one of these suffixes is a backtest config; anything else is a value file."""

EXAMPLES = (
    "algofolio report examples/demo.toml --start 2021-01-01 --out report",
    "algofolio report dataset:factors --benchmark dataset:sp500_index --start 2022-01-01 --json",
)


def report(
    source: Annotated[
        str,
        typer.Argument(
            metavar="SOURCE",
            help="A backtest config (.toml), or a value file (CSV or Parquet: NAVs or prices, "
            "one column per series, e.g. the nav.csv of algofolio backtest) or dataset:NAME.",
            show_default=False,
        ),
    ],
    benchmark: Benchmark = None,
    risk_free: RiskFree = None,
    start: Start = None,
    end: End = None,
    out: OutDir = None,
    png: PngFlag = False,
    open_report: Annotated[
        bool, typer.Option("--open", help="Open report.html in the web browser when written.")
    ] = False,
    json_output: JsonFlag = False,
) -> None:
    """Write report.html (and with --png the charts as PNG files) for SOURCE.

    A config (.toml) is backtested as algofolio backtest does (--start/--end replace its [data]
    dates; --benchmark and --risk-free its [data] benchmark and [backtest] risk_free_rate).
    A value file gives a performance tearsheet: each column is one series, rebased to the first
    column's first value, with its equity curve, drawdown, returns and metrics. Files go to
    --out (default: algofolio-report-<source name>).
    """
    from algofolio.cli.output import write_report_only
    from algofolio.cli.payloads import comparison_payload

    is_config = Path(source).suffix.lower() in CONFIG_SUFFIXES
    with progress(enabled=not json_output) as callback:
        if is_config:
            comparison = _config_comparison(
                Path(source), benchmark, risk_free, start, end, callback
            )
        else:
            from algofolio.workflows.tearsheets import load_tearsheet

            comparison = load_tearsheet(
                source,
                benchmark=benchmark,
                risk_free_rate=risk_free or 0.0,
                start=as_date(start),
                end=as_date(end),
            )
    folder = out or Path(f"algofolio-report-{_stem(source)}")
    with progress(enabled=not json_output, description="Writing the report") as callback:
        files = write_report_only(comparison, folder, png=png, progress=callback)
    if open_report:
        import webbrowser

        webbrowser.open(files["report"].resolve().as_uri())
    if json_output:
        kind = "config" if is_config else "values"
        echo_json({"source": source, "kind": kind, **comparison_payload(comparison, files)})
        return
    print_comparison(comparison, {})
    print_files(Console(), files)


def _config_comparison(
    path: Path,
    benchmark: str | None,
    risk_free: float | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
    callback: ProgressCallback | None,
) -> Comparison:
    """The backtest of the config at ``path`` with the command's options applied."""
    from algofolio.workflows import load_backtest_config, run_config
    from algofolio.workflows.quick_compare import with_options

    config = with_options(
        load_backtest_config(path),
        start=as_date(start),
        end=as_date(end),
        benchmark=benchmark,
        risk_free_rate=risk_free,
    )
    return run_config(config, progress=callback)


def _stem(source: str) -> str:
    name = source.removeprefix("dataset:")
    stem = Path(name).name
    for suffix in (".gz", ".csv", ".parquet", ".pq", ".txt", ".toml"):
        stem = stem.removesuffix(suffix)
    return stem or "report"
