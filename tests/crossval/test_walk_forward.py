"""WalkForward against skfolio's WalkForward, scikit-learn's TimeSeriesSplit and hand-written cases."""

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from skfolio.model_selection import WalkForward as SkfolioWalkForward
from sklearn.model_selection import TimeSeriesSplit

from algofolio.core import ConfigError, DataError
from algofolio.crossval import WalkForward
from algofolio.datasets import load_sp500_prices


@pytest.fixture(scope="module")
def returns() -> pd.DataFrame:
    return load_sp500_prices().pct_change().iloc[1:3000]


def _pairs(splitter, X):
    return [(train.tolist(), test.tolist()) for train, test in splitter.split(X)]


def test_rolling_with_gap_by_hand() -> None:
    # 10 observations, train 3, skip 1, test 2: tests start at 4, 6, 8.
    assert _pairs(WalkForward(3, 2, gap=1), 10) == [
        ([0, 1, 2], [4, 5]),
        ([2, 3, 4], [6, 7]),
        ([4, 5, 6], [8, 9]),
    ]


def test_expanding_with_step_by_hand() -> None:
    # 12 observations, first training window 4, tests of 2 every 3 observations.
    assert _pairs(WalkForward(4, 2, step=3, expanding=True), 12) == [
        ([0, 1, 2, 3], [4, 5]),
        ([0, 1, 2, 3, 4, 5, 6], [7, 8]),
        ([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 11]),
    ]


def test_monthly_calendar_by_hand() -> None:
    dates = pd.bdate_range("2024-01-01", "2024-04-30")
    X = pd.DataFrame({"A": 0.0}, index=dates)
    at = dates.get_loc
    jan, feb, mar, apr = at("2024-01-01"), at("2024-02-01"), at("2024-03-01"), at("2024-04-01")
    # April has no following anchor within the data: it is not a complete period, never tested.
    assert _pairs(WalkForward(1, 1, freq="MS"), X) == [
        (list(range(jan, feb)), list(range(feb, mar))),
        (list(range(feb, mar)), list(range(mar, apr))),
    ]
    # A gap keeps the test on the month start and shortens training.
    (train, test), _ = _pairs(WalkForward(1, 1, freq="MS", gap=2), X)
    assert train == list(range(jan, feb - 2))
    assert test == list(range(feb, mar))


@pytest.mark.parametrize(
    ("train_size", "test_size", "gap", "expanding"),
    list(itertools.product([1, 5, 21], [1, 3, 10], [0, 2], [False, True])),
)
def test_matches_skfolio_counting_observations(train_size, test_size, gap, expanding) -> None:
    X = np.zeros((97, 2))
    reference = SkfolioWalkForward(
        test_size=test_size, train_size=train_size, purged_size=gap, expand_train=expanding
    )
    ours = WalkForward(train_size, test_size, gap=gap, expanding=expanding)
    assert _pairs(ours, X) == _pairs(reference, X)
    assert ours.get_n_splits(X) == reference.get_n_splits(X)


@pytest.mark.parametrize("freq", ["MS", "QS", "W-FRI", "ME", "YS"])
@pytest.mark.parametrize(("train_size", "test_size"), [(1, 1), (6, 2), (3, 1)])
@pytest.mark.parametrize("expanding", [False, True])
def test_matches_skfolio_on_calendar_periods(
    returns, freq, train_size, test_size, expanding
) -> None:
    reference = SkfolioWalkForward(
        test_size=test_size, train_size=train_size, freq=freq, expand_train=expanding, purged_size=1
    )
    ours = WalkForward(train_size, test_size, freq=freq, expanding=expanding, gap=1)
    expected = _pairs(reference, returns)
    assert len(expected) > 0
    assert _pairs(ours, returns) == expected
    assert ours.get_n_splits(returns) == len(expected)


