"""Backtest benchmarks: algofolio's engine against vectorbt, bt and a plain numpy floor.

Run with ``.venv/bin/python benchmarks/backtests.py`` (the peers come with the ``bench`` extra:
vectorbt, bt; PyPortfolioOpt and cvxpy with the test extra). ``--quick`` uses small problems,
``--only TEXT`` keeps the cases whose name contains TEXT, ``--minvar-size 500x5040`` runs the min
variance case at the issue's size (default smaller: it takes minutes for the peer loops).

Each contender runs in a fresh subprocess (its own peak resident memory). Data are generated and
libraries imported before the clock starts; vectorbt's numba functions are compiled by running
the contender once on a small slice of the data, also before the clock. One warm-up run (caches)
is followed by the median of ``--repeat`` timed runs; when the warm-up alone takes more than
``SLOW`` seconds the warm-up is the single timing (warm-up effects are then negligible). A peer that
does not finish within ``--timeout`` seconds is reported as such. ``ratio`` is the contender's
time over the reference's (algofolio, or the numpy floor where algofolio has no entry yet): > 1
means the reference is faster. The ``check`` column is computed here from what each contender
returned: the final NAV (growth of 1) and its relative difference to the reference, the number of
rebalances (and whether their dates are the reference's), and for min variance the largest
weight difference to ours and the largest relative excess of the contender's portfolio variance
over ours on the same window covariance, over all rebalances (> 0: the contender's solve is worse).

**Cases** (prices: ``make_synthetic_prices(assets, days, seed=2)``, complete, no gaps):

a. Monthly equal weight with 10 bps proportional costs, the full trade log kept. algofolio:
   ``run_backtest`` with ``EqualWeight``, ``CalendarRule("monthly")``, ``ProportionalCost(bps=10)``,
   ``window=None``. vectorbt: ``Portfolio.from_orders`` with target weights on the rebalance rows
   (NaN elsewhere), ``size_type="targetpercent"``, ``call_seq="auto"`` (sells first),
   ``group_by=True, cash_sharing=True, fees=0.001``, then the NAV series and the readable order
   records. bt: ``RunMonthly, SelectAll, WeighEqually, Rebalance`` with commission
   ``0.001 * |q| * p`` and ``integer_positions=False``, then the NAV and ``get_transactions()``.
b. The same with long-only minimum variance refitted monthly on the last 252 daily simple returns
   (sample covariance, ``ddof=1``). algofolio: ``MeanVariance()`` with ``window=252``. Peers: a
   loop over the same dates solving PyPortfolioOpt's ``EfficientFrontier(None, cov)
   .min_volatility()`` (weights simulated by vectorbt as in a.), and a cvxpy loop (one DPP
   problem ``min ||X w||²`` over a parameter ``X`` = centred returns, scaled so the objective
   is about 1 (unscaled, Clarabel's absolute tolerances leave weights 1e-3 off), re-solved with
   Clarabel at each date; weights simulated by the numpy floor).
c. An absolute 5% drift band around equal weight (``ThresholdRule(0.05)``): rebalance at the close
   of any day on which some weight is more than 5 points from its target. vectorbt: a numba
   ``from_order_func`` that checks the drift at each close and then orders target percents with
   the automatic call sequence. bt has no drift-band algo: not run. With 500 assets (targets 0.2%)
   a 5-point band may never fire after the initial allocation; the rebalance count is printed.
d. A moving-average crossover sweep: ``pairs`` (fast, slow) window pairs on every asset (variants
   = pairs x assets), long when the fast MA crosses above the slow one, flat when it crosses
   below, all cash in at the close of the signal day, 10 bps fees. algofolio (the reference):
   ``ma_crossover_sweep(prices, fast, slow, costs=ProportionalCost(bps=10))`` from
   ``algofolio.backtest.sweep``: each window's moving average once from cumulative sums, then per
   pair only the days where "fast above slow" changes are visited (the final value is a product of
   exit over entry prices and fees). vectorbt: ``MA.run`` with paired window lists,
   ``ma_crossed_above/below``, ``Portfolio.from_signals`` (one column per variant), final values.
   numpy floor: cumulative-sum MAs, the crossing rule without ties (a tie counts as "not above";
   random prices never tie), log-return sums per variant.
e. As c. with a relative band: rebalance when some weight is more than 25% of its target away
   from it (``ThresholdRule(0.25, kind="relative")``), a band that fires at 500 assets.

**Conventions, and where the peers differ** (the check column measures the effect):

* Everyone decides and fills at the close of the same day, at that close. The peers get the
  prices from algofolio's first rebalance date on (algofolio needs ``window`` returns of history
  before it: 2 for the expanding window of a. and c., 252 for b.), so all start with cash on the
  same date and rebalance on the same dates: that first date, then the first trading day of each
  new month (bt's ``RunMonthly``: first date, then a month change from the previous date; it
  never runs on the very last date).
* algofolio and the numpy floor are self-financing on the *post-cost* value: after a rebalance
  each asset is worth exactly ``w_i V'`` with ``V' = V - costs`` (fixed point). vectorbt sizes the
  targets on the *pre-cost* value ``V`` and pays fees from cash, so the last buys are cut to the
  cash left. bt sizes on ``V`` too but makes each buy's outlay (shares + commission) equal to
  ``w_i V - held_i`` and sells enough to raise it net of commission, so the costs come out of the
  positions. The three pay the same costs up to ``rate**2 x turnover``; their books differ only
  in which positions carry the cost, so the NAVs drift apart by parts in 1e5 over the years (the
  check column shows it). The numpy floor follows algofolio's convention and must agree to ~1e-12.
* d. uses vectorbt's crossing definition (above today, strictly below yesterday; a variant that
  starts above never enters until it has been below) and fees on the traded value both ways.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

RATE = 10 / 1e4
"""Proportional cost: 10 bps of the traded value."""
BANDS = {"c": (0.05, False), "e": (0.25, True)}
"""Drift bands of cases c. (5 points, absolute) and e. (25% of the target, relative)."""
MINVAR_WINDOW = 252
SLOW = 5.0
"""A warm-up longer than this many seconds is the only timing."""
INITIAL = 1e6

Outcome = dict[str, Any]
"""What a run returns: ``final`` (growth of 1: float, or one per variant), ``dates`` (rebalance
dates, int64 ns) and optionally ``weights`` (rebalances x assets)."""


# ---------------------------------------------------------------- data and shared dates
def prices_for(params: dict[str, Any]) -> pd.DataFrame:
    from algofolio.datasets import make_synthetic_prices

    return make_synthetic_prices(params["assets"], params["days"], seed=2)


def month_starts(index: pd.Index, first: int) -> np.ndarray:
    """Rows of ``index``: ``first``, then every later row whose month differs from the previous
    row's (computed here, independently of algofolio's calendar)."""
    dates = pd.DatetimeIndex(index)
    months = dates.year * 12 + dates.month
    later = np.flatnonzero(np.diff(np.asarray(months)) != 0) + 1
    return np.r_[first, later[later > first]].astype(np.intp)


# first rebalance row of algofolio: window returns of history (2 for an expanding window)
FIRST_ROW = {"expanding": 2, "minvar": MINVAR_WINDOW}


# ---------------------------------------------------------------- numpy floor simulators
def post_trade_value(value: float, w: np.ndarray, held: np.ndarray, rate: float) -> float:
    """``V'`` solving ``V' = V - rate * sum|w V' - held|`` (a contraction with factor rate)."""
    post = value
    for _ in range(100):
        new = value - rate * float(np.abs(w * post - held).sum())
        if abs(new - post) <= 1e-14 * value:
            return new
        post = new
    raise RuntimeError("post-trade value did not converge")


