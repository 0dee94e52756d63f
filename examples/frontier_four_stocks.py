"""The efficient frontier of four stocks, with a cloud of random (Monte Carlo) portfolios.

Markowitz's picture: every long-only, fully invested mix of four stocks has an expected return and
a volatility; the random portfolios fill a region of that plane, and the efficient frontier is its
upper-left edge, the mixes with the highest expected return for their risk. Two portfolios on it
are starred: the least volatile (min volatility) and the one with the best ratio of return to risk
(max Sharpe).

Estimates: the historical mean and sample covariance of daily simple returns of 2013-2022,
annualised (x 252): past averages, a noisy guide to the future, which is why the max-Sharpe
weights are often extreme.

Data: four of the 20 S&P 500 stocks bundled with algofolio (BSD-3-Clause, from skfolio; for
testing and examples only).

Run from the repository root::

    .venv/bin/python examples/frontier_four_stocks.py --out algofolio-examples/frontier_four_stocks

It writes ``frontier.html`` (the chart: frontier, random cloud, starred portfolios, the single
stocks), ``frontier.csv`` (each frontier point's figures and weights) and ``random.csv`` (the
random portfolios), and prints the two starred portfolios.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from algofolio.datasets import load_sp500_prices
from algofolio.report import write_frontier_files
from algofolio.workflows import frontier_of_prices

STOCKS = ["AAPL", "JNJ", "XOM", "JPM"]  # technology, health care, energy, banking
START, END = "2013-01-01", "2022-12-31"
RANDOM_PORTFOLIOS = 5_000  # Dirichlet draws: long only, fully invested
SEED = 0  # the random cloud is reproducible


def main(argv: list[str] | None = None) -> dict[str, Path]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("algofolio-examples/frontier_four_stocks"))
    out: Path = parser.parse_args(argv).out

    # 1. Prices of the four stocks over ten years (dates x assets).
    prices = load_sp500_prices().loc[START:END, STOCKS]

    # 2. The frontier (50 exact points on the critical line) and the random cloud, all from one
    #    estimate of the mean and covariance. risk_free_rate sets the max-Sharpe portfolio.
    run = frontier_of_prices(prices, 50, random=RANDOM_PORTFOLIOS, seed=SEED, risk_free_rate=0.0)
    frontier = run.frontier

    # 3. The chart and the tables.
    files = write_frontier_files(
        out,
        points=frontier.points,
        weights=frontier.weights,
        min_volatility=frontier.min_volatility,
        max_sharpe=frontier.max_sharpe,
        cloud=run.cloud,
        assets=run.assets,
        title=f"Efficient frontier of {', '.join(STOCKS)} ({START[:4]}-{END[:4]})",
        notes={"Estimates": "historical mean and sample covariance of daily simple returns"},
    )
    cloud = run.cloud  # random portfolios: figures and weights, one row each
    files["random"] = out / "random.csv"
    cloud.to_csv(files["random"])

    # 4. The starred portfolios, side by side with each stock alone.
    starred = {"min volatility": frontier.min_volatility, "max Sharpe": frontier.max_sharpe}
    table = pd.DataFrame(
        {
            name: {
                **{f"weight {a}": float(w) for a, w in p.weights.items()},
                "expected return": p.expected_return,
                "volatility": p.volatility,
                "Sharpe": p.sharpe,
            }
            for name, p in starred.items()
        }
    )
    print(f"{', '.join(STOCKS)}, {prices.index[0]:%Y-%m-%d} to {prices.index[-1]:%Y-%m-%d}")
    print(table.to_string(float_format=lambda x: f"{x:.3f}"))
    print("Each stock alone (annual):")
    print(run.assets.to_string(float_format=lambda x: f"{x:.3f}"))
    best_random = cloud["sharpe"].max()
    print(f"Best Sharpe among {len(cloud):,} random portfolios: {best_random:.3f}")
    print(f"(the frontier's max Sharpe is {frontier.max_sharpe.sharpe:.3f}: none can beat it)")
    print(f"Files in {out}/: {', '.join(p.name for p in files.values())}")
    return files


if __name__ == "__main__":
    main()
