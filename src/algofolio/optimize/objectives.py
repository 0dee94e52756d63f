"""Mean-variance objectives as typed value objects (no method-name strings).

Each objective builds its cvxpy form from per-period ``mu`` and ``Sigma``; annual inputs are
converted with the problem's ``periods_per_year``: the risk-free rate geometrically, target returns
arithmetically (``mu' w * periods_per_year``, the units of ``OptimizationResult.expected_return``),
volatilities by the square root of time (:mod:`algofolio.core.frequency`). ``value`` reports the
optimised quantity annualised (variance, Sharpe ratio, utility or return).

:class:`MaxSharpe` is solved by the homogenising transform ``y = k w`` (``k >= 0``): minimise
``y' Sigma y`` subject to ``(mu - rf)' y = 1`` and every constraint made homogeneous in ``k``.

>>> MaxSharpe(risk_free_rate=0.02).describe()
'max Sharpe ratio (risk-free 2% a year)'
>>> EfficientReturn(target_return=0.5)
EfficientReturn(target_return=0.5)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, runtime_checkable

import cvxpy as cp
import numpy as np

from algofolio.core.errors import ConfigError, InfeasibleError
from algofolio.core.frequency import per_period_rate
from algofolio.optimize._cvx import psd_wrap, quad_form
from algofolio.optimize._values import check_number, percent
from algofolio.optimize.constraints import Scale
from algofolio.optimize.problem import PortfolioProblem

__all__ = [
    "Attainable",
    "EfficientReturn",
    "EfficientRisk",
    "MaxReturn",
    "MaxSharpe",
    "MaxUtility",
    "MinVariance",
    "NetReturnObjective",
    "Objective",
]


class Attainable(Protocol):
    """What the constraints allow, solved on demand to explain an infeasible target (annualised)."""

    def max_return(self) -> float: ...

    def min_volatility(self) -> float: ...


@runtime_checkable
class Objective(Protocol):
    """A mean-variance objective; ``homogeneous`` objectives are solved in ``y = k w``."""

    homogeneous: ClassVar[bool]

    def describe(self) -> str: ...

    def check(self, problem: PortfolioProblem) -> None:
        """Raise :class:`InfeasibleError` when the objective cannot be met whatever the constraints."""
        ...

    def build(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem
    ) -> tuple[Any, list[Any]]:
        """``(cvxpy objective, extra constraints)``."""
        ...

    def value(self, weights: np.ndarray, problem: PortfolioProblem) -> float:
        """The optimised quantity of ``weights``, annualised."""
        ...

    def explain(self, attainable: Attainable) -> str:
        """Why the solver found no solution, from what the constraints allow ('' if unknown)."""
        ...


@runtime_checkable
class NetReturnObjective(Objective, Protocol):
    """An objective that uses expected returns, so they can be taken net of a per-period cost."""

    def build_net(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem, cost: Any
    ) -> tuple[Any, list[Any]]:
        """``build`` with expected returns ``mu' w - cost`` (``cost``: a per-period cvxpy
        expression, homogeneous in ``scale``)."""
        ...


def _variance(w: cp.Variable, problem: PortfolioProblem) -> Any:
    """``w' Sigma w`` in model units (divided by ``problem.variance_scale``)."""
    return quad_form(w, psd_wrap(problem.Sigma / problem.variance_scale))


def _return_scale(problem: PortfolioProblem) -> float:
    """Returns in model units are divided by this (the square root of the variance scale)."""
    return math.sqrt(problem.variance_scale)


def _annual_variance(weights: np.ndarray, problem: PortfolioProblem) -> float:
    return float(weights @ problem.Sigma @ weights) * problem.periods_per_year


@dataclass(frozen=True, kw_only=True, slots=True)
class MinVariance:
    """Minimise ``w' Sigma w``; ``value`` is the annualised variance."""

    homogeneous: ClassVar[bool] = False

    def describe(self) -> str:
        return "min variance"

    def check(self, problem: PortfolioProblem) -> None:
        return None

    def build(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem
    ) -> tuple[Any, list[Any]]:
        return cp.Minimize(_variance(w, problem)), []

    def value(self, weights: np.ndarray, problem: PortfolioProblem) -> float:
        return _annual_variance(weights, problem)

    def explain(self, attainable: Attainable) -> str:
        return ""