@dataclass
class FloorBook:
    """The numpy floor's book over ``prices`` (dates x assets): shares, cash, NAV from the first
    rebalance, the trade log (day, trade values, costs)."""

    prices: np.ndarray
    first: int
    shares: np.ndarray = field(init=False)
    cash: float = 1.0
    nav: np.ndarray = field(init=False)
    trades: list[tuple[int, np.ndarray, np.ndarray]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.shares = np.zeros(self.prices.shape[1])
        self.nav = np.full(len(self.prices) - self.first, np.nan)

    def rebalance(self, day: int, target: np.ndarray) -> None:
        p = self.prices[day]
        held = self.shares * p
        post = post_trade_value(self.cash + float(held.sum()), target, held, RATE)
        trade = target * post - held
        self.trades.append((day, trade, RATE * np.abs(trade)))  # trade values and costs
        self.shares = target * post / p
        self.cash = post * (1.0 - float(target.sum()))

    def hold(self, begin: int, stop: int) -> np.ndarray:
        """NAV over rows ``begin:stop`` (recorded) with the current book."""
        nav = self.prices[begin:stop] @ self.shares + self.cash
        self.nav[begin - self.first : stop - self.first] = nav
        return nav


def floor_calendar(values: np.ndarray, rows: np.ndarray, targets: np.ndarray) -> FloorBook:
    """Rebalance to ``targets[k]`` at ``rows[k]``, hold in between (one vector step per period)."""
    book = FloorBook(values, int(rows[0]))
    for k, (begin, stop) in enumerate(itertools.pairwise([*rows, len(values)])):
        book.rebalance(begin, targets[k])
        book.hold(begin, stop)
    return book


def floor_band(
    values: np.ndarray, first: int, target: np.ndarray, band: float, relative: bool
) -> FloorBook:
    """Rebalance to ``target`` (> 0) at ``first`` and at every close where a weight drifted more
    than ``band`` from it (``relative``: more than ``band * target``); the drift is checked on
    chunks of days at once."""
    book = FloorBook(values, first)
    scale = target if relative else np.ones_like(target)
    day: int | None = first
    while day is not None:
        book.rebalance(day, target)
        book.hold(day, day + 1)
        day = _next_breach(book, day + 1, target, band * scale)
    return book


def _next_breach(book: FloorBook, start: int, target: np.ndarray, band: np.ndarray) -> int | None:
    size = 64
    while start < len(book.prices):
        stop = min(start + size, len(book.prices))
        held = book.prices[start:stop] * book.shares
        nav = held.sum(axis=1) + book.cash
        due = (np.abs(held / nav[:, None] - target) > band).any(axis=1).nonzero()[0]
        hit = int(due[0]) if due.size else stop - start
        book.nav[start - book.first : start + hit - book.first] = nav[:hit]
        if due.size:
            return start + hit
        start, size = stop, min(2 * size, 4096)
    return None


def _stamps(dates: Any) -> np.ndarray:
    """Rebalance dates as int64 nanoseconds (comparable across contenders)."""
    return np.asarray(pd.DatetimeIndex(dates).as_unit("ns").asi8)


def _floor_outcome(book: FloorBook, index: pd.Index, weights: np.ndarray | None = None) -> Outcome:
    out: Outcome = {
        "final": float(book.nav[-1]),
        "dates": _stamps(index[[t[0] for t in book.trades]]),
    }
    if weights is not None:
        out["weights"] = weights
    return out


# ---------------------------------------------------------------- a. monthly equal weight
def ours_equal_weight(prices: pd.DataFrame, rule: Any) -> Callable[[], Outcome]:
    from algofolio.allocate import EqualWeight
    from algofolio.backtest import Strategy, run_backtest
    from algofolio.costs import ProportionalCost

    strategy = Strategy(
        name="1/N", allocator=EqualWeight(), rule=rule, costs=ProportionalCost(bps=10), window=None
    )

    def run() -> Outcome:
        result = run_backtest(prices, strategy, initial_value=INITIAL)
        assert len(result.trades) > 0
        return {
            "final": float(result.nav.iloc[-1]) / INITIAL,
            "dates": _stamps(result.rebalances.index),
        }

    return run


def a_ours(params: dict[str, Any]) -> Callable[[], Outcome]:
    from algofolio.rebalance import CalendarRule

    return ours_equal_weight(prices_for(params), CalendarRule("monthly"))


def a_numpy(params: dict[str, Any]) -> Callable[[], Outcome]:
    prices = prices_for(params)
    values = prices.to_numpy()
    n = values.shape[1]

    def run() -> Outcome:
        rows = month_starts(prices.index, FIRST_ROW["expanding"])
        book = floor_calendar(values, rows, np.full((len(rows), n), 1.0 / n))
        return _floor_outcome(book, prices.index)

    return run


def vectorbt_targets(prices: pd.DataFrame, rows: np.ndarray, targets: np.ndarray) -> Outcome:
    """Rebalance to ``targets[k]`` on ``rows[k]`` of ``prices``, starting with cash at ``rows[0]``."""
    import vectorbt as vbt

    traded = prices.iloc[rows[0] :]
    size = np.full(traded.shape, np.nan)
    size[rows - rows[0]] = targets
    portfolio = vbt.Portfolio.from_orders(
        traded,
        size=size,
        size_type="targetpercent",
        call_seq="auto",
        group_by=True,
        cash_sharing=True,
        fees=RATE,
        init_cash=INITIAL,
        freq="1D",
    )
    nav = portfolio.value()
    orders = portfolio.orders.records_readable  # the full trade log, as a table
    assert len(orders) > 0
    return {"final": float(nav.iloc[-1]) / INITIAL, "dates": _stamps(orders["Timestamp"].unique())}


def _prime_vectorbt_targets(prices: pd.DataFrame) -> None:
    """Compile vectorbt's numba functions on a small slice (before the clock)."""
    small = prices.iloc[:60, :3]
    rows = month_starts(small.index, 2)
    vectorbt_targets(small, rows, np.full((len(rows), 3), 1 / 3))


def a_vectorbt(params: dict[str, Any]) -> Callable[[], Outcome]:
    prices = prices_for(params)
    n = prices.shape[1]
    _prime_vectorbt_targets(prices)

    def run() -> Outcome:
        rows = month_starts(prices.index, FIRST_ROW["expanding"])
        return vectorbt_targets(prices, rows, np.full((len(rows), n), 1.0 / n))

    return run


def a_bt(params: dict[str, Any]) -> Callable[[], Outcome]:
    import bt

    data = prices_for(params).iloc[FIRST_ROW["expanding"] :]

    def run() -> Outcome:
        strategy = bt.Strategy(
            "1/N",
            [
                bt.algos.RunMonthly(),
                bt.algos.SelectAll(),
                bt.algos.WeighEqually(),
                bt.algos.Rebalance(),
            ],
        )
        test = bt.Backtest(
            strategy,
            data,
            initial_capital=INITIAL,
            commissions=lambda q, p: abs(q) * p * RATE,
            integer_positions=False,
            progress_bar=False,
        )
        result = bt.run(test)
        transactions = result.get_transactions()
        nav = result.prices.iloc[:, 0]  # index, 100 at the added start date
        dates = transactions.index.get_level_values(0).unique()
        return {"final": float(nav.iloc[-1]) / float(nav.iloc[0]), "dates": _stamps(dates)}

    return run


# ---------------------------------------------------------------- b. monthly min variance
def _window_returns(values: np.ndarray, row: int) -> np.ndarray:
    """The last 252 simple returns up to and including ``row``."""
    window = values[row - MINVAR_WINDOW : row + 1]
    returns: np.ndarray = window[1:] / window[:-1] - 1.0
    return returns


def b_ours(params: dict[str, Any]) -> Callable[[], Outcome]:
    from algofolio.backtest import Strategy, run_backtest
    from algofolio.costs import ProportionalCost
    from algofolio.optimize import MeanVariance
    from algofolio.rebalance import CalendarRule

    prices = prices_for(params)
    strategy = Strategy(
        name="min variance",
        allocator=MeanVariance(),
        rule=CalendarRule("monthly"),
        costs=ProportionalCost(bps=10),
        window=MINVAR_WINDOW,
    )

    def run() -> Outcome:
        result = run_backtest(prices, strategy, initial_value=INITIAL)
        weights = result.weights.loc[result.rebalances.index].to_numpy()  # = targets after a fill
        return {
            "final": float(result.nav.iloc[-1]) / INITIAL,
            "dates": _stamps(result.rebalances.index),
            "weights": weights,
        }

    return run


def b_pypfopt_vectorbt(params: dict[str, Any]) -> Callable[[], Outcome]:
    from pypfopt import EfficientFrontier

    prices = prices_for(params)
    values = prices.to_numpy()
    _prime_vectorbt_targets(prices)

    def run() -> Outcome:
        rows = month_starts(prices.index, FIRST_ROW["minvar"])
        targets = np.empty((len(rows), values.shape[1]))
        for k, row in enumerate(rows):
            cov = np.cov(_window_returns(values, row), rowvar=False, ddof=1)
            frontier = EfficientFrontier(None, cov, weight_bounds=(0, 1))
            frontier.min_volatility()
            targets[k] = frontier.weights
        out = vectorbt_targets(prices, rows, targets)
        out["weights"] = targets
        return out

    return run


def b_cvxpy_numpy(params: dict[str, Any]) -> Callable[[], Outcome]:
    import cvxpy as cp

    prices = prices_for(params)
    values = prices.to_numpy()
    n = values.shape[1]
    scaled = cp.Parameter((MINVAR_WINDOW, n))
    w = cp.Variable(n)
    problem = cp.Problem(cp.Minimize(cp.sum_squares(scaled @ w)), [cp.sum(w) == 1, w >= 0])

    def run() -> Outcome:
        rows = month_starts(prices.index, FIRST_ROW["minvar"])
        targets = np.empty((len(rows), n))
        for k, row in enumerate(rows):
            returns = _window_returns(values, row)
            centred = returns - returns.mean(axis=0)
            # scaled so that the objective is about 1: Clarabel's default tolerances are absolute
            scaled.value = centred / np.sqrt((centred**2).sum(axis=0).mean())
            problem.solve(solver=cp.CLARABEL)
            targets[k] = np.clip(w.value, 0.0, None) / np.clip(w.value, 0.0, None).sum()
        return _floor_outcome(floor_calendar(values, rows, targets), prices.index, targets)

    return run


# ---------------------------------------------------------------- c. 5% drift band
def c_ours(params: dict[str, Any]) -> Callable[[], Outcome]:
    from algofolio.rebalance import ThresholdRule

    band, relative = BANDS[params["case"]]
    rule = ThresholdRule(band, kind="relative" if relative else "absolute")
    return ours_equal_weight(prices_for(params), rule)


def c_numpy(params: dict[str, Any]) -> Callable[[], Outcome]:
    prices = prices_for(params)
    values = prices.to_numpy()
    n = values.shape[1]

    def run() -> Outcome:
        band, relative = BANDS[params["case"]]
        book = floor_band(values, FIRST_ROW["expanding"], np.full(n, 1.0 / n), band, relative)
        return _floor_outcome(book, prices.index)

    return run


def c_vectorbt(params: dict[str, Any]) -> Callable[[], Outcome]:
    import vectorbt as vbt
    from numba import njit
    from vectorbt.portfolio import nb as pnb
    from vectorbt.portfolio.enums import Direction, NoOrder, SizeType

    @njit
    def pre_group(c: Any) -> Any:
        return (np.empty(c.group_len, dtype=np.float64), np.zeros(1, dtype=np.bool_))

    @njit
    def pre_segment(
        c: Any,
        order_value: Any,
        due: Any,
        size: Any,
        size_type: Any,
        direction: Any,
        band: float,
        relative: bool,
    ) -> Any:
        value = c.last_cash[c.group]
        for col in range(c.from_col, c.to_col):
            c.last_val_price[col] = c.close[c.i, col]
            value += c.last_position[col] * c.close[c.i, col]
        due[0] = c.i == 0
        if not due[0]:
            for col in range(c.from_col, c.to_col):
                weight = c.last_position[col] * c.close[c.i, col] / value
                limit = band * size[col] if relative else band
                if abs(weight - size[col]) > limit:
                    due[0] = True
                    break
        if due[0]:
            pnb.sort_call_seq_nb(c, size, size_type, direction, order_value, ctx_select=False)
        return (due,)

    @njit
    def order(c: Any, due: Any, size: Any, fees: float) -> Any:
        if not due[0]:
            return NoOrder
        return pnb.order_nb(
            size=size[c.col],
            price=c.close[c.i, c.col],
            size_type=SizeType.TargetPercent,
            direction=Direction.LongOnly,
            fees=fees,
        )

    def simulate(prices: pd.DataFrame) -> Outcome:
        n = prices.shape[1]
        target = np.full(n, 1.0 / n)
        size_type = np.full(n, SizeType.TargetPercent)
        direction = np.full(n, Direction.LongOnly)
        portfolio = vbt.Portfolio.from_order_func(
            prices,
            order,
            target,
            RATE,
            pre_group_func_nb=pre_group,
            pre_segment_func_nb=pre_segment,
            pre_segment_args=(target, size_type, direction, *BANDS[params["case"]]),
            cash_sharing=True,
            group_by=True,
            init_cash=INITIAL,
            freq="1D",
        )
        nav = portfolio.value()
        orders = portfolio.orders.records_readable
        return {
            "final": float(nav.iloc[-1]) / INITIAL,
            "dates": _stamps(orders["Timestamp"].unique()),
        }

    prices = prices_for(params).iloc[FIRST_ROW["expanding"] :]
    simulate(prices.iloc[:60, :3])  # compile before the clock
    return lambda: simulate(prices)


# ---------------------------------------------------------------- d. moving-average sweep
def ma_pairs(pairs: int) -> tuple[np.ndarray, np.ndarray]:
    """``pairs`` (fast, slow) windows: a square grid, fast 5..50 and slow 60..240 at full size."""
    side = math.isqrt(pairs)
    if side * side != pairs:
        raise ValueError(f"pairs must be a square number, got {pairs}")
    fast = np.linspace(5, 50, side).round().astype(int)
    slow = np.linspace(60, 240, side).round().astype(int)
    grid = np.array(list(itertools.product(fast, slow)))
    return grid[:, 0], grid[:, 1]


def d_ours(params: dict[str, Any]) -> Callable[[], Outcome]:
    from algofolio.backtest.sweep import ma_crossover_sweep
    from algofolio.costs import ProportionalCost

    prices = prices_for(params)
    fast, slow = ma_pairs(params["pairs"])
    costs = ProportionalCost(bps=10)

    def run() -> Outcome:
        result = ma_crossover_sweep(prices, fast, slow, costs=costs)
        return {
            "final": result.final_value.to_numpy(),  # pair-major: (fast, slow) x assets
        }

    return run


def d_vectorbt(params: dict[str, Any]) -> Callable[[], Outcome]:
    import vectorbt as vbt

    def sweep(prices: pd.DataFrame, fast: np.ndarray, slow: np.ndarray) -> Outcome:
        fast_ma = vbt.MA.run(prices, window=list(fast), short_name="fast")
        slow_ma = vbt.MA.run(prices, window=list(slow), short_name="slow")
        entries = fast_ma.ma_crossed_above(slow_ma)
        exits = fast_ma.ma_crossed_below(slow_ma)
        portfolio = vbt.Portfolio.from_signals(
            prices, entries, exits, direction="longonly", fees=RATE, init_cash=100.0, freq="1D"
        )
        final = portfolio.final_value().to_numpy() / 100.0  # pair-major: (fast, slow) x assets
        return {
            "final": final,
        }

    prices = prices_for(params)
    fast, slow = ma_pairs(params["pairs"])
    sweep(prices.iloc[:300, :2], fast[:2], slow[:2])  # compile before the clock
    return lambda: sweep(prices, fast, slow)


def d_numpy(params: dict[str, Any]) -> Callable[[], Outcome]:
    values = prices_for(params).to_numpy()
    fast, slow = ma_pairs(params["pairs"])

    def run() -> Outcome:
        days = len(values)
        sums = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values, axis=0)])
        averages = {}
        for window in np.unique(np.r_[fast, slow]):
            average = np.full_like(values, np.nan)
            average[window - 1 :] = (sums[window:] - sums[: days + 1 - window]) / window
            averages[window] = average
        log_growth = np.log(values[1:] / values[:-1])
        final = np.empty((len(fast), values.shape[1]))
        for k, (f, s) in enumerate(zip(fast, slow, strict=True)):
            above = averages[f] > averages[s]
            below = averages[f] < averages[s]
            seen_below = np.maximum.accumulate(below, axis=0)
            # in the market after the close of t: above at t, and below at some earlier close
            held = above & np.r_[np.zeros((1, values.shape[1]), bool), seen_below[:-1]]
            entries = held[1:] & ~held[:-1]
            exits = held[:-1] & ~held[1:]
            growth = (held[:-1] * log_growth).sum(axis=0)
            final[k] = np.exp(growth) * (1 + RATE) ** -entries.sum(0) * (1 - RATE) ** exits.sum(0)
        return {
            "final": final.ravel(),
        }

    return run


