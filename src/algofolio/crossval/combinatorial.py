"""Combinatorial purged cross-validation, CPCV (López de Prado, *Advances in Financial ML*, ch. 12).

The observations are cut into ``N = n_folds`` contiguous groups; every choice of ``k = n_test_folds``
groups is tested once, training on the rest after purging and embargo. Each group is tested in
``C(N-1, k-1)`` splits, so the test predictions recombine into ``n_paths = k/N * C(N, k)`` full backtest
paths: ``path_assignment[p, g]`` is the split whose test set supplies group ``g`` on path ``p``.

>>> cv = CombinatorialPurgedCV(n_folds=4, n_test_folds=2)
>>> cv.get_n_splits(), cv.n_paths
(6, 3)
>>> cv.test_folds.tolist()
[[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]
>>> cv.path_assignment.tolist()
[[0, 0, 1, 2], [1, 3, 3, 4], [2, 4, 5, 5]]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import BaseCrossValidator

from algofolio.core.errors import ConfigError, DataError
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

__all__ = ["CombinatorialPurgedCV"]

MAX_SPLITS = 100_000
"""More train/test combinations than this is a misconfiguration (each split is a model fit)."""


class CombinatorialPurgedCV(BaseCrossValidator):  # type: ignore[misc]  # sklearn ships no type stubs
    """All ``C(n_folds, n_test_folds)`` purged, embargoed train/test splits of contiguous groups.

    Parameters
    ----------
    n_folds:
        Number of groups ``N >= 2``; the first ``n % N`` hold one observation more.
    n_test_folds:
        Groups tested per split, ``1 <= k < N`` (``k = 1`` is :class:`PurgedKFold`).
    purge, embargo, label_ends:
        As in :class:`~algofolio.crossval.PurgedKFold`, applied around every contiguous block of test
        groups (adjacent test groups form one block).

    ``split(X)`` yields ``(train, test)`` position arrays; ``test`` holds the ``k`` groups in order
    (``fold_indices(X)`` gives each group's positions).
    """

    def __init__(
        self,
        n_folds: int = 6,
        n_test_folds: int = 2,
        *,
        purge: int = 0,
        embargo: float = 0,
        label_ends: pd.Series | None = None,
    ) -> None:
        check_count(n_folds, "CombinatorialPurgedCV.n_folds", minimum=2)
        check_count(n_test_folds, "CombinatorialPurgedCV.n_test_folds", minimum=1)
        if n_test_folds >= n_folds:
            raise ConfigError(
                f"CombinatorialPurgedCV.n_test_folds must be < n_folds={n_folds}, got {n_test_folds}",
                key="CombinatorialPurgedCV.n_test_folds",
            )
        if math.comb(n_folds, n_test_folds) > MAX_SPLITS:
            raise ConfigError(
                f"CombinatorialPurgedCV.n_folds={n_folds} with n_test_folds={n_test_folds} makes "
                f"{math.comb(n_folds, n_test_folds):,} splits (more than {MAX_SPLITS:,})",
                key="CombinatorialPurgedCV.n_folds",
            )
        check_count(purge, "CombinatorialPurgedCV.purge", minimum=0)
        check_embargo(embargo, "CombinatorialPurgedCV.embargo")
        check_label_ends(label_ends, purge, "CombinatorialPurgedCV")
        self.n_folds = n_folds
        self.n_test_folds = n_test_folds
        self.purge = purge
        self.embargo = embargo
        self.label_ends = label_ends

    def get_n_splits(self, X: Any = None, y: Any = None, groups: Any = None) -> int:
        """Number of splits ``C(n_folds, n_test_folds)``."""
        return math.comb(self.n_folds, self.n_test_folds)

    @property
    def n_paths(self) -> int:
        """Number of backtest paths ``k/N * C(N, k) = C(N-1, k-1)``."""
        return math.comb(self.n_folds - 1, self.n_test_folds - 1)

    @property
    def test_folds(self) -> np.ndarray:
        """``(n_splits, n_test_folds)``: the groups tested in each split, in split order."""
        combos = itertools.combinations(range(self.n_folds), self.n_test_folds)
        return np.array(list(combos), dtype=np.int64).reshape(-1, self.n_test_folds)

    @property
    def path_assignment(self) -> np.ndarray:
        """``(n_paths, n_folds)``: the split whose test set supplies group ``g`` on path ``p``.

        Group ``g``'s ``C(N-1, k-1)`` test splits, in split order, go to paths ``0, 1, ...`` (AFML 12.4).
        """
        splits_of_fold = [
            np.flatnonzero((self.test_folds == fold).any(axis=1)) for fold in range(self.n_folds)
        ]
        return np.stack(splits_of_fold, axis=1)

    def fold_indices(self, X: Any) -> list[np.ndarray]:
        """Positions of each of the ``n_folds`` groups of ``X``."""
        n = n_observations(X, "CombinatorialPurgedCV")
        edges = fold_bounds(n, self.n_folds)
        return [np.arange(edges[f], edges[f + 1]) for f in range(self.n_folds)]

    def split(
        self, X: Any, y: Any = None, groups: Any = None
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train, test)`` positions for each combination of test groups, in ``test_folds`` order."""
        n = n_observations(X, "CombinatorialPurgedCV")
        combos = [tuple(row) for row in self.test_folds.tolist()]
        if self.label_ends is None and not zones_leave_training(
            n, combos, self.n_folds, purge=self.purge, embargo=self.embargo
        ):
            raise DataError(self._too_few(n, combos))
        starts, ends = label_spans(
            X, n, purge=self.purge, label_ends=self.label_ends, owner="CombinatorialPurgedCV"
        )
        embargo = embargo_periods(self.embargo, n)
        edges = fold_bounds(n, self.n_folds)
        if self.label_ends is not None:
            for combo in combos:
                _train(starts, ends, edges, combo, embargo)  # raise before the first split
        for combo in combos:
            test = np.concatenate([np.arange(edges[f], edges[f + 1]) for f in combo])
            yield _train(starts, ends, edges, combo, embargo), test

    def _too_few(self, n: int, combos: list[tuple[int, ...]]) -> str:
        needed = needed_observations(
            lambda m: zones_leave_training(
                m, combos, self.n_folds, purge=self.purge, embargo=self.embargo
            ),
            n,
        )
        setting = (
            f"n_folds={self.n_folds}, n_test_folds={self.n_test_folds}, purge={self.purge}, "
            f"embargo={self.embargo}"
        )
        if needed is None:
            return f"CombinatorialPurgedCV: no number of observations leaves a training set with {setting}"
        return (
            f"CombinatorialPurgedCV: {n} observations leave a split without training data with "
            f"{setting}; at least {needed} observations are needed"
        )


def _train(
    starts: np.ndarray, ends: np.ndarray, edges: np.ndarray, combo: tuple[int, ...], embargo: int
) -> np.ndarray:
    test = np.zeros(starts.size, dtype=bool)
    for fold in combo:
        test[edges[fold] : edges[fold + 1]] = True
    train = np.flatnonzero(purged_train_mask(starts, ends, test, embargo=embargo))
    if train.size == 0:
        raise DataError(
            f"CombinatorialPurgedCV: the label spans in label_ends overlap every observation "
            f"outside test groups {list(combo)}, so no training observation is left"
        )
    return train
