"""Candidate strategies as one table of daily returns, each run once over the whole history.

The engine is causal: a decision at ``t`` sees nothing after ``t``. So a candidate's returns on any
block of dates are the full run's returns on those dates, and a selection (walk-forward, K-fold,
CPCV, PBO) slices one table instead of re-running a backtest per fold.

What a run *started fresh* at a block's first date would change is only the carry-over: the full
run enters the block holding the portfolio of its last rebalance, drifted since; a fresh run buys
its target from cash at the close before the block (the cost of that first purchase is charged
before its first NAV, so it is not in its returns) and its trigger starts anew (a calendar rule
rebalances again at the next period start, a drift band measures drift from the new purchase).
Once both runs have traded to the same target weights (the next common rebalance, for a target
that depends only on its window of history, such as an allocator on a fixed window), their
returns coincide again, whole shares aside. A buy-and-hold candidate never converges. :func:`fresh_block_returns` runs those fresh backtests
(``walk_forward_backtest(..., restart=True)``).

>>> import numpy as np, pandas as pd
>>> from algofolio.allocate import EqualWeight, InverseVolatility
>>> from algofolio.rebalance import CalendarRule
>>> dates = pd.bdate_range("2024-01-01", periods=80, name="date")
>>> rng = np.random.default_rng(0)
>>> prices = pd.DataFrame(100 * np.exp(np.cumsum(rng.normal(0, 0.01, (80, 2)), axis=0)),
...                       index=dates, columns=["A", "B"])
>>> table = candidate_returns(prices, [
...     Strategy(name="1/N", allocator=EqualWeight(), rule=CalendarRule(), window=10),
...     Strategy(name="IV", allocator=InverseVolatility(), rule=CalendarRule(), window=40)])
>>> table.columns.tolist(), table.index[0].date()
(['1/N', 'IV'], datetime.date(2024, 2, 27))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from algofolio.backtest.batch import common_start
from algofolio.backtest.engine import run_backtest
from algofolio.backtest.result import BacktestResult
from algofolio.backtest.strategy import Strategy
from algofolio.core.errors import ConfigError, DataError

__all__ = [
    "ProgressCallback",
    "candidate_returns",
    "contiguous_blocks",
    "fresh_block_returns",
    "run_candidates",
]

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(description, completed, total)`` as the backtests finish (and at 0)."""


def run_candidates(
    prices: pd.DataFrame,
    strategies: Sequence[Strategy],
    *,
    start: pd.Timestamp | str | None = None,
    initial_value: float = 1.0,
    n_jobs: int = 1,
    progress: ProgressCallback | None = None,
) -> list[BacktestResult]:
    """Backtest every strategy from their :func:`~algofolio.backtest.common_start` (names must
    differ), in order; ``n_jobs`` processes with joblib (``-1``: one per core; 1: in this one)."""
    _check_names(strategies)
    _check_n_jobs(n_jobs)
    first = common_start(prices, strategies, start=start)
    tasks = [(s, first, None) for s in strategies]
    return _run_all(
        prices, tasks, n_jobs=n_jobs, progress=progress, what="Backtesting", value=initial_value
    )


def candidate_returns(
    prices: pd.DataFrame,
    strategies: Sequence[Strategy],
    *,
    start: pd.Timestamp | str | None = None,
    initial_value: float = 1.0,
    n_jobs: int = 1,
    progress: ProgressCallback | None = None,
) -> pd.DataFrame:
    """Daily simple returns (dates x strategy names, net of costs) of each strategy, all run once
    from their common start (so the first row is the day after it); see :func:`run_candidates`.
    ``initial_value`` matters with costs that are not proportional (a per-order minimum)."""
    results = run_candidates(
        prices,
        strategies,
        start=start,
        initial_value=initial_value,
        n_jobs=n_jobs,
        progress=progress,
    )
    table = pd.concat({r.name: r.returns for r in results}, axis=1)
    table.columns.name = "candidate"
    return table


def contiguous_blocks(positions: np.ndarray) -> list[tuple[int, int]]:
    """``(first, last)`` positions of each run of consecutive integers in sorted ``positions``.

    >>> contiguous_blocks(np.array([2, 3, 4, 8, 9]))
    [(2, 4), (8, 9)]
    """
    if positions.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(positions) > 1)
    firsts = positions[np.concatenate(([0], breaks + 1))]
    lasts = positions[np.concatenate((breaks, [positions.size - 1]))]
    return list(zip(firsts.tolist(), lasts.tolist(), strict=True))