# ---------------------------------------------------------------- the cases
NOT_RUN = "NOT_RUN"


@dataclass(frozen=True)
class Case:
    name: str
    reference: str
    contenders: dict[str, Callable[[dict[str, Any]], Callable[[], Outcome]] | str]
    """A factory (data and imports, untimed) returning the timed run, or why it is not run."""


CASES: list[Case] = [
    Case(
        "a. monthly 1/N, 10 bps",
        "algofolio",
        {
            "algofolio": a_ours,
            "vectorbt": a_vectorbt,
            "bt": a_bt,
            "numpy floor": a_numpy,
        },
    ),
    Case(
        "b. monthly min variance 252d",
        "algofolio",
        {
            "algofolio": b_ours,
            "PyPortfolioOpt + vectorbt": b_pypfopt_vectorbt,
            "cvxpy + numpy floor": b_cvxpy_numpy,
        },
    ),
    Case(
        "c. 5% abs drift band, 1/N",
        "algofolio",
        {
            "algofolio": c_ours,
            "vectorbt (order func)": c_vectorbt,
            "bt": "no drift-band algo in bt (would need a custom Algo); not run",
            "numpy floor": c_numpy,
        },
    ),
    Case(
        "d. MA crossover sweep",
        "algofolio",
        {
            "algofolio": d_ours,
            "vectorbt": d_vectorbt,
            "numpy floor": d_numpy,
        },
    ),
    Case(
        "e. 25% rel drift band, 1/N",
        "algofolio",
        {
            "algofolio": c_ours,
            "vectorbt (order func)": c_vectorbt,
            "bt": "no drift-band algo in bt (would need a custom Algo); not run",
            "numpy floor": c_numpy,
        },
    ),
]

