"""Machine-readable (``--json``) output: plain dicts of results; NaN becomes ``null``.

>>> import pandas as pd
>>> summary_payload(pd.DataFrame({"A": [0.1, float("nan")]}, index=["CAGR", "Beta"]))
{'A': {'CAGR': 0.1, 'Beta': None}}
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from algofolio.rebalance import TradePlan
from algofolio.workflows import Comparison

if TYPE_CHECKING:
    from algofolio.optimize import OptimizationResult
    from algofolio.workflows.shares import SharePlan

__all__ = [
    "comparison_payload",
    "dumps",
    "evaluation_payload",
    "frame_records",
    "plan_payload",
    "result_payload",
    "share_plan_payload",
    "summary_payload",
]


def _number(value: Any) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None


def _date(value: Any) -> str:
    return f"{pd.Timestamp(value):%Y-%m-%d}"


def dumps(payload: Mapping[str, Any]) -> str:
    """Strict JSON (no NaN/Infinity literals), indented."""
    return json.dumps(payload, indent=2, allow_nan=False, ensure_ascii=False)


def summary_payload(summary: pd.DataFrame) -> dict[str, dict[str, float | None]]:
    """``{series: {metric label: value}}`` of a ``metrics.summary`` table."""
    return {
        str(column): {str(label): _number(value) for label, value in summary[column].items()}
        for column in summary.columns
    }


def comparison_payload(comparison: Comparison, files: Mapping[str, Path]) -> dict[str, Any]:
    """Title, period, per-strategy totals and trading figures, the benchmark, the metric summary,
    the evaluation (``null`` without one) and the files written."""
    first = comparison.results[0].nav
    strategies = [
        {
            "name": r.name,
            "final_value": _number(r.nav.iloc[-1]),
            "rebalances": len(r.rebalances),
            "turnover": _number(r.rebalances["turnover"].sum()),
            "costs": _number(r.rebalances["cost"].sum()),
            "annual_turnover": _number(r.annual_turnover),
            "cost_drag": _number(r.cost_drag),
            "flows": _number(0.0 if r.flows is None else r.flows.sum()),
        }
        for r in comparison.results
    ]
    benchmark = None
    if comparison.benchmark is not None:
        benchmark = {
            "name": str(comparison.benchmark.name),
            "final_value": _number(comparison.benchmark.iloc[-1]),
        }
    return {
        "title": comparison.title,
        "start": _date(first.index[0]),
        "end": _date(first.index[-1]),
        "initial_value": _number(comparison.initial_value),
        "strategies": strategies,
        "benchmark": benchmark,
        "summary": summary_payload(comparison.summary),
        "evaluation": None if comparison.evaluation is None else evaluation_payload(comparison),
        "files": {key: str(path) for key, path in files.items()},
    }


def evaluation_payload(comparison: Comparison) -> dict[str, Any]:
    """The evaluation of ``comparison``: the selection's score and splits (chosen strategy and
    scores), PBO with its degradation, and the deflated Sharpe ratio of the best strategy."""
    evaluation = comparison.evaluation
    assert evaluation is not None
    folds = evaluation.selection.folds
    splits = [
        {
            "split": int(str(split)),
            "train_start": _date(row["train_start"]),
            "train_end": _date(row["train_end"]),
            "test_start": _date(row["test_start"]),
            "test_end": _date(row["test_end"]),
            "chosen": str(row["chosen"]),
            "in_sample": _number(row["in_sample"]),
            "out_of_sample": _number(row["out_of_sample"]),
        }
        for split, row in folds.iterrows()
    ]
    pbo, dsr = evaluation.overfitting, evaluation.deflated_sharpe
    return {
        "score": evaluation.selection.score,
        "selection": splits,
        "pbo": _number(pbo.pbo),
        "pbo_groups": pbo.n_groups,
        "probability_of_loss": _number(pbo.probability_of_loss),
        "degradation": {
            "slope": _number(pbo.degradation.slope),
            "intercept": _number(pbo.degradation.intercept),
            "r_squared": _number(pbo.degradation.r_squared),
        },
        "deflated_sharpe": {
            "candidate": dsr.candidate,
            "sharpe": _number(dsr.sharpe),
            "expected_max_sharpe": _number(dsr.expected_max_sharpe),
            "probability": _number(dsr.probability),
            "n_trials": dsr.n_trials,
        },
    }


def plan_payload(plan: TradePlan) -> dict[str, Any]:
    """A trade plan: date, totals, drift, and one record per asset (trades' columns)."""
    trades = [
        {"asset": str(asset), **{str(k): _number(v) for k, v in row.items()}}
        for asset, row in plan.trades.iterrows()
    ]
    return {
        "date": None if plan.date is None else _date(plan.date),
        "needs_trading": bool(plan.needs_trading),
        "reason": plan.reason,
        "cash_before": _number(plan.cash_before),
        "cash_after": _number(plan.cash_after),
        "total_cost": _number(plan.total_cost),
        "max_drift": _number(plan.max_drift),
        "max_drift_asset": str(plan.max_drift_asset),
        "trades": trades,
    }


def result_payload(result: OptimizationResult) -> dict[str, Any]:
    """An optimisation result: its annual figures, the solver, and every weight by asset."""
    return {
        "expected_return": _number(result.expected_return),
        "volatility": _number(result.volatility),
        "sharpe": _number(result.sharpe),
        "risk_free_rate": _number(result.risk_free_rate),
        "objective_value": _number(result.objective_value),
        "solver": result.solver,
        "weights": {str(a): _number(w) for a, w in result.weights.items()},
    }


def frame_records(frame: pd.DataFrame, index: str) -> list[dict[str, Any]]:
    """One record per row: ``{index: label, column: value, ...}`` (NaN as ``null``)."""
    return [
        {index: int(label) if isinstance(label, int | np.integer) else str(label)}
        | {str(k): _number(v) for k, v in row.items()}
        for label, row in frame.iterrows()
    ]


def share_plan_payload(plan: SharePlan) -> dict[str, Any]:
    """Whole shares: date, capital, leftover cash, costs, one record per asset."""
    return {
        "date": _date(plan.date),
        "capital": _number(plan.capital),
        "leftover": _number(plan.leftover),
        "cost": _number(plan.cost),
        "assets": frame_records(plan.table, "asset"),
    }
