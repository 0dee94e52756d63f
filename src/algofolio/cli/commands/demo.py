"""``algofolio demo``: the built-in demo backtest and its report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from algofolio.cli.options import JsonFlag, OutDir, PngFlag
from algofolio.cli.output import progress, write_backtest_output

__all__ = ["DEFAULT_OUT", "EXAMPLES", "demo"]

DEFAULT_OUT = Path("algofolio-demo")
EXAMPLES = ("algofolio demo --out algofolio-demo", "algofolio demo --json --no-report")


def demo(
    out: OutDir = None,
    png: PngFlag = False,
    json_output: JsonFlag = False,
    no_report: Annotated[
        bool, typer.Option("--no-report", help="Skip report.html (CSV files are still written).")
    ] = False,
) -> None:
    """Backtest a strategic mix and inverse volatility on 20 S&P 500 stocks vs the index.

    Monthly rebalancing with 10 bps costs, 1990-2022; writes report.html, summary.csv, nav.csv
    and trades.csv to --out (default: algofolio-demo).
    """
    from algofolio.workflows import run_demo

    with progress(enabled=not json_output) as callback:
        comparison = run_demo(progress=callback)
    write_backtest_output(
        comparison, out or DEFAULT_OUT, json_output=json_output, html=not no_report, png=png
    )
