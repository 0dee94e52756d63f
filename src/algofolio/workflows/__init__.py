"""Use cases shared by the CLI and notebooks: run a backtest config or the demo, summarise a price
file, plan an account's trades. The TOML config schema lives here (pydantic; errors name the key):
``config`` (the file), ``config_*`` (its kinds: allocators, targets, rules, costs, cash flows,
data, evaluation).

The names below are imported on first use (PEP 562), so that a command needing one use case does not
pay for the others' imports (the optimiser's cvxpy, scikit-learn): ``algofolio data list`` starts in
a quarter of the time.
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

if _TYPE_CHECKING:
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
    from algofolio.workflows.tearsheets import load_tearsheet, result_of_values, tearsheet

_MODULE_OF: dict[str, str] = {
    "DATASET_ORIGINS": "datasets_info",
    "EXPORT_FORMATS": "datasets_info",
    "METHODS": "optimization",
    "QUESTIONS": "profile",
    "STRATEGY_KINDS": "quick_compare",
    "BacktestConfig": "config",
    "Comparison": "comparison",
    "ConstraintsFile": "constraints_file",
    "CovarianceChoice": "optimization",
    "DatasetInfo": "datasets_info",
    "Evaluation": "config_evaluation",
    "EvaluationConfig": "config_evaluation",
    "FrontierRun": "frontier",
    "InvestorProfile": "profile",
    "Method": "optimization",
    "MethodInputs": "optimization",
    "MixHistory": "profile",
    "Parameter": "optimization",
    "ProgressCallback": "comparison",
    "Proposal": "profile",
    "Question": "profile",
    "SharePlan": "shares",
    "asset_figures": "frontier",
    "build_strategies": "comparison",
    "compare_config": "quick_compare",
    "comparison_tables": "comparison",
    "compute_metrics": "analytics",
    "cut_dates": "datasets_info",
    "dataset_infos": "datasets_info",
    "demo_config": "demo",
    "describe_prices": "datasets_info",
    "equity_share": "profile",
    "estimate_distribution": "optimization",
    "evaluate": "config_evaluation",
    "export_prices": "datasets_info",
    "find_method": "optimization",
    "frontier_of_prices": "frontier",
    "load_backtest_config": "config",
    "load_benchmark": "sources",
    "load_constraints": "constraints_file",
    "load_prices": "sources",
    "load_profile": "profile",
    "load_targets": "account",
    "load_tearsheet": "tearsheets",
    "optimize_prices": "optimization",
    "optimize_returns": "optimization",
    "propose": "profile",
    "read_constraints_file": "constraints_file",
    "rebalance_account": "account",
    "result_of_values": "tearsheets",
    "run_comparison": "quick_compare",
    "run_config": "comparison",
    "run_demo": "demo",
    "share_plan": "shares",
    "tearsheet": "tearsheets",
    "trading_table": "comparison",
    "with_options": "quick_compare",
}
"""The module of ``algofolio.workflows`` that defines each public name."""

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


def __getattr__(name: str) -> _Any:
    """Import the public ``name`` from its module on first use (then it is a plain attribute)."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    source = _importlib.import_module(f"{__name__}.{module}")
    for public, home in _MODULE_OF.items():  # every name of that module at once
        if home == module:
            globals()[public] = getattr(source, public)
    return globals()[name]


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
