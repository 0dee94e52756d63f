"""The ``algofolio`` command: ``demo``, ``backtest``, ``metrics``, ``rebalance``, ``optimize``,
``frontier``.

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
    import pandas as pd

    from algofolio.core import Holdings
    from algofolio.optimize import Constraint, OptimizationResult
    from algofolio.workflows import Comparison, ProgressCallback
    from algofolio.workflows.shares import SharePlan

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
_FRONTIER_OUT = Path("algofolio-frontier")

RiskFree = Annotated[
    float | None,
    typer.Option(
        "--risk-free",
        help="Annual risk-free rate, e.g. 0.02 (max-sharpe, max-sortino).",
        show_default=False,
    ),
]
ConstraintsFile = Annotated[
    Path | None,
    typer.Option(
        "--constraints",
        help="TOML constraints file (see examples/constraints.toml); default: long only, fully invested.",
        dir_okay=False,
    ),
]
Covariance = Annotated[
    str,
    typer.Option(help="Covariance estimator: sample, ledoit-wolf or exponential."),
]


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

    Files go to --out (default: algofolio-<config name>): report.html, summary.csv, nav.csv,
    trades.csv, trading.csv (turnover, cost drag, rebalances), rebalances.csv (each with its
    reason) and, with an [evaluation], selection.csv, selection_returns.csv, overfitting.csv and
    evaluation.csv (walk-forward selection, PBO, deflated Sharpe ratio).
    """
    from algofolio.workflows import load_backtest_config, run_config

    parsed = load_backtest_config(config)
    with _progress(enabled=not json_output) as progress:
        comparison = run_config(parsed, progress=progress)
    _finish_backtest(
        comparison,
        out or Path(f"algofolio-{config.stem}"),
        json_output=json_output,
        html=True,
        tables=True,
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


@app.command(
    epilog=(
        "\b\nExamples:\n"
        "  algofolio optimize dataset:sp500 --objective max-sharpe --risk-free 0.02\n"
        "  algofolio optimize dataset:sp500 --objective efficient-risk --target-volatility 0.18"
        " --constraints examples/constraints.toml --capital 100000"
    )
)
@friendly_errors
def optimize(
    prices: PriceSource,
    objective: Annotated[
        str,
        typer.Option(
            "--objective",
            help=(
                "min-variance, max-sharpe, max-utility, efficient-return, efficient-risk, "
                "max-return, max-diversification, min-cvar, min-semivariance, max-sortino, "
                "risk-parity, hrp, equal-weight or inverse-volatility."
            ),
            show_default=False,
        ),
    ],
    risk_free: RiskFree = None,
    target_return: Annotated[
        float | None,
        typer.Option(
            help="Annual expected return to reach (efficient-return).", show_default=False
        ),
    ] = None,
    target_volatility: Annotated[
        float | None,
        typer.Option(help="Annual volatility not to exceed (efficient-risk).", show_default=False),
    ] = None,
    risk_aversion: Annotated[
        float | None,
        typer.Option(help="Risk aversion, > 0 (max-utility; default 1).", show_default=False),
    ] = None,
    confidence: Annotated[
        float | None,
        typer.Option(help="CVaR confidence level (min-cvar; default 0.95).", show_default=False),
    ] = None,
    constraints: ConstraintsFile = None,
    covariance: Covariance = "sample",
    capital: Annotated[
        float | None,
        typer.Option(
            help="Turn the weights into whole shares at the last prices for this capital."
        ),
    ] = None,
    holdings: Annotated[
        Path | None,
        typer.Option(
            help="CSV with asset,shares rows (and CASH): whole shares trade from these; "
            "the capital defaults to their value.",
            dir_okay=False,
        ),
    ] = None,
    cost_bps: Annotated[
        float,
        typer.Option("--cost-bps", help="Trading costs of the whole shares, in basis points."),
    ] = 0.0,
    show_all: Annotated[
        bool, typer.Option("--all", help="Show assets with a zero weight too.")
    ] = False,
    json_output: JsonFlag = False,
) -> None:
    """Optimal weights of the assets in a price file, from their historical returns.

    Estimates the mean and covariance of the daily simple returns, solves for the objective under
    the constraints and prints the weights, expected return, volatility and Sharpe ratio (annual)
    and the solver that answered; with --capital or --holdings, the whole shares to buy.
    """
    from algofolio.cli.payloads import dumps, result_payload, share_plan_payload
    from algofolio.data import read_holdings
    from algofolio.workflows import load_prices
    from algofolio.workflows.constraints_file import load_constraints
    from algofolio.workflows.optimization import find_method, optimize_prices

    method = find_method(objective)
    parameters = {
        "risk_free_rate": risk_free,
        "target_return": target_return,
        "target_volatility": target_volatility,
        "risk_aversion": risk_aversion,
        "confidence": confidence,
    }
    method.values(parameters)  # a wrong flag fails before the prices load
    account = read_holdings(holdings) if holdings is not None else None
    table = load_prices(prices)
    built: tuple[Constraint, ...] | None = None
    if constraints is not None:
        built = load_constraints(constraints, [str(c) for c in table.columns])
    with _status("Optimising", enabled=not json_output):
        result = optimize_prices(
            table,
            method.name,
            parameters,
            built,
            covariance=covariance,  # type: ignore[arg-type]
        )
    plan = _share_plan(result, table, capital, account, cost_bps)
    if json_output:
        payload = {
            "prices": prices,
            "objective": method.name,
            "parameters": method.values(parameters),
            "covariance": covariance,
            "constraints": [c.describe() for c in built] if built is not None else None,
            **result_payload(result),
            "shares": share_plan_payload(plan) if plan is not None else None,
        }
        typer.echo(dumps(payload))
        return
    _print_result(result, f"{method.name} on {prices}", show_all=show_all, plan=plan)


@app.command(
    epilog=(
        "\b\nExamples:\n"
        "  algofolio frontier dataset:sp500 --out frontier\n"
        "  algofolio frontier dataset:sp500 --points 80 --random 20000 --risk-free 0.02"
        " --covariance ledoit-wolf"
    )
)
@friendly_errors
def frontier(
    prices: PriceSource,
    points: Annotated[int, typer.Option(help="Number of frontier points.", min=2)] = 50,
    random: Annotated[
        int,
        typer.Option(help="Random long-only portfolios drawn under the frontier (0: none).", min=0),
    ] = 2000,
    risk_free: Annotated[
        float, typer.Option("--risk-free", help="Annual risk-free rate of the Sharpe ratios.")
    ] = 0.0,
    constraints: Annotated[
        Path | None,
        typer.Option(
            "--constraints",
            help="TOML constraints file with [budget] and [bounds] only (the exact frontier); "
            "default: long only, fully invested.",
            dir_okay=False,
        ),
    ] = None,
    covariance: Covariance = "sample",
    seed: Annotated[int, typer.Option(help="Seed of the random portfolios.")] = 0,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for frontier.html and frontier.csv.", file_okay=False),
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """The efficient frontier of the assets in a price file, as an interactive chart.

    Writes frontier.html (the frontier, the random portfolios coloured by Sharpe ratio, the
    min-volatility and max-Sharpe portfolios, the single assets) and frontier.csv (each point's
    figures and weights) to --out (default: algofolio-frontier).
    """
    from algofolio.cli.payloads import dumps, frame_records, result_payload
    from algofolio.report.formatting import format_weight
    from algofolio.report.frontier import write_frontier_files
    from algofolio.workflows import load_prices
    from algofolio.workflows.constraints_file import load_constraints

    table = load_prices(prices)
    built: tuple[Constraint, ...] | None = None
    if constraints is not None:
        built = load_constraints(constraints, [str(c) for c in table.columns])
    from algofolio.workflows.frontier import frontier_of_prices

    with _status("Tracing the efficient frontier", enabled=not json_output):
        run = frontier_of_prices(
            table,
            points,
            random=random,
            constraints=built,
            risk_free_rate=risk_free,
            covariance=covariance,  # type: ignore[arg-type]
            seed=seed,
        )
    result = run.frontier
    notes = {
        "Prices": f"{prices} ({table.shape[1]} assets, {table.index[0]:%Y-%m-%d} to "
        f"{table.index[-1]:%Y-%m-%d})",
        "Estimates": f"historical mean, {covariance} covariance of daily simple returns",
        "Risk-free rate": format_weight(risk_free),
        "Constraints": "; ".join(c.describe() for c in built)
        if built is not None
        else "long only, fully invested",
    }
    files = write_frontier_files(
        out or _FRONTIER_OUT,
        points=result.points,
        weights=result.weights,
        min_volatility=result.min_volatility,
        max_sharpe=result.max_sharpe,
        cloud=run.cloud,
        assets=run.assets,
        title=f"Efficient frontier of {prices}",
        notes=notes,
    )
    if json_output:
        payload = {
            "prices": prices,
            "covariance": covariance,
            "risk_free_rate": risk_free,
            "points": frame_records(result.points, "point"),
            "min_volatility": result_payload(result.min_volatility),
            "max_sharpe": result_payload(result.max_sharpe),
            "random": 0 if run.cloud is None else len(run.cloud),
            "files": {key: str(path) for key, path in files.items()},
        }
        typer.echo(dumps(payload))
        return
    console = Console()
    for name, portfolio in (
        ("Min volatility", result.min_volatility),
        ("Max Sharpe", result.max_sharpe),
    ):
        _print_result(portfolio, name, show_all=False, plan=None)
    for path in files.values():
        console.print(f"wrote {path}", highlight=False, markup=False, soft_wrap=True)


def _share_plan(
    result: OptimizationResult,
    prices: pd.DataFrame,
    capital: float | None,
    holdings: Holdings | None,
    cost_bps: float,
) -> SharePlan | None:
    """Whole shares when --capital or --holdings asks for them."""
    if capital is None and holdings is None:
        return None
    from algofolio.workflows.shares import share_plan

    return share_plan(result.weights, prices, capital=capital, holdings=holdings, cost_bps=cost_bps)


def _print_result(
    result: OptimizationResult, title: str, *, show_all: bool, plan: SharePlan | None
) -> None:
    from algofolio.cli.tables import figures_table, shares_table, weights_table
    from algofolio.report.formatting import format_date, format_weight

    console = Console()
    console.print(weights_table(result.weights, title=f"Weights: {title}", show_all=show_all))
    rate = f" (risk-free {format_weight(result.risk_free_rate)})"
    rows = [
        ("Expected return (annual)", format_weight(result.expected_return)),
        ("Volatility (annual)", format_weight(result.volatility)),
        (f"Sharpe ratio{rate}", f"{result.sharpe:.2f}"),
        ("Solver", result.solver),
    ]
    console.print(figures_table(rows))
    if plan is not None:
        console.print(
            shares_table(
                plan.table,
                title=f"Whole shares at the prices of {format_date(plan.date)}",
                leftover=plan.leftover,
                cost=plan.cost,
                capital=plan.capital,
            )
        )


def _finish_backtest(
    comparison: Comparison, out: Path, *, json_output: bool, html: bool, tables: bool = False
) -> None:
    """Write the files, then print JSON or the summary table and where the files went.

    With ``tables`` (``algofolio backtest``), beside the report's files: ``trading.csv``,
    ``rebalances.csv`` (with the reason of each) and, with an evaluation, ``selection.csv``,
    ``selection_returns.csv``, ``overfitting.csv`` and ``evaluation.csv``
    (:func:`algofolio.workflows.comparison.comparison_tables`), and their tables on screen.
    """
    from algofolio.cli.payloads import comparison_payload, dumps
    from algofolio.report import metrics_tables, write_comparison_files
    from algofolio.report.atomic import write_text_atomic
    from algofolio.workflows.comparison import comparison_tables

    extra = comparison_tables(comparison) if tables else {}  # built before any file is written
    texts = {
        name: table.to_csv(index=name != "rebalances", date_format="%Y-%m-%d")
        for name, table in extra.items()
    }
    files = write_comparison_files(comparison, out, html=html)
    for name, text in texts.items():
        files[name] = write_text_atomic(Path(out) / f"{name}.csv", text)
    if json_output:
        typer.echo(dumps(comparison_payload(comparison, files)))
        return
    console = Console()
    for part in metrics_tables(comparison.summary, comparison.title, width=console.width):
        console.print(part)
    if "trading" in extra:
        console.print(_trading_table(extra["trading"]))
    if "evaluation" in extra:
        console.print(_evaluation_table(extra["evaluation"]))
    for path in files.values():
        console.print(f"wrote {path}", highlight=False, markup=False, soft_wrap=True)


def _trading_table(trading: pd.DataFrame) -> object:
    """Turnover, cost drag, costs and rebalances per strategy as a rich table."""
    from rich.table import Table

    from algofolio.report.formatting import format_weight

    table = Table(title="Trading")
    for header in ("Strategy", "Turnover / year", "Cost drag / year", "Costs", "Rebalances"):
        table.add_column(header, justify="left" if header == "Strategy" else "right")
    for name, row in trading.iterrows():
        table.add_row(
            str(name),
            format_weight(float(row["annual_turnover"])),
            format_weight(float(row["cost_drag"])),
            f"{float(row['total_costs']):,.2f}",
            f"{int(row['rebalances'])}",
        )
    return table


def _evaluation_table(figures: pd.DataFrame) -> object:
    """The evaluation's figures (PBO, deflated Sharpe, ...) as a two-column rich table."""
    from rich.table import Table

    table = Table(title="Evaluation")
    table.add_column("Figure")
    table.add_column("Value", justify="right")
    for name, value in figures["value"].items():
        shown = f"{value:.4g}" if isinstance(value, float) else str(value)
        table.add_row(str(name), shown)
    return table


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


@contextmanager
def _status(message: str, *, enabled: bool) -> Iterator[None]:
    """A spinner on stderr while a solver runs (nothing for --json or when stderr is no terminal)."""
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield
        return
    with console.status(message):
        yield


def run() -> None:
    """Entry point of the ``algofolio`` console script and of ``python -m algofolio``."""
    app(prog_name="algofolio")
