"""Short-term mean reversion: tilt an equal-weight portfolio towards the stocks that fell furthest
below their recent average, and away from those that rose furthest above it.

The signal is the z-score of each price against its own last 20 days
(:func:`algofolio.signals.zscore`): ``(price - 20-day mean) / 20-day standard deviation``. A stock
two standard deviations below its average is "cheap" by this measure; the bet is that it bounces
back (the short-term reversal effect in stock returns). The score is minus the z-score.

How it is built: 1/N over 20 stocks (:class:`algofolio.rebalance.StrategicMix`) tilted by the
scores (:class:`algofolio.rebalance.Tilt`): at each weekly rebalance the scores of that close are
standardised across the stocks, each weight is multiplied by ``1 + 0.5 x standardised score``
(at most +-50%), and the weights are scaled back to a fully invested portfolio. Long only: a stock
is underweighted, never sold short. Both portfolios trade every Monday (or the first trading day
of the week) and pay 10 basis points on what they trade, so the comparison shows what the tilt
adds or costs on top of weekly rebalancing; the tilt without costs shows the signal alone.

Data: the 20 S&P 500 stocks bundled with algofolio (BSD-3-Clause, from skfolio; for testing and
examples only).

Run from the repository root::

    .venv/bin/python examples/mean_reversion.py --out algofolio-examples/mean_reversion

It writes ``scores.csv`` (the scores, dates x stocks), ``weights.csv`` (the tilted weights at each
close), ``nav.csv`` and ``summary.csv``, and prints a short table.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from algofolio.backtest import Strategy, compare_strategies
from algofolio.costs import ProportionalCost
from algofolio.datasets import load_sp500_prices
from algofolio.rebalance import CalendarRule, StrategicMix, Tilt
from algofolio.signals import zscore

LOOKBACK = 20  # trading days of the z-score's mean and standard deviation
STRENGTH = 0.5  # weight change per standard deviation of score
MAX_TILT = 0.5  # at most +-50% of a stock's base weight
START = "2010-01-01"


def main(argv: list[str] | None = None) -> dict[str, Path]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("algofolio-examples/mean_reversion"))
    out: Path = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)

    # From a few months before START, enough to warm the z-score up. (Some 1990 prices stay flat
    # for weeks, and a flat window has no z-score: zscore raises rather than return NaN.)
    prices = load_sp500_prices().loc["2009-09-01":]

    # 1. Scores: minus the rolling z-score (causal: each date uses prices up to that date).
    scores = -zscore(prices, LOOKBACK)

    # 2. Two targets: plain 1/N, and 1/N tilted by the scores of the decision day.
    equal = StrategicMix(dict.fromkeys(prices.columns, 1 / prices.shape[1]))
    tilted = Tilt(equal, scores, strength=STRENGTH, max_tilt=MAX_TILT)
    weekly, costs = CalendarRule("weekly"), ProportionalCost(bps=10)
    strategies = [
        Strategy(name="1/N weekly", allocator=equal, rule=weekly, costs=costs),
        Strategy(name="Mean-reversion tilt", allocator=tilted, rule=weekly, costs=costs),
        # the same without costs: does the signal work before paying for its trades?
        Strategy(name="Tilt, no costs", allocator=tilted, rule=weekly),
    ]
    comparison = compare_strategies(prices, strategies, start=START, initial_value=1_000_000)
    results = comparison.results

    # 3. Files.
    files = {name: out / f"{name}.csv" for name in ("scores", "weights", "nav", "summary")}
    scores.loc[START:].to_csv(files["scores"], date_format="%Y-%m-%d")
    results["Mean-reversion tilt"].weights.to_csv(files["weights"], date_format="%Y-%m-%d")
    nav = pd.concat({n: r.nav for n, r in results.items()}, axis=1)
    nav.to_csv(files["nav"], date_format="%Y-%m-%d")
    pd.concat([comparison.summary, comparison.trading.T]).to_csv(files["summary"])

    # 4. Summary: return, risk, and what the extra trading cost.
    rows = ["CAGR", "Annualized volatility", "Sharpe ratio", "Max drawdown"]
    table = comparison.summary.loc[rows].T
    table["turnover / year"] = comparison.trading["annual_turnover"]
    table["costs / year"] = comparison.trading["cost_drag"]
    print(f"20 S&P 500 stocks, weekly, {LOOKBACK}-day z-score tilt, from {START[:4]}")
    print(table.to_string(float_format=lambda x: f"{x:.4f}"))
    print(f"Files in {out}/: {', '.join(p.name for p in files.values())}")
    return files


if __name__ == "__main__":
    main()