SIZES: dict[str, dict[str, dict[str, int]]] = {
    "full": {
        "a": {"assets": 500, "days": 5040},
        "b": {"assets": 100, "days": 2520},
        "c": {"assets": 500, "days": 5040},
        "e": {"assets": 500, "days": 5040},
        "d": {"assets": 100, "days": 2520, "pairs": 100},
    },
    "quick": {
        "a": {"assets": 20, "days": 500},
        "b": {"assets": 20, "days": 600},
        "c": {"assets": 5, "days": 1000},
        "e": {"assets": 20, "days": 500},
        "d": {"assets": 20, "days": 500, "pairs": 25},
    },
}


def _size(params: dict[str, int]) -> str:
    size = f"{params['assets']} x {params['days']}"
    if "pairs" in params:
        size += f" x {params['pairs']}p"
    return size


# ---------------------------------------------------------------- measuring
def measure(case_name: str, contender: str, params: dict[str, Any], repeat: int, out: str) -> Any:
    """In a child process: median seconds and peak RSS; the last outcome is saved to ``out``."""
    case = next(c for c in CASES if c.name == case_name)
    factory = case.contenders[contender]
    assert callable(factory)
    warnings.simplefilter("ignore")
    run = factory(params)
    started = time.perf_counter()
    outcome = run()
    times = [time.perf_counter() - started]
    if times[0] <= SLOW:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            outcome = run()
            times.append(time.perf_counter() - started)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    np.savez(out, **{k: np.asarray(v) for k, v in outcome.items()})
    return {"seconds": statistics.median(times), "peak_mib": peak_kib / 1024}


