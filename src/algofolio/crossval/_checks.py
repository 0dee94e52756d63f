"""Shared plumbing of the splitters: parameter checks, the observation count and the label spans.

A label spans ``[start, end]`` of an observation: ``start`` is its date (its position when no dates are
given) and ``end`` the date its label is last observed (AFML's ``t1``). Without explicit label ends an
observation's label is taken to run ``purge`` periods past its own position.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
import pandas as pd

from algofolio.core.errors import ConfigError, DataError

__all__ = [
    "check_count",
    "check_embargo",
    "check_label_ends",
    "embargo_periods",
    "label_spans",
    "n_observations",
]


def check_count(value: Any, key: str, *, minimum: int) -> None:
    """Raise :class:`ConfigError` naming ``key`` unless ``value`` is an int ``>= minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ConfigError(f"{key} must be an integer, got {value!r}", key=key)
    if value < minimum:
        raise ConfigError(f"{key} must be >= {minimum}, got {value}", key=key)


def check_embargo(value: Any, key: str) -> None:
    """An embargo is an int number of periods ``>= 0`` or a float fraction in ``[0, 1)``."""
    if isinstance(value, bool):
        raise ConfigError(f"{key} must be an int or a float, got {value!r}", key=key)
    if isinstance(value, numbers.Integral):
        check_count(value, key, minimum=0)
        return
    fraction = float(value) if isinstance(value, numbers.Real) else math.nan
    if not 0 <= fraction < 1:
        raise ConfigError(
            f"{key} must be an int number of periods >= 0 or a fraction of the observations "
            f"in [0, 1), got {value!r}",
            key=key,
        )


def embargo_periods(embargo: float, n: int) -> int:
    """Embargo in observations: an int as given, a fraction ``f`` as ``floor(f * n)`` (AFML 7.4.2)."""
    if isinstance(embargo, numbers.Integral):
        return int(embargo)
    return math.floor(embargo * n)


def check_label_ends(label_ends: Any, purge: int, owner: str) -> None:
    """``label_ends`` is ``None`` or a Series, and then ``purge`` must be 0 (one way to give spans)."""
    if label_ends is None:
        return
    if not isinstance(label_ends, pd.Series):
        raise ConfigError(
            f"{owner}.label_ends must be a pandas Series of label end times indexed by the "
            f"observation times, got {type(label_ends).__name__}",
            key=f"{owner}.label_ends",
        )
    if purge != 0:
        raise ConfigError(
            f"{owner}.purge={purge} and {owner}.label_ends both give the label spans; give one",
            key=f"{owner}.purge",
        )


def n_observations(X: Any, owner: str) -> int:
    """Number of observations of ``X``: an int, or the length of its first axis."""
    if isinstance(X, bool):
        raise DataError(f"{owner}: cannot split {X!r}")
    if isinstance(X, numbers.Integral):
        n = int(X)
    elif hasattr(X, "shape") and len(X.shape) >= 1:
        n = int(X.shape[0])
    else:
        n = len(X)
    if n < 0:
        raise DataError(f"{owner}: the number of observations cannot be negative, got {n}")
    return n


def _ordinals(values: pd.Index, what: str, owner: str) -> np.ndarray:
    """Comparable numbers for times: int64 nanoseconds for dates, float64 for numeric positions."""
    if isinstance(values, pd.DatetimeIndex):
        if values.hasnans:
            first = int(np.flatnonzero(values.isna())[0])
            raise DataError(f"{owner}: {what} has a missing time at position {first}")
        return np.asarray(values.as_unit("ns").asi8, dtype=np.int64)
    if not pd.api.types.is_numeric_dtype(values.dtype):
        raise DataError(f"{owner}: {what} must hold dates or numbers, got dtype {values.dtype}")
    numbers_ = np.asarray(values, dtype=np.float64)
    if not np.isfinite(numbers_).all():
        first = int(np.flatnonzero(~np.isfinite(numbers_))[0])
        raise DataError(f"{owner}: {what} has a missing value at position {first}")
    return numbers_


def label_spans(
    X: Any, n: int, *, purge: int, label_ends: pd.Series | None, owner: str
) -> tuple[np.ndarray, np.ndarray]:
    """``(starts, ends)`` of each observation's label, shape ``(n,)`` each, comparable numbers.

    Without ``label_ends``: positions ``0..n-1`` and positions ``+ purge``. With them: the Series' index
    (the observation times; it must equal ``X.index`` when ``X`` has one) and its values (label ends,
    never before their start).
    """
    if label_ends is None:
        starts = np.arange(n, dtype=np.int64)
        return starts, starts + purge
    if len(label_ends) != n:
        raise DataError(f"{owner}: label_ends has {len(label_ends)} entries for {n} observations")
    index = getattr(X, "index", None)
    if isinstance(index, pd.Index) and not index.equals(label_ends.index):
        raise DataError(f"{owner}: label_ends must be indexed by the observations' times (X.index)")
    start_index = label_ends.index
    end_index = pd.Index(label_ends.to_numpy())
    if isinstance(start_index, pd.DatetimeIndex) and isinstance(end_index, pd.DatetimeIndex):
        if start_index.tz != end_index.tz:
            raise DataError(
                f"{owner}: label_ends times ({end_index.tz}) and observation times "
                f"({start_index.tz}) have different time zones"
            )
    elif isinstance(start_index, pd.DatetimeIndex) != isinstance(end_index, pd.DatetimeIndex):
        raise DataError(f"{owner}: label_ends and its index must both be dates or both numbers")
    starts = _ordinals(start_index, "the label_ends index", owner)
    ends = _ordinals(end_index, "label_ends", owner)
    unsorted = np.flatnonzero(np.diff(starts) <= 0)
    if unsorted.size:
        raise DataError(
            f"{owner}: observation times must be strictly increasing; "
            f"{start_index[unsorted[0] + 1]} follows {start_index[unsorted[0]]}",
            date=start_index[unsorted[0] + 1],
        )
    early = np.flatnonzero(ends < starts)
    if early.size:
        raise DataError(
            f"{owner}: the label of the observation at {start_index[early[0]]} ends before it "
            f"starts ({end_index[early[0]]})",
            date=start_index[early[0]],
        )
    return starts, ends
