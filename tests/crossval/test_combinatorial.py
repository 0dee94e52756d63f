"""CombinatorialPurgedCV against skfolio's CombinatorialPurgedCV, a hand-written case, AFML's purging
code and the combinatorics of AFML ch. 12."""

import itertools
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from skfolio.model_selection import CombinatorialPurgedCV as SkfolioCPCV

from algofolio.core import ConfigError, DataError
from algofolio.crossval import CombinatorialPurgedCV, PurgedKFold

from ._afml import afml_train_positions


def _pairs(splitter, X):
    return [(train.tolist(), test.tolist()) for train, test in splitter.split(X)]


def test_twelve_observations_four_groups_by_hand() -> None:
    # Groups 0-2, 3-5, 6-8, 9-11; purge 1 on both sides of each test block, embargo 1 after it.
    assert _pairs(CombinatorialPurgedCV(4, 2, purge=1, embargo=1), 12) == [
        ([8, 9, 10, 11], [0, 1, 2, 3, 4, 5]),  # groups 0+1 are one block: 6 purged, 7 embargoed
        ([11], [0, 1, 2, 6, 7, 8]),  # 3, 4 after the first block; 5 before, 9, 10 after the second
        ([5, 6, 7], [0, 1, 2, 9, 10, 11]),
        ([0, 1, 11], [3, 4, 5, 6, 7, 8]),
        ([0, 1], [3, 4, 5, 9, 10, 11]),
        ([0, 1, 2, 3, 4], [6, 7, 8, 9, 10, 11]),
    ]


@pytest.mark.parametrize(
    ("n_folds", "n_test_folds", "purge", "embargo"),
    [
        (n_folds, k, purge, embargo)
        for n_folds, k, purge, embargo in itertools.product(
            [3, 4, 6, 8], [2, 3, 5], [0, 1, 3], [0, 2]
        )
        if k < n_folds
    ],
)
def test_matches_skfolio(n_folds, n_test_folds, purge, embargo) -> None:
    # skfolio gives the remainder of n / n_folds to its last group, scikit-learn's KFold (and we) to the
    # first groups: on n divisible by n_folds the groups agree, and so must every split.
    X = np.zeros((n_folds * 15, 3))
    reference = SkfolioCPCV(n_folds, n_test_folds, purged_size=purge, embargo_size=embargo)
    expected = [
        (train.tolist(), np.concatenate(tests).tolist()) for train, tests in reference.split(X)
    ]
    ours = CombinatorialPurgedCV(n_folds, n_test_folds, purge=purge, embargo=embargo)
    assert _pairs(ours, X) == expected
    assert ours.get_n_splits() == reference.get_n_splits()
    assert ours.n_paths == reference.n_test_paths
    assert np.array_equal(ours.path_assignment, reference.recombined_paths.T)
    assert np.array_equal(ours.test_folds, reference.test_set_index)


def test_group_sizes_follow_kfold_not_skfolio() -> None:
    ours = [len(group) for group in CombinatorialPurgedCV(4, 2).fold_indices(14)]
    assert ours == [4, 4, 3, 3]  # numpy.array_split / KFold; skfolio would give [3, 3, 3, 5]


@given(
    n=st.integers(2, 90),
    n_folds=st.integers(2, 5),
    purge=st.integers(0, 3),
    embargo=st.integers(0, 3),
)
def test_one_test_group_is_purged_kfold(n, n_folds, purge, embargo) -> None:
    try:
        expected = _pairs(PurgedKFold(n_folds, purge=purge, embargo=embargo), n)
    except DataError:
        with pytest.raises(DataError):
            list(CombinatorialPurgedCV(n_folds, 1, purge=purge, embargo=embargo).split(n))
        return
    assert _pairs(CombinatorialPurgedCV(n_folds, 1, purge=purge, embargo=embargo), n) == expected


@given(
    n_folds=st.integers(2, 9),
    data=st.data(),
)
def test_paths_and_combinatorics(n_folds, data) -> None:
    k = data.draw(st.integers(1, n_folds - 1))
    cv = CombinatorialPurgedCV(n_folds, k)
    n_splits = cv.get_n_splits()
    assert n_splits == math.comb(n_folds, k)
    assert Fraction(cv.n_paths) == Fraction(k, n_folds) * n_splits
    tests = cv.test_folds
    assert len({tuple(row) for row in tests.tolist()}) == n_splits  # all combinations, once
    for group in range(n_folds):  # each group tested in C(N-1, k-1) splits
        assert (tests == group).any(axis=1).sum() == math.comb(n_folds - 1, k - 1)
    paths = cv.path_assignment
    assert paths.shape == (cv.n_paths, n_folds)
    for path in paths:
        for group, split in enumerate(path):
            assert group in tests[split]  # the split really tests that group
    # Each (split, group) test set is used by exactly one path: paths partition all test predictions.
    used = sorted((int(split), group) for path in paths for group, split in enumerate(path))
    assert used == sorted((s, int(g)) for s in range(n_splits) for g in tests[s])