@dataclass(frozen=True, kw_only=True, slots=True)
class MaxSharpe:
    """Maximise ``(mu' w - rf) / sqrt(w' Sigma w)``, ``rf`` the per-period equivalent of the annual
    ``risk_free_rate``; needs a :class:`~algofolio.optimize.Budget` with a nonzero total (the ratio
    does not fix the scale). ``value`` is the annualised Sharpe ratio."""

    risk_free_rate: float = 0.0
    homogeneous: ClassVar[bool] = True

    def __post_init__(self) -> None:
        rate = check_number(self.risk_free_rate, "MaxSharpe.risk_free_rate", minimum=-0.99)
        object.__setattr__(self, "risk_free_rate", rate)

    def describe(self) -> str:
        return f"max Sharpe ratio (risk-free {percent(self.risk_free_rate)} a year)"

    def excess(self, problem: PortfolioProblem) -> np.ndarray:
        """Per-period expected excess returns ``mu - rf`` ``(n,)``."""
        return problem.mu - per_period_rate(self.risk_free_rate, problem.periods_per_year)

    def check(self, problem: PortfolioProblem) -> None:
        if not (self.excess(problem) > 0).any():
            raise InfeasibleError(
                f"max Sharpe: no asset's expected return beats the risk-free rate "
                f"{percent(self.risk_free_rate)} a year (best: {_best(problem)}); "
                "the ratio has no positive maximum"
            )

    def build(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem
    ) -> tuple[Any, list[Any]]:
        excess = self.excess(problem) / _return_scale(problem)
        return cp.Minimize(_variance(w, problem)), [w @ excess == 1, scale >= 0]

    def build_net(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem, cost: Any
    ) -> tuple[Any, list[Any]]:
        """Net excess ``(mu - rf)' y - cost(y) >= 1`` (concave, so ``>=``; it binds at the optimum)."""
        unit = _return_scale(problem)
        net = w @ (self.excess(problem) / unit) - cost / unit
        return cp.Minimize(_variance(w, problem)), [net >= 1, scale >= 0]

    def value(self, weights: np.ndarray, problem: PortfolioProblem) -> float:
        volatility = math.sqrt(max(float(weights @ problem.Sigma @ weights), 0.0))
        excess = float(weights @ self.excess(problem))
        return excess / volatility * math.sqrt(problem.periods_per_year)

    def explain(self, attainable: Attainable) -> str:
        best = attainable.max_return()
        return (
            f"max Sharpe: no portfolio allowed by the constraints has an expected return above the "
            f"risk-free rate {percent(self.risk_free_rate)} a year (best attainable {percent(best)})"
        )


def _best(problem: PortfolioProblem) -> str:
    i = int(np.argmax(problem.mu))
    return f"{problem.assets[i]!r} at {percent(float(problem.mu[i]) * problem.periods_per_year)} a year"


@dataclass(frozen=True, kw_only=True, slots=True)
class MaxUtility:
    """Maximise ``mu' w - risk_aversion / 2 * w' Sigma w`` (the same weights per period or annual);
    ``value`` is the annualised utility."""

    risk_aversion: float = 1.0
    homogeneous: ClassVar[bool] = False

    def __post_init__(self) -> None:
        aversion = check_number(self.risk_aversion, "MaxUtility.risk_aversion")
        if aversion <= 0:
            raise ConfigError(
                f"MaxUtility.risk_aversion must be > 0, got {aversion:g}",
                key="MaxUtility.risk_aversion",
            )
        object.__setattr__(self, "risk_aversion", aversion)

    def describe(self) -> str:
        return f"max quadratic utility (risk aversion {self.risk_aversion:g})"

    def check(self, problem: PortfolioProblem) -> None:
        return None

    def build(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem
    ) -> tuple[Any, list[Any]]:
        return self.build_net(w, scale, problem, 0.0)

    def build_net(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem, cost: Any
    ) -> tuple[Any, list[Any]]:
        """Maximise ``mu' w - cost - risk_aversion / 2 * w' Sigma w``."""
        unit = problem.variance_scale  # utility / variance_scale: the same maximiser
        net = w @ (problem.mu / unit) - cost / unit
        return cp.Maximize(net - self.risk_aversion / 2 * _variance(w, problem)), []

    def value(self, weights: np.ndarray, problem: PortfolioProblem) -> float:
        mean = float(weights @ problem.mu) * problem.periods_per_year
        return mean - self.risk_aversion / 2 * _annual_variance(weights, problem)

    def explain(self, attainable: Attainable) -> str:
        return ""


