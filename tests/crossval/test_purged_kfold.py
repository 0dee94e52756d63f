"""PurgedKFold against hand-written cases, scikit-learn's KFold, AFML's own purging code and properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.model_selection import KFold

from algofolio.core import ConfigError, DataError
from algofolio.crossval import PurgedKFold

from ._afml import afml_train_positions


def _pairs(splitter, X):
    return [(train.tolist(), test.tolist()) for train, test in splitter.split(X)]


def _range(a: int, b: int) -> list[int]:
    return list(range(a, b))


def test_twenty_observations_four_folds_purge_one_embargo_two_by_hand() -> None:
    # Folds 0-4, 5-9, 10-14, 15-19; drop 1 before each test fold, 1 + 2 after it.
    assert _pairs(PurgedKFold(4, purge=1, embargo=2), 20) == [
        (_range(8, 20), _range(0, 5)),
        ([0, 1, 2, 3, *_range(13, 20)], _range(5, 10)),
        ([*_range(0, 9), 18, 19], _range(10, 15)),
        (_range(0, 14), _range(15, 20)),
    ]


def test_label_ends_by_hand() -> None:
    dates = pd.bdate_range("2024-01-01", periods=8)  # Mon 1 .. Wed 10 January
    # Observation 1's label runs to observation 4's date; every other label ends the next day.
    t1 = pd.Series(dates[np.minimum(np.arange(8) + 1, 7)], index=dates)
    t1.iloc[1] = dates[4]
    X = pd.DataFrame({"A": np.arange(8.0)}, index=dates)
    # Folds 0-3 and 4-7. Fold 0's latest label end is observation 4's date: 4 is purged, 5 embargoed.
    # Fold 1: observation 3's label reaches 4 and observation 1's reaches 4, both purged.
    assert _pairs(PurgedKFold(2, embargo=1, label_ends=t1), X) == [
        ([6, 7], [0, 1, 2, 3]),
        ([0, 2], [4, 5, 6, 7]),
    ]


@pytest.mark.parametrize(("n", "n_splits"), [(20, 4), (23, 5), (7, 3), (100, 7)])
def test_test_folds_are_kfold_without_shuffling(n, n_splits) -> None:
    ours = [test.tolist() for _, test in PurgedKFold(n_splits).split(n)]
    reference = [test.tolist() for _, test in KFold(n_splits).split(np.zeros(n))]
    assert ours == reference
    # Without purge or embargo, training is everything else: KFold exactly.
    assert _pairs(PurgedKFold(n_splits), n) == _pairs(KFold(n_splits), np.zeros(n))


@st.composite
def _label_ends(draw):
    n = draw(st.integers(6, 60))
    lengths = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    dates = pd.bdate_range("2020-01-01", periods=n, name="date")
    ends = dates[np.minimum(np.arange(n) + np.array(lengths), n - 1)]
    return pd.Series(ends, index=dates)


@given(t1=_label_ends(), n_splits=st.integers(2, 5), pct=st.sampled_from([0.0, 0.02, 0.05, 0.1]))
def test_label_ends_match_afml_reference(t1, n_splits, pct) -> None:
    cv = PurgedKFold(n_splits, embargo=pct, label_ends=t1)
    X = pd.DataFrame({"A": 0.0}, index=t1.index)
    try:
        splits = list(cv.split(X))
    except DataError:
        # Every observation outside some fold overlaps it: AFML's code finds no training data either.
        folds = np.array_split(np.arange(len(t1)), n_splits)
        assert any(afml_train_positions(t1, [fold], pct) == [] for fold in folds)
        return
    for train, test in splits:
        assert train.tolist() == afml_train_positions(t1, [test], pct)


@given(t1=_label_ends(), purge=st.integers(0, 4), embargo=st.integers(0, 3))
def test_purge_periods_are_label_ends_purge_periods_ahead(t1, purge, embargo) -> None:
    n = len(t1)
    dates = t1.index
    spans = pd.Series(dates[np.minimum(np.arange(n) + purge, n - 1)], index=dates)
    try:
        expected = _pairs(PurgedKFold(3, purge=purge, embargo=embargo), n)
    except DataError:
        return
    assert (
        _pairs(PurgedKFold(3, embargo=embargo, label_ends=spans), pd.Series(0.0, index=dates))
        == expected
    )


@given(
    n=st.integers(2, 120),
    n_splits=st.integers(2, 8),
    purge=st.integers(0, 6),
    embargo=st.integers(0, 6) | st.sampled_from([0.0, 0.01, 0.05, 0.2]),
)
def test_properties(n, n_splits, purge, embargo) -> None:
    cv = PurgedKFold(n_splits, purge=purge, embargo=embargo)
    try:
        splits = list(cv.split(n))
    except DataError as error:
        needed = int(str(error).rsplit("at least ", 1)[1].split()[0])
        assert needed > n
        list(cv.split(needed))  # the count the message gives is enough
        return
    h = embargo if isinstance(embargo, int) else int(np.floor(embargo * n))
    tested = np.concatenate([test for _, test in splits])
    assert np.array_equal(tested, np.arange(n))  # every observation tested exactly once, in order
    assert len(splits) == cv.get_n_splits() == n_splits
    for train, test in splits:
        a, b = test[0], test[-1]
        assert np.array_equal(test, np.arange(a, b + 1))
        assert not np.intersect1d(train, test).size
        assert not ((train >= a - purge) & (train < a)).any()  # purged before
        assert not ((train > b) & (train <= b + purge + h)).any()  # purged and embargoed after
        expected = [i for i in range(n) if i < a - purge or i > b + purge + h]
        assert train.tolist() == expected  # nothing else is dropped


def test_too_little_data_says_how_much_is_needed() -> None:
    # 7 observations: folds 0-2, 3-4, 5-6; testing 0-2 drops 3-4 (purge) and 5-6 (embargo).
    # With 8 (folds 0-2, 3-5, 6-7) observation 7 trains for fold 0, and 0 for the middle fold.
    with pytest.raises(DataError, match="at least 8 observations are needed"):
        list(PurgedKFold(3, purge=2, embargo=2).split(7))
    assert _pairs(PurgedKFold(3, purge=2, embargo=2), 8)[:2] == [([7], [0, 1, 2]), ([0], [3, 4, 5])]
    with pytest.raises(DataError, match="at least 3 observations"):
        list(PurgedKFold(3).split(2))
    with pytest.raises(DataError, match="no number of observations"):
        list(PurgedKFold(2, embargo=0.9).split(10))


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"n_splits": 1}, "PurgedKFold.n_splits"),
        ({"n_splits": 3.0}, "PurgedKFold.n_splits"),
        ({"purge": -1}, "PurgedKFold.purge"),
        ({"embargo": 1.0}, "PurgedKFold.embargo"),
        ({"embargo": -2}, "PurgedKFold.embargo"),
        ({"embargo": True}, "PurgedKFold.embargo"),
        ({"embargo": float("nan")}, "PurgedKFold.embargo"),
        ({"label_ends": [1, 2]}, "PurgedKFold.label_ends"),
        ({"purge": 1, "label_ends": pd.Series([1, 2])}, "PurgedKFold.purge"),
    ],
)
def test_invalid_parameters_name_the_key(kwargs, key) -> None:
    with pytest.raises(ConfigError, match=key) as raised:
        PurgedKFold(**kwargs)
    assert raised.value.key == key


def test_bad_label_ends_are_data_errors() -> None:
    dates = pd.bdate_range("2024-01-01", periods=6)
    X = pd.DataFrame({"A": 0.0}, index=dates)
    early = pd.Series(dates, index=dates)
    early.iloc[2] = dates[1]
    with pytest.raises(DataError, match="2024-01-03 00:00:00 ends before it starts") as raised:
        list(PurgedKFold(2, label_ends=early).split(X))
    assert raised.value.date == dates[2]
    shifted = pd.Series(dates, index=dates + pd.Timedelta(days=1))
    with pytest.raises(DataError, match="indexed by the observations' times"):
        list(PurgedKFold(2, label_ends=shifted).split(X))
    with pytest.raises(DataError, match="5 entries for 6 observations"):
        list(PurgedKFold(2, label_ends=early.iloc[:5]).split(X))
    unsorted = pd.Series(dates[::-1], index=dates[::-1])
    with pytest.raises(DataError, match="strictly increasing"):
        list(PurgedKFold(2, label_ends=unsorted).split(6))
    missing = pd.Series(dates, index=dates)
    missing.iloc[3] = pd.NaT
    with pytest.raises(DataError, match="missing time at position 3"):
        list(PurgedKFold(2, label_ends=missing).split(X))
    everything = pd.Series(
        dates[-1], index=dates
    )  # every label runs to the end: nothing to train on
    with pytest.raises(DataError, match="no training observation is left"):
        list(PurgedKFold(2, label_ends=everything).split(X))
