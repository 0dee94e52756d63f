"""A moving-average trend filter: in the market while the price is above its 200-day average, in
cash otherwise.

The idea (popularised by Faber's "A Quantitative Approach to Tactical Asset Allocation", 2007, with
a 10-month average checked monthly): long declines tend to happen below a long moving average, so
stepping aside then may cut the deepest drawdowns, at the price of whipsaws (selling then buying
back higher) and of lagging the rebounds. This script tests it on the S&P 500 index:

* buy and hold: 100% in the index all the time;
* 200-day filter, checked monthly: at the close of the first trading day of each month, hold the
  index if it closes above its 200-day simple moving average, else cash;
* 200-day filter, checked daily: switch at the close of any day the price crosses its average.

How it is built: :func:`algofolio.signals.moving_average` gives the average (causal: the value at
a date uses prices up to that date only), ``close > average`` is a table of in/out signals, and a
small **custom target** (any object with ``window``, ``weights(history, current)`` and
``describe()`` is a target for the backtest) reads the signal of the decision day. The daily
version trades on the dates the signal changes, with :class:`algofolio.rebalance.SignalTrigger`.

Data: the S&P 500 index bundled with algofolio (1990-2022; a price index, so dividends of about 2%
a year are left out of both strategies' stock returns); cash earns 2.5% a year (an assumption:
roughly the 1990-2022 average of 3-month US Treasury bills); trades pay 5 basis points.

Run from the repository root::

    .venv/bin/python examples/moving_average.py --out algofolio-examples/moving_average

It writes ``signals.csv`` (price, average, in the market or not), ``nav.csv``, ``stock_share.csv``
(the index's weight at each close: 1 in the market, 0 in cash), ``rebalances.csv`` and
``summary.csv``, and prints a short table.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from algofolio.backtest import Strategy, compare_strategies
from algofolio.costs import Financing, ProportionalCost
from algofolio.datasets import load_sp500_index
from algofolio.rebalance import CalendarRule, SignalTrigger, StrategicMix
from algofolio.signals import moving_average

AVERAGE_DAYS = 200  # about ten months of trading days
CASH_RATE = 0.025
COSTS_BPS = 5.0


class TrendFilter:
    """A target: each asset's weight in ``mix`` on days its ``in_market`` signal is True, else 0
    (the rest is cash). ``in_market`` is a bool table (dates x assets) known at each close."""

    def __init__(self, mix: dict[str, float], in_market: pd.DataFrame) -> None:
        self.mix = mix
        self.in_market = in_market

    @property
    def window(self) -> int:
        """Returns of history the target needs: none (the signal table carries its own)."""
        return 0

    def describe(self) -> str:
        return f"trend filter on {', '.join(self.mix)}"

    def weights(self, history, current: np.ndarray) -> np.ndarray:
        """Weights over ``history.assets`` at the close of ``history.date`` (the decision day)."""
        signal = self.in_market.loc[: history.date].iloc[-1]  # that day's signal, nothing later
        return np.array([self.mix.get(a, 0.0) * bool(signal.get(a, False)) for a in history.assets])


def main(argv: list[str] | None = None) -> dict[str, Path]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("algofolio-examples/moving_average"))
    out: Path = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)

    prices = load_sp500_index()  # one column: SP500

    # 1. The signal: above the 200-day simple moving average (NaN during the first 199 days,
    #    and NaN > x is False: out of the market until the average exists).
    average = moving_average(prices, AVERAGE_DAYS)
    in_market = prices > average
    changes = in_market["SP500"].ne(in_market["SP500"].shift()).iloc[AVERAGE_DAYS:]
    switch_dates = changes[changes]  # the closes at which the signal flips

    # 2. Three strategies from the first day the average exists.
    start = prices.index[AVERAGE_DAYS - 1]
    trend = TrendFilter({"SP500": 1.0}, in_market)
    shared = {"costs": ProportionalCost(bps=COSTS_BPS), "financing": Financing(cash_rate=CASH_RATE)}
    no_events = pd.Series([], dtype=bool, index=pd.DatetimeIndex([]))
    strategies = [
        Strategy(
            name="Buy and hold",
            allocator=StrategicMix({"SP500": 1.0}),
            rule=SignalTrigger(no_events, name="never"),
            **shared,
        ),
        Strategy(name="200-day, monthly", allocator=trend, rule=CalendarRule("monthly"), **shared),
        Strategy(
            name="200-day, daily",
            allocator=trend,
            rule=SignalTrigger(switch_dates, name="price crossed its 200-day average"),
            **shared,
        ),
    ]
    comparison = compare_strategies(prices, strategies, start=start, initial_value=100_000)
    results = comparison.results

    # 3. Files.
    names = ("signals", "nav", "stock_share", "rebalances", "summary")
    files = {name: out / f"{name}.csv" for name in names}
    signals = pd.DataFrame(
        {"price": prices["SP500"], "average": average["SP500"], "in_market": in_market["SP500"]}
    )
    signals.to_csv(files["signals"], date_format="%Y-%m-%d")
    nav = pd.concat({n: r.nav for n, r in results.items()}, axis=1)
    nav.to_csv(files["nav"], date_format="%Y-%m-%d")
    stock_share = pd.concat({n: r.weights["SP500"] for n, r in results.items()}, axis=1)
    stock_share.to_csv(files["stock_share"], date_format="%Y-%m-%d")
    logs = pd.concat({n: r.rebalances for n, r in results.items()}, names=["strategy", "date"])
    logs.to_csv(files["rebalances"], date_format="%Y-%m-%d")
    pd.concat([comparison.summary, comparison.trading.T]).to_csv(files["summary"])

    # 4. Summary: the filter's point is the drawdown; its cost is the whipsaws and the lag.
    rows = ["CAGR", "Annualized volatility", "Max drawdown", "Sharpe ratio"]
    table = comparison.summary.loc[rows].T
    table["time in market"] = stock_share.mean()
    table["switches"] = (stock_share.diff().abs() > 0.5).sum()
    print(f"S&P 500 index with a {AVERAGE_DAYS}-day trend filter, {start:%Y-%m-%d} to 2022")
    print(table.to_string(float_format=lambda x: f"{x:.3f}"))
    print(f"Files in {out}/: {', '.join(p.name for p in files.values())}")
    return files


if __name__ == "__main__":
    main()
