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
    """Title, period, per-strategy totals, the benchmark, the metric summary and the files written."""
    first = comparison.results[0].nav
    strategies = [
        {
            "name": r.name,
            "final_value": _number(r.nav.iloc[-1]),
            "rebalances": len(r.rebalances),
            "turnover": _number(r.rebalances["turnover"].sum()),
            "costs": _number(r.rebalances["cost"].sum()),
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
        "files": {key: str(path) for key, path in files.items()},
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
