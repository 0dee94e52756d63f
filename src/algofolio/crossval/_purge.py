"""Purging and embargo (López de Prado, AFML 7.4): which observations may train a model tested on a mask.

>>> import numpy as np
>>> test = np.zeros(10, dtype=bool)
>>> test[4:6] = True
>>> starts = np.arange(10)
>>> np.flatnonzero(purged_train_mask(starts, starts + 1, test, embargo=2)).tolist()
[0, 1, 2, 9]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from algofolio.crossval._checks import embargo_periods

__all__ = ["fold_bounds", "needed_observations", "purged_train_mask", "zones_leave_training"]


def fold_bounds(n: int, n_folds: int) -> np.ndarray:
    """Fold edges ``(n_folds + 1,)``: fold ``f`` is ``[edges[f], edges[f+1])``; the first ``n % n_folds``
    folds hold one observation more (``numpy.array_split`` and scikit-learn's ``KFold``).

    >>> fold_bounds(10, 3).tolist()
    [0, 4, 7, 10]
    """
    sizes = np.full(n_folds, n // n_folds, dtype=np.int64)
    sizes[: n % n_folds] += 1
    return np.concatenate(([0], np.cumsum(sizes)))


def purged_train_mask(
    starts: np.ndarray, ends: np.ndarray, test: np.ndarray, *, embargo: int
) -> np.ndarray:
    """Boolean mask ``(n,)`` of the observations left to train on when ``test`` (bool ``(n,)``) is tested.

    Observation ``i``'s label spans ``[starts[i], ends[i]]``; ``starts`` increases strictly. For each
    contiguous block ``a..b`` of test observations:

    - *purge before*: an observation before ``a`` whose label ends at or after ``starts[a]`` is dropped;
    - *purge after*: an observation after ``b`` whose label starts at or before the latest label end
      in the block is dropped;
    - *embargo*: the ``embargo`` observations that follow the purged ones are dropped too.
    """
    keep = ~test
    positions = np.flatnonzero(test)
    if positions.size == 0:
        return keep
    breaks = np.flatnonzero(np.diff(positions) > 1)
    block_firsts = positions[np.concatenate(([0], breaks + 1))]
    block_lasts = positions[np.concatenate((breaks, [positions.size - 1]))]
    for first, last in zip(block_firsts.tolist(), block_lasts.tolist(), strict=True):
        keep[:first] &= ends[:first] < starts[first]
        latest_end = ends[first : last + 1].max()
        resume = max(int(np.searchsorted(starts, latest_end, side="right")), last + 1)
        keep[last + 1 : resume + embargo] = False
    return keep


def zones_leave_training(
    n: int, fold_sets: Iterable[tuple[int, ...]], n_folds: int, *, purge: int, embargo: float
) -> bool:
    """Whether every split (its test folds in ``fold_sets``) keeps a training observation when labels
    run ``purge`` periods: the test folds widened by ``purge`` before and ``purge + embargo`` after do
    not cover all ``n`` observations. Arithmetic on intervals, so cheap for any ``n``.
    """
    if n < n_folds:
        return False
    edges = fold_bounds(n, n_folds).tolist()
    after = purge + embargo_periods(embargo, n)
    for folds in fold_sets:
        covered, reach = 0, 0
        for fold in sorted(folds):
            low, high = max(edges[fold] - purge, reach), min(edges[fold + 1] + after, n)
            covered += max(high - low, 0)
            reach = max(reach, high)
        if covered >= n:
            return False
    return True


def needed_observations(
    sufficient: Callable[[int], bool], n: int, limit: int = 1 << 24
) -> int | None:
    """Smallest count ``m > n`` found for which ``sufficient(m)`` holds (doubling, then bisection).

    Assumes ``sufficient`` is monotone in ``m``; returns ``None`` when even ``limit`` does not suffice
    (e.g. an embargo fraction so large that no amount of data leaves a training set).
    """
    high = max(2 * n, 2)
    while not sufficient(high):
        if high >= limit:
            return None
        high *= 2
    low = n  # insufficient
    while high - low > 1:
        middle = (low + high) // 2
        if sufficient(middle):
            high = middle
        else:
            low = middle
    return high
