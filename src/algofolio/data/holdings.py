"""Read an account's holdings from a CSV file with ``asset,shares`` columns.

A row whose asset is ``CASH`` (any case) gives the cash balance in its ``shares`` column. Rows keep
their order; share counts may be fractional.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp, "account.csv")
...     _ = path.write_text("Asset,Shares\\nVTI,10\\nBND,5.5\\ncash,250\\n")
...     holdings = read_holdings(path)
>>> holdings.shares.to_dict(), holdings.cash
({'VTI': 10.0, 'BND': 5.5}, 250.0)
"""

from __future__ import annotations

import math
import os

import pandas as pd

from algofolio.core.errors import DataError
from algofolio.core.holdings import Holdings
from algofolio.data.readers import read_table

__all__ = ["CASH", "read_holdings"]

CASH = "CASH"
"""The asset name (compared case-insensitively) of the row that holds cash."""


def read_holdings(path: str | os.PathLike[str]) -> Holdings:
    """Read ``path`` (CSV: ``asset,shares``, case-insensitive headers) into :class:`Holdings`.

    Raises :class:`DataError` naming the file and the data row or asset when the file is empty,
    a column is missing or unknown, an asset is blank or listed twice, or a share count is not a
    finite number >= 0.
    """
    source = str(path)
    table = read_table(path)
    columns = {str(c).strip().lower(): c for c in table.columns}
    unknown = [str(c) for c in table.columns if str(c).strip().lower() not in ("asset", "shares")]
    if unknown or len(columns) != 2 or set(columns) != {"asset", "shares"}:
        found = ", ".join(repr(str(c)) for c in table.columns)
        raise DataError(
            f"{source}: holdings need the columns asset,shares; found {found}", source=source
        )
    if table.shape[0] == 0:
        raise DataError(f"{source}: no holdings rows", source=source)
    shares: dict[str, float] = {}
    cash: float | None = None
    for row, (raw_asset, raw_shares) in enumerate(
        zip(table[columns["asset"]], table[columns["shares"]], strict=True), start=1
    ):
        asset = _asset(raw_asset, row, source)
        amount = _amount(raw_shares, asset, row, source)
        if asset.upper() == CASH:
            if cash is not None:
                raise DataError(
                    f"{source}: cash is listed twice (data row {row})", asset=asset, source=source
                )
            cash = amount
        elif asset in shares:
            raise DataError(
                f"{source}: asset {asset!r} is listed twice (data row {row})",
                asset=asset,
                source=source,
            )
        else:
            shares[asset] = amount
    return Holdings(shares=pd.Series(shares, dtype="float64"), cash=cash or 0.0)


def _asset(raw: object, row: int, source: str) -> str:
    asset = "" if raw is None or (isinstance(raw, float) and math.isnan(raw)) else str(raw).strip()
    if not asset:
        raise DataError(f"{source}: data row {row} has no asset", source=source)
    return asset


def _amount(raw: object, asset: str, row: int, source: str) -> float:
    try:
        value = float(str(raw).strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        what = "cash" if asset.upper() == CASH else f"asset {asset!r}"
        raise DataError(
            f"{source}: {what} has an invalid amount {raw!r} (data row {row}); "
            "need a finite number >= 0",
            asset=asset,
            source=source,
        )
    return value