def test_empty_training_window_raises_like_skfolio(returns) -> None:
    with pytest.raises(ValueError, match="contains no observations"):
        list(
            SkfolioWalkForward(test_size=1, train_size=1, freq="W-FRI", purged_size=3).split(
                returns
            )
        )
    with pytest.raises(DataError, match="training window before the test starting"):
        list(WalkForward(1, 1, freq="W-FRI", gap=3).split(returns))


@pytest.mark.parametrize(("n_splits", "test_size", "gap"), [(5, 10, 0), (3, 7, 2), (8, 1, 1)])
def test_expanding_is_time_series_split(n_splits, test_size, gap) -> None:
    n = 83
    reference = TimeSeriesSplit(n_splits=n_splits, test_size=test_size, gap=gap)
    first_train = n - n_splits * test_size - gap
    ours = WalkForward(first_train, test_size, gap=gap, expanding=True)
    assert _pairs(ours, n) == _pairs(reference, np.zeros(n))


def test_rolling_is_time_series_split_with_max_train_size() -> None:
    n, n_splits, test_size, gap = 60, 4, 5, 1
    window = n - n_splits * test_size - gap
    reference = TimeSeriesSplit(
        n_splits=n_splits, test_size=test_size, gap=gap, max_train_size=window
    )
    assert _pairs(WalkForward(window, test_size, gap=gap), n) == _pairs(reference, np.zeros(n))


@given(
    n=st.integers(1, 80),
    train_size=st.integers(1, 20),
    test_size=st.integers(1, 10),
    step=st.none() | st.integers(1, 12),
    gap=st.integers(0, 5),
    expanding=st.booleans(),
)
def test_no_look_ahead(n, train_size, test_size, step, gap, expanding) -> None:
    cv = WalkForward(train_size, test_size, step=step, gap=gap, expanding=expanding)
    if n < train_size + gap + test_size:
        with pytest.raises(
            DataError, match=f"{train_size + gap + test_size} observations are needed"
        ):
            cv.get_n_splits(n)
        return
    splits = list(cv.split(n))
    assert len(splits) == cv.get_n_splits(n) >= 1
    previous_test_start = -1
    for train, test in splits:
        assert train.max() + gap < test.min()  # test strictly after training, gap in between
        assert np.array_equal(test, np.arange(test[0], test[0] + test_size))
        assert test.max() < n
        assert len(train) == (test[0] - gap if expanding else train_size)
        assert np.array_equal(train, np.arange(train[0], train[0] + len(train)))
        if previous_test_start >= 0:
            assert test[0] - previous_test_start == (test_size if step is None else step)
        previous_test_start = test[0]
    # No further full test block fits after the last one.
    assert splits[-1][1][0] + (test_size if step is None else step) + test_size > n


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"train_size": 0, "test_size": 1}, "WalkForward.train_size"),
        ({"train_size": 2.5, "test_size": 1}, "WalkForward.train_size"),
        ({"train_size": 2, "test_size": 0}, "WalkForward.test_size"),
        ({"train_size": 2, "test_size": 1, "step": 0}, "WalkForward.step"),
        ({"train_size": 2, "test_size": 1, "gap": -1}, "WalkForward.gap"),
        ({"train_size": 2, "test_size": 1, "expanding": 1}, "WalkForward.expanding"),
        ({"train_size": 2, "test_size": 1, "freq": "monthly"}, "WalkForward.freq"),
    ],
)
def test_invalid_parameters_name_the_key(kwargs, key) -> None:
    with pytest.raises(ConfigError, match=key) as raised:
        WalkForward(**kwargs)
    assert raised.value.key == key


def test_calendar_needs_dates_and_enough_periods() -> None:
    with pytest.raises(DataError, match="DatetimeIndex"):
        list(WalkForward(1, 1, freq="MS").split(np.zeros((50, 2))))
    X = pd.Series(0.0, index=pd.bdate_range("2024-01-01", "2024-03-31"))
    with pytest.raises(DataError, match="2 complete 'MS' periods; train_size \\+ test_size = 3"):
        list(WalkForward(2, 1, freq="MS").split(X))
    with pytest.raises(DataError, match="needs X"):
        WalkForward(2, 1).get_n_splits()
