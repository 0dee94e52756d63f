"""Use cases shared by the CLI and notebooks: run a backtest config or the demo, summarise a price
file, plan an account's trades. The TOML config schema lives here (pydantic; errors name the key).
"""

from algofolio.workflows.account import load_targets, rebalance_account
from algofolio.workflows.analytics import compute_metrics
from algofolio.workflows.comparison import (
    Comparison,
    ProgressCallback,
    build_strategies,
    run_config,
)
from algofolio.workflows.config import BacktestConfig, load_backtest_config
from algofolio.workflows.demo import demo_config, run_demo
from algofolio.workflows.sources import load_benchmark, load_prices

__all__ = [
    "BacktestConfig",
    "Comparison",
    "ProgressCallback",
    "build_strategies",
    "compute_metrics",
    "demo_config",
    "load_backtest_config",
    "load_benchmark",
    "load_prices",
    "load_targets",
    "rebalance_account",
    "run_config",
    "run_demo",
]
