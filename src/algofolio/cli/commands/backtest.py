"""``algofolio backtest``: run the strategies of a TOML config and write their comparison."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from algofolio.cli.options import End, JsonFlag, OutDir, PngFlag, Start, as_date
from algofolio.cli.output import progress, write_backtest_output

__all__ = ["EXAMPLES", "backtest"]

EXAMPLES = (
    "algofolio backtest examples/demo.toml --start 2021-01-01 --out results",
    "algofolio backtest examples/backtest_rules.toml --start 2022-01-01 --json",
)

ConfigFile = Annotated[
    Path,
    typer.Argument(metavar="CONFIG", help="The backtest config (TOML).", show_default=False),
]


def backtest(
    config: ConfigFile,
    start: Start = None,
    end: End = None,
    out: OutDir = None,
    png: PngFlag = False,
    json_output: JsonFlag = False,
) -> None:
    """Run the strategies of a TOML config and write their comparison report.

    --start / --end replace the config's [data] start and end. Files go to --out (default:
    algofolio-<config name>): report.html, summary.csv, nav.csv, trades.csv, trading.csv
    (turnover, cost drag, rebalances), rebalances.csv (each with its reason) and, with an
    [evaluation], selection.csv, selection_returns.csv, overfitting.csv and evaluation.csv
    (walk-forward selection, PBO, deflated Sharpe ratio).
    """
    from algofolio.workflows import load_backtest_config, run_config
    from algofolio.workflows.quick_compare import with_options

    parsed = with_options(load_backtest_config(config), start=as_date(start), end=as_date(end))
    with progress(enabled=not json_output) as callback:
        comparison = run_config(parsed, progress=callback)
    write_backtest_output(
        comparison,
        out or Path(f"algofolio-{config.stem}"),
        json_output=json_output,
        png=png,
        tables=True,
    )
