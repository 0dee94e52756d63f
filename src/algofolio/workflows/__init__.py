"""Use cases shared by the CLI and notebooks: run a backtest config or the demo, summarise a price
file, plan an account's trades. The TOML config schema lives here (pydantic; errors name the key):
``config`` (the file), ``config_*`` (its kinds: allocators, targets, rules, costs, cash flows,
data, evaluation).
"""

from algofolio.workflows.account import load_targets, rebalance_account
from algofolio.workflows.analytics import compute_metrics
from algofolio.workflows.comparison import (
    Comparison,
    ProgressCallback,
    build_strategies,
    comparison_tables,
    run_config,
    trading_table,
)
from algofolio.workflows.config import BacktestConfig, load_backtest_config
from algofolio.workflows.config_evaluation import Evaluation, EvaluationConfig, evaluate
from algofolio.workflows.constraints_file import (
    ConstraintsFile,
    load_constraints,
    read_constraints_file,
)
from algofolio.workflows.datasets_info import (
    DATASET_ORIGINS,
    EXPORT_FORMATS,
    DatasetInfo,
    cut_dates,
    dataset_infos,
    describe_prices,
    export_prices,
)
from algofolio.workflows.demo import demo_config, run_demo
from algofolio.workflows.frontier import FrontierRun, asset_figures, frontier_of_prices
from algofolio.workflows.optimization import (
    METHODS,
    CovarianceChoice,
    Method,
    MethodInputs,
    Parameter,
    estimate_distribution,
    find_method,
    optimize_prices,
    optimize_returns,
)
from algofolio.workflows.profile import (
    QUESTIONS,
    InvestorProfile,
    MixHistory,
    Proposal,
    Question,
    equity_share,
    load_profile,
    propose,
)
from algofolio.workflows.quick_compare import (
    STRATEGY_KINDS,
    compare_config,
    run_comparison,
    with_options,
)
from algofolio.workflows.shares import SharePlan, share_plan
from algofolio.workflows.sources import load_benchmark, load_prices
from algofolio.workflows.tearsheet import load_tearsheet, result_of_values, tearsheet

__all__ = [
    "DATASET_ORIGINS",
    "EXPORT_FORMATS",
    "METHODS",
    "QUESTIONS",
    "STRATEGY_KINDS",
    "BacktestConfig",
    "Comparison",
    "ConstraintsFile",
    "CovarianceChoice",
    "DatasetInfo",
    "Evaluation",
    "EvaluationConfig",
    "FrontierRun",
    "InvestorProfile",
    "Method",
    "MethodInputs",
    "MixHistory",
    "Parameter",
    "ProgressCallback",
    "Proposal",
    "Question",
    "SharePlan",
    "asset_figures",
    "build_strategies",
    "compare_config",
    "comparison_tables",
    "compute_metrics",
    "cut_dates",
    "dataset_infos",
    "demo_config",
    "describe_prices",
    "equity_share",
    "estimate_distribution",
    "evaluate",
    "export_prices",
    "find_method",
    "frontier_of_prices",
    "load_backtest_config",
    "load_benchmark",
    "load_constraints",
    "load_prices",
    "load_profile",
    "load_targets",
    "load_tearsheet",
    "optimize_prices",
    "optimize_returns",
    "propose",
    "read_constraints_file",
    "rebalance_account",
    "result_of_values",
    "run_comparison",
    "run_config",
    "run_demo",
    "share_plan",
    "tearsheet",
    "trading_table",
    "with_options",
]
