"""``algofolio rebalance``: the trades that bring an account back to its target weights."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from algofolio.cli.options import CostBps, JsonFlag
from algofolio.cli.output import echo_json

__all__ = ["EXAMPLES", "rebalance"]

EXAMPLES = (
    "algofolio rebalance --holdings examples/holdings.csv --targets examples/targets.toml "
    "--prices dataset:sp500 --threshold 0.05 --cost-bps 5",
)


def rebalance(
    holdings: Annotated[
        Path,
        typer.Option(help="CSV with asset,shares rows (and an optional CASH row).", dir_okay=False),
    ],
    targets: Annotated[
        Path, typer.Option(help="TOML with a [targets] table: ASSET = weight.", dir_okay=False)
    ],
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
    cost_bps: CostBps = 0.0,
    json_output: JsonFlag = False,
) -> None:
    """The trades that bring an account back to its target weights at today's prices.

    Whole shares at the last prices of --prices; with --threshold, nothing to do unless some
    weight drifted that far from its target.
    """
    from algofolio.cli.payloads import plan_payload
    from algofolio.report import trade_plan_table
    from algofolio.workflows import rebalance_account

    plan = rebalance_account(
        holdings, targets, prices, threshold=threshold, cash=cash, cost_bps=cost_bps
    )
    if json_output:
        echo_json(plan_payload(plan))
        return
    Console().print(trade_plan_table(plan))
