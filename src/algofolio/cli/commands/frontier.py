"""``algofolio frontier``: the efficient frontier of a price file, as an interactive report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from algofolio.cli.commands.optimize import print_portfolio
from algofolio.cli.options import (
    Covariance,
    End,
    JsonFlag,
    OutDir,
    PngFlag,
    PriceSource,
    RiskFree,
    Start,
    as_date,
)
from algofolio.cli.output import echo_json, print_files, progress, status

if TYPE_CHECKING:
    from algofolio.optimize import Constraint

__all__ = ["DEFAULT_OUT", "EXAMPLES", "frontier"]

DEFAULT_OUT = Path("algofolio-frontier")
EXAMPLES = (
    "algofolio frontier dataset:sp500 --out frontier",
    "algofolio frontier dataset:factors --points 20 --random 500 --risk-free 0.02 "
    "--covariance ledoit-wolf --start 2018-01-01 --json",
)


def frontier(
    prices: PriceSource,
    points: Annotated[int, typer.Option(help="Number of frontier points.", min=2)] = 50,
    random: Annotated[
        int,
        typer.Option(help="Random long-only portfolios drawn under the frontier (0: none).", min=0),
    ] = 2000,
    risk_free: RiskFree = None,
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
    start: Start = None,
    end: End = None,
    out: OutDir = None,
    png: PngFlag = False,
    json_output: JsonFlag = False,
) -> None:
    """The efficient frontier of the assets in a price file, as an interactive chart.

    Writes frontier.html (the frontier, the random portfolios coloured by Sharpe ratio, the
    min-volatility and max-Sharpe portfolios, the single assets) and frontier.csv (each point's
    figures and weights) to --out (default: algofolio-frontier).
    """
    from algofolio.cli.payloads import frame_records, result_payload
    from algofolio.report.formatting import format_weight
    from algofolio.report.frontier import write_frontier_files
    from algofolio.workflows import load_prices
    from algofolio.workflows.constraints_file import load_constraints
    from algofolio.workflows.datasets_info import cut_dates
    from algofolio.workflows.frontier import frontier_of_prices

    rate = risk_free or 0.0
    table = cut_dates(load_prices(prices), as_date(start), as_date(end))
    built: tuple[Constraint, ...] | None = None
    if constraints is not None:
        built = load_constraints(constraints, [str(c) for c in table.columns])
    with status("Tracing the efficient frontier", enabled=not json_output):
        run = frontier_of_prices(
            table,
            points,
            random=random,
            constraints=built,
            risk_free_rate=rate,
            covariance=covariance,  # type: ignore[arg-type]
            seed=seed,
        )
    result = run.frontier
    notes = {
        "Prices": f"{prices} ({table.shape[1]} assets, {table.index[0]:%Y-%m-%d} to "
        f"{table.index[-1]:%Y-%m-%d})",
        "Estimates": f"historical mean, {covariance} covariance of daily simple returns",
        "Risk-free rate": format_weight(rate),
        "Constraints": "; ".join(c.describe() for c in built)
        if built is not None
        else "long only, fully invested",
    }
    with progress(enabled=not json_output, description="Writing the report") as callback:
        files = write_frontier_files(
            out or DEFAULT_OUT,
            points=result.points,
            weights=result.weights,
            min_volatility=result.min_volatility,
            max_sharpe=result.max_sharpe,
            cloud=run.cloud,
            assets=run.assets,
            title=f"Efficient frontier of {prices}",
            notes=notes,
            png=png,
            progress=callback,
        )
    if json_output:
        payload = {
            "prices": prices,
            "covariance": covariance,
            "risk_free_rate": rate,
            "start": f"{table.index[0]:%Y-%m-%d}",
            "end": f"{table.index[-1]:%Y-%m-%d}",
            "points": frame_records(result.points, "point"),
            "min_volatility": result_payload(result.min_volatility),
            "max_sharpe": result_payload(result.max_sharpe),
            "random": 0 if run.cloud is None else len(run.cloud),
            "files": {key: str(path) for key, path in files.items()},
        }
        echo_json(payload)
        return
    for name, portfolio in (
        ("Min volatility", result.min_volatility),
        ("Max Sharpe", result.max_sharpe),
    ):
        print_portfolio(portfolio, name, show_all=False, plan=None)
    print_files(Console(), files)
