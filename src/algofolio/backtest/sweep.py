"""Long/flat signal backtests of many variants at once: a parameter sweep, vectorised.

Each *variant* trades one asset alone with 1 unit of cash (its final value is a growth of 1): it
buys with all its cash at the close of the day its position turns long and sells everything at the
close of the day it turns flat, paying ``rate`` times the traded value each way (vectorbt's
``Portfolio.from_signals`` with ``fees=rate``: a buy of cash ``V`` gets ``V / ((1 + rate) p)``
shares, a sale of ``q`` shares gives ``q p (1 - rate)``). An open position is valued at the last
close. So ``final = prod(p_exit / p_entry) * (1 + rate) ** -entries * (1 - rate) ** exits`` over
the variant's trades, which is what is computed, from the days the position changes only.

* :func:`ma_crossover_sweep`: long from the close where the fast moving average crosses above the
  slow one until it crosses below (:func:`algofolio.signals.crossover`, vectorbt's definition),
  for (fast, slow) window pairs x assets; each moving average is computed once.
* :func:`signal_sweep`: any bool positions (True: long after that close), variants x dates x assets.

Both return a :class:`SweepResult`. Prices must be > 0 with no gap after each asset's first price.

>>> import pandas as pd
>>> prices = pd.DataFrame({"A": [10.0, 11.0, 12.0, 9.0]}, index=pd.RangeIndex(4))
>>> held = {"hold 1-2": pd.DataFrame({"A": [False, True, True, False]}, index=prices.index)}
>>> signal_sweep(prices, held).final_value.round(6).tolist()  # bought at 11, sold at 9
[0.818182]
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from algofolio.core.errors import ConfigError, DataError
from algofolio.core.frequency import resolve_periods_per_year
from algofolio.core.options import check_option
from algofolio.costs import CostModel, linear_rate
from algofolio.metrics import sharpe_ratio
from algofolio.signals._frames import check_positive, check_window, date_label, series_values
from algofolio.signals.crossover import crossed_above
from algofolio.signals.moving_average import MovingAverageKind, moving_averages
from algofolio.signals.positions import long_flat_values

__all__ = ["SweepResult", "ma_crossover_sweep", "signal_sweep"]

_BLOCK_BYTES = 128 * 2**20
"""Memory for the moving averages of one block of assets (all windows x dates x block)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class SweepResult:
    """One value per variant, all indexed alike: by ``(fast, slow, asset)`` for a moving-average
    sweep, ``(variant, asset)`` for :func:`signal_sweep`.

    * ``final_value``: value at the last close of 1 unit of cash at the start (growth of 1);
    * ``total_return``: ``final_value - 1``;
    * ``trades``: positions opened (round trips; the last one may still be open), int64;
    * ``sharpe``: annualised Sharpe ratio of the variant's daily returns (costs included, the
      first return at the second date), :func:`algofolio.metrics.sharpe_ratio`; ``None`` unless
      asked for, and NaN for a variant whose returns are all equal (it never held a position
      with a price move, so the ratio is undefined).
    """

    final_value: pd.Series
    total_return: pd.Series
    trades: pd.Series
    sharpe: pd.Series | None = None

    def to_frame(self) -> pd.DataFrame:
        """The results as columns of one ``DataFrame`` (``sharpe`` only when computed)."""
        columns = [self.final_value, self.total_return, self.trades]
        return pd.concat([*columns, *([self.sharpe] if self.sharpe is not None else [])], axis=1)


