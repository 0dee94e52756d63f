"""Optimise a price file (the ``algofolio optimize`` use case): a registry of objectives by name.

Each :class:`Method` maps a name the user types (``max-sharpe``) and its numeric parameters
(``risk_free_rate``) to an :class:`~algofolio.optimize.OptimizationResult`. Adding an objective is
one entry in :data:`METHODS`. Expected returns and covariances are per period, estimated from the
simple returns of the prices (the historical mean and, by ``covariance``, the pairwise sample
covariance, Ledoit-Wolf shrinkage or an exponentially weighted covariance); the results are annual.

>>> from algofolio.datasets import load_factor_prices
>>> result = optimize_prices(load_factor_prices(), "min-variance")
>>> result.weights.round(3).to_dict()
{'MTUM': 0.0, 'QUAL': 0.0, 'SIZE': 0.0, 'USMV': 1.0, 'VLUE': 0.0}
>>> optimize_prices(load_factor_prices(), "max-sharp")
Traceback (most recent call last):
...
algofolio.core.errors.ConfigError: objective: unknown 'max-sharp'; valid names: 'min-variance', 'max-sharpe', 'max-utility', 'efficient-return', 'efficient-risk', 'max-return', 'max-diversification', 'min-cvar', 'min-semivariance', 'max-sortino', 'risk-parity', 'hrp', 'equal-weight', 'inverse-volatility'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Literal

import pandas as pd

from algofolio.allocate import EqualWeight, InverseVolatility
from algofolio.allocate.base import Allocator
from algofolio.core.distribution import ReturnDistribution
from algofolio.core.errors import ConfigError
from algofolio.core.options import check_option
from algofolio.estimators import EmpiricalPrior, EWCovariance, LedoitWolf, SampleCovariance
from algofolio.estimators.base import CovarianceEstimator
from algofolio.optimize import (
    DEFAULT_CONSTRAINTS,
    Constraint,
    EfficientReturn,
    EfficientRisk,
    MaxReturn,
    MaxSharpe,
    MaxUtility,
    MinVariance,
    Objective,
    OptimizationResult,
    optimize_portfolio,
    problem_from_distribution,
)
from algofolio.optimize.diversification import MaxDiversification
from algofolio.optimize.figures import variance_result
from algofolio.optimize.hierarchical import hierarchical_risk_parity
from algofolio.optimize.risk_budget import risk_budget_weights
from algofolio.optimize.scenario_objectives import MaxSortino, MinCVaR, MinSemivariance
from algofolio.returns import simple_returns

__all__ = [
    "CONFIDENCE",
    "METHODS",
    "PARAMETERS",
    "RISK_AVERSION",
    "RISK_FREE",
    "TARGET_RETURN",
    "TARGET_VOLATILITY",
    "CovarianceChoice",
    "Method",
    "MethodInputs",
    "Parameter",
    "Runner",
    "allocation",
    "estimate_distribution",
    "find_method",
    "from_distribution",
    "mean_variance",
    "optimize_prices",
    "optimize_returns",
]

CovarianceChoice = Literal["sample", "ledoit-wolf", "exponential"]
"""Covariance estimator: pairwise sample (``ddof=1``), Ledoit-Wolf shrinkage (constant-variance
target, common window), exponentially weighted (span 180 periods)."""

_COVARIANCES: dict[str, Callable[[], CovarianceEstimator]] = {
    "sample": SampleCovariance,
    "ledoit-wolf": LedoitWolf,
    "exponential": EWCovariance,
}


@dataclass(frozen=True, kw_only=True, slots=True)
class Parameter:
    """A numeric parameter of a method: its keyword, the command-line flag, its default (``None``:
    required) and a short help text."""

    name: str
    flag: str
    default: float | None
    help: str


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class MethodInputs:
    """What a method reads: the simple ``returns`` (dates x assets), their per-period
    ``distribution`` (mean, covariance, common-window scenarios) and the ``constraints``."""

    returns: pd.DataFrame
    distribution: ReturnDistribution
    constraints: tuple[Constraint, ...]


Runner = Callable[[MethodInputs, Mapping[str, float]], OptimizationResult]


@dataclass(frozen=True, kw_only=True, slots=True)
class Method:
    """A named way to choose weights; ``run(inputs, values)`` receives every parameter's value.

    ``constrained`` methods honour a constraints file; the others (closed-form allocations) are
    always fully invested and long only, and refuse one.
    """

    name: str
    summary: str
    run: Runner = field(repr=False)
    parameters: tuple[Parameter, ...] = ()
    constrained: bool = True

    def values(self, given: Mapping[str, float | None]) -> dict[str, float]:
        """Every parameter's value: the given ones (``None`` means not given), else the defaults.

        Raises :class:`ConfigError` for a parameter this method does not take (naming those it
        takes) or a required one that is missing.
        """
        known = {p.name: p for p in self.parameters}
        for name, value in given.items():
            if value is not None and name not in known:
                flag = _PARAMETER_FLAGS.get(name, name)
                takes = ", ".join(p.flag for p in self.parameters) or "no parameters"
                raise ConfigError(
                    f"objective {self.name!r} does not use {flag} (it takes {takes})", key=name
                )
        values: dict[str, float] = {}
        for parameter in self.parameters:
            value = given.get(parameter.name)
            if value is None:
                value = parameter.default
            if value is None:
                raise ConfigError(
                    f"objective {self.name!r} needs {parameter.flag} ({parameter.help})",
                    key=parameter.name,
                )
            if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
                raise ConfigError(
                    f"{parameter.flag} must be a finite number, got {value!r}", key=parameter.name
                )
            values[parameter.name] = float(value)
        return values


# --- the parameters and the methods ---------------------------------------------------------------

RISK_FREE = Parameter(
    name="risk_free_rate", flag="--risk-free", default=0.0, help="annual risk-free rate, e.g. 0.02"
)
RISK_AVERSION = Parameter(
    name="risk_aversion", flag="--risk-aversion", default=1.0, help="risk aversion, > 0"
)
TARGET_RETURN = Parameter(
    name="target_return",
    flag="--target-return",
    default=None,
    help="annual expected return to reach, e.g. 0.12",
)
TARGET_VOLATILITY = Parameter(
    name="target_volatility",
    flag="--target-volatility",
    default=None,
    help="annual volatility not to exceed, e.g. 0.15",
)
CONFIDENCE = Parameter(
    name="confidence", flag="--confidence", default=0.95, help="CVaR confidence level, e.g. 0.95"
)
PARAMETERS = (RISK_FREE, RISK_AVERSION, TARGET_RETURN, TARGET_VOLATILITY, CONFIDENCE)
_PARAMETER_FLAGS = {p.name: p.flag for p in PARAMETERS}


def mean_variance(build: Callable[[Mapping[str, float]], Objective]) -> Runner:
    """A runner that solves ``optimize_portfolio`` for the objective ``build(values)`` (on the
    distribution's moments, and its scenarios for the scenario-based objectives)."""

    def run(inputs: MethodInputs, values: Mapping[str, float]) -> OptimizationResult:
        return optimize_portfolio(inputs.distribution, build(values), inputs.constraints)

    return run


def allocation(make: Callable[[], Allocator], solver: str) -> Runner:
    """A runner for a closed-form allocator fitted on the common window of the returns.

    Its figures follow ``OptimizationResult``; ``objective_value`` is the annualised variance
    (these allocations optimise no return) and the Sharpe ratio uses a zero risk-free rate.
    """

    def run(inputs: MethodInputs, values: Mapping[str, float]) -> OptimizationResult:
        complete = inputs.returns.dropna()
        weights = make().fit(complete).weights_
        dist = inputs.distribution
        w = weights.reindex(list(dist.assets)).to_numpy(dtype=float)
        return variance_result(problem_from_distribution(dist), w, solver)

    return run


def from_distribution(solve: Callable[[ReturnDistribution], OptimizationResult]) -> Runner:
    """A runner for an allocation computed from the distribution alone (risk parity, HRP)."""

    def run(inputs: MethodInputs, values: Mapping[str, float]) -> OptimizationResult:
        return solve(inputs.distribution)

    return run


METHODS: tuple[Method, ...] = (
    Method(
        name="min-variance",
        summary="the least volatile portfolio",
        run=mean_variance(lambda v: MinVariance()),
    ),
    Method(
        name="max-sharpe",
        summary="the highest Sharpe ratio (tangency portfolio)",
        run=mean_variance(lambda v: MaxSharpe(risk_free_rate=v["risk_free_rate"])),
        parameters=(RISK_FREE,),
    ),
    Method(
        name="max-utility",
        summary="the highest mean - risk aversion / 2 * variance",
        run=mean_variance(lambda v: MaxUtility(risk_aversion=v["risk_aversion"])),
        parameters=(RISK_AVERSION,),
    ),
    Method(
        name="efficient-return",
        summary="the least volatile portfolio reaching a target return",
        run=mean_variance(lambda v: EfficientReturn(target_return=v["target_return"])),
        parameters=(TARGET_RETURN,),
    ),
    Method(
        name="efficient-risk",
        summary="the highest return within a target volatility",
        run=mean_variance(lambda v: EfficientRisk(target_volatility=v["target_volatility"])),
        parameters=(TARGET_VOLATILITY,),
    ),
    Method(
        name="max-return",
        summary="the highest expected return (a linear program)",
        run=mean_variance(lambda v: MaxReturn()),
    ),
    Method(
        name="max-diversification",
        summary="the highest diversification ratio sigma' w / sqrt(w' Sigma w)",
        run=mean_variance(lambda v: MaxDiversification()),
    ),
    Method(
        name="min-cvar",
        summary="the least CVaR of the daily returns (historical scenarios)",
        run=mean_variance(lambda v: MinCVaR(confidence=v["confidence"])),
        parameters=(CONFIDENCE,),
    ),
    Method(
        name="min-semivariance",
        summary="the least semivariance below 0 of the daily returns (historical scenarios)",
        run=mean_variance(lambda v: MinSemivariance()),
    ),
    Method(
        name="max-sortino",
        summary="the highest Sortino ratio (historical scenarios)",
        run=mean_variance(lambda v: MaxSortino(risk_free_rate=v["risk_free_rate"])),
        parameters=(RISK_FREE,),
    ),
    Method(
        name="risk-parity",
        summary="equal risk contributions (long only, fully invested)",
        run=from_distribution(risk_budget_weights),
        constrained=False,
    ),
    Method(
        name="hrp",
        summary="hierarchical risk parity (long only, fully invested)",
        run=from_distribution(hierarchical_risk_parity),
        constrained=False,
    ),
    Method(
        name="equal-weight",
        summary="1/N in every asset",
        run=allocation(EqualWeight, "closed form"),
        constrained=False,
    ),
    Method(
        name="inverse-volatility",
        summary="weights proportional to 1 / volatility",
        run=allocation(InverseVolatility, "closed form"),
        constrained=False,
    ),
)
"""Every method by name, in the order the help lists them."""


def find_method(name: str) -> Method:
    """The method called ``name``; :class:`ConfigError` listing the valid names otherwise."""
    for method in METHODS:
        if method.name == name:
            return method
    names = ", ".join(repr(m.name) for m in METHODS)
    raise ConfigError(f"objective: unknown {name!r}; valid names: {names}", key="objective")


def estimate_distribution(
    returns: pd.DataFrame,
    *,
    covariance: CovarianceChoice = "sample",
    periods_per_year: float | None = None,
) -> ReturnDistribution:
    """Per-period historical means and the ``covariance`` estimate of ``returns`` (dates x assets,
    simple; each asset over its own history), as ``EmpiricalPrior`` builds them."""
    check_option(covariance, CovarianceChoice, "covariance")
    prior = EmpiricalPrior(
        covariance_estimator=_COVARIANCES[covariance](), periods_per_year=periods_per_year
    )
    distribution: ReturnDistribution = prior.fit(returns).distribution_
    return distribution


def optimize_returns(
    returns: pd.DataFrame,
    objective: str,
    parameters: Mapping[str, float | None] | None = None,
    constraints: Sequence[Constraint] | None = None,
    *,
    covariance: CovarianceChoice = "sample",
    periods_per_year: float | None = None,
) -> OptimizationResult:
    """:func:`optimize_prices` on simple ``returns`` (dates x assets) instead of prices."""
    method = find_method(objective)
    values = method.values(parameters or {})
    if constraints is not None and not method.constrained:
        raise ConfigError(
            f"objective {method.name!r} is always fully invested and long only; "
            "it takes no constraints file",
            key="constraints",
        )
    inputs = MethodInputs(
        returns=returns,
        distribution=estimate_distribution(
            returns, covariance=covariance, periods_per_year=periods_per_year
        ),
        constraints=tuple(DEFAULT_CONSTRAINTS if constraints is None else constraints),
    )
    return method.run(inputs, values)


def optimize_prices(
    prices: pd.DataFrame,
    objective: str,
    parameters: Mapping[str, float | None] | None = None,
    constraints: Sequence[Constraint] | None = None,
    *,
    covariance: CovarianceChoice = "sample",
    periods_per_year: float | None = None,
) -> OptimizationResult:
    """Optimal weights of ``prices`` (dates x assets) for the method named ``objective``.

    ``parameters`` are the method's numeric parameters by keyword (``risk_free_rate``,
    ``risk_aversion``, ``target_return``, ``target_volatility``, ...; ``None`` values count as not
    given); ``constraints`` default to fully invested, long only. ``covariance`` picks the
    estimator; ``periods_per_year`` is inferred from the dates when ``None``.

    Raises :class:`ConfigError` for an unknown name (listing the valid ones), a parameter the
    method does not take or lacks; the optimiser's errors otherwise (``InfeasibleError``, ...).
    """
    return optimize_returns(
        simple_returns(prices),
        objective,
        parameters,
        constraints,
        covariance=covariance,
        periods_per_year=periods_per_year,
    )
