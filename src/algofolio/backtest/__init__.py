"""The backtest simulator (L5): strategies over price history, without look-ahead, and their results."""

from algofolio.backtest._scores import ScoreFunction, SelectionScore
from algofolio.backtest.batch import common_start, run_backtests
from algofolio.backtest.candidates import candidate_returns, run_candidates
from algofolio.backtest.comparison import TRADING_COLUMNS, StrategyComparison, compare_strategies
from algofolio.backtest.engine import run_backtest
from algofolio.backtest.evaluation import (
    WalkForwardSelection,
    walk_forward_backtest,
    walk_forward_selection,
)
from algofolio.backtest.overfitting import (
    BacktestOverfitting,
    DeflatedSharpe,
    Degradation,
    backtest_overfitting,
    deflated_sharpe_ratio,
    expected_maximum_sharpe,
    performance_degradation,
)
from algofolio.backtest.policy import decide_targets
from algofolio.backtest.result import TRADE_COLUMNS, BacktestResult
from algofolio.backtest.start import first_rebalance_date
from algofolio.backtest.strategy import Strategy
from algofolio.backtest.sweep import SweepResult, ma_crossover_sweep, signal_sweep

__all__ = [
    "TRADE_COLUMNS",
    "TRADING_COLUMNS",
    "BacktestOverfitting",
    "BacktestResult",
    "DeflatedSharpe",
    "Degradation",
    "ScoreFunction",
    "SelectionScore",
    "Strategy",
    "StrategyComparison",
    "SweepResult",
    "WalkForwardSelection",
    "backtest_overfitting",
    "candidate_returns",
    "common_start",
    "compare_strategies",
    "decide_targets",
    "deflated_sharpe_ratio",
    "expected_maximum_sharpe",
    "first_rebalance_date",
    "ma_crossover_sweep",
    "performance_degradation",
    "run_backtest",
    "run_backtests",
    "run_candidates",
    "signal_sweep",
    "walk_forward_backtest",
    "walk_forward_selection",
]
