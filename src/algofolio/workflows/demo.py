"""The built-in demo: a strategic mix and inverse volatility on 20 S&P 500 stocks vs the index.

Both strategies rebalance monthly (first trading day of each month) with 10 bps proportional costs,
starting with 1,000,000 on the first date both can trade (inverse volatility needs a 252-day window).
``examples/demo.toml`` is the same config as a file.

>>> config = demo_config()
>>> [s.name for s in config.strategies], round(sum(config.strategies[0].allocator.weights.values()), 10)
(['Strategic 60/30/10', 'Inverse volatility'], 1.0)
"""

from __future__ import annotations

from algofolio.workflows.comparison import Comparison, ProgressCallback, run_config
from algofolio.workflows.config import (
    BacktestConfig,
    BacktestSettings,
    CalendarRebalanceConfig,
    DataConfig,
    FixedWeightsConfig,
    InverseVolatilityConfig,
    ReportConfig,
    StrategyConfig,
)

__all__ = ["DEMO_TITLE", "STRATEGIC_MIX", "demo_config", "run_demo"]

STRATEGIC_MIX: dict[str, float] = {
    # 60% defensive: staples, health care, retail
    "JNJ": 0.10,
    "KO": 0.10,
    "PEP": 0.10,
    "PG": 0.10,
    "WMT": 0.10,
    "MRK": 0.10,
    # 30% technology
    "AAPL": 0.10,
    "MSFT": 0.10,
    "AMD": 0.10,
    # 10% energy
    "XOM": 0.05,
    "CVX": 0.05,
}
"""Weights of the demo's "Strategic 60/30/10" fixed mix (sums to 1: fully invested)."""

DEMO_TITLE = "algofolio demo: 20 S&P 500 stocks, strategic mix vs inverse volatility"


def demo_config() -> BacktestConfig:
    """The demo's config (the same as ``examples/demo.toml``)."""
    monthly = CalendarRebalanceConfig(frequency="monthly")
    return BacktestConfig(
        data=DataConfig(prices="dataset:sp500", benchmark="dataset:sp500_index"),
        backtest=BacktestSettings(initial_value=1_000_000, window=252, costs_bps=10),
        strategies=[
            StrategyConfig(
                name="Strategic 60/30/10",
                allocator=FixedWeightsConfig(weights=STRATEGIC_MIX),
                rebalance=monthly,
            ),
            StrategyConfig(
                name="Inverse volatility",
                allocator=InverseVolatilityConfig(),
                rebalance=monthly,
            ),
        ],
        report=ReportConfig(title=DEMO_TITLE),
    )


def run_demo(*, progress: ProgressCallback | None = None) -> Comparison:
    """Run :func:`demo_config` (a few seconds: 33 years of daily prices, two strategies)."""
    return run_config(demo_config(), progress=progress)
