"""Value at risk three ways (historical, parametric, Monte Carlo), with conditional value at risk.

Value at risk (VaR) at 95% answers "on all but the worst 5% of days, how much can the portfolio
lose at most?"; conditional value at risk (CVaR, or expected shortfall) answers "and on those worst
5% of days, how much does it lose on average?". Both are positive losses per day here. The
methods differ in what they assume about the returns:

* historical: the empirical quantile of the past returns (no model; only as good as the sample);
* parametric (Gaussian): a normal distribution with the returns' mean and standard deviation
  (simple, but daily stock returns have fatter tails than a normal, so it understates extremes);
* Monte Carlo: the quantile of 100,000 draws from that fitted normal (a seeded check of the
  parametric figure; with a richer model of the returns, the same machinery would capture it);
* Cornish-Fisher: the normal quantile corrected for the sample's skewness and kurtosis (a
  series expansion: with tails as fat as these it can overshoot, as it does here at 99%).

The last column checks each VaR against the sample: the share of days that lost more than it
(about 5% or 1% for a VaR that fits the data).

Portfolio: 1/N over the 20 S&P 500 stocks bundled with algofolio (BSD-3-Clause, from skfolio; for
testing and examples only), rebalanced monthly, 2018-2022 (it includes the March 2020 crash).

Run from the repository root::

    .venv/bin/python examples/value_at_risk.py --out algofolio-examples/value_at_risk

It writes ``returns.csv`` (the portfolio's daily returns) and ``var.csv`` (the comparison table)
and prints the table, in percent and in money for a portfolio of 1,000,000.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from algofolio.datasets import load_sp500_prices
from algofolio.metrics import conditional_value_at_risk, value_at_risk
from algofolio.returns import portfolio_returns, simple_returns

CONFIDENCES = (0.95, 0.99)
SIMULATIONS, SEED = 100_000, 0  # Monte Carlo draws, seeded: the same figure on every run
PORTFOLIO_VALUE = 1_000_000


def main(argv: list[str] | None = None) -> dict[str, Path]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("algofolio-examples/value_at_risk"))
    out: Path = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)

    # 1. The portfolio's daily returns: 1/N, weights reset on the first trading day of each month.
    returns = simple_returns(load_sp500_prices()).loc["2018-01-01":"2022-12-31"]
    weights = pd.Series(1 / returns.shape[1], index=returns.columns)
    portfolio = portfolio_returns(returns, weights, rebalance="monthly")

    # 2. VaR by each method, CVaR where the library has it (historical and Gaussian), and how
    #    often the sample lost more than each VaR.
    methods = {
        "historical": ("historical", "historical"),
        "parametric (Gaussian)": ("gaussian", "gaussian"),
        "Monte Carlo (normal draws)": ("monte_carlo", None),
        "Cornish-Fisher": ("cornish_fisher", None),
    }
    table = {}
    for label, (var_method, cvar_method) in methods.items():
        row = {}
        for confidence in CONFIDENCES:
            level = f"{confidence:.0%}"
            var = value_at_risk(
                portfolio, confidence, method=var_method, n_simulations=SIMULATIONS, seed=SEED
            )
            row[f"VaR {level}"] = var
            row[f"CVaR {level}"] = (
                conditional_value_at_risk(portfolio, confidence, method=cvar_method)
                if cvar_method is not None
                else float("nan")
            )
            row[f"days beyond VaR {level}"] = float((portfolio < -var).mean())
        table[label] = row
    var_table = pd.DataFrame(table).T.rename_axis("method")

    files = {"returns": out / "returns.csv", "var": out / "var.csv"}
    portfolio.to_csv(files["returns"], date_format="%Y-%m-%d")
    var_table.to_csv(files["var"])

    # 3. Print: percent of the portfolio per day, then money at 95%.
    first, last = portfolio.index[0], portfolio.index[-1]
    print(f"1/N of 20 stocks, monthly, daily returns {first:%Y-%m-%d} to {last:%Y-%m-%d}")
    print(var_table.to_string(float_format=lambda x: f"{x:.2%}", na_rep="-"))
    money = (var_table[["VaR 95%", "CVaR 95%"]] * PORTFOLIO_VALUE).map(
        lambda x: "-" if pd.isna(x) else f"{x:,.0f}"
    )
    print(f"\nOne-day loss on {PORTFOLIO_VALUE:,} at 95%:")
    print(money.to_string())
    print(f"Files in {out}/: {', '.join(p.name for p in files.values())}")
    return files


if __name__ == "__main__":
    main()
