"""The ``algofolio`` Typer app: every command registered in order, each with its examples.

Commands live one per module in :mod:`algofolio.cli.commands`; shared options in
:mod:`algofolio.cli.options`; exit codes in :mod:`algofolio.cli.errors`. The heavy imports
(pandas, the backtest) happen inside the commands so that ``--help`` answers at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from algofolio import __version__
from algofolio.cli.commands import (
    backtest,
    compare,
    data,
    demo,
    frontier,
    metrics,
    optimize,
    profile,
    rebalance,
    report,
)
from algofolio.cli.errors import CommandGroup, friendly_errors
from algofolio.cli.options import epilog

__all__ = ["COMMANDS", "app"]

app = typer.Typer(
    name="algofolio",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=CommandGroup,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"algofolio {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Algorithmic portfolio management: backtests, metrics, optimisation and trade plans.

    Price arguments accept a file (CSV or Parquet, wide or long) or a bundled dataset:
    dataset:sp500, dataset:sp500_index, dataset:factors, dataset:riskfolio (algofolio data list).
    Every command takes --json (JSON only on stdout). Exit codes: 0 ok, 1 error in the input
    or the command line, 2 internal error.
    """


COMMANDS: dict[str, tuple[Callable[..., Any], tuple[str, ...]]] = {
    "demo": (demo.demo, demo.EXAMPLES),
    "metrics": (metrics.metrics, metrics.EXAMPLES),
    "optimize": (optimize.optimize, optimize.EXAMPLES),
    "frontier": (frontier.frontier, frontier.EXAMPLES),
    "backtest": (backtest.backtest, backtest.EXAMPLES),
    "compare": (compare.compare, compare.EXAMPLES),
    "rebalance": (rebalance.rebalance, rebalance.EXAMPLES),
    "report": (report.report, report.EXAMPLES),
    "profile": (profile.profile, profile.EXAMPLES),
}
"""Each command (but ``data``, a group) and its ``--help`` examples, in the order listed."""

for _name, (_function, _examples) in COMMANDS.items():
    app.command(_name, epilog=epilog(*_examples))(friendly_errors(_function))
app.add_typer(data.data_app, name="data")
