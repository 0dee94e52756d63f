"""Benchmarks: algofolio against the peers on the same data, in one run, printed as ratios.

Analytics and the demo; the optimisers are in ``benchmarks/optimizers.py`` and the backtests in
``benchmarks/backtests.py``. Run with ``.venv/bin/python benchmarks/run.py`` (after ``pip install -e ".[test]"``; the peers
empyrical-reloaded and quantstats come with the test extra). ``--quick`` uses smaller problems.

Each case runs in a fresh subprocess so that its peak resident memory is its own; times are the
median of ``--repeat`` runs after one warm-up. A ratio > 1 means algofolio is faster.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Case:
    name: str
    contender: str
    setup: Callable[[dict[str, Any]], Any]
    run: Callable[[Any], Any]


# ---------------------------------------------------------------- data
def _returns(params: dict[str, Any]) -> pd.DataFrame:
    from algofolio.datasets import make_synthetic_prices

    prices = make_synthetic_prices(params["assets"], params["days"], seed=1)
    return prices.pct_change().iloc[1:]


# ---------------------------------------------------------------- metrics summary
def _ours_summary(returns: pd.DataFrame) -> Any:
    from algofolio.metrics import summary

    return summary(returns)


def _quantstats_summary(returns: pd.DataFrame) -> Any:
    import quantstats as qs

    out = {}
    for column in returns:
        r = returns[column]
        out[column] = [
            qs.stats.comp(r),
            qs.stats.cagr(r),
            qs.stats.volatility(r),
            qs.stats.sharpe(r),
            qs.stats.sortino(r),
            qs.stats.calmar(r),
            qs.stats.max_drawdown(r),
            qs.stats.var(r),
            qs.stats.cvar(r),
            qs.stats.skew(r),
            qs.stats.kurtosis(r),
            qs.stats.win_rate(r),
            qs.stats.best(r),
            qs.stats.worst(r),
        ]
    return out


def _empyrical_summary(returns: pd.DataFrame) -> Any:
    import empyrical as ep

    out = {}
    for column in returns:
        r = returns[column]
        out[column] = [
            ep.cum_returns_final(r),
            ep.cagr(r),
            ep.annual_volatility(r),
            ep.sharpe_ratio(r),
            ep.sortino_ratio(r),
            ep.calmar_ratio(r),
            ep.max_drawdown(r),
            ep.value_at_risk(r),
            ep.conditional_value_at_risk(r),
        ]
    return out


# ---------------------------------------------------------------- historical VaR quantile
def _return_array(params: dict[str, Any]) -> np.ndarray:
    return _returns(params).to_numpy()


def _ours_quantile(array: np.ndarray) -> Any:
    from algofolio.metrics._quantile import column_quantiles

    return column_quantiles(array, 0.05)


def _numpy_quantile(array: np.ndarray) -> Any:
    return np.quantile(array, 0.05, axis=0)


# ---------------------------------------------------------------- demo
def _demo(_: Any) -> Any:
    from algofolio.workflows import run_demo

    return run_demo()


def _cli_demo(_: Any) -> Any:
    bin_dir = sys.executable.rsplit("/", 1)[0]
    return subprocess.run(
        [f"{bin_dir}/algofolio", "demo", "--json", "--no-report"],
        check=True,
        capture_output=True,
    )


CASES: dict[str, list[Case]] = {
    "metrics summary": [
        Case("metrics summary", "algofolio", _returns, _ours_summary),
        Case("metrics summary", "quantstats", _returns, _quantstats_summary),
        Case("metrics summary", "empyrical", _returns, _empyrical_summary),
    ],
    "5% quantile per column (VaR)": [
        Case("5% quantile per column (VaR)", "algofolio", _return_array, _ours_quantile),
        Case("5% quantile per column (VaR)", "numpy.quantile", _return_array, _numpy_quantile),
    ],
    "demo (bundled data)": [
        Case("demo (bundled data)", "algofolio (in process)", lambda _: None, _demo),
        Case("demo (bundled data)", "algofolio CLI (subprocess)", lambda _: None, _cli_demo),
    ],
}

SIZES = {
    "full": {
        "metrics summary": {"assets": 500, "days": 2520},
        "5% quantile per column (VaR)": {"assets": 500, "days": 2520},
        "demo (bundled data)": {},
    },
    "quick": {
        "metrics summary": {"assets": 50, "days": 1260},
        "5% quantile per column (VaR)": {"assets": 50, "days": 1260},
        "demo (bundled data)": {},
    },
}


def _measure(group: str, contender: str, params: dict[str, Any], repeat: int) -> dict[str, Any]:
    """Run one case in this process (called in a child): median seconds and peak RSS."""
    case = next(c for c in CASES[group] if c.contender == contender)
    warnings.simplefilter("ignore")
    data = case.setup(params)
    case.run(data)  # warm-up: imports, caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        case.run(data)
        times.append(time.perf_counter() - started)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": statistics.median(times), "peak_mib": peak_kib / 1024}


def _child(group: str, contender: str, params: dict[str, Any], repeat: int) -> dict[str, Any]:
    completed = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            json.dumps({"group": group, "contender": contender, "params": params}),
            "--repeat",
            str(repeat),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        return {"error": completed.stderr.strip().splitlines()[-1]}
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller problems")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per case (median)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        spec = json.loads(args.child)
        print(json.dumps(_measure(spec["group"], spec["contender"], spec["params"], args.repeat)))
        return
    sizes = SIZES["quick" if args.quick else "full"]
    header = (
        f"{'case':<34} {'size':<16} {'contender':<28} {'median s':>9} {'peak MiB':>9} {'ratio':>8}"
    )
    print(header)
    print("-" * len(header))
    for group, cases in CASES.items():
        params = sizes[group]
        size = f"{params['assets']} x {params['days']}" if params else "bundled"
        ours: float | None = None
        for case in cases:
            outcome = _child(group, case.contender, params, args.repeat)
            if "error" in outcome:
                print(f"{group:<34} {size:<16} {case.contender:<28} failed: {outcome['error']}")
                continue
            seconds = outcome["seconds"]
            if ours is None:
                ours = seconds
            ratio = f"{seconds / ours:7.1f}x" if ours else ""
            print(
                f"{group:<34} {size:<16} {case.contender:<28} {seconds:9.3f} "
                f"{outcome['peak_mib']:9.0f} {ratio:>8}"
            )
    print(
        "\nratio = contender's median time / algofolio's (first row of each case); > 1: we are faster"
    )


if __name__ == "__main__":
    main()
