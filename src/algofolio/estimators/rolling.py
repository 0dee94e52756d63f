"""Sample mean and covariance (``ddof=1``) of a sliding window of returns, updated row by row.

:class:`RollingMoments` keeps the running sums ``s = sum(x - c)`` and ``S = sum((x - c)(x - c)')``
of the window's rows (``c`` a fixed shift, the mean of the rows it last restarted from, so the sums
stay small and the covariance does not suffer from cancellation). Moving a window of ``m`` rows
forward by ``d`` rows costs ``O(d n^2)`` instead of ``O(m n^2)``; rounding grows with the rows
passed through, so the sums are recomputed from scratch once ``refresh_rows`` rows have been added
since the last restart, and whenever the window jumps past its old rows or the columns change.

>>> import numpy as np
>>> X = np.random.default_rng(0).normal(size=(10, 3))
>>> moments = RollingMoments()
>>> moments.update(X, 0, 6)
>>> moments.update(X, 3, 10)  # drop rows 0..2, add rows 6..9
>>> bool(np.allclose(moments.covariance(), np.cov(X[3:10], rowvar=False)))
True
>>> bool(np.allclose(moments.mean(), X[3:10].mean(axis=0)))
True
"""

from __future__ import annotations

import numpy as np

from algofolio.core.errors import ConfigError, EstimationError

__all__ = ["REFRESH_ROWS", "RollingMoments"]

REFRESH_ROWS = 4096
"""Rows added since the last restart after which :meth:`RollingMoments.update` recomputes the sums
from the window itself (about 16 years of daily data: rounding stays near 1e-15 relative)."""


