"""Risk parity (equal risk contribution) against 1/N and inverse volatility, backtested.

1/N gives every stock the same *money*; but a volatile stock then carries more of the portfolio's
risk than a quiet one. Risk parity gives every stock the same *risk*: weights such that each
stock's contribution to the portfolio's variance, ``w_i (Sigma w)_i / (w' Sigma w)``, is 1/N.
Inverse volatility (weights proportional to 1 / volatility) is the simple version that ignores
correlations; equal risk contribution (Maillard, Roncalli and Teiletche, 2010) takes them into
account.

Each strategy is refitted on the trailing 252 daily returns (one year) at the start of each month
and pays 10 basis points on what it trades.

Data: the 20 S&P 500 stocks bundled with algofolio (BSD-3-Clause, from skfolio; for testing and
examples only); total-return prices, so dividends are included.

Run from the repository root::

    .venv/bin/python examples/risk_parity.py --out algofolio-examples/risk_parity

It writes ``nav.csv``, ``summary.csv`` and ``last_rebalance.csv`` (the weights chosen at the last
rebalance and each stock's share of the portfolio's risk under the covariance of the year before)
and prints both tables. ``examples/risk_parity.toml`` is the same backtest as a config.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from algofolio.allocate import EqualWeight, InverseVolatility
from algofolio.backtest import Strategy, compare_strategies
from algofolio.costs import ProportionalCost
from algofolio.datasets import load_sp500_index, load_sp500_prices
from algofolio.optimize import RiskBudgeting, risk_contributions
from algofolio.rebalance import CalendarRule
from algofolio.returns import simple_returns

START = "2005-01-01"  # the first year of history before this date feeds the first fit
WINDOW = 252  # trailing daily returns each allocator is fitted on


def main(argv: list[str] | None = None) -> dict[str, Path]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("algofolio-examples/risk_parity"))
    out: Path = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)

    prices = load_sp500_prices()
    benchmark = load_sp500_index()["SP500"]

    # Three allocators, refitted monthly on the trailing year; RiskBudgeting() without budgets
    # is equal risk contribution.
    monthly, costs = CalendarRule("monthly"), ProportionalCost(bps=10)
    strategies = [
        Strategy(name=name, allocator=allocator, rule=monthly, costs=costs, window=WINDOW)
        for name, allocator in [
            ("1/N", EqualWeight()),
            ("Inverse volatility", InverseVolatility()),
            ("Risk parity (ERC)", RiskBudgeting()),
        ]
    ]
    comparison = compare_strategies(
        prices, strategies, benchmark=benchmark, start=START, initial_value=1_000_000
    )
    results = comparison.results

    # The last rebalance: the weights each strategy chose and each stock's share of the risk,
    # under the sample covariance of the WINDOW returns up to that day (what the allocators saw).
    decided = results["Risk parity (ERC)"].rebalances.index[-1]
    Sigma = simple_returns(prices).loc[:decided].iloc[-WINDOW:].cov().to_numpy()
    last = {}
    for name, result in results.items():
        weights = result.weights.loc[decided]  # after that day's trades
        last[f"weight {name}"] = weights
        last[f"risk share {name}"] = pd.Series(
            risk_contributions(weights.to_numpy(), Sigma), index=weights.index
        )
    last_rebalance = pd.DataFrame(last).rename_axis("asset")

    files = {
        "nav": out / "nav.csv",
        "summary": out / "summary.csv",
        "last_rebalance": out / "last_rebalance.csv",
    }
    pd.concat({n: r.nav for n, r in results.items()}, axis=1).to_csv(
        files["nav"], date_format="%Y-%m-%d"
    )
    pd.concat([comparison.summary, comparison.trading.T]).to_csv(files["summary"])
    last_rebalance.to_csv(files["last_rebalance"])

    rows = ["CAGR", "Annualized volatility", "Sharpe ratio", "Max drawdown"]
    print(f"20 S&P 500 stocks, monthly refits on {WINDOW}-day windows, from {START[:4]}")
    print(comparison.summary.loc[rows].to_string(float_format=lambda x: f"{x:.3f}"))
    print(comparison.trading[["annual_turnover"]].to_string(float_format=lambda x: f"{x:.3f}"))
    print(f"\nLast rebalance ({decided:%Y-%m-%d}): share of risk, most and least risky stock")
    shares = last_rebalance.filter(like="risk share")
    print(shares.agg(["max", "min"]).T.to_string(float_format=lambda x: f"{x:.1%}"))
    print(f"Files in {out}/: {', '.join(p.name for p in files.values())}")
    return files


if __name__ == "__main__":
    main()
