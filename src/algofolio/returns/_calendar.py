"""First trading day of each calendar period of a date index (the calendar rebalancing dates)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError

# pandas period codes: weeks run Monday to Sunday, quarters and years are calendar ones.
_PERIOD_CODES: Mapping[str, str] = {
    "daily": "D",
    "weekly": "W-SUN",
    "monthly": "M",
    "quarterly": "Q-DEC",
    "yearly": "Y-DEC",
}


def period_starts(index: pd.Index, frequency: str) -> np.ndarray:
    """Boolean mask: True on each date whose calendar period differs from the previous date's.

    The first date counts as the start of its period (the series opens a period there).
    """
    if not isinstance(index, pd.DatetimeIndex):
        raise DataError(
            f"calendar rebalancing ({frequency!r}) needs a DatetimeIndex, got {type(index).__name__}"
        )
    periods = index.to_period(_PERIOD_CODES[frequency]).asi8
    mask = np.ones(len(index), dtype=bool)
    mask[1:] = periods[1:] != periods[:-1]
    return mask
