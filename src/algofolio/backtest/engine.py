"""The backtest simulator: one strategy over a price history, without look-ahead.

**Data, once.** Prices (and optional volumes, opening prices, dividends, cash flows) are checked
and turned into one :class:`~algofolio.core.history.MarketHistory` per run; every decision gets
``history.until(row)``: views ending at its date, so nothing later is reachable.

**A decision** at the close of day ``t``: the target gives weights, the trade rule turns the
pre-trade weights into post-trade weights (assets it leaves exactly alone are not traded), and the
orders fill at the close of ``t`` (``execution="close"``) or at the open of ``t + 1``
(``"next_open"``: a decision on the last date is then not filled), paying the strategy's costs out
of the portfolio (:func:`algofolio.execution.rebalance_fill`).

**First rebalance.** The first date ``>= start`` with the target's window of history (2 returns
for an expanding window) and at least one eligible asset. Nothing is recorded before it; the NAV
there is ``initial_value`` less the costs of buying the first portfolio from cash.

**Between decisions** shares are held and weights drift with prices. The trigger is evaluated on
chunks of upcoming days at once (drifted weights for the whole chunk, then the first due day is
taken): no Python loop per day. Cash earns the strategy's financing rate and pays borrow fees on
shorts (ACT/365, daily), receives dividends (cash per share on the ex-date, paid to the shares held
at the previous close) and external cash flows at the close of their date. A cash flow on a day the
trigger is not due is traded buy-only (a contribution: the most underweight assets first) or
sell-only (a withdrawal larger than the cash: the most overweight first). A held asset without a
price on a day raises :class:`DataError` naming it and the date.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from algofolio.backtest.cash_flows import buy_only_weights, sell_only_weights
from algofolio.backtest.inputs import RunInputs, prepare_inputs
from algofolio.backtest.logs import Rebalance, TradeBlock, rebalance_log, trade_log
from algofolio.backtest.quotes import QUOTE_DAYS, check_quote_inputs, fill_quote
from algofolio.backtest.result import BacktestResult
from algofolio.backtest.schedule import calendar_rows, has_fixed_schedule
from algofolio.backtest.start import first_rebalance_row
from algofolio.backtest.strategy import Strategy
from algofolio.core.errors import (
    ConfigError,
    DataError,
    EstimationError,
    ExecutionError,
    InfeasibleError,
    SolverError,
)
from algofolio.core.history import MarketHistory
from algofolio.costs import Financing, carry_cash, quote_needs
from algofolio.execution import rebalance_fill
from algofolio.rebalance import DriftWindow
from algofolio.rebalance.target import Target, check_target_weights, fresh_target, target_name

__all__ = ["INITIAL_REASON", "run_backtest"]

INITIAL_REASON = "initial allocation"
CASH_FLOW_REASON = "cash flow"
# days per trigger evaluation: the first chunk (then about the last gap between decisions),
# doubling while nothing is due
_FIRST_CHUNK = 32
_MAX_CHUNK = 4096


def run_backtest(
    prices: pd.DataFrame,
    strategy: Strategy,
    *,
    initial_value: float = 1.0,
    start: pd.Timestamp | str | None = None,
    end: pd.Timestamp | str | None = None,
    volumes: pd.DataFrame | None = None,
    opens: pd.DataFrame | None = None,
    dividends: pd.DataFrame | None = None,
    cash_flows: pd.Series | None = None,
) -> BacktestResult:
    """Simulate ``strategy`` on ``prices`` (dates x assets, > 0 or NaN) from ``start`` to ``end``.

    Dates before ``start`` serve only as history for the target's window; dates after ``end`` are
    ignored. ``volumes`` (shares per day) feed volume-based costs, ``opens`` next-open fills,
    ``dividends`` and ``cash_flows`` are described in :mod:`algofolio.backtest.inputs`. See the
    module docstring for timing and eligibility.

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
    if not isinstance(strategy, Strategy):
        raise ConfigError(f"strategy must be a Strategy, got {strategy!r}", key="strategy")
    if (
        isinstance(initial_value, bool)
        or not isinstance(initial_value, int | float)
        or not math.isfinite(initial_value)
        or initial_value <= 0
    ):
        raise ConfigError(
            f"initial_value must be a finite number > 0, got {initial_value!r}", key="initial_value"
        )
    inputs = prepare_inputs(
        prices, end=end, volumes=volumes, opens=opens, dividends=dividends, cash_flows=cash_flows
    )
    if strategy.execution == "next_open" and inputs.history.opens is None:
        raise ConfigError(
            f"strategy {strategy.name!r} fills at the next open: pass opens= (opening prices)",
            key="opens",
        )
    check_quote_inputs(strategy.name, strategy.costs, inputs.history)
    target = fresh_target(strategy.target)
    window = target.window
    if "volatility" in quote_needs(strategy.costs) and window is not None:
        window = max(window, QUOTE_DAYS)  # the first fill's quote needs a volatility estimate
    first = first_rebalance_row(inputs.history, window, start)
    if inputs.flows is not None and inputs.flows[:first].any():
        day = inputs.frame.index[int(np.flatnonzero(inputs.flows[:first])[0])]
        raise DataError(
            f"cash_flows: a flow on {day:%Y-%m-%d} comes before the first rebalance "
            f"({inputs.frame.index[first]:%Y-%m-%d}); add it to initial_value",
            date=day,
        )
    return _Simulation(inputs, strategy, target).run(first, float(initial_value))


