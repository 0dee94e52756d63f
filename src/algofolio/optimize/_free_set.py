"""The free assets of an active-set method and the inverse of their covariance, kept up to date
when one asset enters or leaves (bordered / Schur-complement updates, ``O(k^2)`` each) instead of
refactored (``O(k^3)``); refreshed from a Cholesky factorisation when the update drifts.

>>> import numpy as np
>>> free = FreeSet(np.array([[2.0, 1.0], [1.0, 2.0]]))
>>> free.add(0); free.add(1); free.remove(0)
>>> free.indices.tolist(), free.inverse.tolist()
([1], [[0.5]])
"""

from __future__ import annotations

import numpy as np
import scipy.linalg

from algofolio.core.errors import SolverError
from algofolio.optimize.budget_box import PIVOT_TOLERANCE, factor_free

__all__ = ["FreeSet"]

DRIFT_TOLERANCE = 1e-10
"""Largest ``|Sigma_FF inverse 1 - 1|`` (relative) before the inverse is recomputed."""


class FreeSet:
    """Free asset indices ``F`` (in entry order, a removed asset's slot taken by the last one), the
    covariance columns ``Sigma[:, F]`` and ``inverse`` ``= Sigma_FF^-1``."""

    def __init__(self, Sigma: np.ndarray) -> None:
        n = Sigma.shape[0]
        self.Sigma = Sigma
        self.size = 0
        self._indices = np.zeros(n, dtype=np.intp)
        capacity = min(n, 64)  # doubled when full: memory grows with the free set, not n^2
        self._columns = np.zeros((n, capacity), order="F")
        self._inverse = np.zeros((capacity, capacity))
        self.position = np.full(n, -1, dtype=np.intp)
        self.updates = 0

    def _grow(self) -> None:
        k, n = self.size, self.Sigma.shape[0]
        capacity = min(n, 2 * self._inverse.shape[0])
        columns = np.zeros((n, capacity), order="F")
        columns[:, :k] = self._columns[:, :k]
        inverse = np.zeros((capacity, capacity))
        inverse[:k, :k] = self._inverse[:k, :k]
        self._columns, self._inverse = columns, inverse

    @property
    def indices(self) -> np.ndarray:
        """Free asset indices ``(k,)`` in slot order."""
        return self._indices[: self.size]

    @property
    def columns(self) -> np.ndarray:
        """``Sigma[:, F]`` ``(n, k)``."""
        return self._columns[:, : self.size]

    @property
    def inverse(self) -> np.ndarray:
        """``Sigma_FF^-1`` ``(k, k)`` in slot order."""
        return self._inverse[: self.size, : self.size]

    def add(self, j: int) -> None:
        """Free asset ``j``: the bordered inverse; :class:`SolverError` when ``Sigma_FF`` turns
        singular (``j`` a combination of the free assets)."""
        k = self.size
        if k == self._inverse.shape[0]:
            self._grow()
        column = self.Sigma[j]
        if k:
            cross = column[self.indices]
            v = self.inverse @ cross
            schur = float(column[j] - cross @ v)
        else:
            v = np.zeros(0)
            schur = float(column[j])
        if not schur > PIVOT_TOLERANCE * float(column[j]) or not schur > 0:
            raise SolverError(
                "the covariance of the free assets is singular (an asset is a combination of "
                "others)"
            )
        block = self._inverse
        block[:k, :k] += np.outer(v, v) / schur
        block[:k, k] = -v / schur
        block[k, :k] = -v / schur
        block[k, k] = 1.0 / schur
        self._columns[:, k] = column
        self._indices[k] = j
        self.position[j] = k
        self.size = k + 1
        self.updates += 1

    def remove(self, j: int) -> None:
        """Bound asset ``j``: its slot swapped with the last, then the Schur complement."""
        p, last = int(self.position[j]), self.size - 1
        if p != last:
            moved = int(self._indices[last])
            self._indices[[p, last]] = self._indices[[last, p]]
            self._columns[:, [p, last]] = self._columns[:, [last, p]]
            block = self._inverse
            block[[p, last], : last + 1] = block[[last, p], : last + 1]
            block[: last + 1, [p, last]] = block[: last + 1, [last, p]]
            self.position[moved] = p
        block = self._inverse
        a = block[:last, last].copy()
        block[:last, :last] -= np.outer(a, a) / block[last, last]
        self.position[j] = -1
        self.size = last
        self.updates += 1

    def drifted(self) -> bool:
        """Whether ``Sigma_FF @ inverse @ 1`` is off ``1`` by more than :data:`DRIFT_TOLERANCE`."""
        if not self.size:
            return False
        ones = np.ones(self.size)
        residual = self.columns[self.indices] @ (self.inverse @ ones) - ones
        return float(np.abs(residual).max()) > DRIFT_TOLERANCE

    def refresh(self) -> None:
        """Recompute the inverse from a Cholesky factorisation of ``Sigma_FF``."""
        k = self.size
        if not k:
            return
        factor = factor_free(self.columns[self.indices])
        self._inverse[:k, :k] = scipy.linalg.cho_solve(factor, np.eye(k), check_finite=False)
        self.updates = 0
