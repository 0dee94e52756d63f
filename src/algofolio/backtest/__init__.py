"""The backtest simulator (L5): strategies over price history, without look-ahead, and their results."""

from algofolio.backtest.batch import common_start, run_backtests
from algofolio.backtest.engine import run_backtest
from algofolio.backtest.policy import decide_targets
from algofolio.backtest.result import TRADE_COLUMNS, BacktestResult
from algofolio.backtest.start import first_rebalance_date
from algofolio.backtest.strategy import Strategy
from algofolio.backtest.sweep import SweepResult, ma_crossover_sweep, signal_sweep

__all__ = [
    "TRADE_COLUMNS",
    "BacktestResult",
    "Strategy",
    "SweepResult",
    "common_start",
    "decide_targets",
    "first_rebalance_date",
    "ma_crossover_sweep",
    "run_backtest",
    "run_backtests",
    "signal_sweep",
]
