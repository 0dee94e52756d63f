"""Entry and exit signals to a long/flat position, as vectorbt's ``from_signals`` trades them.

The position after the close of ``t`` is long when the last signal up to ``t`` (entry or exit) was
an entry: an entry while long and an exit while flat change nothing (no pyramiding). Before the
first entry the position is flat. An entry and an exit on the same date and asset are ambiguous
and raise :class:`DataError` naming the asset and the date.

>>> import pandas as pd
>>> entries = pd.Series([False, True, True, False, False], index=pd.RangeIndex(5))
>>> exits = pd.Series([True, False, False, True, False], index=pd.RangeIndex(5))
>>> long_flat(entries, exits).tolist()
[False, True, True, False, False]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError
from algofolio.signals._frames import Data, check_same_layout, date_label, like

__all__ = ["long_flat", "long_flat_values"]


def long_flat(entries: Data, exits: Data) -> Data:
    """Bool positions (True: long after the close of that date) from bool ``entries`` and
    ``exits`` of one layout (both ``Series`` or both ``DataFrame`` with equal index and columns).

    Non-bool inputs and an entry and exit on the same date raise :class:`DataError`.
    """
    check_same_layout(entries, exits, ("entries", "exits"))
    enter, leave = _bools(entries, "entries"), _bools(exits, "exits")
    both = enter & leave
    if both.any():
        row, col = (int(i[0]) for i in np.nonzero(both))
        date = entries.index[row]
        asset = str(entries.columns[col]) if isinstance(entries, pd.DataFrame) else entries.name
        raise DataError(
            f"asset {asset!r} has both an entry and an exit on {date_label(date)}",
            asset=None if asset is None else str(asset),
            date=date,
        )
    return like(long_flat_values(enter, leave), entries)


def long_flat_values(entries: np.ndarray, exits: np.ndarray) -> np.ndarray:
    """The array form of :func:`long_flat`: bool ``(T, N)`` in (never both True), bool out."""
    rows = np.arange(len(entries))[:, None]
    last = np.maximum.accumulate(np.where(entries | exits, rows, -1), axis=0)
    held: np.ndarray = np.take_along_axis(entries, np.maximum(last, 0), axis=0) & (last >= 0)
    return held


def _bools(data: pd.Series | pd.DataFrame, what: str) -> np.ndarray:
    values = data.to_numpy()
    if values.dtype != np.bool_:
        raise DataError(f"{what} must be bool, got dtype {values.dtype}")
    return values[:, None] if values.ndim == 1 else values
