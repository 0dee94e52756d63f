"""Crossings of two series (a fast and a slow moving average), with vectorbt's definition.

``fast`` crosses above ``slow`` at date ``t`` when ``fast_t > slow_t``, ``fast`` was strictly below
``slow`` at some date since the last NaN of either (dates with ``fast == slow`` keep that
memory), and the previous date was not already such an "above after below" date. So a series that
starts above never enters until it has been below, a tie between two "above" dates signals again,
and a NaN forgets the past. Crossing below is crossing above with the roles swapped. This is
vectorbt's ``crossed_above`` / ``crossed_below`` (``wait=0``), computed here vectorised.

>>> import pandas as pd
>>> fast = pd.Series([3.0, 1.0, 1.0, 3.0, 3.0, 1.0], index=pd.RangeIndex(6))
>>> signals = crossover(fast, pd.Series(2.0, index=fast.index))
>>> signals.entries.tolist(), signals.exits.tolist()
([False, False, False, True, False, False], [False, True, False, False, False, True])
"""

from __future__ import annotations

from typing import Generic, NamedTuple

import numpy as np

from algofolio.signals._frames import Data, check_same_layout, like, series_values

__all__ = ["Crossover", "crossed_above", "crossover"]


class Crossover(NamedTuple, Generic[Data]):
    """``entries``: fast crossed above slow; ``exits``: fast crossed below slow (bool, same
    shape as the inputs). Unpacks as ``entries, exits = crossover(fast, slow)``."""

    entries: Data
    exits: Data


def crossover(fast: Data, slow: Data) -> Crossover[Data]:
    """Where ``fast`` crosses above (``entries``) and below (``exits``) ``slow``.

    ``fast`` and ``slow`` are both ``Series`` or both ``DataFrame`` (dates x assets) with the same
    index and columns, NaN only before each column's first value (a warm-up: no crossing there);
    :class:`DataError` otherwise. The value at ``t`` uses the inputs up to ``t`` only.
    """
    check_same_layout(fast, slow, ("fast", "slow"))
    a, _ = series_values(fast, "fast")
    b, _ = series_values(slow, "slow")
    return Crossover(like(crossed_above(a, b), fast), like(crossed_above(b, a), fast))


def crossed_above(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Bool ``(T, N)``: where ``a`` crosses above ``b`` (see the module docstring); any NaN."""
    rows = np.arange(len(a))[:, None]
    with np.errstate(invalid="ignore"):
        above, below = a > b, a < b
    reset = np.isnan(a) | np.isnan(b)
    last_below = np.maximum.accumulate(np.where(below, rows, -1), axis=0)
    last_reset = np.maximum.accumulate(np.where(reset, rows, -1), axis=0)
    after_below = above & (last_below > last_reset)
    crossed = after_below.copy()
    crossed[1:] &= ~after_below[:-1]
    return crossed
