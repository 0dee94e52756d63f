"""Purged, embargoed K-fold cross-validation (López de Prado, *Advances in Financial ML*, ch. 7).

The observations are cut into ``n_splits`` contiguous folds (unshuffled; the first ``n % n_splits``
folds hold one more, as in scikit-learn's ``KFold``); each fold is tested once. A training observation
whose label overlaps the test fold is purged, and ``embargo`` observations after it are dropped too.

>>> cv = PurgedKFold(4, purge=1, embargo=2)
>>> for train, test in cv.split(20):
...     print(test.tolist(), train.tolist())
[0, 1, 2, 3, 4] [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]
[5, 6, 7, 8, 9] [0, 1, 2, 3, 13, 14, 15, 16, 17, 18, 19]
[10, 11, 12, 13, 14] [0, 1, 2, 3, 4, 5, 6, 7, 8, 18, 19]
[15, 16, 17, 18, 19] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import BaseCrossValidator

from algofolio.core.errors import DataError
from algofolio.crossval._checks import (
    check_count,
    check_embargo,
    check_label_ends,
    embargo_periods,
    label_spans,
    n_observations,
)
from algofolio.crossval._purge import (
    fold_bounds,
    needed_observations,
    purged_train_mask,
    zones_leave_training,
)

__all__ = ["PurgedKFold"]


class PurgedKFold(BaseCrossValidator):  # type: ignore[misc]  # sklearn ships no type stubs
    """K contiguous test folds; training purged of overlapping labels and embargoed after each fold.

    Parameters
    ----------
    n_splits:
        Number of folds, ``>= 2``.
    purge:
        Label length in periods when ``label_ends`` is not given: observation ``i``'s label runs to
        ``i + purge``, so the ``purge`` observations before a test fold and the ``purge`` after it are
        dropped from training.
    embargo:
        Observations dropped after each test fold's purged zone: an int number of periods, or a float
        fraction ``f`` in ``[0, 1)`` of the observations (``floor(f * n)``, AFML's ``pctEmbargo``).
    label_ends:
        AFML's ``t1``: a Series indexed by the observation times (``X.index`` when ``X`` has one) whose
        values are the times each label ends. Training observations whose ``[start, end]`` overlaps a
        test label are purged. Excludes ``purge``.

    ``split(X)`` takes a DataFrame, a Series, an array or a plain number of observations and yields
    ``(train, test)`` position arrays (int64, sorted).
    """

    def __init__(
        self,
        n_splits: int = 5,
        *,
        purge: int = 0,
        embargo: float = 0.0,
        label_ends: pd.Series | None = None,
    ) -> None:
        check_count(n_splits, "PurgedKFold.n_splits", minimum=2)
        check_count(purge, "PurgedKFold.purge", minimum=0)
        check_embargo(embargo, "PurgedKFold.embargo")
        check_label_ends(label_ends, purge, "PurgedKFold")
        self.n_splits = n_splits
        self.purge = purge
        self.embargo = embargo
        self.label_ends = label_ends

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        """Number of splits: ``n_splits``."""
        return int(self.n_splits)

    def split(
        self, X: Any, y: Any = None, groups: Any = None
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train, test)`` positions, one pair per fold, folds in time order."""
        n = n_observations(X, "PurgedKFold")
        folds = [(fold,) for fold in range(self.n_splits)]
        if self.label_ends is None and not zones_leave_training(
            n, folds, self.n_splits, purge=self.purge, embargo=self.embargo
        ):
            raise DataError(_too_few(n, self.n_splits, self.purge, self.embargo))
        starts, ends = label_spans(
            X, n, purge=self.purge, label_ends=self.label_ends, owner="PurgedKFold"
        )
        embargo = embargo_periods(self.embargo, n)
        edges = fold_bounds(n, self.n_splits)
        if self.label_ends is not None:
            for fold in range(self.n_splits):
                self._train(starts, ends, edges, fold, embargo)  # raise before the first split
        for fold in range(self.n_splits):
            test = np.arange(edges[fold], edges[fold + 1])
            yield self._train(starts, ends, edges, fold, embargo), test

    def _train(
        self, starts: np.ndarray, ends: np.ndarray, edges: np.ndarray, fold: int, embargo: int
    ) -> np.ndarray:
        test = np.zeros(starts.size, dtype=bool)
        test[edges[fold] : edges[fold + 1]] = True
        train = np.flatnonzero(purged_train_mask(starts, ends, test, embargo=embargo))
        if train.size == 0:
            raise DataError(
                f"PurgedKFold: the label spans in label_ends overlap every observation outside "
                f"test fold {fold}, so no training observation is left"
            )
        return train


def _too_few(n: int, n_splits: int, purge: int, embargo: float) -> str:
    folds = [(fold,) for fold in range(n_splits)]
    needed = needed_observations(
        lambda m: zones_leave_training(m, folds, n_splits, purge=purge, embargo=embargo), n
    )
    setting = f"n_splits={n_splits}, purge={purge}, embargo={embargo}"
    if needed is None:
        return f"PurgedKFold: no number of observations leaves a training set with {setting}"
    return (
        f"PurgedKFold: {n} observations leave a fold without training data with {setting}; "
        f"at least {needed} observations are needed"
    )
