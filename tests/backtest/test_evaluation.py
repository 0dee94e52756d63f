"""Candidate returns (one run each, sliced per fold) and walk-forward selection over the splitters.

References: each candidate's own ``run_backtest``; Sharpe ratios and means recomputed with numpy on
the split positions; the splitters' own train/test sets and CPCV path assignment.
"""

import math

import joblib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.allocate import EqualWeight, InverseVolatility
from algofolio.backtest import Strategy, common_start, run_backtest
from algofolio.backtest.candidates import (
    candidate_returns,
    contiguous_blocks,
    fresh_block_returns,
)
from algofolio.backtest.evaluation import walk_forward_backtest, walk_forward_selection
from algofolio.core import ConfigError, DataError, EstimationError
from algofolio.crossval import CombinatorialPurgedCV, PurgedKFold, WalkForward
from algofolio.rebalance import CalendarRule

from .conftest import NeverRule, random_prices

PPY = 252.0


def noise_table(n_days: int = 60, n_candidates: int = 3, *, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = rng.normal(0.0005, 0.01, (n_days, n_candidates))
    dates = pd.bdate_range("2022-01-03", periods=n_days, name="date")
    return pd.DataFrame(values, index=dates, columns=[f"c{i}" for i in range(n_candidates)])


def numpy_sharpe(block: np.ndarray) -> np.ndarray:
    return block.mean(axis=0) / block.std(axis=0, ddof=1) * math.sqrt(PPY)


def strategies() -> list[Strategy]:
    return [
        Strategy(name="1/N", allocator=EqualWeight(), rule=CalendarRule(), window=20),
        Strategy(name="IV", allocator=InverseVolatility(), rule=CalendarRule(), window=40),
        Strategy(name="hold", allocator=EqualWeight(), rule=NeverRule(), window=20),
    ]


# ---------------------------------------------------------------- candidate returns
def test_candidate_returns_are_each_run_from_the_common_start() -> None:
    prices = random_prices(160, 3, seed=3)
    table = candidate_returns(prices, strategies())
    first = common_start(prices, strategies())
    assert table.columns.tolist() == ["1/N", "IV", "hold"]
    for strategy in strategies():
        alone = run_backtest(prices, strategy, start=first).returns
        pd.testing.assert_series_equal(table[strategy.name], alone, check_names=False)
    assert table.index[0] == prices.index[prices.index.get_loc(first) + 1]


def test_candidate_returns_in_parallel_equal_one_by_one_and_report_progress() -> None:
    prices = random_prices(120, 3, seed=4)
    calls: list[tuple[str, int, int]] = []
    serial = candidate_returns(prices, strategies(), progress=lambda *a: calls.append(a))
    # threads exercise the same joblib path as processes without the workers' start-up time
    with joblib.parallel_config(backend="threading"):
        parallel = candidate_returns(
            prices, strategies(), n_jobs=2, progress=lambda *a: calls.append(a)
        )
    pd.testing.assert_frame_equal(serial, parallel)
    steps = [(done, total) for _, done, total in calls]
    assert steps == [(0, 3), (1, 3), (2, 3), (3, 3)] * 2


@pytest.mark.parametrize("n_jobs", [0, -2, 1.5, True])
def test_candidate_returns_refuse_a_bad_n_jobs(n_jobs: object) -> None:
    with pytest.raises(ConfigError) as error:
        candidate_returns(random_prices(60), strategies(), n_jobs=n_jobs)  # type: ignore[arg-type]
    assert error.value.key == "n_jobs"


def test_candidate_returns_refuse_a_name_used_twice() -> None:
    twice = [strategies()[0], strategies()[0]]
    with pytest.raises(ConfigError, match="'1/N' is used twice"):
        candidate_returns(random_prices(60), twice)


def test_contiguous_blocks() -> None:
    assert contiguous_blocks(np.array([0, 1, 2, 5, 7, 8])) == [(0, 2), (5, 5), (7, 8)]
    assert contiguous_blocks(np.array([], dtype=np.int64)) == []


# ---------------------------------------------------------------- full run vs fresh start
def test_a_fold_of_the_full_run_equals_a_fresh_run_from_its_first_rebalance_on() -> None:
    """The engine is causal, so slicing the full run is exact; a fresh run differs only until
    its first rebalance (it starts from its own purchase instead of the drifted book)."""
    prices = random_prices(200, 3, seed=5)
    monthly = Strategy(name="1/N", allocator=EqualWeight(), rule=CalendarRule(), window=20)
    table = candidate_returns(prices, [monthly])
    dates = table.index
    first = int(dates.searchsorted(pd.Timestamp("2021-04-14")))  # mid-month
    last = first + 40
    fresh = fresh_block_returns(prices, [monthly], pd.DatetimeIndex(dates), [(first, last)])[first]
    assert fresh.index.equals(dates[first : last + 1])
    full = table["1/N"].iloc[first : last + 1]
    restarted = fresh["1/N"]
    # the next calendar rebalance after the fresh start: the first trading day of May
    may = pd.Timestamp("2021-05-03")
    after = full.index > may
    np.testing.assert_allclose(restarted[after], full[after], rtol=0, atol=1e-13)
    assert not np.allclose(restarted[~after], full[~after], rtol=0, atol=1e-9)
    # a fold starting the day after a rebalance of the full run: identical throughout
    april = int(dates.searchsorted(pd.Timestamp("2021-04-01")))  # 1 April was a rebalance
    fresh = fresh_block_returns(prices, [monthly], pd.DatetimeIndex(dates), [(april + 1, last)])
    np.testing.assert_allclose(
        fresh[april + 1]["1/N"], table["1/N"].iloc[april + 1 : last + 1], rtol=0, atol=1e-13
    )


def test_a_buy_and_hold_candidate_restarted_differs_on_every_day() -> None:
    prices = random_prices(150, 3, seed=6)
    hold = Strategy(name="hold", allocator=EqualWeight(), rule=NeverRule(), window=20)
    table = candidate_returns(prices, [hold])
    fresh = fresh_block_returns(prices, [hold], pd.DatetimeIndex(table.index), [(50, 80)])[50]
    assert (np.abs(fresh["hold"] - table["hold"].iloc[50:81]) > 1e-9).all()


def test_a_fresh_run_needs_its_window_of_history() -> None:
    prices = random_prices(150, 3, seed=6)
    short = Strategy(name="short", allocator=EqualWeight(), rule=CalendarRule(), window=20)
    table = candidate_returns(prices, [short])
    longer = Strategy(name="long", allocator=EqualWeight(), rule=CalendarRule(), window=40)
    with pytest.raises(DataError, match="'long' cannot start fresh"):
        fresh_block_returns(prices, [longer], pd.DatetimeIndex(table.index), [(5, 60)])


def test_restarted_walk_forward_scores_fresh_runs() -> None:
    prices = random_prices(260, 3, seed=7)
    splitter = WalkForward(train_size=60, test_size=40)
    result = walk_forward_backtest(prices, strategies(), splitter, restart=True)
    table = candidate_returns(prices, strategies())
    for number, (_, test) in enumerate(splitter.split(table)):
        begin = prices.index[prices.index.get_loc(table.index[test[0]]) - 1]
        for strategy in strategies():
            run = run_backtest(prices, strategy, start=begin, end=table.index[test[-1]])
            expected = numpy_sharpe(run.returns.to_numpy()[:, None])[0]
            assert result.out_of_sample.loc[number, strategy.name] == pytest.approx(
                expected, rel=1e-9
            )
    plain = walk_forward_backtest(prices, strategies(), splitter)
    pd.testing.assert_frame_equal(plain.in_sample, result.in_sample)
    pd.testing.assert_frame_equal(
        plain.in_sample, walk_forward_selection(table, splitter).in_sample
    )


# ---------------------------------------------------------------- walk-forward selection
def test_walk_forward_chooses_the_best_in_sample_sharpe_and_holds_it_out_of_sample() -> None:
    table = noise_table(70, 4, seed=1)
    splitter = WalkForward(train_size=20, test_size=10)
    result = walk_forward_selection(table, splitter, periods_per_year=PPY)
    values = table.to_numpy()
    expected_dates: list[pd.Timestamp] = []
    for number, (train, test) in enumerate(splitter.split(table)):
        in_sample = numpy_sharpe(values[train])
        np.testing.assert_allclose(result.in_sample.loc[number], in_sample, rtol=1e-12)
        np.testing.assert_allclose(
            result.out_of_sample.loc[number], numpy_sharpe(values[test]), rtol=1e-12
        )
        best = int(np.argmax(in_sample))
        assert result.folds.loc[number, "chosen"] == f"c{best}"
        stitched = result.stitched.loc[table.index[test]]
        np.testing.assert_array_equal(stitched, values[test, best])
        assert (result.choices.loc[table.index[test], 0] == f"c{best}").all()
        expected_dates.extend(table.index[test])
    assert result.stitched.index.equals(pd.DatetimeIndex(expected_dates))
    assert result.folds["n_test"].tolist() == [10] * 5
    assert result.score == "sharpe"


def test_overlapping_test_blocks_take_the_latest_choice() -> None:
    table = noise_table(50, 3, seed=2)
    splitter = WalkForward(train_size=20, test_size=10, step=5)
    result = walk_forward_selection(table, splitter, "annualized_return")
    owner: dict[pd.Timestamp, int] = {}
    for number, (_, test) in enumerate(splitter.split(table)):
        owner.update(dict.fromkeys(table.index[test], number))
    for date, number in owner.items():
        chosen = result.folds.loc[number, "chosen"]
        assert result.choices.loc[date, 0] == chosen
        assert result.returns.loc[date, 0] == table.loc[date, chosen]


def test_a_custom_score_matches_the_named_one() -> None:
    table = noise_table(60, 3, seed=3)
    splitter = PurgedKFold(4)
    named = walk_forward_selection(table, splitter, "annualized_return")
    custom = walk_forward_selection(table, splitter, lambda r: r.mean())
    assert custom.folds["chosen"].tolist() == named.folds["chosen"].tolist()
    assert custom.score == "custom"


def test_cpcv_gives_one_full_path_per_backtest_path() -> None:
    table = noise_table(48, 3, seed=4)
    cv = CombinatorialPurgedCV(n_folds=4, n_test_folds=2, purge=1)
    result = walk_forward_selection(table, cv, periods_per_year=PPY)
    splits = list(cv.split(table))
    assert result.returns.shape == (48, cv.n_paths)
    values = table.to_numpy()
    for path in range(cv.n_paths):
        for group, positions in enumerate(cv.fold_indices(table)):
            number = cv.path_assignment[path, group]
            train, test = splits[number]
            assert set(positions) <= set(test)
            assert not set(positions) & set(train)
            best = int(np.argmax(numpy_sharpe(values[train])))
            np.testing.assert_array_equal(
                result.returns[path].iloc[positions], values[positions, best]
            )
    with pytest.raises(ConfigError, match="3 out-of-sample paths"):
        _ = result.stitched


@settings(max_examples=40)
@given(
    n_splits=st.integers(2, 6),
    n_days=st.integers(30, 80),
    purge=st.integers(0, 2),
    seed=st.integers(0, 2**16),
)
def test_purged_kfold_tests_every_position_exactly_once(
    n_splits: int, n_days: int, purge: int, seed: int
) -> None:
    table = noise_table(n_days, 3, seed=seed)
    splitter = PurgedKFold(n_splits, purge=purge)
    result = walk_forward_selection(table, splitter, "annualized_return")
    tested = np.concatenate([test for _, test in splitter.split(table)])
    assert np.array_equal(np.sort(tested), np.arange(n_days))  # each position in one fold
    assert result.returns.index.equals(table.index)
    assert result.folds["n_test"].sum() == n_days
    for number, (train, test) in enumerate(splitter.split(table)):
        chosen = result.folds.loc[number, "chosen"]
        on_test = result.returns[0].iloc[test]
        np.testing.assert_array_equal(on_test, table[chosen].iloc[test])
        assert not set(table.index[train]) & set(on_test.index)


@settings(max_examples=40)
@given(
    train=st.integers(5, 30),
    test=st.integers(1, 15),
    step=st.none() | st.integers(1, 20),
    expanding=st.booleans(),
    gap=st.integers(0, 3),
)
def test_walk_forward_out_of_sample_dates_never_come_from_their_training(
    train: int, test: int, step: int | None, expanding: bool, gap: int
) -> None:
    table = noise_table(80, 3, seed=train * 31 + test)
    splitter = WalkForward(
        train_size=train, test_size=test, step=step, expanding=expanding, gap=gap
    )
    result = walk_forward_selection(table, splitter, "annualized_return")
    splits = list(splitter.split(table))
    latest: dict[pd.Timestamp, int] = {}
    for number, (_, positions) in enumerate(splits):
        latest.update(dict.fromkeys(table.index[positions], number))
    assert result.returns.index.equals(pd.DatetimeIndex(sorted(latest)))
    for date, number in latest.items():
        train_dates = table.index[splits[number][0]]
        assert date not in train_dates
        assert date > train_dates[-1]
        assert result.choices.loc[date, 0] == result.folds.loc[number, "chosen"]


# ---------------------------------------------------------------- errors
def test_a_missing_return_is_named() -> None:
    table = noise_table(40, 3)
    table.iloc[7, 1] = np.nan
    with pytest.raises(DataError, match="'c1' has a missing or infinite return on 2022-01-12"):
        walk_forward_selection(table, PurgedKFold(4))


def test_one_candidate_is_no_selection() -> None:
    with pytest.raises(DataError, match="at least 2 candidates"):
        walk_forward_selection(noise_table(40, 1), PurgedKFold(4))


def test_an_unknown_score_names_the_key() -> None:
    with pytest.raises(ConfigError) as error:
        walk_forward_selection(noise_table(40), PurgedKFold(4), "calmar")  # type: ignore[arg-type]
    assert error.value.key == "score"


def test_an_undefined_score_names_the_candidate() -> None:
    table = noise_table(40)
    table["flat"] = 0.0
    with pytest.raises(EstimationError, match=r"split 0, in sample .*flat"):
        walk_forward_selection(table, PurgedKFold(4))


def test_a_one_day_test_block_has_no_sharpe_ratio() -> None:
    with pytest.raises(
        DataError, match=r"split 0, out of sample \(2022-02-14 to 2022-02-14, 1 dates\)"
    ):
        walk_forward_selection(noise_table(40), WalkForward(train_size=30, test_size=1))


def test_a_splitter_must_split() -> None:
    with pytest.raises(ConfigError) as error:
        walk_forward_selection(noise_table(40), object())
    assert error.value.key == "splitter"
