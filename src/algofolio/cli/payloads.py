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

if TYPE_CHECKING:
    from algofolio.optimize import OptimizationResult
    from algofolio.rebalance import TradePlan
    from algofolio.workflows import Comparison
    from algofolio.workflows.shares import SharePlan

__all__ = [
    "comparison_payload",
    "dumps",
    "evaluation_payload",
    "frame_records",
    "iso_date",
    "number",
    "plan_payload",
    "result_payload",
    "share_plan_payload",
    "summary_payload",
]


def number(value: Any) -> float | None:
    """``value`` as a float, ``None`` when it is NaN or infinite (JSON has no NaN).

    >>> number(float("nan")), number(2)
    (None, 2.0)
    """
    as_float = float(value)
    return as_float if math.isfinite(as_float) else None


def iso_date(value: Any) -> str:
    """A timestamp as ``YYYY-MM-DD``."""
    return f"{pd.Timestamp(value):%Y-%m-%d}"


def dumps(payload: Mapping[str, Any]) -> str:
    """Strict JSON (no NaN/Infinity literals), indented."""
    return json.dumps(payload, indent=2, allow_nan=False, ensure_ascii=False)


def summary_payload(summary: pd.DataFrame) -> dict[str, dict[str, float | None]]:
    """``{series: {metric label: value}}`` of a ``metrics.summary`` table."""
    return {
        str(column): {str(label): number(value) for label, value in summary[column].items()}
        for column in summary.columns
    }


def comparison_payload(comparison: Comparison, files: Mapping[str, Path]) -> dict[str, Any]:
    """Title, period, per-strategy totals and trading figures, the benchmark, the metric summary,
    the evaluation (``null`` without one) and the files written."""
    first = comparison.results[0].nav
    strategies = [
        {
            "name": r.name,
            "final_value": number(r.nav.iloc[-1]),
            "rebalances": len(r.rebalances),
            "turnover": number(r.rebalances["turnover"].sum()),
            "costs": number(r.rebalances["cost"].sum()),
            "annual_turnover": number(r.annual_turnover),
            "cost_drag": number(r.cost_drag),
            "flows": number(0.0 if r.flows is None else r.flows.sum()),
        }
        for r in comparison.results
    ]
    benchmark = None
    if comparison.benchmark is not None:
        benchmark = {
            "name": str(comparison.benchmark.name),
            "final_value": number(comparison.benchmark.iloc[-1]),
        }
    return {
        "title": comparison.title,
        "start": iso_date(first.index[0]),
        "end": iso_date(first.index[-1]),
        "initial_value": number(comparison.initial_value),
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
            "train_start": iso_date(row["train_start"]),
            "train_end": iso_date(row["train_end"]),
            "test_start": iso_date(row["test_start"]),
            "test_end": iso_date(row["test_end"]),
            "chosen": str(row["chosen"]),
            "in_sample": number(row["in_sample"]),
            "out_of_sample": number(row["out_of_sample"]),
        }
        for split, row in folds.iterrows()
    ]
    pbo, dsr = evaluation.overfitting, evaluation.deflated_sharpe
    return {
        "score": evaluation.selection.score,
        "selection": splits,
        "pbo": number(pbo.pbo),
        "pbo_groups": pbo.n_groups,
        "probability_of_loss": number(pbo.probability_of_loss),
        "degradation": {
            "slope": number(pbo.degradation.slope),
            "intercept": number(pbo.degradation.intercept),
            "r_squared": number(pbo.degradation.r_squared),
        },
        "deflated_sharpe": {
            "candidate": dsr.candidate,
            "sharpe": number(dsr.sharpe),
            "expected_max_sharpe": number(dsr.expected_max_sharpe),
            "probability": number(dsr.probability),
            "n_trials": dsr.n_trials,
        },
    }


def plan_payload(plan: TradePlan) -> dict[str, Any]:
    """A trade plan: date, totals, drift, and one record per asset (trades' columns)."""
    trades = [
        {"asset": str(asset), **{str(k): number(v) for k, v in row.items()}}
        for asset, row in plan.trades.iterrows()
    ]
    return {
        "date": None if plan.date is None else iso_date(plan.date),
        "needs_trading": bool(plan.needs_trading),
        "reason": plan.reason,
        "cash_before": number(plan.cash_before),
        "cash_after": number(plan.cash_after),
        "total_cost": number(plan.total_cost),
        "max_drift": number(plan.max_drift),
        "max_drift_asset": str(plan.max_drift_asset),
        "trades": trades,
    }


def result_payload(result: OptimizationResult) -> dict[str, Any]:
    """An optimisation result: its annual figures, the solver, and every weight by asset."""
    return {
        "expected_return": number(result.expected_return),
        "volatility": number(result.volatility),
        "sharpe": number(result.sharpe),
        "risk_free_rate": number(result.risk_free_rate),
        "objective_value": number(result.objective_value),
        "solver": result.solver,
        "weights": {str(a): number(w) for a, w in result.weights.items()},
    }


def frame_records(frame: pd.DataFrame, index: str) -> list[dict[str, Any]]:
    """One record per row: ``{index: label, column: value, ...}`` (NaN as ``null``)."""
    return [
        {index: int(label) if isinstance(label, int | np.integer) else str(label)}
        | {str(k): number(v) for k, v in row.items()}
        for label, row in frame.iterrows()
    ]


def share_plan_payload(plan: SharePlan) -> dict[str, Any]:
    """Whole shares: date, capital, leftover cash, costs, one record per asset."""
    return {
        "date": iso_date(plan.date),
        "capital": number(plan.capital),
        "leftover": number(plan.leftover),
        "cost": number(plan.cost),
        "assets": frame_records(plan.table, "asset"),
    }