@dataclass
class _Simulation:
    """Mutable book of one run; arrays preallocated over all dates, filled as the run advances."""

    inputs: RunInputs
    strategy: Strategy
    target: Target
    shares: np.ndarray = field(init=False)
    cash_now: float = field(init=False, default=0.0)
    last_target: np.ndarray = field(init=False)
    due_reason: str = field(init=False, default="")
    trades: list[TradeBlock] = field(default_factory=list)
    rebalances: list[Rebalance] = field(default_factory=list)

    def __post_init__(self) -> None:
        history = self.inputs.history
        self.history: MarketHistory = history
        self.closes = history.prices
        n_dates, n_assets = self.closes.shape
        self.nav = np.full(n_dates, np.nan)
        self.cash = np.full(n_dates, np.nan)
        self.weights = np.zeros((n_dates, n_assets))
        self.flow_done = np.zeros(n_dates)
        self.dates = history.dates
        self.assets = history.assets
        self.shares = np.zeros(n_assets)
        self.last_target = np.zeros(n_assets)
        self.financing = self.strategy.financing or Financing()
        self.carries = self.inputs.dividends is not None or self.financing != Financing()
        self.gap = _FIRST_CHUNK  # days between the last two decisions: the next chunk's size
        self.needs = quote_needs(self.strategy.costs)
        self.trade_rule = self.strategy.trade
        self.is_flow_day = (
            np.zeros(n_dates, dtype=bool) if self.inputs.flows is None else self.inputs.flows != 0
        )

    # ------------------------------------------------------------------ the loop
    def run(self, first: int, initial_value: float) -> BacktestResult:
        self.cash_now = initial_value
        if has_fixed_schedule(self.strategy, self.target, self.inputs):
            return self._run_scheduled(first)
        row: int | None = first
        reason = INITIAL_REASON
        while row is not None:
            if reason != INITIAL_REASON:
                self._accrue(row)
            flow = self._take_flow(row)
            if reason == CASH_FLOW_REASON:
                filled = self._invest_flow(row, flow)
            else:
                filled = self._decide(row, reason)
            if filled is None:  # next-open decision on the last date
                break
            row = self._drift_until_due(filled + 1)
            reason = self.due_reason
        return self._result(first)

    def _run_scheduled(self, first: int) -> BacktestResult:
        """The run of :mod:`algofolio.backtest.schedule`: the same first decision, then the same
        fills at the calendar's rows, the book held in one step between them."""
        rule = self.strategy.rule
        rows = calendar_rows(rule, self.history, first)  # type: ignore[arg-type]
        self._decide(first, INITIAL_REASON)
        target, reason, start = self.last_target, rule.describe(), first + 1
        for row in [*rows.tolist(), len(self.dates)]:
            self._hold(start, row)
            if row < len(self.dates):
                self._fill(row, target, None, reason)
            start = row + 1
        return self._result(first)

    def _decide(self, row: int, reason: str) -> int | None:
        """Target and trade rule at the close of ``row``; the fill; returns the fill row."""
        history = self.history.until(row)
        current = self._weights_at(row)
        source = target_name(self.target)
        shorts = self.strategy.shorts
        try:
            proposed = self.target.weights(history, current)
            target = check_target_weights(proposed, history, source, allow_short=shorts)
        except (EstimationError, InfeasibleError, SolverError) as exc:
            if self.strategy.on_failure == "raise" or reason == INITIAL_REASON:
                raise
            self._record(row)  # keep what is held; the log says why nothing traded
            self.rebalances.append(
                (row, row, f"{reason}: held, the target failed: {exc}", 0.0, 0.0)
            )
            return row
        self.last_target = target
        if self.trade_rule is None or reason == INITIAL_REASON:  # the first buy goes all the way
            wanted, keep = target, None
        else:
            adjusted = self.trade_rule.adjust(current, target, history)
            rule = self.trade_rule.describe()
            wanted = check_target_weights(adjusted, history, rule, allow_short=shorts)
            keep = wanted == current
        return self._fill(row, wanted, keep, reason)

    def _invest_flow(self, row: int, flow: float) -> int | None:
        """Buy-only (contribution) or sell-only (withdrawal) trades towards the last target."""
        values = self._values(row)
        if flow > 0:
            wanted = buy_only_weights(values, self.cash_now, self.last_target)
        elif self.cash_now < 0:
            wanted = sell_only_weights(values, self.cash_now, self.last_target)
        else:  # a withdrawal the cash covers: no trade
            self._record(row)
            self.rebalances.append((row, row, CASH_FLOW_REASON, 0.0, 0.0))
            return row
        return self._fill(row, wanted, wanted == self._weights_at(row), CASH_FLOW_REASON)

    def _fill(
        self, row: int, wanted: np.ndarray, keep: np.ndarray | None, reason: str
    ) -> int | None:
        fill_row = row if self.strategy.execution == "close" else row + 1
        if fill_row >= len(self.dates):  # decided on the last close: nothing left to fill at
            self._record(row)
            return None
        if fill_row != row:
            self._record(row)  # the pre-trade book at the decision's close
            self._accrue(fill_row)
            price = self.history.opens[fill_row]  # type: ignore[index]
        else:
            price = self.closes[row]
        value = float(self._values(fill_row, price).sum()) + self.cash_now
        if value <= 0:
            date = self.dates[row]
            raise ExecutionError(
                f"{self.strategy.name}: a withdrawal on {date:%Y-%m-%d} leaves cash at "
                f"{self.cash_now:.6g} with {value:.6g} left in the portfolio"
            )
        shares = self.shares
        try:
            fill = rebalance_fill(
                shares,
                self.cash_now,
                price,
                wanted,
                self.strategy.costs,
                assets=self.assets,
                quote=fill_quote(self.history, row, price, self.needs),
                keep=keep,
                allow_short=self.strategy.shorts,
                whole_shares=self.strategy.whole_shares,
            )
        except ExecutionError as exc:
            day = self.dates[fill_row]
            raise ExecutionError(
                f"{self.strategy.name}: the fill on {day:%Y-%m-%d} (portfolio value {value:.6g}) "
                f"failed: {exc}"
            ) from exc
        traded = np.flatnonzero(fill.trade_values != 0)
        self.trades.append(
            (
                np.full(traded.size, fill_row),
                traded,
                fill.shares[traded] - shares[traded],
                price[traded],
                fill.trade_values[traded],
                fill.costs[traded],
            )
        )
        turnover = float(np.abs(fill.trade_values).sum()) / 2.0 / value
        self.rebalances.append((row, fill_row, reason, turnover, fill.total_cost))
        self.shares, self.cash_now = fill.shares, fill.cash
        if fill_row != row:  # the fill day's own cash flow, added at its close
            self._take_flow(fill_row)
        self._record(fill_row)
        return fill_row

    # ------------------------------------------------------------------ book keeping
    def _values(self, row: int, price: np.ndarray | None = None) -> np.ndarray:
        """Value of each holding at ``price`` (default: the close of ``row``); 0 where none held."""
        price = self.closes[row] if price is None else price
        values: np.ndarray = self.shares * price
        if not np.isfinite(values).all():  # an unpriced asset: fine unless it is held
            held = self.shares != 0
            values[~held] = 0.0
            if not np.isfinite(values).all():
                self._raise_missing(row, np.flatnonzero(held))
        return values

    def _weights_at(self, row: int) -> np.ndarray:
        values = self._values(row)
        total = float(values.sum()) + self.cash_now
        weights: np.ndarray = values / total
        return weights

    def _record(self, row: int) -> None:
        values = self._values(row)
        value = float(values.sum()) + self.cash_now
        self.nav[row] = value
        self.cash[row] = self.cash_now
        self.weights[row] = values / value

    def _take_flow(self, row: int) -> float:
        if self.inputs.flows is None:
            return 0.0
        flow = float(self.inputs.flows[row])
        self.cash_now += flow
        self.flow_done[row] = flow
        return flow

    def _accrue(self, row: int) -> None:
        """Interest, borrow fees and dividends of day ``row`` on the shares held since the
        previous close."""
        if self.carries:
            self.cash_now = float(self._carry(self.cash_now, row, row + 1, self.shares)[0])

    def _carry(self, cash0: float, start: int, stop: int, shares: np.ndarray) -> np.ndarray:
        """Cash at the closes of days ``start..stop-1`` holding ``shares``: financing on cash,
        borrow fees on shorts, dividends (:func:`algofolio.costs.carry_cash`)."""
        short = np.minimum(shares, 0.0)
        short_values = self.closes[start:stop] @ short if short.any() else np.zeros(stop - start)
        dividends = self.inputs.dividends
        return carry_cash(
            cash0,
            short_values,
            self.inputs.year_fractions[start:stop],
            self.financing,
            income=None if dividends is None else dividends[start:stop] @ shares,
        )

    # ------------------------------------------------------------------ between decisions
    def _drift_until_due(self, begin: int) -> int | None:
        """Hold the shares from day ``begin`` on, recording the book, until the trigger is due or
        a cash flow comes (its row is returned, :attr:`due_reason` says which) or the data end."""
        shares = self.shares
        held = np.flatnonzero(shares != 0)
        every = held.size == len(self.assets)  # all held: slices instead of gathers
        held_shares = shares[held]
        target = self.last_target
        carry = self.carries
        start, size = begin, min(self.gap + 2, _MAX_CHUNK)  # about the last gap, then doubling
        n_dates = len(self.dates)
        cash0 = self.cash_now
        rule = self.strategy.rule
        while start < n_dates:
            stop = min(start + size, n_dates)
            chunk = self.closes[start:stop] if every else self.closes[start:stop, held]
            missing = ~np.isfinite(chunk).all(axis=1)
            usable = int(np.argmax(missing)) if missing.any() else stop - start
            if carry:
                cash = self._carry(cash0, start, start + usable, shares)
            else:
                cash = np.full(usable, cash0)
            nav, weights = self._book(chunk[:usable], held, held_shares, cash)
            window = DriftWindow(
                dates=self.dates[start : start + usable],
                last_rebalance=self.dates[begin - 1],
                weights=weights,
                target=target,
                assets=self.assets,
                history=self.history.until(start + usable - 1) if usable else None,
            )
            due = np.asarray(rule.due(window), dtype=bool) if usable else np.zeros(0, bool)
            if due.shape != (usable,):
                raise DataError(f"rule {rule.describe()!r} answered {due.shape} for {usable} days")
            flows = self.is_flow_day[start : start + usable]
            stops = due | flows
            hit = int(np.argmax(stops)) if stops.any() else usable
            self.nav[start : start + hit] = nav[:hit]
            self.cash[start : start + hit] = cash[:hit]
            self.weights[start : start + hit] = weights[:hit]
            if hit < usable:
                self.gap = start + hit - begin + 1
                self.cash_now = float(cash[hit - 1]) if hit else cash0
                self.due_reason = rule.describe() if due[hit] else CASH_FLOW_REASON
                return start + hit
            if usable < stop - start:
                self._raise_missing(start + usable, held)
            cash0 = float(cash[-1]) if usable else cash0
            start, size = stop, min(2 * size, _MAX_CHUNK)
        self.cash_now = cash0
        return None

    def _book(
        self, chunk: np.ndarray, held: np.ndarray, held_shares: np.ndarray, cash: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """NAV ``(m,)`` and weights ``(m, k)`` of holding ``held_shares`` of the ``held`` assets
        at the prices ``chunk`` (``(m, len(held))``) with ``cash`` ``(m,)``."""
        values = chunk * held_shares
        nav = values.sum(axis=1) + cash
        drifted = values / nav[:, None]
        if held.size == len(self.assets):
            return nav, drifted
        weights = np.zeros((len(chunk), len(self.assets)))
        weights[:, held] = drifted
        return nav, weights

    def _hold(self, start: int, stop: int) -> None:
        """Record the book of days ``start..stop-1`` holding the shares (prices all known, no
        carry: a fixed-schedule run)."""
        if stop <= start:
            return
        held = np.flatnonzero(self.shares != 0)
        every = held.size == len(self.assets)
        chunk = self.closes[start:stop] if every else self.closes[start:stop, held]
        cash = np.full(stop - start, self.cash_now)
        nav, weights = self._book(chunk, held, self.shares[held], cash)
        self.nav[start:stop] = nav
        self.cash[start:stop] = cash
        self.weights[start:stop] = weights

    def _raise_missing(self, day: int, held: np.ndarray) -> None:
        missing = held[~np.isfinite(self.closes[day, held])]
        asset, date = self.assets[int(missing[0])], self.dates[day]
        raise DataError(
            f"{self.strategy.name}: held asset {asset!r} has no price on {date:%Y-%m-%d}; "
            "fill or drop the gap before backtesting",
            asset=asset,
            date=date,
        )

    # ------------------------------------------------------------------ the result
    def _result(self, first: int) -> BacktestResult:
        dates = pd.DatetimeIndex(self.dates[first:], name="date")
        name = self.strategy.name
        return BacktestResult(
            name=name,
            nav=pd.Series(self.nav[first:], index=dates, name=name),
            weights=pd.DataFrame(
                self.weights[first:], index=dates, columns=list(self.assets), copy=False
            ),
            cash=pd.Series(self.cash[first:], index=dates, name="cash"),
            trades=trade_log(self.trades, self.dates, self.assets),
            rebalances=rebalance_log(self.rebalances, self.dates),
            flows=pd.Series(self.flow_done[first:], index=dates, name="flow"),
        )
