"""Validated return series as one 2-D array, and reductions over each series' own rows.

A :class:`Columns` holds ``T`` dates x ``N`` series, column-major (each series contiguous). Each
series uses its own rows: from its first return on (series can start at different dates), or the
dates it shares with a benchmark. Series that use the same rows form a :class:`RowGroup`; the
reductions run once per group over all its series at once, so a frame whose series share a start
costs one numpy call. They use numpy's own (pairwise) summation on each series' rows alone, so a
series' result has the same bits computed alone (a ``Series``) or in a ``DataFrame``.

>>> import numpy as np, pandas as pd
>>> values = np.asfortranarray([[0.0, 0.1], [0.2, 0.3], [0.4, 0.5]])
>>> columns = Columns.from_starts(values, np.array([1, 0]), ("late", "early"), pd.RangeIndex(3))
>>> columns.names, columns.counts.tolist(), columns.sum(columns.array).round(6).tolist()
(('early', 'late'), [3, 2], [0.9, 0.6])
>>> columns.in_input_order(columns.sum(columns.array)).round(6).tolist()
[0.6, 0.9]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from algofolio.metrics._quantile import column_quantiles

__all__ = ["Columns", "RowGroup", "Selector", "column_major", "selector"]

Selector = slice | np.ndarray
"""Rows or columns of the array: a slice, or an increasing array of positions."""


@dataclass(frozen=True, slots=True, eq=False)
class RowGroup:
    """The series ``columns`` (adjacent) that all use the ``rows`` of the array (in this order)."""

    rows: Selector
    columns: slice

    def first_row(self, n_rows: int) -> int:
        """The first of the rows of an array of ``n_rows`` (``n_rows`` when there are none)."""
        rows = self.positions(n_rows)
        return int(rows[0]) if len(rows) else n_rows

    def positions(self, n_rows: int) -> range | np.ndarray:
        """The rows of an array of ``n_rows`` rows, as positions."""
        return range(n_rows)[self.rows] if isinstance(self.rows, slice) else self.rows


@dataclass(frozen=True, slots=True, eq=False)
class Columns:
    """``N`` validated return series over ``T`` dates, for the metric kernels.

    ``array`` is ``(T, N)`` float64 and column-major, finite on the rows each series uses;
    rows a series does not use hold 0 before its first return (a wealth path then starts at 1).
    ``groups`` partition the series by the rows they use (each group's series are adjacent);
    ``names`` name the series in messages, ``order`` gives the position of each in the input
    (series are sorted by start) and ``index`` holds the ``T`` dates.
    """

    array: np.ndarray
    groups: tuple[RowGroup, ...]
    names: tuple[str, ...]
    order: np.ndarray
    index: pd.Index
    counts: np.ndarray = field(init=False)
    """Number of rows (returns) each series uses, ``(N,)`` int64."""

    def __post_init__(self) -> None:
        counts = np.empty(len(self.names), dtype=np.int64)
        for group in self.groups:
            counts[group.columns] = len(group.positions(len(self.array)))
        object.__setattr__(self, "counts", counts)

    @classmethod
    def from_starts(
        cls, values: np.ndarray, starts: np.ndarray, names: tuple[str, ...], index: pd.Index
    ) -> Columns:
        """Series ``j`` (column ``j`` of ``values``) uses the rows from ``starts[j]`` on."""
        order = np.argsort(starts, kind="stable")
        if np.any(np.diff(starts) < 0):  # put series that share a start side by side
            values, starts = values[:, order], starts[order]
            names = tuple(names[j] for j in order.tolist())
        cuts = np.flatnonzero(np.diff(starts)) + 1
        groups = tuple(
            RowGroup(slice(int(starts[begin]), None), slice(int(begin), int(end)))
            for begin, end in zip(np.r_[0, cuts], np.r_[cuts, len(starts)], strict=True)
            if end > begin
        )
        return cls(np.asfortranarray(values, dtype=np.float64), groups, names, order, index)

    @property
    def n_series(self) -> int:
        return len(self.names)

    @property
    def starts(self) -> np.ndarray:
        """First row each series uses, ``(N,)`` int64 (``T`` for a series without rows)."""
        starts = np.empty(self.n_series, dtype=np.int64)
        for group in self.groups:
            starts[group.columns] = group.first_row(len(self.array))
        return starts

    def in_input_order(self, values: np.ndarray) -> np.ndarray:
        """One value per series (``(N,)``, or ``(..., N)``), put back in the input's order."""
        if np.array_equal(self.order, np.arange(self.n_series)):
            return values
        result = np.empty_like(values)
        result[..., self.order] = values
        return result

    def group_of(self) -> np.ndarray:
        """Position in ``groups`` of each series' group, ``(N,)`` int64."""
        position = np.empty(self.n_series, dtype=np.int64)
        for number, group in enumerate(self.groups):
            position[group.columns] = number
        return position

    def sum(self, array: np.ndarray) -> np.ndarray:
        """Sum of each column of a ``(T, N)`` array over its series' rows (0 without rows)."""
        return self._reduce(np.add, array, empty=0.0)

    def mean(self, array: np.ndarray) -> np.ndarray:
        """Mean of each column over its series' rows: the sum over the count, as ``numpy.mean``."""
        mean: np.ndarray = self.sum(array) / self.counts
        return mean

    def std(self, array: np.ndarray, mean: np.ndarray) -> np.ndarray:
        """Standard deviation (ddof=1) of each column given its ``mean``, as ``numpy.std``."""
        centred = array - mean
        std: np.ndarray = np.sqrt(self.sum(centred * centred) / (self.counts - 1))
        return std

    def max(self, array: np.ndarray) -> np.ndarray:
        """Largest value of each column over its series' rows (NaN without rows)."""
        return self._reduce(np.maximum, array, empty=np.nan)

    def min(self, array: np.ndarray) -> np.ndarray:
        """Smallest value of each column over its series' rows (NaN without rows)."""
        return self._reduce(np.minimum, array, empty=np.nan)

    def count(self, mask: np.ndarray) -> np.ndarray:
        """Number of true entries of each column of a ``(T, N)`` boolean array over its rows."""
        counts = np.zeros(self.n_series, dtype=np.int64)
        for group in self.groups:
            counts[group.columns] = np.count_nonzero(mask[group.rows][:, group.columns], axis=0)
        return counts

    def quantile(self, array: np.ndarray, q: float) -> np.ndarray:
        """``numpy.quantile`` (linear interpolation) of each column over its series' rows."""
        out = np.full(self.n_series, np.nan)
        for group in self.groups:
            block = array[group.rows][:, group.columns]
            if len(block):
                out[group.columns] = column_quantiles(block, q)
        return out

    def _reduce(self, ufunc: np.ufunc, array: np.ndarray, empty: float) -> np.ndarray:
        out = np.full(self.n_series, empty)
        for group in self.groups:
            block = column_major(array[group.rows][:, group.columns])
            if len(block):
                out[group.columns] = ufunc.reduce(block, axis=0)
        return out


def column_major(block: np.ndarray) -> np.ndarray:
    """``block`` with each column contiguous (a copy only when it is not).

    numpy reduces such a block over its rows column by column with its pairwise summation, the
    same bits as for each column alone: a series' sum does not depend on the other series.
    """
    if block.strides[0] == block.itemsize or len(block) <= 1:
        return block
    return np.asfortranarray(block)


def selector(positions: np.ndarray) -> Selector:
    """A slice when the increasing ``positions`` are consecutive (a view, not a copy), else them."""
    if len(positions) == 0:
        return slice(0, 0)
    if int(positions[-1]) - int(positions[0]) + 1 == len(positions):
        return slice(int(positions[0]), int(positions[-1]) + 1)
    return positions
