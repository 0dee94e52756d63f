"""Positive semi-definite (PSD) repair of covariance matrices.

A pairwise-complete covariance (each pair over its own common dates) need not be PSD; optimisers
need one that is. :func:`nearest_psd` repairs it, :func:`ensure_psd` warns with
:class:`NotPositiveDefiniteWarning` (naming the estimator and the smallest eigenvalue) first.

>>> import numpy as np
>>> nearest_psd(np.array([[1.0, 2.0], [2.0, 1.0]])).round(6).tolist()
[[1.5, 1.5], [1.5, 1.5]]
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping

import numpy as np

from algofolio.core.errors import EstimationError
from algofolio.core.options import check_option
from algofolio.estimators.options import PSDRepair

__all__ = ["NotPositiveDefiniteWarning", "ensure_psd", "is_psd", "nearest_psd"]

_TOLERANCE = 1e-10  # eigenvalues above -_TOLERANCE * max |entry| count as zero (as in optimize)
_HIGHAM_ITERATIONS = 200
_DEGENERATE_VARIANCE = 1e-12  # relative to the largest variance: no correlation at or below it


class NotPositiveDefiniteWarning(UserWarning):
    """An estimated covariance was not positive semi-definite and has been repaired."""


def _symmetric(matrix: np.ndarray) -> np.ndarray:
    array = np.asarray(matrix, dtype=np.float64)
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise EstimationError(f"a covariance must be square, got shape {array.shape}")
    symmetric: np.ndarray = (array + array.T) / 2.0
    return symmetric


def is_psd(matrix: np.ndarray) -> bool:
    """Whether the symmetric part of ``matrix`` has no eigenvalue below ``-1e-10`` times its
    largest absolute entry (rounding of a sample estimate counts as zero).

    >>> is_psd(np.eye(2)), is_psd(np.array([[1.0, 2.0], [2.0, 1.0]]))
    (True, False)
    """
    symmetric = _symmetric(matrix)
    floor = -_TOLERANCE * float(np.max(np.abs(symmetric), initial=0.0))
    return bool(np.linalg.eigvalsh(symmetric).min(initial=0.0) >= floor)


def _clip(matrix: np.ndarray) -> np.ndarray:
    eigenvalues, vectors = np.linalg.eigh(matrix)
    clipped = (vectors * np.maximum(eigenvalues, 0.0)) @ vectors.T
    symmetric: np.ndarray = (clipped + clipped.T) / 2.0
    return symmetric


def _higham(matrix: np.ndarray) -> np.ndarray:
    """Higham (2002) alternating projections on the correlation matrix, rescaled by the variances.

    Assets with a variance at or below ``1e-12`` times the largest have no correlation: their rows
    and columns become zero (a PSD matrix has zero covariances wherever a variance is zero).
    """
    variances = np.diag(matrix)
    kept = variances > _DEGENERATE_VARIANCE * max(float(variances.max(initial=0.0)), 0.0)
    repaired = np.zeros_like(matrix)
    if not kept.any():
        return repaired
    std = np.sqrt(variances[kept])
    target = matrix[np.ix_(kept, kept)] / np.outer(std, std)
    Y = target.copy()
    correction = np.zeros_like(target)
    for _ in range(_HIGHAM_ITERATIONS):
        R = Y - correction
        X = _clip(R)
        correction = X - R
        Y = X.copy()
        np.fill_diagonal(Y, 1.0)
        if np.max(np.abs(Y - X)) < 1e-12:
            break
    repaired[np.ix_(kept, kept)] = _clip(Y) * np.outer(std, std)
    return repaired


_REPAIRS: Mapping[str, Callable[[np.ndarray], np.ndarray]] = {"clip": _clip, "higham": _higham}


def nearest_psd(matrix: np.ndarray, method: PSDRepair = "clip") -> np.ndarray:
    """A PSD matrix near the symmetric ``n x n`` ``matrix``; ``matrix`` itself (symmetrised) if it
    is already PSD.

    ``"clip"`` sets negative eigenvalues to zero (the nearest PSD matrix in Frobenius norm);
    ``"higham"`` finds the nearest correlation matrix (Higham 2002) and rescales it by the original
    standard deviations, so the variances are kept. ``"raise"`` raises :class:`EstimationError`
    when ``matrix`` is not PSD.

    >>> nearest_psd(np.eye(2) * 4.0).tolist()
    [[4.0, 0.0], [0.0, 4.0]]
    """
    check_option(method, PSDRepair, "method")
    symmetric = _symmetric(matrix)
    if is_psd(symmetric):
        return symmetric
    if method == "raise":
        raise EstimationError(
            f"the covariance is not positive semi-definite (smallest eigenvalue "
            f"{np.linalg.eigvalsh(symmetric)[0]:.3g})"
        )
    return _REPAIRS[method](symmetric)


def ensure_psd(matrix: np.ndarray, estimator: str, method: PSDRepair = "clip") -> np.ndarray:
    """``matrix`` symmetrised if it is PSD, else repaired by ``method`` after a
    :class:`NotPositiveDefiniteWarning` naming ``estimator`` and the smallest eigenvalue (or an
    :class:`EstimationError` with ``method="raise"``).

    >>> ensure_psd(np.array([[2.0, 1.0], [1.0, 2.0]]), "Example").tolist()
    [[2.0, 1.0], [1.0, 2.0]]
    """
    check_option(method, PSDRepair, "method")
    symmetric = _symmetric(matrix)
    if is_psd(symmetric):
        return symmetric
    smallest = float(np.linalg.eigvalsh(symmetric)[0])
    message = (
        f"{estimator}: the covariance is not positive semi-definite (smallest eigenvalue "
        f"{smallest:.3g}); pairwise-complete estimates over staggered histories often are not"
    )
    if method == "raise":
        raise EstimationError(message)
    warnings.warn(f"{message}; repaired with {method!r}", NotPositiveDefiniteWarning, stacklevel=3)
    return _REPAIRS[method](symmetric)