class RollingMoments:
    """Running sums of the rows ``[start, stop)`` of a returns array (periods x assets, finite,
    simple returns per period) over fixed ``columns``; :meth:`mean` ``(n,)`` and
    :meth:`covariance` ``(n, n)`` (``ddof=1``) of those rows.

    Use :meth:`update` to follow a window over one array, or :meth:`restart`, :meth:`add` and
    :meth:`remove` with rows directly (the caller then owns the bookkeeping).
    """

    __slots__ = (
        "_added",
        "_columns",
        "_count",
        "_cross",
        "_scratch",
        "_shift",
        "_span",
        "_sum",
        "refresh_rows",
    )

    def __init__(self, *, refresh_rows: int = REFRESH_ROWS) -> None:
        if isinstance(refresh_rows, bool) or not isinstance(refresh_rows, int) or refresh_rows < 1:
            raise ConfigError(
                f"RollingMoments.refresh_rows must be a positive integer, got {refresh_rows!r}",
                key="RollingMoments.refresh_rows",
            )
        self.refresh_rows = refresh_rows
        self._count = 0
        self._added = 0
        self._span: tuple[int, int] | None = None
        self._columns: np.ndarray | None = None
        self._shift = np.zeros(0)
        self._sum = np.zeros(0)
        self._cross = np.zeros((0, 0))
        self._scratch = np.zeros((0, 0))

    @property
    def count(self) -> int:
        """Rows in the window."""
        return self._count

    @property
    def n_assets(self) -> int:
        """Columns of the rows."""
        return int(self._sum.size)

    def restart(self, rows: np.ndarray) -> None:
        """Recompute the sums from ``rows`` ``(m, n)`` alone (forgets the followed window)."""
        X = _rows(rows, None)
        self._shift = X.mean(axis=0) if len(X) else np.zeros(X.shape[1])
        D = X - self._shift
        self._sum = D.sum(axis=0)
        self._cross = D.T @ D
        self._scratch = np.empty_like(self._cross)
        self._count = len(X)
        self._added = 0
        self._span = None
        self._columns = None

    def add(self, rows: np.ndarray) -> None:
        """Add ``rows`` ``(d, n)`` to the window."""
        self._accumulate(_rows(rows, self.n_assets), 1.0)

    def remove(self, rows: np.ndarray) -> None:
        """Remove ``rows`` ``(d, n)``, earlier added, from the window."""
        X = _rows(rows, self.n_assets)
        if len(X) > self._count:
            raise EstimationError(
                f"cannot remove {len(X)} row(s) from a window of {self._count} row(s)"
            )
        self._accumulate(X, -1.0)

    def _accumulate(self, X: np.ndarray, sign: float) -> None:
        if not len(X):
            return
        D = X - self._shift
        np.matmul(D.T, D, out=self._scratch)
        if sign > 0:
            self._cross += self._scratch
            self._sum += D.sum(axis=0)
            self._added += len(X)
        else:
            self._cross -= self._scratch
            self._sum -= D.sum(axis=0)
        self._count += int(sign) * len(X)

    def update(
        self, returns: np.ndarray, start: int, stop: int, columns: np.ndarray | None = None
    ) -> None:
        """Make the window the rows ``[start, stop)`` of ``returns[:, columns]`` (``columns``: an
        index array or ``None`` for all; only the rows needed are read).

        Slides (removes the rows that left, adds those that came) when the columns are the same
        and the new window starts and stops no earlier than the old one and overlaps it;
        restarts otherwise, or once :attr:`refresh_rows` rows were added since the last restart.
        """
        if not 0 <= start <= stop <= len(returns):
            raise EstimationError(
                f"window rows {start}..{stop} are outside the {len(returns)} row(s) of returns"
            )
        index = None if columns is None else np.asarray(columns, dtype=np.intp)
        span = self._span
        if span is not None and self._can_slide(span, start, stop, index):
            self.remove(_take(returns, span[0], start, index))
            self.add(_take(returns, span[1], stop, index))
        else:
            self.restart(_take(returns, start, stop, index))
        self._span = (start, stop)
        self._columns = index

    def _can_slide(
        self, span: tuple[int, int], start: int, stop: int, index: np.ndarray | None
    ) -> bool:
        old_start, old_stop = span
        same_columns = (
            index is None
            if self._columns is None
            else index is not None and np.array_equal(index, self._columns)
        )
        moved = stop - old_stop
        return (
            same_columns
            and old_start <= start < old_stop
            and stop >= old_stop
            and self._added + moved <= self.refresh_rows
            and 2 * moved < stop - start  # fewer rows to add and remove than to sum afresh
        )

    def mean(self) -> np.ndarray:
        """Sample mean of the window's rows ``(n,)``; :class:`EstimationError` without rows."""
        if self._count < 1:
            raise EstimationError("the mean of an empty window is undefined")
        mean: np.ndarray = self._shift + self._sum / self._count
        return mean

    def covariance(self, out: np.ndarray | None = None) -> np.ndarray:
        """Sample covariance ``(n, n)`` (``ddof=1``) of the window's rows, written into ``out``
        when given; :class:`EstimationError` for fewer than two rows."""
        m = self._count
        if m < 2:
            raise EstimationError(f"a sample covariance needs at least 2 rows, got {m}")
        target = np.empty_like(self._cross) if out is None else out
        np.outer(self._sum, self._sum / m, out=target)
        np.subtract(self._cross, target, out=target)
        target *= 1.0 / (m - 1)
        return target


def _rows(rows: np.ndarray, n: int | None) -> np.ndarray:
    X = np.asarray(rows, dtype=float)
    if X.ndim != 2 or (n is not None and X.shape[1] != n):
        need = "(rows, assets)" if n is None else f"(rows, {n})"
        raise EstimationError(f"rows must have the shape {need}, got {X.shape}")
    if not np.isfinite(X).all():
        raise EstimationError("rows must be finite: a return is missing or infinite")
    return X


def _take(returns: np.ndarray, start: int, stop: int, index: np.ndarray | None) -> np.ndarray:
    block = returns[start:stop]
    return block if index is None else block[:, index]