def fresh_block_returns(
    prices: pd.DataFrame,
    strategies: Sequence[Strategy],
    dates: pd.DatetimeIndex,
    blocks: Sequence[tuple[int, int]],
    *,
    n_jobs: int = 1,
    progress: ProgressCallback | None = None,
) -> dict[int, pd.DataFrame]:
    """Returns of fresh runs, one per block start: ``{first: DataFrame (dates x strategies)}``.

    ``blocks`` are ``(first, last)`` positions in ``dates`` (the return dates of a candidate
    table). The run for ``first`` starts at the close before ``dates[first]`` (earlier dates are
    its history) and ends at the latest ``dates[last]`` of the blocks starting there, so its
    returns cover exactly those dates. Raises :class:`DataError` when a strategy cannot make its
    first rebalance on that close (too little history for its window).
    """
    _check_n_jobs(n_jobs)
    ends: dict[int, int] = {}
    for first, last in blocks:
        ends[first] = max(ends.get(first, last), last)
    price_dates = prices.index
    tasks: list[tuple[Strategy, pd.Timestamp, pd.Timestamp]] = []
    for first, last in sorted(ends.items()):
        row = int(price_dates.searchsorted(dates[first]))
        if row >= len(price_dates) or price_dates[row] != dates[first]:
            raise DataError(
                f"{dates[first]:%Y-%m-%d} is not a date of the prices", date=dates[first]
            )
        if row == 0:
            raise DataError(f"no close before {dates[first]:%Y-%m-%d} to start a fresh run at")
        tasks.extend((s, price_dates[row - 1], dates[last]) for s in strategies)
    results = _run_all(prices, tasks, n_jobs=n_jobs, progress=progress, what="Fresh runs")
    out: dict[int, pd.DataFrame] = {}
    k = len(strategies)
    for i, first in enumerate(sorted(ends)):
        runs = results[i * k : (i + 1) * k]
        for run, (_, begin, _) in zip(runs, tasks[i * k : (i + 1) * k], strict=True):
            if run.nav.index[0] != begin:
                raise DataError(
                    f"strategy {run.name!r} cannot start fresh on {begin:%Y-%m-%d} (its first "
                    f"rebalance would be {run.nav.index[0]:%Y-%m-%d}); start the table later",
                    date=begin,
                )
        table = pd.concat({r.name: r.returns for r in runs}, axis=1)
        table.columns.name = "candidate"
        out[first] = table
    return out


def _run_all(
    prices: pd.DataFrame,
    tasks: Sequence[tuple[Strategy, pd.Timestamp, pd.Timestamp | None]],
    *,
    n_jobs: int,
    progress: ProgressCallback | None,
    what: str,
    value: float = 1.0,
) -> list[BacktestResult]:
    """``run_backtest(prices, strategy, start=, end=)`` per task, in task order."""
    total = len(tasks)
    if progress is not None:
        progress(what, 0, total)
    results: list[BacktestResult] = []
    if n_jobs == 1:
        for strategy, start, end in tasks:
            results.append(
                run_backtest(prices, strategy, initial_value=value, start=start, end=end)
            )
            if progress is not None:
                progress(what, len(results), total)
        return results
    from joblib import (  # type: ignore[import-untyped]  # scikit-learn's dependency, untyped
        Parallel,
        delayed,
    )

    calls: Any = (
        delayed(run_backtest)(prices, s, initial_value=value, start=b, end=e) for s, b, e in tasks
    )
    for result in Parallel(n_jobs=n_jobs, return_as="generator")(calls):
        results.append(result)
        if progress is not None:
            progress(what, len(results), total)
    return results


def _check_names(strategies: Sequence[Strategy]) -> None:
    if not strategies:
        raise ConfigError("no strategies given", key="strategies")
    names = [s.name for s in strategies]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"strategy name {name!r} is used twice", key="strategies")


def _check_n_jobs(n_jobs: int) -> None:
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
        raise ConfigError(
            f"n_jobs must be a positive int or -1 (every core), got {n_jobs!r}", key="n_jobs"
        )