@given(
    n=st.integers(2, 120),
    n_folds=st.integers(2, 6),
    purge=st.integers(0, 4),
    embargo=st.integers(0, 4) | st.sampled_from([0.0, 0.03, 0.1]),
    data=st.data(),
)
def test_purge_and_embargo_properties(n, n_folds, purge, embargo, data) -> None:
    k = data.draw(st.integers(1, n_folds - 1))
    cv = CombinatorialPurgedCV(n_folds, k, purge=purge, embargo=embargo)
    try:
        splits = list(cv.split(n))
    except DataError as error:
        needed = int(str(error).rsplit("at least ", 1)[1].split()[0])
        assert needed > n
        list(cv.split(needed))
        return
    h = embargo if isinstance(embargo, int) else int(np.floor(embargo * n))
    groups = cv.fold_indices(n)
    assert np.array_equal(np.concatenate(groups), np.arange(n))
    for (train, test), combo in zip(splits, cv.test_folds, strict=True):
        assert np.array_equal(test, np.concatenate([groups[g] for g in combo]))
        assert not np.intersect1d(train, test).size
        dropped = np.zeros(n, dtype=bool)
        for g in combo:
            a, b = groups[g][0], groups[g][-1]
            assert not ((train >= a - purge) & (train < a)).any()
            assert not ((train > b) & (train <= b + purge + h)).any()
            dropped[max(a - purge, 0) : b + purge + h + 1] = True
        assert train.tolist() == np.flatnonzero(~dropped).tolist()  # nothing else is dropped


@given(
    n=st.integers(12, 50),
    lengths=st.lists(st.integers(0, 5), min_size=50, max_size=50),
    pct=st.sampled_from([0.0, 0.05, 0.1]),
)
def test_label_ends_match_afml_reference(n, lengths, pct) -> None:
    dates = pd.bdate_range("2021-06-01", periods=n)
    t1 = pd.Series(dates[np.minimum(np.arange(n) + np.array(lengths[:n]), n - 1)], index=dates)
    cv = CombinatorialPurgedCV(4, 2, embargo=pct, label_ends=t1)
    groups = cv.fold_indices(n)
    try:
        splits = list(cv.split(pd.Series(0.0, index=dates)))
    except DataError:
        assert any(
            afml_train_positions(t1, [groups[g] for g in combo], pct) == []
            for combo in cv.test_folds
        )
        return
    for (train, _), combo in zip(splits, cv.test_folds, strict=True):
        assert train.tolist() == afml_train_positions(t1, [groups[g] for g in combo], pct)


def test_too_little_data_says_how_much_is_needed() -> None:
    # Groups 0-1, 2-3, 4-5: testing the middle one drops 1 before and 4 (purge), 5 (embargo) after.
    assert _pairs(CombinatorialPurgedCV(3, 1, purge=1, embargo=1), 6) == [
        ([4, 5], [0, 1]),
        ([0], [2, 3]),
        ([0, 1, 2], [4, 5]),
    ]
    # With 4 (groups 0-1, 2, 3) testing 0-1 drops 2 (purge) and 3 (embargo): nothing trains.
    # With 5 (groups 0-1, 2-3, 4) observation 4 is left.
    with pytest.raises(DataError, match=r"4 observations .* at least 5 observations are needed"):
        list(CombinatorialPurgedCV(3, 1, purge=1, embargo=1).split(4))
    assert _pairs(CombinatorialPurgedCV(3, 1, purge=1, embargo=1), 5)[0] == ([4], [0, 1])
    with pytest.raises(DataError, match="at least 4 observations are needed"):
        list(CombinatorialPurgedCV(4, 2).split(3))


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"n_folds": 1, "n_test_folds": 1}, "CombinatorialPurgedCV.n_folds"),
        ({"n_folds": 4, "n_test_folds": 0}, "CombinatorialPurgedCV.n_test_folds"),
        ({"n_folds": 4, "n_test_folds": 4}, "CombinatorialPurgedCV.n_test_folds"),
        ({"n_folds": 30, "n_test_folds": 15}, "CombinatorialPurgedCV.n_folds"),
        ({"purge": -1}, "CombinatorialPurgedCV.purge"),
        ({"embargo": 1.5}, "CombinatorialPurgedCV.embargo"),
        ({"purge": 2, "label_ends": pd.Series([1.0])}, "CombinatorialPurgedCV.purge"),
    ],
)
def test_invalid_parameters_name_the_key(kwargs, key) -> None:
    with pytest.raises(ConfigError, match=key) as raised:
        CombinatorialPurgedCV(**kwargs)
    assert raised.value.key == key