def _child(
    case: str, contender: str, params: dict[str, Any], args: argparse.Namespace, out: str
) -> Any:
    spec = json.dumps({"case": case, "contender": contender, "params": params, "out": out})
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", spec, "--repeat", str(args.repeat)],
            capture_output=True,
            text=True,
            check=False,
            timeout=args.timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {args.timeout:g} s"}
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no output"]
        return {"error": lines[-1][:100]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def variance_gap(params: dict[str, Any], mine: np.ndarray, theirs: np.ndarray) -> float:
    """Largest relative excess of the variance of ``theirs`` over ``mine`` (rebalances x assets)
    on the sample covariance of each rebalance's window (> 0: theirs is worse)."""
    prices = prices_for(params)
    values = prices.to_numpy()
    rows = month_starts(prices.index, FIRST_ROW["minvar"])
    gaps = []
    for k, row in enumerate(rows):
        cov = np.cov(_window_returns(values, row), rowvar=False, ddof=1)
        ours = mine[k] @ cov @ mine[k]
        gaps.append((theirs[k] @ cov @ theirs[k] - ours) / ours)
    return float(max(gaps))


def _check(
    outcome: dict[str, np.ndarray],
    reference: dict[str, np.ndarray] | None,
    params: dict[str, Any],
) -> str:
    final = outcome["final"]
    if final.ndim == 1 and final.size > 1:  # a sweep: compare every variant
        if reference is None or reference["final"].shape != final.shape:
            return f"{final.size} finals, mean {final.mean():.4f}"
        gap = np.abs(final / reference["final"] - 1)
        return f"max rel diff {gap.max():.1e}; {int((gap > 1e-6).sum())} > 1e-6"
    text = f"NAV {float(final):.6f}, {outcome['dates'].size} reb"
    if reference is None:
        return text
    differ = np.setxor1d(outcome["dates"], reference["dates"]).size
    text += " (same dates)" if differ == 0 else f" ({differ} dates differ)"
    text += f", {float(final) / float(reference['final']) - 1:+.1e}"
    if "weights" in outcome and "weights" in reference:
        mine, theirs = reference["weights"], outcome["weights"]
        if mine.shape == theirs.shape:
            text += f", max|dw| {np.abs(mine - theirs).max():.1e}"
            text += f", var gap {variance_gap(params, mine, theirs):+.1e}"
        else:
            text += f", weights {theirs.shape} vs {mine.shape}"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small problems")
    parser.add_argument("--only", default="", help="cases whose name contains this text")
    parser.add_argument("--minvar-size", default="", help="size of case b, e.g. 500x5040")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs after the warm-up")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per contender")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        spec = json.loads(args.child)
        outcome = measure(spec["case"], spec["contender"], spec["params"], args.repeat, spec["out"])
        print(json.dumps(outcome))
        return
    sizes = {k: dict(v) for k, v in SIZES["quick" if args.quick else "full"].items()}
    if args.minvar_size:
        assets, days = (int(x) for x in args.minvar_size.lower().split("x"))
        sizes["b"].update(assets=assets, days=days)
    header = (
        f"{'case':<29} {'size':<17} {'contender':<26} {'median s':>9} {'peak MiB':>9} "
        f"{'ratio':>8}  check"
    )
    print(header)
    print("-" * (len(header) + 40))
    with tempfile.TemporaryDirectory() as folder:
        for case in CASES:
            if args.only and args.only not in case.name:
                continue
            key = case.name[0]
            _print_case(case, {**sizes[key], "case": key}, args, folder)
    print(
        "\nratio = contender's median time / the reference's (algofolio);"
        " > 1: the reference is faster.\ncheck: final NAV (growth of 1), rebalances (and whether their"
        " dates are the reference's), relative NAV difference to the reference;\nb.: largest weight"
        " difference to algofolio's targets, and largest relative excess of the contender's"
        " variance over ours on each window's covariance (> 0: its solve is worse)."
    )


