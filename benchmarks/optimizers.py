"""Optimiser benchmarks: algofolio's solvers against PyPortfolioOpt, skfolio and Riskfolio-Lib.

Run with ``.venv/bin/python benchmarks/optimizers.py`` (or ``benchmarks/run.py --suite optimizers``)
after ``pip install -e ".[test]"`` (the peers come with the test extra). ``--sizes 20,100,500``
picks universes (20 is the bundled S&P 500 stocks, others synthetic with 2520 daily returns);
``--timeout`` caps each peer run.

Every contender gets the same daily returns; the mean-variance contenders get the same sample mean
and covariance (``ddof=1``; skfolio and Riskfolio-Lib estimate them from the returns with the same
formulas inside their timed call, which costs them a few milliseconds). Each case runs in a fresh
subprocess (its own peak memory); a run under 2 s is repeated and the median taken after one
warm-up. For each peer the table prints the ratio of times (> 1: algofolio is faster) and the
relative gap of the objective computed here with numpy from the weights each returned (> 0: the peer
is worse), and the largest constraint violation of every contender.
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

DAYS = 2520
REPEAT_BELOW = 2.0
"""Runs faster than this many seconds are repeated (median of ``--repeat``)."""


# ---------------------------------------------------------------- data
def returns_for(assets: int) -> pd.DataFrame:
    """Daily simple returns: the bundled 20 stocks, or a seeded synthetic universe."""
    if assets == 20:
        from algofolio.datasets import load_sp500_prices

        return load_sp500_prices().pct_change().iloc[1:]
    from algofolio.datasets import make_synthetic_prices

    return make_synthetic_prices(assets, DAYS + 1, seed=1).pct_change().iloc[1:]


@dataclass(frozen=True)
class Data:
    returns: pd.DataFrame
    mu: pd.Series
    cov: pd.DataFrame

    @property
    def scenarios(self) -> np.ndarray:
        return self.returns.to_numpy()


def data_for(assets: int) -> Data:
    returns = returns_for(assets)
    return Data(returns=returns, mu=returns.mean(), cov=returns.cov())


def _problem(data: Data, scenarios: bool = False) -> Any:
    from algofolio.optimize import PortfolioProblem

    extra = {"scenarios": data.scenarios} if scenarios else {}
    return PortfolioProblem(
        assets=tuple(data.mu.index),
        mu=data.mu.to_numpy(),
        Sigma=data.cov.to_numpy(),
        periods_per_year=252.0,
        **extra,
    )


# ---------------------------------------------------------------- objectives (computed here)
def variance(w: np.ndarray, data: Data) -> float:
    return float(w @ data.cov.to_numpy() @ w)


def neg_sharpe(w: np.ndarray, data: Data) -> float:
    return -float(w @ data.mu.to_numpy()) / np.sqrt(variance(w, data))


def cvar95(w: np.ndarray, data: Data) -> float:
    """Rockafellar-Uryasev CVaR of the losses at 95% (the LP's exact objective)."""
    losses = np.sort(-(data.scenarios @ w))[::-1]
    tail = 0.05 * len(losses)
    whole = int(np.floor(tail))
    total = losses[:whole].sum() + (tail - whole) * (losses[whole] if whole < len(losses) else 0)
    return float(total / tail)


def erc_gap(w: np.ndarray, data: Data) -> float:
    """Largest deviation of a risk contribution from 1/n (0 at equal risk contribution)."""
    cov = data.cov.to_numpy()
    contributions = w * (cov @ w) / variance(w, data)
    return float(np.abs(contributions - 1 / len(w)).max())


# ---------------------------------------------------------------- contenders
def ours_min_variance(data: Data) -> Any:
    from algofolio.optimize import MinVariance, optimize_portfolio

    problem = _problem(data)
    return lambda: optimize_portfolio(problem, MinVariance()).weights.to_numpy()


def ours_max_sharpe(data: Data) -> Any:
    from algofolio.optimize import MaxSharpe, optimize_portfolio

    problem = _problem(data)
    return lambda: optimize_portfolio(problem, MaxSharpe()).weights.to_numpy()


def ours_frontier(data: Data) -> Any:
    from algofolio.optimize import efficient_frontier

    problem = _problem(data)
    return lambda: efficient_frontier(problem, points=50).weights.to_numpy()


def ours_erc(data: Data) -> Any:
    from algofolio.optimize import risk_budget_weights

    problem = _problem(data)
    return lambda: risk_budget_weights(problem).weights.to_numpy()


def ours_hrp(data: Data) -> Any:
    from algofolio.optimize import hierarchical_risk_parity

    problem = _problem(data)
    return lambda: hierarchical_risk_parity(problem).weights.to_numpy()


def ours_cvar(data: Data) -> Any:
    from algofolio.optimize import MinCVaR, optimize_portfolio

    problem = _problem(data, scenarios=True)
    return lambda: optimize_portfolio(problem, MinCVaR(confidence=0.95)).weights.to_numpy()


def _vector(weights: Any, data: Data) -> np.ndarray:
    return np.array([weights[a] for a in data.mu.index], dtype=float)


def pypfopt_min_variance(data: Data) -> Any:
    from pypfopt import EfficientFrontier

    return lambda: _vector(EfficientFrontier(data.mu, data.cov).min_volatility(), data)


def pypfopt_max_sharpe(data: Data) -> Any:
    from pypfopt import EfficientFrontier

    return lambda: _vector(
        EfficientFrontier(data.mu, data.cov).max_sharpe(risk_free_rate=0.0), data
    )


def pypfopt_frontier(data: Data) -> Any:
    from pypfopt import CLA

    def run() -> np.ndarray:
        _, _, weights = CLA(data.mu, data.cov).efficient_frontier(points=50)
        if len(weights) < 50:
            raise RuntimeError(f"CLA returned {len(weights)} of 50 frontier points")
        return np.asarray(weights, dtype=float).reshape(len(weights), -1)

    return run


def pypfopt_hrp(data: Data) -> Any:
    from pypfopt import HRPOpt

    return lambda: _vector(
        HRPOpt(data.returns, cov_matrix=data.cov).optimize(linkage_method="single"), data
    )


def skfolio_mean_risk(objective: str, measure: str, frontier: int | None = None) -> Any:
    def make(data: Data) -> Any:
        from skfolio import RiskMeasure
        from skfolio.optimization import MeanRisk, ObjectiveFunction

        model = MeanRisk(
            objective_function=getattr(ObjectiveFunction, objective),
            risk_measure=getattr(RiskMeasure, measure),
            efficient_frontier_size=frontier,
        )
        return lambda: np.asarray(model.fit(data.returns).weights_, dtype=float)

    return make


def skfolio_erc(data: Data) -> Any:
    from skfolio.optimization import RiskBudgeting

    return lambda: np.asarray(RiskBudgeting().fit(data.returns).weights_, dtype=float)


def skfolio_hrp(data: Data) -> Any:
    from skfolio.cluster import HierarchicalClustering, LinkageMethod
    from skfolio.optimization import HierarchicalRiskParity

    model = HierarchicalRiskParity(
        hierarchical_clustering_estimator=HierarchicalClustering(
            linkage_method=LinkageMethod.SINGLE
        )
    )
    return lambda: np.asarray(model.fit(data.returns).weights_, dtype=float)


def riskfolio(kind: str) -> Any:
    def make(data: Data) -> Any:
        import riskfolio as rp

        def run() -> np.ndarray:
            if kind == "hrp":
                port = rp.HCPortfolio(returns=data.returns)
                w = port.optimization(
                    model="HRP", codependence="pearson", rm="MV", linkage="single"
                )
                return _vector(w["weights"], data)
            port = rp.Portfolio(returns=data.returns)
            port.assets_stats(method_mu="hist", method_cov="hist")
            if kind == "min variance":
                w = port.optimization(model="Classic", rm="MV", obj="MinRisk", rf=0, hist=True)
            elif kind == "max sharpe":
                w = port.optimization(model="Classic", rm="MV", obj="Sharpe", rf=0, hist=True)
            elif kind == "cvar":
                w = port.optimization(model="Classic", rm="CVaR", obj="MinRisk", rf=0, hist=True)
            elif kind == "erc":
                w = port.rp_optimization(model="Classic", rm="MV", rf=0, hist=True)
            elif kind == "frontier":
                frontier = port.efficient_frontier(model="Classic", rm="MV", points=50, hist=True)
                return frontier.to_numpy().T
            else:
                raise ValueError(kind)
            if w is None:
                raise RuntimeError("Riskfolio-Lib returned no weights")
            return _vector(w["weights"], data)

        return run

    return make


@dataclass(frozen=True)
class Case:
    objective: str
    score: Callable[[np.ndarray, Data], float] | None
    contenders: dict[str, Callable[[Data], Any]]


CASES: list[Case] = [
    Case(
        "min variance",
        variance,
        {
            "algofolio": ours_min_variance,
            "PyPortfolioOpt": pypfopt_min_variance,
            "skfolio": skfolio_mean_risk("MINIMIZE_RISK", "VARIANCE"),
            "Riskfolio-Lib": riskfolio("min variance"),
        },
    ),
    Case(
        "max Sharpe",
        neg_sharpe,
        {
            "algofolio": ours_max_sharpe,
            "PyPortfolioOpt": pypfopt_max_sharpe,
            "skfolio": skfolio_mean_risk("MAXIMIZE_RATIO", "VARIANCE"),
            "Riskfolio-Lib": riskfolio("max sharpe"),
        },
    ),
    Case(
        "frontier, 50 points",
        None,
        {
            "algofolio": ours_frontier,
            "PyPortfolioOpt": pypfopt_frontier,
            "skfolio": skfolio_mean_risk("MINIMIZE_RISK", "VARIANCE", frontier=50),
            "Riskfolio-Lib": riskfolio("frontier"),
        },
    ),
    Case(
        "equal risk contribution",
        erc_gap,
        {
            "algofolio": ours_erc,
            "skfolio": skfolio_erc,
            "Riskfolio-Lib": riskfolio("erc"),
        },
    ),
    Case(
        "HRP (single linkage)",
        None,
        {
            "algofolio": ours_hrp,
            "PyPortfolioOpt": pypfopt_hrp,
            "skfolio": skfolio_hrp,
            "Riskfolio-Lib": riskfolio("hrp"),
        },
    ),
    Case(
        "min CVaR 95%",
        cvar95,
        {
            "algofolio": ours_cvar,
            "skfolio": skfolio_mean_risk("MINIMIZE_RISK", "CVAR"),
            "Riskfolio-Lib": riskfolio("cvar"),
        },
    ),
]


# ---------------------------------------------------------------- measuring
def measure(objective: str, contender: str, assets: int, repeat: int) -> dict[str, Any]:
    """In a child process: median seconds, peak RSS and the weights of one contender."""
    case = next(c for c in CASES if c.objective == objective)
    warnings.simplefilter("ignore")
    run = case.contenders[contender](data_for(assets))
    started = time.perf_counter()
    weights = run()
    first = time.perf_counter() - started
    times = [first]
    if first < REPEAT_BELOW:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            weights = run()
            times.append(time.perf_counter() - started)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": statistics.median(times),
        "peak_mib": peak_kib / 1024,
        "weights": np.asarray(weights, dtype=float).tolist(),
    }