@dataclass(frozen=True, kw_only=True, slots=True)
class EfficientReturn:
    """Minimise ``w' Sigma w`` subject to ``mu' w * periods_per_year >= target_return`` (the
    arithmetic annual expected return, as reported in the result); ``value`` is the annualised
    variance."""

    target_return: float
    homogeneous: ClassVar[bool] = False

    def __post_init__(self) -> None:
        target = check_number(self.target_return, "EfficientReturn.target_return", minimum=-0.99)
        object.__setattr__(self, "target_return", target)

    def describe(self) -> str:
        return f"min variance for a target return of {percent(self.target_return)} a year"

    def check(self, problem: PortfolioProblem) -> None:
        return None

    def build(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem
    ) -> tuple[Any, list[Any]]:
        return self.build_net(w, scale, problem, 0.0)

    def build_net(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem, cost: Any
    ) -> tuple[Any, list[Any]]:
        """Minimise variance with ``mu' w - cost >= target`` per period."""
        target = self.target_return / problem.periods_per_year
        unit = _return_scale(problem)
        net = w @ (problem.mu / unit) - cost / unit
        return cp.Minimize(_variance(w, problem)), [net >= target / unit]

    def value(self, weights: np.ndarray, problem: PortfolioProblem) -> float:
        return _annual_variance(weights, problem)

    def explain(self, attainable: Attainable) -> str:
        best = attainable.max_return()
        return (
            f"target return {percent(self.target_return)} a year is above the maximum "
            f"{percent(best)} a year the constraints allow"
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class EfficientRisk:
    """Maximise ``mu' w`` subject to an annual volatility ``<= target_volatility`` (per period:
    ``target / sqrt(periods_per_year)``); ``value`` is the annualised expected return."""

    target_volatility: float
    homogeneous: ClassVar[bool] = False

    def __post_init__(self) -> None:
        target = check_number(
            self.target_volatility, "EfficientRisk.target_volatility", minimum=0.0
        )
        object.__setattr__(self, "target_volatility", target)

    def describe(self) -> str:
        return f"max return for a volatility of {percent(self.target_volatility)} a year"

    def check(self, problem: PortfolioProblem) -> None:
        return None

    def build(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem
    ) -> tuple[Any, list[Any]]:
        return self.build_net(w, scale, problem, 0.0)

    def build_net(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem, cost: Any
    ) -> tuple[Any, list[Any]]:
        """Maximise ``mu' w - cost`` with variance at most the target."""
        variance = self.target_volatility**2 / problem.periods_per_year / problem.variance_scale
        unit = _return_scale(problem)
        net = w @ (problem.mu / unit) - cost / unit
        return cp.Maximize(net), [_variance(w, problem) <= variance]

    def value(self, weights: np.ndarray, problem: PortfolioProblem) -> float:
        return float(weights @ problem.mu) * problem.periods_per_year

    def explain(self, attainable: Attainable) -> str:
        least = attainable.min_volatility()
        return (
            f"target volatility {percent(self.target_volatility)} a year is below the minimum "
            f"{percent(least)} a year the constraints allow"
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class MaxReturn:
    """Maximise ``mu' w`` (a linear program; unbounded without bounds on the weights); ``value`` is
    the annualised expected return."""

    homogeneous: ClassVar[bool] = False

    def describe(self) -> str:
        return "max return"

    def check(self, problem: PortfolioProblem) -> None:
        return None

    def build(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem
    ) -> tuple[Any, list[Any]]:
        return self.build_net(w, scale, problem, 0.0)

    def build_net(
        self, w: cp.Variable, scale: Scale, problem: PortfolioProblem, cost: Any
    ) -> tuple[Any, list[Any]]:
        """Maximise ``mu' w - cost``."""
        unit = _return_scale(problem)
        return cp.Maximize(w @ (problem.mu / unit) - cost / unit), []

    def value(self, weights: np.ndarray, problem: PortfolioProblem) -> float:
        return float(weights @ problem.mu) * problem.periods_per_year

    def explain(self, attainable: Attainable) -> str:
        return ""