def _print_case(case: Case, params: dict[str, Any], args: argparse.Namespace, folder: str) -> None:
    size = _size(params)
    runs: dict[str, tuple[dict[str, Any], dict[str, np.ndarray]]] = {}
    for contender, factory in case.contenders.items():
        if isinstance(factory, str):
            continue
        path = os.path.join(folder, f"{case.name[0]}-{len(runs)}.npz")
        result = _child(case.name, contender, params, args, path)
        if "error" not in result:
            with np.load(path) as saved:
                runs[contender] = (result, {k: saved[k] for k in saved.files})
        else:
            runs[contender] = (result, {})
    reference = runs.get(case.reference)
    ref_ok = reference is not None and "error" not in reference[0]
    for contender, factory in case.contenders.items():
        start = f"{case.name:<29} {size:<17} {contender:<26}"
        if isinstance(factory, str):
            print(f"{start} {'-':>9} {'-':>9} {'-':>8}  {factory}")
            continue
        result, outcome = runs[contender]
        if "error" in result:
            print(f"{start} failed: {result['error']}")
            continue
        ratio = ""
        if ref_ok and reference is not None and contender != case.reference:
            times = result["seconds"] / reference[0]["seconds"]
            ratio = f"{times:7.1f}x" if times >= 1 else f"{times:7.3f}x"
        check_ref = reference[1] if ref_ok and reference and contender != case.reference else None
        print(
            f"{start} {result['seconds']:9.3f} {result['peak_mib']:9.0f} {ratio:>8}  "
            f"{_check(outcome, check_ref, params)}"
        )


if __name__ == "__main__":
    main()
