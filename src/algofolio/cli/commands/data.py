"""``algofolio data list | show | validate | export``: the bundled datasets and price files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from algofolio.cli.errors import EXIT_ERROR, CommandGroup, friendly_errors, one_line
from algofolio.cli.options import End, JsonFlag, PriceSource, Start, as_date, epilog
from algofolio.cli.output import echo_json, status

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EXAMPLES", "data_app"]

EXAMPLES = {
    "list": ("algofolio data list", "algofolio data list --json"),
    "show": (
        "algofolio data show dataset:factors",
        "algofolio data show dataset:sp500 --start 2020-01-01 --json",
    ),
    "validate": (
        "algofolio data export dataset:factors factors.csv",
        "algofolio data validate factors.csv",
    ),
    "export": (
        "algofolio data export dataset:factors factors.csv --start 2022-01-01",
        "algofolio data export dataset:sp500 sp500.parquet",
    ),
}
"""Examples of each subcommand, run in order (``validate`` checks the file ``export`` wrote)."""

data_app = typer.Typer(
    name="data",
    help="The bundled datasets and price files: list, show, validate, export.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    cls=CommandGroup,
)


def _date(value: Any) -> str | None:
    import pandas as pd

    return None if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


@data_app.command("list", epilog=epilog(*EXAMPLES["list"]))
@friendly_errors
def list_datasets(json_output: JsonFlag = False) -> None:
    """The bundled datasets: name, assets, first and last date, source and licence.

    Use one as a price source with dataset:NAME. Data for testing and examples only, not for
    investment decisions.
    """
    from algofolio.workflows.datasets_info import dataset_infos

    with status("Reading the datasets", enabled=not json_output):
        infos = dataset_infos()
    if json_output:
        items = [
            {
                "name": info.name,
                "source_spec": f"dataset:{info.name}",
                "assets": list(info.assets),
                "n_assets": len(info.assets),
                "first": _date(info.first),
                "last": _date(info.last),
                "dates": info.dates,
                "source": info.source,
                "licence": info.licence,
                "notice": info.notice,
            }
            for info in infos
        ]
        echo_json({"datasets": items})
        return
    table = Table(
        title="Bundled datasets (dataset:NAME)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        header_style="bold",
        pad_edge=False,
    )
    table.add_column("Name", no_wrap=True)
    table.add_column("Assets", justify="right", no_wrap=True)
    table.add_column("First", no_wrap=True)
    table.add_column("Last", no_wrap=True)
    table.add_column("Dates", justify="right", no_wrap=True)
    table.add_column("Source, licence")
    for info in infos:
        table.add_row(
            Text(info.name),
            f"{len(info.assets)}",
            _date(info.first),
            _date(info.last),
            f"{info.dates:,}",
            Text(f"{info.source}, {info.licence}"),
        )
    console = Console()
    console.print(table)
    notices = sorted({info.notice for info in infos})
    console.print(
        Text(
            f"Notices: {', '.join(notices)}. For testing and examples only, not for investment "
            "decisions."
        ),
    )


@data_app.command("show", epilog=epilog(*EXAMPLES["show"]))
@friendly_errors
def show(
    prices: PriceSource, start: Start = None, end: End = None, json_output: JsonFlag = False
) -> None:
    """Assets, dates, missing values per asset, first and last price of a price source."""
    from algofolio.workflows import load_prices
    from algofolio.workflows.datasets_info import cut_dates, describe_prices

    table = cut_dates(load_prices(prices), as_date(start), as_date(end))
    described = describe_prices(table)
    if json_output:
        echo_json(_overview_payload(prices, table, described))
        return
    console = Console()
    console.print(
        Text(
            f"{prices}: {table.shape[1]} assets, {len(table):,} dates from "
            f"{_date(table.index[0])} to {_date(table.index[-1])}"
        )
    )
    console.print(_overview_table(described))


def _overview_payload(source: str, table: pd.DataFrame, described: pd.DataFrame) -> dict[str, Any]:
    from algofolio.cli.payloads import number

    return {
        "source": source,
        "n_assets": int(table.shape[1]),
        "dates": len(table),
        "first": _date(table.index[0]),
        "last": _date(table.index[-1]),
        "assets": [
            {
                "asset": str(asset),
                "first": _date(row["first"]),
                "last": _date(row["last"]),
                "missing": int(row["missing"]),
                "first_price": number(row["first_price"]),
                "last_price": number(row["last_price"]),
            }
            for asset, row in described.iterrows()
        ],
    }


def _overview_table(described: pd.DataFrame) -> Table:
    from algofolio.report.formatting import format_money

    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    table.add_column("Asset", no_wrap=True)
    for header in ("First", "Last"):
        table.add_column(header, no_wrap=True)
    for header in ("Missing", "First price", "Last price"):
        table.add_column(header, justify="right")
    for asset, row in described.iterrows():
        table.add_row(
            Text(str(asset)),
            _date(row["first"]) or "—",
            _date(row["last"]) or "—",
            f"{int(row['missing']):,}",
            format_money(row["first_price"]),
            format_money(row["last_price"]),
        )
    return table


@data_app.command("validate", epilog=epilog(*EXAMPLES["validate"]))
@friendly_errors
def validate(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A price file (CSV or Parquet, wide or long).", dir_okay=False
        ),
    ],
    json_output: JsonFlag = False,
) -> None:
    """Check a price file as every command reads it: OK (exit 0) or the first fault (exit 1).

    The checks: dates parse, are sorted and unique; asset names are unique; every price is a
    finite number > 0 or missing.
    """
    from algofolio.core.errors import AlgofolioError
    from algofolio.workflows import load_prices

    try:
        table = load_prices(file)
    except AlgofolioError as exc:
        if not json_output:
            raise
        echo_json({"file": str(file), "valid": False, "error": one_line(str(exc))})
        raise typer.Exit(EXIT_ERROR) from None
    summary = {
        "file": str(file),
        "valid": True,
        "error": None,
        "n_assets": int(table.shape[1]),
        "dates": len(table),
        "first": _date(table.index[0]),
        "last": _date(table.index[-1]),
        "missing": int(table.isna().to_numpy().sum()),
    }
    if json_output:
        echo_json(summary)
        return
    Console().print(
        Text(
            f"OK {file}: {summary['n_assets']} assets, {summary['dates']:,} dates from "
            f"{summary['first']} to {summary['last']}, {summary['missing']:,} missing values"
        ),
        soft_wrap=True,
    )


@data_app.command("export", epilog=epilog(*EXAMPLES["export"]))
@friendly_errors
def export(
    prices: PriceSource,
    out: Annotated[
        Path,
        typer.Argument(metavar="OUT", help="The file to write: .csv or .parquet.", dir_okay=False),
    ],
    start: Start = None,
    end: End = None,
    json_output: JsonFlag = False,
) -> None:
    """Write a price source (a bundled dataset, or a file in another format) as CSV or Parquet.

    Wide layout: a date column (ISO dates), then one column per asset; read back the same by
    every command.
    """
    from algofolio.workflows import load_prices
    from algofolio.workflows.datasets_info import cut_dates, export_prices

    table = cut_dates(load_prices(prices), as_date(start), as_date(end))
    path = export_prices(table, out)
    if json_output:
        echo_json(
            {
                "source": prices,
                "file": str(path),
                "n_assets": int(table.shape[1]),
                "dates": len(table),
                "first": _date(table.index[0]),
                "last": _date(table.index[-1]),
            }
        )
        return
    Console().print(
        Text(f"wrote {path}: {table.shape[1]} assets, {len(table):,} dates"), soft_wrap=True
    )
