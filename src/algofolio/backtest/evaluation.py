"""Walk-forward selection: on each split choose the candidate with the best in-sample score, hold
it on the split's test dates, and stitch those out-of-sample returns together.

Works with any splitter of :mod:`algofolio.crossval` (scikit-learn's ``split(X)`` contract):

* :class:`~algofolio.crossval.WalkForward` (rolling or expanding): one out-of-sample path. When test
  blocks overlap (``step < test_size``) a date takes the choice of the latest split testing it, as
  a live process re-selecting every ``step`` days would;
* :class:`~algofolio.crossval.PurgedKFold`: each fold is tested once, so one path covering every
  date (folds before their training data included: that is K-fold, not a causal backtest);
* :class:`~algofolio.crossval.CombinatorialPurgedCV`: one path per backtest path of the splitter
  (``path_assignment``), each covering every date.

Scores come from one table of candidate returns (:func:`~algofolio.backtest.candidate_returns`:
each candidate run once over the whole history, sliced per split; the engine is causal, so the
slice is what the candidate earned on those dates). :func:`walk_forward_backtest` builds the table
from prices and can instead ``restart`` every candidate at each test block (see
:mod:`algofolio.backtest.candidates` for what that changes).

>>> import numpy as np, pandas as pd
>>> from algofolio.crossval import WalkForward
>>> dates = pd.bdate_range("2024-01-01", periods=6, name="date")
>>> r = pd.DataFrame({"up then down": [0.02, 0.01, 0.03, -0.02, -0.01, -0.03],
...                   "down then up": [-0.01, -0.02, -0.01, 0.01, 0.02, 0.01]}, index=dates)
>>> result = walk_forward_selection(r, WalkForward(train_size=3, test_size=1), "annualized_return")
>>> result.folds["chosen"].tolist()
['up then down', 'up then down', 'down then up']
>>> result.stitched.round(2).tolist()
[-0.02, -0.01, 0.01]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from algofolio.backtest._scores import (
    ScoreFunction,
    SelectionScore,
    check_candidate_returns,
    check_score,
    score_table,
)
from algofolio.backtest.candidates import (
    ProgressCallback,
    candidate_returns,
    contiguous_blocks,
    fresh_block_returns,
)
from algofolio.backtest.strategy import Strategy
from algofolio.core.errors import AlgofolioError, ConfigError, DataError
from algofolio.core.frequency import resolve_periods_per_year
from algofolio.crossval import CombinatorialPurgedCV

__all__ = ["WalkForwardSelection", "walk_forward_backtest", "walk_forward_selection"]

_Split = tuple[np.ndarray, np.ndarray]
_TestReturns = Callable[[np.ndarray], pd.DataFrame]


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class WalkForwardSelection:
    """What a walk-forward selection chose and earned.

    * ``returns``: dates x paths (columns ``0..P-1`` named ``path``) of the chosen candidates'
      out-of-sample daily returns, stitched; one path unless the splitter was a CPCV. Only tested
      dates appear (a walk-forward's first training window does not);
    * ``choices``: same shape, the candidate held on each date of each path;
    * ``folds``: one row per split (index ``split``): ``train_start, train_end, test_start,
      test_end`` (dates), ``n_train, n_test``, ``chosen``, its ``in_sample`` and ``out_of_sample``
      scores;
    * ``in_sample``, ``out_of_sample``: splits x candidates, every candidate's score on each split's
      train and test dates (for :func:`~algofolio.backtest.performance_degradation` and PBO-style
      diagnostics);
    * ``score``: the score's name (``"custom"`` for a function).
    """

    returns: pd.DataFrame
    choices: pd.DataFrame
    folds: pd.DataFrame
    in_sample: pd.DataFrame
    out_of_sample: pd.DataFrame
    score: str

    @property
    def stitched(self) -> pd.Series:
        """The single out-of-sample path as a Series (raises :class:`ConfigError` for CPCV's
        several paths: pick a column of :attr:`returns`)."""
        if self.returns.shape[1] != 1:
            raise ConfigError(
                f"the selection has {self.returns.shape[1]} out-of-sample paths; read "
                "WalkForwardSelection.returns[path]",
                key="WalkForwardSelection.returns",
            )
        return self.returns[0].rename("out_of_sample")


def walk_forward_selection(
    returns_by_candidate: pd.DataFrame,
    splitter: Any,
    score: SelectionScore | ScoreFunction = "sharpe",
    *,
    periods_per_year: float | None = None,
) -> WalkForwardSelection:
    """Choose, on each split of ``splitter.split(returns_by_candidate)``, the candidate with the best
    ``score`` on the train positions; record its returns on the test positions.

    ``returns_by_candidate``: dates x candidates of daily simple returns, finite (e.g.
    :func:`~algofolio.backtest.candidate_returns`). ``score``: a :data:`SelectionScore` name or a
    function ``DataFrame -> Series`` (higher is better); ties go to the first candidate.
    ``periods_per_year`` annualises the scores (inferred from the whole table's dates, not from
    each split's, whose gaps would bias the inference). See :class:`WalkForwardSelection`.
    """
    check_candidate_returns(returns_by_candidate)
    check_score(score)
    ppy = resolve_periods_per_year(returns_by_candidate.index, periods_per_year)
    splits = _splits(splitter, returns_by_candidate)
    return _select(
        returns_by_candidate,
        splits,
        splitter,
        score,
        ppy,
        lambda test: returns_by_candidate.iloc[test],
    )


def walk_forward_backtest(
    prices: pd.DataFrame,
    strategies: Sequence[Strategy],
    splitter: Any,
    score: SelectionScore | ScoreFunction = "sharpe",
    *,
    restart: bool = False,
    start: pd.Timestamp | str | None = None,
    periods_per_year: float | None = None,
    n_jobs: int = 1,
    progress: ProgressCallback | None = None,
) -> WalkForwardSelection:
    """:func:`walk_forward_selection` of the strategies' :func:`candidate_returns` (one run each).

    ``restart=True`` scores every candidate out of sample on a backtest started fresh at each
    contiguous test block (from the close before its first date, earlier dates as history) instead
    of the full run's returns on those dates: one extra run per candidate and distinct block start.
    In-sample scores always come from the full runs.
    """
    if not isinstance(restart, bool):
        raise ConfigError(f"restart must be True or False, got {restart!r}", key="restart")
    table = candidate_returns(prices, strategies, start=start, n_jobs=n_jobs, progress=progress)
    if not restart:
        return walk_forward_selection(table, splitter, score, periods_per_year=periods_per_year)
    check_candidate_returns(table, "candidate returns")
    check_score(score)
    ppy = resolve_periods_per_year(table.index, periods_per_year)
    splits = _splits(splitter, table)
    blocks = sorted({b for _, test in splits for b in contiguous_blocks(np.sort(test))})
    fresh = fresh_block_returns(
        prices, strategies, pd.DatetimeIndex(table.index), blocks, n_jobs=n_jobs, progress=progress
    )

    def test_returns(test: np.ndarray) -> pd.DataFrame:
        pieces = [
            fresh[first].loc[table.index[first] : table.index[last]]
            for first, last in contiguous_blocks(np.sort(test))
        ]
        return pd.concat(pieces).reindex(columns=table.columns)

    return _select(table, splits, splitter, score, ppy, test_returns)


def _splits(splitter: Any, returns: pd.DataFrame) -> list[_Split]:
    if not hasattr(splitter, "split"):
        raise ConfigError(
            f"splitter must have a split(X) method (algofolio.crossval), got {splitter!r}",
            key="splitter",
        )
    n = len(returns)
    splits: list[_Split] = []
    for number, (train, test) in enumerate(splitter.split(returns)):
        train_ = np.sort(np.asarray(train, dtype=np.int64))
        test_ = np.sort(np.asarray(test, dtype=np.int64))
        if train_.size == 0 or test_.size == 0:
            raise DataError(f"split {number} has an empty train or test set")
        if min(train_.min(), test_.min()) < 0 or max(train_.max(), test_.max()) >= n:
            raise DataError(f"split {number} has positions outside 0..{n - 1}")
        if np.intersect1d(train_, test_).size:
            raise DataError(f"split {number} tests positions it also trains on")
        splits.append((train_, test_))
    if not splits:
        raise DataError("the splitter gave no split of the candidate returns")
    return splits


def _select(
    returns: pd.DataFrame,
    splits: list[_Split],
    splitter: Any,
    score: SelectionScore | ScoreFunction,
    ppy: float,
    test_returns: _TestReturns,
) -> WalkForwardSelection:
    names = returns.columns
    dates = returns.index
    in_rows, out_rows, chosen, pieces = [], [], [], []
    for number, (train, test) in enumerate(splits):
        in_scores = _scores(returns.iloc[train], score, ppy, f"split {number}, in sample")
        on_test = test_returns(test)
        out_scores = _scores(on_test, score, ppy, f"split {number}, out of sample")
        best = int(np.argmax(in_scores.to_numpy()))
        in_rows.append(in_scores.to_numpy())
        out_rows.append(out_scores.to_numpy())
        chosen.append(best)
        pieces.append(on_test.iloc[:, best].to_numpy())
    split_index = pd.RangeIndex(len(splits), name="split")
    in_sample = pd.DataFrame(np.vstack(in_rows), index=split_index, columns=names)
    out_of_sample = pd.DataFrame(np.vstack(out_rows), index=split_index, columns=names)
    choice = np.asarray(chosen)
    folds = pd.DataFrame(
        {
            "train_start": dates[[t.min() for t, _ in splits]],
            "train_end": dates[[t.max() for t, _ in splits]],
            "test_start": dates[[t.min() for _, t in splits]],
            "test_end": dates[[t.max() for _, t in splits]],
            "n_train": [t.size for t, _ in splits],
            "n_test": [t.size for _, t in splits],
            "chosen": names[choice],
            "in_sample": in_sample.to_numpy()[np.arange(len(splits)), choice],
            "out_of_sample": out_of_sample.to_numpy()[np.arange(len(splits)), choice],
        },
        index=split_index,
    )
    owner = _path_owners(splitter, splits, len(dates))  # (n, P) split per position, -1 untested
    values = np.full(owner.shape, np.nan)
    for number, (_, test) in enumerate(splits):
        rows, path = np.nonzero(owner[test] == number)
        values[test[rows], path] = pieces[number][rows]
    tested = np.flatnonzero((owner >= 0).all(axis=1))
    paths = pd.RangeIndex(owner.shape[1], name="path")
    return WalkForwardSelection(
        returns=pd.DataFrame(values[tested], index=dates[tested], columns=paths),
        choices=pd.DataFrame(
            np.asarray(names, dtype=object)[choice[owner[tested]]],
            index=dates[tested],
            columns=paths,
        ),
        folds=folds,
        in_sample=in_sample,
        out_of_sample=out_of_sample,
        score="custom" if callable(score) else score,
    )


def _scores(
    returns: pd.DataFrame, score: SelectionScore | ScoreFunction, ppy: float, where: str
) -> pd.Series:
    """:func:`score_table`, its errors prefixed with the split and the dates scored."""
    try:
        return score_table(returns, score, periods_per_year=ppy)
    except AlgofolioError as error:
        dates = returns.index
        span = f"{dates[0]:%Y-%m-%d} to {dates[-1]:%Y-%m-%d}, {len(dates)} dates"
        raise type(error)(f"{where} ({span}): {error}") from error


def _path_owners(splitter: Any, splits: list[_Split], n: int) -> np.ndarray:
    """``(n, P)``: the split whose choice each position takes on each path (-1: not tested)."""
    if isinstance(splitter, CombinatorialPurgedCV):
        assignment = splitter.path_assignment  # (P, groups)
        owner = np.full((n, assignment.shape[0]), -1, dtype=np.int64)
        for group, positions in enumerate(splitter.fold_indices(n)):
            owner[positions] = assignment[:, group]
        return owner
    owner = np.full((n, 1), -1, dtype=np.int64)
    for number, (_, test) in enumerate(splits):
        owner[test, 0] = number  # a later split overrides: the latest choice is the one held
    return owner