def ma_crossover_sweep(
    prices: pd.DataFrame,
    fast: Sequence[int] | np.ndarray,
    slow: Sequence[int] | np.ndarray,
    *,
    kind: MovingAverageKind = "simple",
    costs: CostModel | None = None,
    sharpe: bool = False,
    periods_per_year: float | None = None,
) -> SweepResult:
    """Moving-average crossover backtests of every ``(fast[i], slow[i])`` pair on every asset.

    ``prices`` are closes (dates x assets); ``fast`` and ``slow`` are window lengths paired by
    position (equal lengths, integers >= 1, no pair twice: :class:`ConfigError` otherwise; use
    ``itertools.product`` for a grid). ``costs`` is a proportional cost model (``None``: free);
    ``sharpe=True`` adds Sharpe ratios (``periods_per_year`` given, or inferred from the dates).
    Results are indexed by ``(fast, slow, asset)``, pair-major, as the pairs were given.
    """
    check_option(kind, MovingAverageKind, "kind")
    windows = _window_pairs(fast, slow)
    market = _Market.build(prices, costs, sharpe=sharpe, periods_per_year=periods_per_year)
    unique, pair_index = np.unique(windows, return_inverse=True)
    pair_index = pair_index.reshape(windows.shape)
    n_rows, n_assets = market.closes.shape
    block = max(1, _BLOCK_BYTES // (8 * len(unique) * max(n_rows, 1)))
    books = _Books(len(windows), n_assets)
    for start in range(0, n_assets, block):
        cols = slice(start, min(start + block, n_assets))
        averages = moving_averages(
            market.closes[:, cols], market.first[cols], unique.tolist(), kind
        )
        for p, (i_fast, i_slow) in enumerate(pair_index):
            defined_from = np.minimum(market.first[cols] + int(windows[p].max()) - 1, n_rows)
            changes = _crossover_changes(averages[i_fast], averages[i_slow], defined_from)
            books.record(p, cols, changes, market)
    fast_level, fast_codes = np.unique(windows[:, 0], return_inverse=True)
    slow_level, slow_codes = np.unique(windows[:, 1], return_inverse=True)
    codes = [
        np.repeat(fast_codes, n_assets),
        np.repeat(slow_codes, n_assets),
        np.tile(np.arange(n_assets), len(windows)),
    ]
    labels = pd.MultiIndex(  # from codes: no factorising of (pairs x assets) labels
        levels=cast(Any, [fast_level, slow_level, prices.columns]),
        codes=cast(Any, codes),
        names=["fast", "slow", "asset"],
        verify_integrity=False,
    )
    return books.result(labels)


def signal_sweep(
    prices: pd.DataFrame,
    positions: Mapping[Hashable, pd.DataFrame] | np.ndarray,
    *,
    costs: CostModel | None = None,
    sharpe: bool = False,
    periods_per_year: float | None = None,
) -> SweepResult:
    """Long/flat backtests of bool ``positions`` (True: long after that date's close).

    ``positions`` is a mapping ``variant -> DataFrame`` with ``prices``' dates and assets, or a
    bool array ``(variants, dates, assets)`` (variants ``0, 1, ...``). Results are indexed by
    ``(variant, asset)``. Long on a date without a price raises :class:`DataError` naming the
    variant, asset and date. ``costs``, ``sharpe``, ``periods_per_year`` as in
    :func:`ma_crossover_sweep`.
    """
    market = _Market.build(prices, costs, sharpe=sharpe, periods_per_year=periods_per_year)
    variants = _position_arrays(positions, prices)
    books = _Books(len(variants), prices.shape[1])
    everything = slice(0, prices.shape[1])
    for v, (name, held) in enumerate(variants.items()):
        unpriced = held & np.isnan(market.closes)
        if unpriced.any():
            row, col = (int(i[0]) for i in np.nonzero(unpriced))
            asset, date = str(prices.columns[col]), prices.index[row]
            raise DataError(
                f"variant {name!r} is long {asset!r} on {date_label(date)}, which has no price",
                asset=asset,
                date=date,
            )
        books.record(v, everything, _Changes.of(held), market)
    labels = pd.MultiIndex.from_product(
        [pd.Index(list(variants), tupleize_cols=False), prices.columns], names=["variant", "asset"]
    )
    return books.result(labels)


@dataclass(frozen=True, slots=True)
class _Market:
    """Closes ``(T, N)``, each asset's first priced row, log prices (0 where unpriced), the cost
    rate; for Sharpe ratios the gross returns ``p_t / p_{t-1}`` ``(T-1, N)`` and their dates."""

    closes: np.ndarray
    first: np.ndarray
    log_prices: np.ndarray
    rate: float
    gross: np.ndarray | None
    dates: pd.Index
    periods_per_year: float

    @classmethod
    def build(
        cls,
        prices: pd.DataFrame,
        costs: CostModel | None,
        *,
        sharpe: bool,
        periods_per_year: float | None,
    ) -> _Market:
        if not isinstance(prices, pd.DataFrame):
            raise DataError(f"prices must be a DataFrame (dates x assets), got {type(prices)}")
        values, first = series_values(prices, "prices")
        check_positive(values, prices, "prices")
        if prices.columns.has_duplicates:
            asset = str(prices.columns[prices.columns.duplicated()][0])
            raise DataError(f"prices: the asset {asset!r} appears twice", asset=asset)
        rate = _rate(costs)
        with np.errstate(invalid="ignore"):
            log_prices = np.nan_to_num(np.log(values), nan=0.0)
            gross = values[1:] / values[:-1] if sharpe else None
        ppy = resolve_periods_per_year(prices.index, periods_per_year) if sharpe else math.nan
        dates = prices.index[1:] if sharpe else prices.index[:0]
        return cls(values, first, log_prices, rate, gross, dates, ppy)


class _Books:
    """Per-variant results, filled one variant (all its assets) at a time."""

    def __init__(self, n_variants: int, n_assets: int) -> None:
        self.log_growth = np.zeros((n_variants, n_assets))
        self.entries = np.zeros((n_variants, n_assets), dtype=np.int64)
        self.exits = np.zeros((n_variants, n_assets), dtype=np.int64)
        self.sharpe: np.ndarray | None = None
        self.rate = 0.0

    def record(self, variant: int, cols: slice, changes: _Changes, market: _Market) -> None:
        """Book the position ``changes`` of ``variant`` on the assets ``cols``."""
        log_prices = market.log_prices[:, cols]
        n_cols = log_prices.shape[1]
        logs = log_prices[changes.rows, changes.cols]
        signed = np.where(changes.rising, -logs, logs)  # buy at p_entry, sell at p_exit
        growth = np.bincount(changes.cols, weights=signed, minlength=n_cols)
        self.log_growth[variant, cols] = growth + np.where(changes.last, log_prices[-1], 0.0)
        self.entries[variant, cols] = np.bincount(changes.cols[changes.rising], minlength=n_cols)
        self.exits[variant, cols] = np.bincount(changes.cols[~changes.rising], minlength=n_cols)
        self.rate = market.rate
        if market.gross is not None:
            if self.sharpe is None:
                self.sharpe = np.full(self.log_growth.shape, np.nan)
            daily = _daily_returns(changes, market.gross[:, cols], market.rate)
            self.sharpe[variant, cols] = _sharpe(daily, market)

    def result(self, labels: pd.MultiIndex) -> SweepResult:
        log_final = (
            self.log_growth
            - self.entries * math.log1p(self.rate)
            + self.exits * math.log1p(-self.rate)
        )
        final = pd.Series(np.exp(log_final).ravel(), index=labels, name="final_value")
        return SweepResult(
            final_value=final,
            total_return=(final - 1.0).rename("total_return"),
            trades=pd.Series(self.entries.ravel(), index=labels, name="trades"),
            sharpe=None
            if self.sharpe is None
            else pd.Series(self.sharpe.ravel(), index=labels, name="sharpe"),
        )


@dataclass(frozen=True, slots=True)
class _Changes:
    """The days the long/flat positions ``(T, K)`` change: rows, columns (in row-major order) and
    ``rising`` (True: flat to long, an entry; False: an exit); ``last``: long at the last close."""

    rows: np.ndarray
    cols: np.ndarray
    rising: np.ndarray
    last: np.ndarray

    @classmethod
    def of(cls, held: np.ndarray) -> _Changes:
        """The changes of bool positions ``held`` ``(T, K)`` (long on row 0 is an entry)."""
        change = np.empty(held.shape, dtype=bool)
        change[0] = held[0]
        np.not_equal(held[1:], held[:-1], out=change[1:])
        rows, cols = np.divmod(np.flatnonzero(change), held.shape[1])
        return cls(rows, cols, held[rows, cols], held[-1].copy())

    def held(self, n_rows: int) -> np.ndarray:
        """The bool positions ``(n_rows, K)`` back from the changes."""
        steps = np.zeros((n_rows, len(self.last)), dtype=np.int8)
        steps[self.rows, self.cols] = np.where(self.rising, 1, -1)
        held: np.ndarray = np.cumsum(steps, axis=0, dtype=np.int8) > 0
        return held


def _crossover_changes(fast: np.ndarray, slow: np.ndarray, start: np.ndarray) -> _Changes:
    """Position changes of a crossover of moving averages ``(T, K)`` that are NaN before the rows
    ``start`` ``(K,)`` (the warm-up; ``T`` when never defined) and defined from there.

    Without ties (``fast == slow``) the crossing definition of :func:`algofolio.signals.crossover`
    reduces to: long after the close of ``t`` when fast is above slow at ``t`` and was below it at
    some earlier date. So the changes are those of "above" after each column's first date below,
    found from the (few) changes of "above" alone; a tie anywhere sends the pair to the exact
    signal-by-signal path.
    """
    if np.count_nonzero(np.equal(fast, slow)):
        return _Changes.of(long_flat_values(crossed_above(fast, slow), crossed_above(slow, fast)))
    above = np.greater(fast, slow)
    n_rows, n_cols = above.shape
    rows, cols = np.divmod(np.flatnonzero(np.not_equal(above[1:], above[:-1])), n_cols)
    rows += 1
    rising = above[rows, cols]
    first_fall = np.full(n_cols, n_rows)
    np.minimum.at(first_fall, cols[~rising], rows[~rising])
    defined = np.flatnonzero(start < n_rows)
    starts_above = np.zeros(n_cols, dtype=bool)
    starts_above[defined] = above[start[defined], defined]
    first_below = np.where(starts_above, first_fall, start)  # no tie: not above = below
    keep = rows > first_below[cols]
    last = above[-1] & (first_below < n_rows - 1)
    return _Changes(rows[keep], cols[keep], rising[keep], last)


def _daily_returns(changes: _Changes, gross: np.ndarray, rate: float) -> np.ndarray:
    """Simple returns ``(T-1, K)`` of the variants from the second date: the price move
    ``gross`` when held over the day, times ``1 / (1 + rate)`` on an entry day and ``1 - rate``
    on an exit day (an entry on the first date is before the first return)."""
    held = changes.held(len(gross) + 1)
    daily = np.where(held[:-1], gross, 1.0)
    later = changes.rows > 0
    rows, cols = changes.rows[later] - 1, changes.cols[later]
    daily[rows, cols] *= np.where(changes.rising[later], 1.0 / (1.0 + rate), 1.0 - rate)
    daily -= 1.0
    return daily


def _sharpe(daily: np.ndarray, market: _Market) -> np.ndarray:
    """:func:`~algofolio.metrics.sharpe_ratio` of each column; NaN where all returns are equal."""
    out = np.full(daily.shape[1], np.nan)
    varies = daily.max(axis=0) > daily.min(axis=0)
    if varies.any():
        frame = pd.DataFrame(daily if varies.all() else daily[:, varies], index=market.dates)
        ratios = sharpe_ratio(frame, periods_per_year=market.periods_per_year)
        out[varies] = np.asarray(ratios, dtype=float)
    return out


def _rate(costs: CostModel | None) -> float:
    if costs is None:
        return 0.0
    try:
        rate = linear_rate(costs)
    except ConfigError:
        raise ConfigError(
            f"a sweep charges proportional costs (a fixed rate per unit traded); got "
            f"{type(costs).__name__}",
            key="costs",
        ) from None
    if rate >= 1.0:
        raise ConfigError(f"costs: a rate of {rate:g} per unit traded leaves nothing", key="costs")
    return rate


def _window_pairs(fast: Sequence[int] | np.ndarray, slow: Sequence[int] | np.ndarray) -> np.ndarray:
    """``(P, 2)`` int64 array of the (fast, slow) pairs, checked."""
    if len(fast) != len(slow) or len(fast) == 0:
        raise ConfigError(
            f"fast and slow pair up window lengths: give as many of each (at least one), got "
            f"{len(fast)} and {len(slow)}",
            key="slow",
        )
    pairs = np.array(
        [
            (check_window(f, f"fast[{i}]"), check_window(s, f"slow[{i}]"))
            for i, (f, s) in enumerate(zip(fast, slow, strict=True))
        ],
        dtype=np.int64,
    )
    unique, counts = np.unique(pairs, axis=0, return_counts=True)
    if (counts > 1).any():
        twice = tuple(int(w) for w in unique[np.argmax(counts > 1)])
        raise ConfigError(f"the window pair {twice} is given more than once", key="fast")
    return pairs


def _position_arrays(
    positions: Mapping[Hashable, pd.DataFrame] | np.ndarray, prices: pd.DataFrame
) -> dict[Hashable, np.ndarray]:
    """The variants' bool positions ``(T, N)`` by name, checked against ``prices``' layout."""
    shape = prices.shape
    if isinstance(positions, np.ndarray):
        if positions.dtype != np.bool_ or positions.ndim != 3 or positions.shape[1:] != shape:
            raise DataError(
                f"positions must be a bool array (variants, {shape[0]}, {shape[1]}), got "
                f"{positions.dtype} {positions.shape}"
            )
        return {v: positions[v] for v in range(len(positions))}
    arrays: dict[Hashable, np.ndarray] = {}
    for name, frame in positions.items():
        if not isinstance(frame, pd.DataFrame) or not (
            frame.index.equals(prices.index) and frame.columns.equals(prices.columns)
        ):
            raise DataError(f"positions of variant {name!r} must be a DataFrame on prices' layout")
        values = frame.to_numpy()
        if values.dtype != np.bool_:
            raise DataError(f"positions of variant {name!r} must be bool, got {values.dtype}")
        arrays[name] = values
    return arrays
