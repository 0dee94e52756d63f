"""``algofolio metrics``: the summary metrics of every asset in a price file."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from algofolio.cli.options import (
    Benchmark,
    End,
    JsonFlag,
    PriceSource,
    RiskFree,
    Start,
    as_date,
)
from algofolio.cli.output import echo_json

__all__ = ["EXAMPLES", "metrics"]

EXAMPLES = (
    "algofolio metrics dataset:factors --benchmark dataset:sp500_index",
    "algofolio metrics dataset:sp500 --risk-free 0.02 --confidence 0.99 --start 2020-01-01 --json",
)


def metrics(
    prices: PriceSource,
    benchmark: Benchmark = None,
    risk_free: RiskFree = None,
    confidence: Annotated[float, typer.Option(help="Confidence level of VaR and CVaR.")] = 0.95,
    start: Start = None,
    end: End = None,
    json_output: JsonFlag = False,
) -> None:
    """Summary metrics (return, risk, drawdown, ...) of every asset in a price file.

    Annual figures from daily simple returns; with --benchmark, alpha, beta, tracking error and
    information ratio against it, and the benchmark's own column last.
    """
    from algofolio.cli.payloads import summary_payload
    from algofolio.metrics import summary_formats
    from algofolio.report import metrics_tables
    from algofolio.workflows import compute_metrics

    table = compute_metrics(
        prices,
        benchmark=benchmark,
        risk_free_rate=risk_free or 0.0,
        confidence=confidence,
        start=as_date(start),
        end=as_date(end),
    )
    if json_output:
        payload = {
            "prices": prices,
            "benchmark": benchmark,
            "risk_free_rate": risk_free or 0.0,
            "confidence": confidence,
            "start": None if start is None else start.date().isoformat(),
            "end": None if end is None else end.date().isoformat(),
            "summary": summary_payload(table),
        }
        echo_json(payload)
        return
    console = Console()
    formats = summary_formats(confidence)
    for part in metrics_tables(table, f"Metrics of {prices}", width=console.width, formats=formats):
        console.print(part)
