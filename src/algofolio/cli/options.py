"""The options several commands share, defined once: the same name, help and default everywhere.

A command declares ``out: OutDir = None``, ``json_output: JsonFlag = False``, ... with the defaults
of :data:`DEFAULTS` (``tests/cli/test_options.py`` checks every command against it).

>>> epilog("algofolio demo", "algofolio demo --json")
'\\x08\\nExamples:\\n  algofolio demo\\n  algofolio demo --json'
>>> examples_of(epilog("algofolio demo --out x"))
['algofolio demo --out x']
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = [
    "DEFAULTS",
    "Benchmark",
    "CostBps",
    "Covariance",
    "End",
    "JsonFlag",
    "OutDir",
    "PngFlag",
    "PriceSource",
    "RiskFree",
    "Start",
    "as_date",
    "epilog",
    "examples_of",
]

_DATE_FORMATS = ["%Y-%m-%d"]

JsonFlag = Annotated[
    bool,
    typer.Option(
        "--json", help="Print machine-readable JSON only to stdout (no tables, no progress)."
    ),
]
OutDir = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Folder for the files written (created if needed; default: see above).",
        file_okay=False,
        show_default=False,
    ),
]
PngFlag = Annotated[
    bool,
    typer.Option(
        "--png", help="Also write every chart as a PNG under OUT/png/ (needs Chrome or Chromium)."
    ),
]
Benchmark = Annotated[
    str | None,
    typer.Option(
        "--benchmark",
        help="A one-column price file or dataset:NAME to compare against (e.g. "
        "dataset:sp500_index).",
        show_default=False,
    ),
]
RiskFree = Annotated[
    float | None,
    typer.Option(
        "--risk-free",
        help="Annual risk-free rate of the Sharpe and Sortino ratios, e.g. 0.02 (default 0).",
        show_default=False,
    ),
]
Start = Annotated[
    dt.datetime | None,
    typer.Option(
        "--start",
        formats=_DATE_FORMATS,
        metavar="YYYY-MM-DD",
        help="First date to use (default: the first date of the prices).",
        show_default=False,
    ),
]
End = Annotated[
    dt.datetime | None,
    typer.Option(
        "--end",
        formats=_DATE_FORMATS,
        metavar="YYYY-MM-DD",
        help="Last date to use (default: the last date of the prices).",
        show_default=False,
    ),
]
CostBps = Annotated[
    float,
    typer.Option("--cost-bps", min=0.0, help="Proportional trading costs, in basis points."),
]
Covariance = Annotated[
    str,
    typer.Option(help="Covariance estimator: sample, ledoit-wolf or exponential."),
]
PriceSource = Annotated[
    str,
    typer.Argument(
        metavar="PRICES",
        help="A price file (CSV or Parquet, wide or long) or dataset:NAME.",
        show_default=False,
    ),
]

DEFAULTS: dict[str, Any] = {
    "--json": False,
    "--out": None,
    "--png": False,
    "--benchmark": None,
    "--risk-free": None,
    "--start": None,
    "--end": None,
    "--cost-bps": 0.0,
}
"""The default of each shared option, the same in every command that has it."""


def as_date(value: dt.datetime | None) -> dt.date | None:
    """The date of a ``--start`` / ``--end`` value (``None`` stays ``None``)."""
    return None if value is None else value.date()


def epilog(*examples: str) -> str:
    """A command's ``--help`` epilog: "Examples:" then one invocation per line (``\\b`` keeps
    click from rewrapping them). Each example must run from the repository root (a test runs
    them all)."""
    return "\b\nExamples:\n" + "\n".join(f"  {example}" for example in examples)


def examples_of(text: str) -> list[str]:
    """The invocations listed by :func:`epilog` in ``text`` (a ``--help`` output or an epilog)."""
    lines = text.splitlines()
    if "Examples:" not in [line.strip() for line in lines]:
        return []
    start = [line.strip() for line in lines].index("Examples:") + 1
    found = []
    for line in lines[start:]:
        if not line.strip().startswith("algofolio "):
            break
        found.append(line.strip())
    return found
