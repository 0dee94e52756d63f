"""``algofolio optimize``: optimal weights of the assets in a price file (and whole shares)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from algofolio.cli.options import (
    CostBps,
    Covariance,
    End,
    JsonFlag,
    PriceSource,
    RiskFree,
    Start,
    as_date,
)
from algofolio.cli.output import echo_json, status

if TYPE_CHECKING:
    import pandas as pd

    from algofolio.core import Holdings
    from algofolio.optimize import Constraint, OptimizationResult
    from algofolio.workflows.shares import SharePlan

__all__ = ["EXAMPLES", "optimize", "print_portfolio"]

EXAMPLES = (
    "algofolio optimize dataset:sp500 --objective max-sharpe --risk-free 0.02",
    "algofolio optimize dataset:sp500 --objective efficient-risk --target-volatility 0.18 "
    "--constraints examples/constraints.toml --capital 100000",
)

_OBJECTIVES = (
    "min-variance, max-sharpe, max-utility, efficient-return, efficient-risk, max-return, "
    "max-diversification, min-cvar, min-semivariance, max-sortino, risk-parity, hrp, "
    "equal-weight or inverse-volatility."
)


def optimize(
    prices: PriceSource,
    objective: Annotated[str, typer.Option("--objective", help=_OBJECTIVES, show_default=False)],
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
    constraints: Annotated[
        Path | None,
        typer.Option(
            "--constraints",
            help="TOML constraints file (see examples/constraints.toml); default: long only, "
            "fully invested.",
            dir_okay=False,
        ),
    ] = None,
    covariance: Covariance = "sample",
    start: Start = None,
    end: End = None,
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
    cost_bps: CostBps = 0.0,
    show_all: Annotated[
        bool, typer.Option("--all", help="Show assets with a zero weight too.")
    ] = False,
    json_output: JsonFlag = False,
) -> None:
    """Optimal weights of the assets in a price file, from their historical returns.

    Estimates the mean and covariance of the daily simple returns (from --start to --end), solves
    for the objective under the constraints and prints the weights, expected return, volatility
    and Sharpe ratio (annual) and the solver that answered; with --capital or --holdings, the
    whole shares to buy (--cost-bps: their trading costs).
    """
    from algofolio.cli.payloads import result_payload, share_plan_payload
    from algofolio.data import read_holdings
    from algofolio.workflows import load_prices
    from algofolio.workflows.constraints_file import load_constraints
    from algofolio.workflows.datasets_info import cut_dates
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
    table = cut_dates(load_prices(prices), as_date(start), as_date(end))
    built: tuple[Constraint, ...] | None = None
    if constraints is not None:
        built = load_constraints(constraints, [str(c) for c in table.columns])
    with status("Optimising", enabled=not json_output):
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
            "start": f"{table.index[0]:%Y-%m-%d}",
            "end": f"{table.index[-1]:%Y-%m-%d}",
            "constraints": [c.describe() for c in built] if built is not None else None,
            **result_payload(result),
            "shares": share_plan_payload(plan) if plan is not None else None,
        }
        echo_json(payload)
        return
    print_portfolio(result, f"{method.name} on {prices}", show_all=show_all, plan=plan)


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


def print_portfolio(
    result: OptimizationResult, title: str, *, show_all: bool, plan: SharePlan | None
) -> None:
    """A portfolio's weights, its annual figures and solver, and its whole shares if any."""
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
