"""The backtest simulator: one strategy over a price history, without look-ahead.

**Timing.** A decision at the close of day ``t`` sees a :class:`~algofolio.core.MarketSnapshot` of
the prices up to and including ``t``; its trades fill at the close of ``t`` at those prices, paying
the strategy's costs out of the portfolio (:func:`algofolio.execution.rebalance_fill`).

**First rebalance.** The first date ``>= start`` with ``window`` returns of history (2 for an
expanding window) and at least one eligible asset. Nothing is recorded before it; the NAV there
is ``initial_value`` less the costs of buying the first portfolio from cash.

**Between rebalances** shares are held and weights drift with prices. The rule is evaluated on
chunks of upcoming days at once (drifted weights computed for the whole chunk, then the first due
day is taken), so there is no Python loop per day. A held asset without a price on a day raises
:class:`DataError` naming it and the date.

**Eligible assets** at a rebalance are those priced on every date of the window; assets listed
later join at the first rebalance whose window they fill (see :func:`decide_targets`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import clone

from algofolio.backtest.policy import decide_targets
from algofolio.backtest.result import TRADE_COLUMNS, BacktestResult
from algofolio.backtest.start import first_rebalance_row
from algofolio.backtest.strategy import Strategy
from algofolio.core.errors import ConfigError, DataError
from algofolio.core.snapshot import MarketSnapshot
from algofolio.data import validate_prices
from algofolio.execution import rebalance_fill
from algofolio.rebalance import DriftWindow

__all__ = ["run_backtest"]

INITIAL_REASON = "initial allocation"
# days per rule evaluation: the first chunk after a rebalance, doubling while nothing is due
_FIRST_CHUNK = 32
_MAX_CHUNK = 4096


def run_backtest(
    prices: pd.DataFrame,
    strategy: Strategy,
    *,
    initial_value: float = 1.0,
    start: pd.Timestamp | str | None = None,
    end: pd.Timestamp | str | None = None,
) -> BacktestResult:
    """Simulate ``strategy`` on ``prices`` (dates x assets, > 0 or NaN) from ``start`` to ``end``.

    Dates before ``start`` serve only as history for the allocator's window; dates after ``end``
    are ignored. See the module docstring for timing and eligibility.

    >>> import numpy as np, pandas as pd
    >>> from algofolio.allocate import EqualWeight
    >>> from algofolio.rebalance import CalendarRule
    >>> dates = pd.bdate_range("2024-01-01", periods=60, name="date")
    >>> prices = pd.DataFrame({"A": np.linspace(100, 130, 60), "B": np.full(60, 50.0)}, index=dates)
    >>> strategy = Strategy(name="1/N", allocator=EqualWeight(), rule=CalendarRule(), window=20)
    >>> result = run_backtest(prices, strategy, initial_value=100.0)
    >>> result.rebalances.index.strftime("%Y-%m-%d").tolist()
    ['2024-01-29', '2024-02-01', '2024-03-01']
    >>> round(float(result.nav.iloc[-1]), 4)
    108.7933
    """
    frame = validate_prices(prices)
    if end is not None:
        frame = frame.loc[: pd.Timestamp(end)]
    if (
        not isinstance(initial_value, int | float)
        or not math.isfinite(initial_value)
        or initial_value <= 0
    ):
        raise ConfigError(
            f"initial_value must be a finite number > 0, got {initial_value!r}", key="initial_value"
        )
    first = first_rebalance_row(frame, strategy.window, start)
    return _Simulation(frame, strategy).run(first, float(initial_value))


@dataclass
class _Simulation:
    """Mutable book of one run; arrays preallocated over all dates, filled as the run advances."""

    frame: pd.DataFrame
    strategy: Strategy
    prices: np.ndarray = field(init=False)
    nav: np.ndarray = field(init=False)
    cash: np.ndarray = field(init=False)
    weights: np.ndarray = field(init=False)
    trades: list[tuple[np.ndarray, ...]] = field(default_factory=list)
    rebalances: list[tuple[int, str, float, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.prices = self.frame.to_numpy(dtype=float)
        n_dates, n_assets = self.prices.shape
        self.nav = np.full(n_dates, np.nan)
        self.cash = np.full(n_dates, np.nan)
        self.weights = np.zeros((n_dates, n_assets))
        self.dates = self.frame.index
        self.assets = tuple(str(c) for c in self.frame.columns)

    def run(self, first: int, initial_value: float) -> BacktestResult:
        allocator = clone(self.strategy.allocator)
        shares, cash = np.zeros(len(self.assets)), initial_value
        day: int | None = first
        reason = INITIAL_REASON
        while day is not None:
            snapshot = MarketSnapshot(date=self.dates[day], prices=self.frame.iloc[: day + 1])
            targets = decide_targets(snapshot, allocator, self.strategy.window)
            eligible = self.frame.columns.get_indexer(targets.index)
            target = np.zeros(len(self.assets))
            target[eligible] = targets.to_numpy()
            shares, cash = self._rebalance(day, shares, cash, target, reason)
            day = self._drift_until_due(day, shares, cash, eligible, target[eligible])
            reason = self.strategy.rule.describe()
        return self._result(first)

    def _rebalance(
        self, day: int, shares: np.ndarray, cash: float, target: np.ndarray, reason: str
    ) -> tuple[np.ndarray, float]:
        price = self.prices[day]
        held = shares != 0
        pre_value = float(shares[held] @ price[held]) + cash
        fill = rebalance_fill(shares, cash, price, target, self.strategy.costs, assets=self.assets)
        traded = np.flatnonzero(fill.trade_values != 0)
        self.trades.append(
            (
                np.full(traded.size, day),
                traded,
                fill.shares[traded] - shares[traded],
                price[traded],
                fill.trade_values[traded],
                fill.costs[traded],
            )
        )
        turnover = float(np.abs(fill.trade_values).sum()) / 2.0 / pre_value
        self.rebalances.append((day, reason, turnover, fill.total_cost))
        held = fill.shares != 0
        value = float(fill.shares[held] @ price[held]) + fill.cash
        self.nav[day] = value
        self.cash[day] = fill.cash
        self.weights[day, held] = fill.shares[held] * price[held] / value
        return fill.shares, fill.cash

    def _drift_until_due(
        self, last: int, shares: np.ndarray, cash: float, eligible: np.ndarray, target: np.ndarray
    ) -> int | None:
        """Hold ``shares`` after day ``last``, recording the book, until the rule is due (its
        index is returned) or the data end (``None``)."""
        held = np.flatnonzero(shares != 0)
        held_shares = shares[held]
        column_of_held = np.searchsorted(eligible, held)  # held ⊆ eligible, both ascending
        names = tuple(self.assets[i] for i in eligible)
        start, size = last + 1, _FIRST_CHUNK
        while start < len(self.dates):
            stop = min(start + size, len(self.dates))
            chunk = self.prices[start:stop, held]
            missing = ~np.isfinite(chunk).all(axis=1)
            usable = int(np.argmax(missing)) if missing.any() else stop - start
            values = chunk[:usable] * held_shares
            nav = values.sum(axis=1) + cash
            drifted = values / nav[:, None]
            window_weights = np.zeros((usable, eligible.size))
            window_weights[:, column_of_held] = drifted
            window = DriftWindow(
                dates=self.dates[start : start + usable],  # type: ignore[arg-type]
                last_rebalance=self.dates[last],
                weights=window_weights,
                target=target,
                assets=names,
            )
            due = np.asarray(self.strategy.rule.due(window), dtype=bool)
            if due.shape != (usable,):
                raise DataError(
                    f"rule {self.strategy.rule.describe()!r} answered {due.shape} for {usable} days"
                )
            hit = int(np.argmax(due)) if due.any() else usable
            self.nav[start : start + hit] = nav[:hit]
            self.cash[start : start + hit] = cash
            self.weights[start : start + hit, held] = drifted[:hit]
            if hit < usable:
                return start + hit
            if usable < stop - start:
                self._raise_missing(start + usable, held)
            start, size = stop, min(2 * size, _MAX_CHUNK)
        return None

    def _raise_missing(self, day: int, held: np.ndarray) -> None:
        missing = held[~np.isfinite(self.prices[day, held])]
        asset, date = self.assets[int(missing[0])], self.dates[day]
        raise DataError(
            f"{self.strategy.name}: held asset {asset!r} has no price on {date:%Y-%m-%d}; "
            "fill or drop the gap before backtesting",
            asset=asset,
            date=date,
        )

    def _result(self, first: int) -> BacktestResult:
        dates = pd.DatetimeIndex(self.dates[first:], name="date")
        name = self.strategy.name
        columns = ("day", "asset", "shares", "price", "value", "cost")
        parts = {c: np.concatenate([t[i] for t in self.trades]) for i, c in enumerate(columns)}
        trades = pd.DataFrame(
            {
                "date": self.dates[parts["day"].astype(np.intp)],
                "asset": [self.assets[i] for i in parts["asset"].astype(np.intp)],
                "shares": parts["shares"],
                "price": parts["price"],
                "value": parts["value"],
                "cost": parts["cost"],
            },
            columns=list(TRADE_COLUMNS),
        )
        days, reasons, turnover, costs = zip(*self.rebalances, strict=True)
        rebalances = pd.DataFrame(
            {"reason": list(reasons), "turnover": list(turnover), "cost": list(costs)},
            index=pd.DatetimeIndex(self.dates[list(days)], name="date"),
        )
        return BacktestResult(
            name=name,
            nav=pd.Series(self.nav[first:], index=dates, name=name),
            weights=pd.DataFrame(self.weights[first:], index=dates, columns=list(self.assets)),
            cash=pd.Series(self.cash[first:], index=dates, name="cash"),
            trades=trades,
            rebalances=rebalances,
        )
