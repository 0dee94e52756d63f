"""A 60/40 strategic mix, rebalanced on a calendar or on a drift band, or never.

The classic balanced portfolio holds 60% stocks and 40% bonds and trades back to that mix from time
to time: after stocks rally the portfolio holds more stocks, and more risk, than chosen. This
script compares four ways of keeping the mix:

* never rebalanced (buy and hold: the stock share drifts with the market);
* a yearly and a monthly calendar (trade back on the first trading day of each year / month);
* a 5-point drift band (trade back on any day the stock share is more than 5 points off 60%).

Data, honestly: the stocks are the S&P 500 index bundled with algofolio (1990-2022; a price
index, so dividends of about 2% a year are left out). algofolio bundles no bond prices, so the 40%
is **cash earning 2.5% a year** (roughly the 1990-2022 average of 3-month US Treasury bills): it
stands in for bonds. With your own prices, put a bond fund in the mix instead (see the config
version, ``examples/sixty_forty.toml``, which ``algofolio backtest`` turns into an HTML report).

Run from the repository root::

    .venv/bin/python examples/sixty_forty.py --out algofolio-examples/sixty_forty

It writes ``nav.csv`` (each strategy's value), ``stock_share.csv`` (the stock weight at each
close), ``rebalances.csv`` (every trade back to the mix, with its reason and cost) and
``summary.csv`` (metrics and trading figures), and prints a short table.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from algofolio.backtest import Strategy, compare_strategies
from algofolio.costs import Financing, ProportionalCost
from algofolio.datasets import load_sp500_index
from algofolio.rebalance import CalendarRule, SignalTrigger, StrategicMix, ThresholdRule

STOCKS = 0.60  # the strategic weight of stocks; 1 - 0.60 stays in cash
CASH_RATE = 0.025  # annual interest earned by the cash part (the stand-in for bonds)
COSTS_BPS = 5.0  # trading costs: 5 basis points of every traded value


def main(argv: list[str] | None = None) -> dict[str, Path]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("algofolio-examples/sixty_forty"))
    out: Path = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)

    # 1. Prices: one column, "SP500" (dates x assets, like any price frame).
    prices = load_sp500_index()

    # 2. What to hold: a strategic mix. Weights sum to 0.6; the other 0.4 is cash, and
    #    Financing pays CASH_RATE a year on it (simple interest per calendar day, ACT/365).
    mix = StrategicMix({"SP500": STOCKS})
    shared = {
        "allocator": mix,
        "costs": ProportionalCost(bps=COSTS_BPS),
        "financing": Financing(cash_rate=CASH_RATE),
    }

    # 3. When to trade back: one trigger per strategy. A SignalTrigger fires on the dates of an
    #    event series; with no events at all it never fires (buy and hold).
    no_events = pd.Series([], dtype=bool, index=pd.DatetimeIndex([]))
    strategies = [
        Strategy(name="Never rebalanced", rule=SignalTrigger(no_events, name="never"), **shared),
        Strategy(name="Yearly", rule=CalendarRule("yearly"), **shared),
        Strategy(name="Monthly", rule=CalendarRule("monthly"), **shared),
        Strategy(name="5-point band", rule=ThresholdRule(0.05), **shared),
    ]

    # 4. Run them side by side from the same first day, against the index itself.
    comparison = compare_strategies(
        prices, strategies, benchmark=prices["SP500"], initial_value=100_000
    )

    # 5. Write what happened.
    results = comparison.results
    nav = pd.concat({name: r.nav for name, r in results.items()}, axis=1)
    stock_share = pd.concat({name: r.weights["SP500"] for name, r in results.items()}, axis=1)
    rebalances = pd.concat(
        {name: r.rebalances for name, r in results.items()}, names=["strategy", "date"]
    )
    summary = pd.concat([comparison.summary, comparison.trading.T], axis=0)
    files = {
        "nav": out / "nav.csv",
        "stock_share": out / "stock_share.csv",
        "rebalances": out / "rebalances.csv",
        "summary": out / "summary.csv",
    }
    nav.to_csv(files["nav"], date_format="%Y-%m-%d")
    stock_share.to_csv(files["stock_share"], date_format="%Y-%m-%d")
    rebalances.to_csv(files["rebalances"], date_format="%Y-%m-%d")
    summary.to_csv(files["summary"])

    # 6. A short summary: growth, risk, trading, and where the stock share ended.
    rows = [*results, "SP500"]  # the strategies in order, then the index (the benchmark)
    figures = comparison.summary.loc[["CAGR", "Annualized volatility", "Max drawdown"]]
    table = figures.T.reindex(rows).map(lambda x: f"{x:.1%}")
    table.columns = ["CAGR", "volatility", "max drawdown"]
    table["rebalances"] = (
        comparison.trading["rebalances"]
        .reindex(rows)
        .map(lambda n: "-" if pd.isna(n) else f"{n:.0f}")
    )
    table["final stock share"] = [f"{stock_share[n].iloc[-1]:.0%}" for n in results] + ["100%"]
    print(f"60% S&P 500 / 40% cash at {CASH_RATE:.1%}, {prices.index[0]:%Y}-{prices.index[-1]:%Y}")
    print(table.to_string())
    print(f"Files in {out}/: {', '.join(p.name for p in files.values())}")
    return files


if __name__ == "__main__":
    main()
