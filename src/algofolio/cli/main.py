"""The ``algofolio`` command: ``demo``, ``backtest``, ``metrics``, ``rebalance``.

Commands call :mod:`algofolio.workflows` and print rich tables, or JSON only with ``--json``. Files
(``report.html``, ``summary.csv``, ``nav.csv``, ``trades.csv``) go to ``--out``. Errors print one line
on stderr (see :mod:`algofolio.cli.errors`). The heavy imports (pandas, the backtest) happen inside
the commands so that ``--help`` answers at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from algofolio import __version__
from algofolio.cli.errors import friendly_errors

if TYPE_CHECKING:
    from algofolio.workflows import Comparison, ProgressCallback

__all__ = ["app", "run"]

app = typer.Typer(
    name="algofolio",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print machine-readable JSON only (no tables) to stdout.")
]
OutDir = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Folder for report.html, summary.csv, nav.csv and trades.csv.",
        file_okay=False,
    ),
]
PriceSource = Annotated[
    str,
    typer.Argument(help="A price file (CSV or Parquet) or dataset:NAME.", show_default=False),
]

_DEMO_OUT = Path("algofolio-demo")


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
    """Algorithmic portfolio management: backtests, metrics and trade plans.

    Price arguments accept a file (CSV or Parquet, wide or long) or a bundled dataset:
    dataset:sp500, dataset:sp500_index, dataset:factors, dataset:riskfolio.
    """


@app.command(epilog="Example: algofolio demo --out algofolio-demo")
@friendly_errors
def demo(
    out: OutDir = None,
    json_output: JsonFlag = False,
    no_report: Annotated[
        bool, typer.Option("--no-report", help="Skip report.html (CSV files are still written).")
    ] = False,
) -> None:
    """Backtest a strategic mix and inverse volatility on 20 S&P 500 stocks vs the index.

    Monthly rebalancing with 10 bps costs, 1990-2022; writes the report to --out
    (default: algofolio-demo).
    """
    from algofolio.workflows import run_demo

    with _progress(enabled=not json_output) as progress:
        comparison = run_demo(progress=progress)
    _finish_backtest(comparison, out or _DEMO_OUT, json_output=json_output, html=not no_report)


@app.command(epilog="Example: algofolio backtest examples/demo.toml --out results")
@friendly_errors
def backtest(
    config: Annotated[Path, typer.Argument(help="The backtest config (TOML).", show_default=False)],
    out: OutDir = None,
    json_output: JsonFlag = False,
) -> None:
    """Run the strategies of a TOML config and write their comparison report.

    Files go to --out (default: algofolio-<config name>).
    """
    from algofolio.workflows import load_backtest_config, run_config

    parsed = load_backtest_config(config)
    with _progress(enabled=not json_output) as progress:
        comparison = run_config(parsed, progress=progress)
    _finish_backtest(
        comparison, out or Path(f"algofolio-{config.stem}"), json_output=json_output, html=True
    )


@app.command(epilog="Example: algofolio metrics dataset:sp500 --benchmark dataset:sp500_index")
@friendly_errors
def metrics(
    prices: PriceSource,
    benchmark: Annotated[
        str | None,
        typer.Option(help="A one-column price file or dataset:NAME to compare against."),
    ] = None,
    risk_free: Annotated[
        float, typer.Option("--risk-free", help="Annual risk-free rate, e.g. 0.02.")
    ] = 0.0,
    confidence: Annotated[float, typer.Option(help="Confidence level of VaR and CVaR.")] = 0.95,
    json_output: JsonFlag = False,
) -> None:
    """Summary metrics (return, risk, drawdown, ...) of every asset in a price file."""
    from algofolio.cli.payloads import dumps, summary_payload
    from algofolio.metrics import summary_formats
    from algofolio.report import metrics_tables
    from algofolio.workflows import compute_metrics

    table = compute_metrics(
        prices, benchmark=benchmark, risk_free_rate=risk_free, confidence=confidence
    )
    if json_output:
        typer.echo(dumps({"prices": prices, "summary": summary_payload(table)}))
        return
    console = Console()
    title = f"Metrics of {prices}"
    formats = summary_formats(confidence)
    for part in metrics_tables(table, title, width=console.width, formats=formats):
        console.print(part)


@app.command(
    epilog=(
        "Example: algofolio rebalance --holdings examples/holdings.csv "
        "--targets examples/targets.toml --prices dataset:sp500 --threshold 0.05 --cost-bps 5"
    )
)
@friendly_errors
def rebalance(
    holdings: Annotated[
        Path, typer.Option(help="CSV with asset,shares rows (and an optional CASH row).")
    ],
    targets: Annotated[Path, typer.Option(help="TOML with a [targets] table: ASSET = weight.")],
    prices: Annotated[
        str, typer.Option(help="Price file or dataset:NAME; its last row gives today's prices.")
    ],
    threshold: Annotated[
        float | None,
        typer.Option(help="Trade only if some weight drifted this far (absolute, e.g. 0.05)."),
    ] = None,
    cash: Annotated[
        float | None, typer.Option(help="Cash in the account (overrides CASH).")
    ] = None,
    cost_bps: Annotated[
        float, typer.Option("--cost-bps", help="Proportional trading costs in basis points.")
    ] = 0.0,
    json_output: JsonFlag = False,
) -> None:
    """The trades that bring an account back to its target weights at today's prices."""
    from algofolio.cli.payloads import dumps, plan_payload
    from algofolio.report import trade_plan_table
    from algofolio.workflows import rebalance_account

    plan = rebalance_account(
        holdings, targets, prices, threshold=threshold, cash=cash, cost_bps=cost_bps
    )
    if json_output:
        typer.echo(dumps(plan_payload(plan)))
        return
    Console().print(trade_plan_table(plan))


def _finish_backtest(comparison: Comparison, out: Path, *, json_output: bool, html: bool) -> None:
    """Write the files, then print JSON or the summary table and where the files went."""
    from algofolio.cli.payloads import comparison_payload, dumps
    from algofolio.report import metrics_tables, write_comparison_files

    files = write_comparison_files(comparison, out, html=html)
    if json_output:
        typer.echo(dumps(comparison_payload(comparison, files)))
        return
    console = Console()
    for part in metrics_tables(comparison.summary, comparison.title, width=console.width):
        console.print(part)
    for path in files.values():
        console.print(f"wrote {path}", highlight=False, markup=False, soft_wrap=True)


@contextmanager
def _progress(*, enabled: bool) -> Iterator[ProgressCallback | None]:
    """A rich progress bar on stderr fed by a workflow's ``progress`` callback.

    Nothing when disabled (``--json``) or when stderr is not a terminal: a log or a pipe gets
    nothing but the one-line error, if any.
    """
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
        task = bar.add_task("Loading prices", total=None)

        def update(description: str, completed: int, total: int) -> None:
            bar.update(task, description=description, completed=completed, total=total)

        yield update


def run() -> None:
    """Entry point of the ``algofolio`` console script and of ``python -m algofolio``."""
    app(prog_name="algofolio")
