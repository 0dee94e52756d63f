"""``algofolio compare``: backtest several allocators side by side without writing a config."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from algofolio.cli.options import (
    Benchmark,
    CostBps,
    End,
    JsonFlag,
    OutDir,
    PngFlag,
    PriceSource,
    RiskFree,
    Start,
    as_date,
)
from algofolio.cli.output import progress, write_backtest_output

__all__ = ["DEFAULT_OUT", "EXAMPLES", "compare"]

DEFAULT_OUT = Path("algofolio-compare")
EXAMPLES = (
    "algofolio compare dataset:factors --strategy equal-weight --strategy min-variance "
    "--strategy risk-parity --start 2020-01-01 --cost-bps 10",
    "algofolio compare dataset:sp500 --strategy inverse-volatility "
    "--strategy max-sharpe:max_weight=0.2 --rebalance threshold:0.05 --start 2021-01-01 "
    "--benchmark dataset:sp500_index --json",
)


def compare(
    prices: PriceSource,
    strategy: Annotated[
        list[str],
        typer.Option(
            "--strategy",
            metavar="KIND[:KEY=VALUE,...]",
            help="An allocator kind of the backtest config, with - or _ (equal-weight, "
            "inverse-volatility, min-variance, max-sharpe, risk-parity, hrp, ...), optionally "
            "with parameters: efficient-risk:target_volatility=0.15,max_weight=0.3. Repeat "
            "for each strategy.",
            show_default=False,
        ),
    ],
    rebalance: Annotated[
        str,
        typer.Option(
            metavar="FREQUENCY|threshold:BAND",
            help="When to rebalance: daily, weekly, monthly, quarterly, yearly (or a pandas "
            "alias such as W-FRI), or threshold:BAND for an absolute drift band "
            "(threshold:0.05).",
        ),
    ] = "monthly",
    cost_bps: CostBps = 0.0,
    window: Annotated[
        int, typer.Option(help="Trailing days the allocators are refitted on.", min=2)
    ] = 252,
    capital: Annotated[float, typer.Option(help="Initial value of each strategy.")] = 1_000_000.0,
    benchmark: Benchmark = None,
    risk_free: RiskFree = None,
    start: Start = None,
    end: End = None,
    out: OutDir = None,
    png: PngFlag = False,
    json_output: JsonFlag = False,
) -> None:
    """Backtest allocators side by side on one price file, as a config file would.

    Builds the backtest config (the same as [[strategies]] tables with allocator kind, one
    rebalance rule, costs_bps and window) and runs it like algofolio backtest; starts when every
    strategy has --window days of history (from --start on). Files go to --out (default:
    algofolio-compare): report.html, summary.csv, nav.csv, trades.csv, trading.csv,
    rebalances.csv.
    """
    from algofolio.workflows.quick_compare import compare_config, run_comparison

    config = compare_config(
        prices,
        strategy,
        rebalance=rebalance,
        cost_bps=cost_bps,
        window=window,
        benchmark=benchmark,
        start=as_date(start),
        end=as_date(end),
        risk_free_rate=risk_free or 0.0,
        initial_value=capital,
    )
    with progress(enabled=not json_output) as callback:
        comparison = run_comparison(config, progress=callback)
    options = {
        "prices": prices,
        "strategy_specs": list(strategy),
        "rebalance": rebalance,
        "cost_bps": cost_bps,
        "window": window,
        "capital": capital,
        "risk_free_rate": risk_free or 0.0,
    }
    write_backtest_output(
        comparison,
        out or DEFAULT_OUT,
        json_output=json_output,
        png=png,
        tables=True,
        extra_payload=options,
    )