def _child(objective: str, contender: str, assets: int, repeat: int, timeout: float) -> Any:
    spec = json.dumps({"objective": objective, "contender": contender, "assets": assets})
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", spec, "--repeat", str(repeat)],
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:g} s"}
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no output"]
        return {"error": lines[-1][:90]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _violation(weights: np.ndarray) -> float:
    """Largest breach of long-only, fully invested (per portfolio row)."""
    rows = np.atleast_2d(weights)
    return float(max(np.abs(rows.sum(axis=1) - 1).max(), max(-rows.min(), 0.0)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,100,500,2000", help="asset counts, comma separated")
    parser.add_argument("--only", default="", help="objectives containing this text")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs under 2 s (median)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per peer run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        spec = json.loads(args.child)
        outcome = measure(spec["objective"], spec["contender"], spec["assets"], args.repeat)
        print(json.dumps(outcome))
        return
    header = (
        f"{'objective':<24} {'assets':>6} {'contender':<15} {'median s':>9} {'peak MiB':>9} "
        f"{'speed-up':>9} {'objective gap':>14} {'violation':>10}"
    )
    print(header)
    print("-" * len(header))
    for case in CASES:
        if args.only and args.only not in case.objective:
            continue
        for assets in (int(s) for s in args.sizes.split(",")):
            _print_case(case, assets, args)


def _print_case(case: Case, assets: int, args: argparse.Namespace) -> None:
    data = data_for(assets) if case.score else None
    ours: dict[str, Any] | None = None
    for contender in case.contenders:
        out = _child(case.objective, contender, assets, args.repeat, args.timeout)
        start = f"{case.objective:<24} {assets:>6} {contender:<15}"
        if "error" in out:
            print(f"{start} failed: {out['error']}")
            continue
        weights = np.asarray(out["weights"])
        gap = ""
        if contender == "algofolio":
            ours = out
        elif ours is not None and case.score is not None and data is not None:
            mine = case.score(np.asarray(ours["weights"]), data)
            theirs = case.score(weights, data)
            if case.score is erc_gap:  # already a gap: 0 at the optimum; the peer's own
                gap = f"{theirs:.2e} abs"
            else:
                gap = f"{(theirs - mine) / max(abs(mine), 1e-300):+.2e}"
        speed = (
            f"{out['seconds'] / ours['seconds']:8.1f}x" if ours and contender != "algofolio" else ""
        )
        print(
            f"{start} {out['seconds']:9.3f} {out['peak_mib']:9.0f} {speed:>9} {gap:>14} "
            f"{_violation(weights):10.1e}"
        )


if __name__ == "__main__":
    main()
