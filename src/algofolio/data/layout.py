"""Wide and long price tables, and the reshape from a raw table to a wide frame indexed by date.

A *raw table* is what a reader returns: a ``RangeIndex``, the header labels as columns (duplicates
kept), cells as read. *Wide*: one date column (named ``date``/``timestamp`` in any case, else the
first column) and one column per asset. *Long*: three columns ``date``, ``asset`` and ``price``
(case-insensitive; ``ticker``/``symbol`` stand for asset, ``close``/``adj_close``/``value`` for
price); rows may come in any order, the pivot orders dates and keeps assets in order of first
appearance.

``auto`` reads a table as long when it has an ``asset``/``ticker``/``symbol`` column (no wide file
names an asset that way), so a long file with a stray extra column fails naming that column instead
of being misread as wide.

>>> import pandas as pd
>>> long = pd.DataFrame(
...     {"Date": ["2024-01-02", "2024-01-02", "2024-01-03"], "Ticker": ["B", "A", "B"],
...      "Close": [2.0, 1.0, 2.1]}
... )
>>> detect_layout(long)
'long'
>>> to_wide(long)
              B    A
date
2024-01-02  2.0  1.0
2024-01-03  2.1  NaN
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from algofolio.core.errors import DataError
from algofolio.core.options import PriceLayout, check_option
from algofolio.data._messages import format_date, where
from algofolio.data.dates import parse_dates

__all__ = ["ASSET_NAMES", "DATE_NAMES", "PRICE_NAMES", "detect_layout", "to_wide"]

DATE_NAMES = frozenset({"date", "timestamp"})
ASSET_NAMES = frozenset({"asset", "ticker", "symbol"})
PRICE_NAMES = frozenset({"price", "close", "adj_close", "value"})


def detect_layout(table: pd.DataFrame) -> PriceLayout:
    """``long`` if ``table`` has an asset/ticker/symbol column, else ``wide``."""
    return "long" if any(_role(c) == "asset" for c in table.columns) else "wide"


def to_wide(
    table: pd.DataFrame, layout: PriceLayout = "auto", *, source: str | None = None
) -> pd.DataFrame:
    """Reshape a raw ``table`` to dates (index, parsed for long tables) x assets (raw cells)."""
    check_option(layout, PriceLayout, "layout")
    resolved = detect_layout(table) if layout == "auto" else layout
    return _RESHAPERS[resolved](table, source)


def _wide(table: pd.DataFrame, source: str | None) -> pd.DataFrame:
    if table.shape[1] == 0:
        raise DataError(f"{where(source)}: no columns", source=source)
    positions = [i for i, c in enumerate(table.columns) if _role(c) == "date"]
    if len(positions) > 1:
        names = ", ".join(repr(str(table.columns[i])) for i in positions)
        raise DataError(f"{where(source)}: more than one date column: {names}", source=source)
    at = positions[0] if positions else 0
    wide = table.iloc[:, [i for i in range(table.shape[1]) if i != at]]
    wide.index = pd.Index(table.iloc[:, at].to_numpy(), name="date")
    return wide


def _long(table: pd.DataFrame, source: str | None) -> pd.DataFrame:
    label = where(source)
    roles = [_role(c) for c in table.columns]
    _check_long_columns(table.columns, roles, source)
    if table.shape[0] == 0:
        raise DataError(f"{label}: no rows of prices", source=source)
    named = table.set_axis(roles, axis=1)
    dates = parse_dates(named["date"], source=source)
    assets = named["asset"].reset_index(drop=True).astype("str").str.strip()
    blank = (assets.isna() | (assets == "")).to_numpy()
    if blank.any():
        row = int(blank.argmax())
        raise DataError(f"{label}: data row {row + 1} has no asset", source=source)
    rows = pd.DataFrame(
        {"date": dates, "asset": assets.to_numpy(), "price": named["price"].to_numpy()}
    )
    twice = rows.duplicated(subset=["date", "asset"]).to_numpy()
    if twice.any():
        row = int(twice.argmax())
        asset, date = str(rows["asset"].iloc[row]), rows["date"].iloc[row]
        raise DataError(
            f"{label}: asset {asset!r} has two prices on {format_date(date)} (data row {row + 1})",
            asset=asset,
            date=date,
            source=source,
        )
    wide = rows.pivot(index="date", columns="asset", values="price")
    wide = wide.reindex(columns=pd.Index(pd.unique(rows["asset"])))
    wide.columns.name = None
    return wide


def _check_long_columns(columns: pd.Index, roles: list[str | None], source: str | None) -> None:
    """Exactly one date, one asset and one price column, nothing else."""
    problems = []
    extra = [str(c) for c, role in zip(columns, roles, strict=True) if role is None]
    if extra:
        problems.append(f"unknown columns {', '.join(map(repr, extra))}")
    for role in ("date", "asset", "price"):
        named = [str(c) for c, r in zip(columns, roles, strict=True) if r == role]
        if not named:
            problems.append(f"no {role} column")
        elif len(named) > 1:
            problems.append(f"{len(named)} {role} columns {', '.join(map(repr, named))}")
    if problems:
        raise DataError(
            f"{where(source)}: long layout needs exactly the columns date, asset and price: "
            f"{'; '.join(problems)}",
            source=source,
        )


def _role(column: object) -> str | None:
    """``date``, ``asset`` or ``price`` when ``column`` is one of their accepted names."""
    key = str(column).strip().lower().replace(" ", "_").replace("-", "_")
    for role, names in (("date", DATE_NAMES), ("asset", ASSET_NAMES), ("price", PRICE_NAMES)):
        if key in names:
            return role
    return None


_RESHAPERS: Mapping[str, Callable[[pd.DataFrame, str | None], pd.DataFrame]] = {
    "wide": _wide,
    "long": _long,
}
