"""Walk-forward splits: a rolling (or expanding) training window, then the next test block.

Sizes count observations, or with ``freq`` calendar periods (``"MS"``: months starting on the first
trading day on or after each month start). Test blocks always come after their training window, so a
model fitted on ``train`` never sees the future of ``test``.

>>> for train, test in WalkForward(train_size=3, test_size=2, gap=1).split(10):
...     print(train.tolist(), test.tolist())
[0, 1, 2] [4, 5]
[2, 3, 4] [6, 7]
[4, 5, 6] [8, 9]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset
from sklearn.model_selection import BaseCrossValidator

from algofolio.core.errors import ConfigError, DataError
from algofolio.crossval._checks import check_count, n_observations

__all__ = ["WalkForward"]


class WalkForward(BaseCrossValidator):  # type: ignore[misc]  # sklearn ships no type stubs
    """Train on ``train_size`` periods, skip ``gap`` observations, test on the next ``test_size``.

    Parameters
    ----------
    train_size, test_size:
        Window lengths (``>= 1``): observations, or calendar periods of ``freq`` when it is given.
    step:
        How far each split moves forward (default ``test_size``: consecutive test blocks that tile the
        data after the first training window).
    expanding:
        Train from the first observation every time instead of on a rolling window.
    gap:
        Observations between training and test (execution delay, overlapping labels). Counting
        observations, the test block moves ``gap`` later; with ``freq`` the test block stays on its
        calendar boundary and training ends ``gap`` observations earlier.
    freq:
        A pandas frequency (``"MS"``, ``"QS"``, ``"W-FRI"``, ``pd.offsets.MonthBegin(3)``...). Period
        ``j`` runs from the first observation on or after anchor ``j`` of
        ``pd.date_range(first date, last date, freq)`` to the next one; only complete periods are
        tested and a split whose test periods hold no observation is left out. ``X`` must then have a
        ``DatetimeIndex``.

    Only full test blocks are yielded (observations after the last full block are never tested).
    """

    def __init__(
        self,
        train_size: int,
        test_size: int,
        *,
        step: int | None = None,
        expanding: bool = False,
        gap: int = 0,
        freq: str | pd.DateOffset | None = None,
    ) -> None:
        check_count(train_size, "WalkForward.train_size", minimum=1)
        check_count(test_size, "WalkForward.test_size", minimum=1)
        if step is not None:
            check_count(step, "WalkForward.step", minimum=1)
        if not isinstance(expanding, bool):
            raise ConfigError(
                f"WalkForward.expanding must be True or False, got {expanding!r}",
                key="WalkForward.expanding",
            )
        check_count(gap, "WalkForward.gap", minimum=0)
        if freq is not None:
            try:
                to_offset(freq)
            except (TypeError, ValueError) as error:
                raise ConfigError(
                    f"WalkForward.freq: {freq!r} is not a pandas frequency ({error})",
                    key="WalkForward.freq",
                ) from error
        self.train_size = train_size
        self.test_size = test_size
        self.step = step
        self.expanding = expanding
        self.gap = gap
        self.freq = freq

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        """Number of splits of ``X`` (it is needed: the count depends on the data)."""
        if X is None:
            raise DataError("WalkForward.get_n_splits needs X: the number of splits depends on it")
        return len(self._windows(X)[0])

    def split(
        self, X: Any, y: Any = None, groups: Any = None
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train, test)`` positions, in time order (read-only views of one position array)."""
        train_starts, test_starts, test_stops = self._windows(X)
        positions = np.arange(test_stops[-1] if test_stops.size else 0)
        positions.flags.writeable = False
        for train_start, test_start, test_stop in zip(
            train_starts.tolist(), test_starts.tolist(), test_stops.tolist(), strict=True
        ):
            yield positions[train_start : test_start - self.gap], positions[test_start:test_stop]

    def _windows(self, X: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(train_starts, test_starts, test_stops)``, one entry per split (training ends by ``gap``)."""
        step = self.test_size if self.step is None else self.step
        if self.freq is None:
            n = n_observations(X, "WalkForward")
            needed = self.train_size + self.gap + self.test_size
            if n < needed:
                raise DataError(
                    f"WalkForward: {n} observations are too few; train_size + gap + test_size = "
                    f"{needed} observations are needed"
                )
            test_starts = np.arange(self.train_size + self.gap, n - self.test_size + 1, step)
            train_starts = test_starts - self.gap - self.train_size
        else:
            edges = self._period_edges(X)
            periods = edges.size - 1
            first = np.arange(self.train_size, periods - self.test_size + 1, step)
            if first.size == 0:
                raise DataError(
                    f"WalkForward: the data holds {periods} complete {self.freq!r} periods; "
                    f"train_size + test_size = {self.train_size + self.test_size} are needed"
                )
            test_starts, test_stops = edges[first], edges[first + self.test_size]
            kept = test_stops > test_starts
            train_starts = edges[first - self.train_size]
            empty = kept & (test_starts - self.gap <= (0 if self.expanding else train_starts))
            if empty.any():
                start = self._dates(X)[test_starts[empty][0]]
                raise DataError(
                    f"WalkForward: the training window before the test starting {start} is empty "
                    f"(train_size={self.train_size}, freq={self.freq!r}, gap={self.gap})",
                    date=start,
                )
            train_starts, test_starts = train_starts[kept], test_starts[kept]
            return (
                np.zeros_like(train_starts) if self.expanding else train_starts,
                test_starts,
                test_stops[kept],
            )
        if self.expanding:
            train_starts = np.zeros_like(train_starts)
        return train_starts, test_starts, test_starts + self.test_size

    def _dates(self, X: Any) -> pd.DatetimeIndex:
        index = getattr(X, "index", None)
        if not isinstance(index, pd.DatetimeIndex):
            raise DataError(
                f"WalkForward with freq={self.freq!r} needs a DataFrame or Series with a DatetimeIndex"
            )
        if not index.is_monotonic_increasing or not index.is_unique or index.hasnans:
            raise DataError("WalkForward: the dates of X must be sorted, unique and not missing")
        return index

    def _period_edges(self, X: Any) -> np.ndarray:
        """Position of the first observation on or after each anchor of ``freq`` (``(anchors,)``)."""
        dates = self._dates(X)
        if dates.size == 0:
            raise DataError("WalkForward: X has no observations")
        anchors = pd.date_range(dates[0], dates[-1], freq=self.freq)
        return np.asarray(dates.get_indexer(anchors, method="bfill"), dtype=np.int64)
