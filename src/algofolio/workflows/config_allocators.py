"""Allocator tables of the backtest config: ``kind`` names the allocator refitted at each rebalance.

The optimiser kinds are the names of ``algofolio optimize --objective`` (:data:`~algofolio.workflows.
optimization.METHODS`) with ``_`` for ``-`` (``min-variance`` -> ``min_variance``), so the command
line and the config speak one vocabulary; their parameters keep the names of the objectives
(``risk_free_rate``, ``target_return``, ...). Optimisers fit the sample mean and covariance of the
trailing window, fully invested and long only, at most ``max_weight`` per asset when given.

>>> MaxSharpeConfig(risk_free_rate=0.02, max_weight=0.3).build().get_params()["objective"]
MaxSharpe(risk_free_rate=0.02)
>>> sorted(OPTIMIZER_KINDS)[:3]
['efficient_return', 'efficient_risk', 'equal_weight']
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from algofolio.allocate import EqualWeight, FixedWeights, InverseVolatility
from algofolio.optimize import (
    Bounds,
    Budget,
    Constraint,
    EfficientReturn,
    EfficientRisk,
    HierarchicalRiskParity,
    LinkageMethod,
    MaxDiversification,
    MaxReturn,
    MaxSharpe,
    MaxSortino,
    MaxUtility,
    MeanVariance,
    MinCVaR,
    MinSemivariance,
    MinVariance,
    Objective,
    RiskBudgeting,
)
from algofolio.workflows.config_base import Strict
from algofolio.workflows.validation import check_budget

__all__ = [
    "OPTIMIZER_KINDS",
    "EfficientReturnConfig",
    "EfficientRiskConfig",
    "EqualWeightConfig",
    "FixedWeightsConfig",
    "HierarchicalRiskParityConfig",
    "InverseVolatilityConfig",
    "MaxDiversificationConfig",
    "MaxReturnConfig",
    "MaxSharpeConfig",
    "MaxSortinoConfig",
    "MaxUtilityConfig",
    "MinCVaRConfig",
    "MinSemivarianceConfig",
    "MinVarianceConfig",
    "RiskParityConfig",
]


class FixedWeightsConfig(Strict):
    """``allocate.FixedWeights(weights)``: asset -> weight, each >= 0, summing to at most 1."""

    kind: Literal["fixed"] = "fixed"
    weights: dict[str, float] = Field(min_length=1)

    _budget = field_validator("weights")(check_budget)

    def build(self) -> FixedWeights:
        """The allocator this table describes."""
        return FixedWeights(self.weights)


class EqualWeightConfig(Strict):
    """``allocate.EqualWeight()``: 1/N over the assets priced over the whole window."""

    kind: Literal["equal_weight"] = "equal_weight"

    def build(self) -> EqualWeight:
        """The allocator this table describes."""
        return EqualWeight()


class InverseVolatilityConfig(Strict):
    """``allocate.InverseVolatility()``: weights proportional to 1 / trailing volatility."""

    kind: Literal["inverse_volatility"] = "inverse_volatility"

    def build(self) -> InverseVolatility:
        """The allocator this table describes."""
        return InverseVolatility()


# --- the mean-variance family: MeanVariance(objective, constraints) ------------------------------


class _Optimizer(Strict):
    """An ``optimize.MeanVariance`` allocator: fully invested, long only, ``max_weight`` per asset
    when given (``optimize.Bounds(upper=max_weight)``)."""

    max_weight: float | None = Field(default=None, gt=0, le=1)

    def objective(self) -> Objective:
        """The objective this table names."""
        raise NotImplementedError

    def constraints(self) -> tuple[Constraint, ...] | None:
        """``None`` (the optimiser's defaults) or a budget of 1 and bounds ``[0, max_weight]``."""
        if self.max_weight is None:
            return None
        return (Budget(), Bounds(upper=self.max_weight))

    def build(self) -> MeanVariance:
        """The allocator this table describes."""
        return MeanVariance(self.objective(), self.constraints())


class MinVarianceConfig(_Optimizer):
    """``MeanVariance(MinVariance())``: the least volatile portfolio (warm started in a backtest)."""

    kind: Literal["min_variance"] = "min_variance"

    def objective(self) -> Objective:
        """``MinVariance()``."""
        return MinVariance()


class MaxSharpeConfig(_Optimizer):
    """``MeanVariance(MaxSharpe(risk_free_rate))``: the tangency portfolio (annual rate)."""

    kind: Literal["max_sharpe"] = "max_sharpe"
    risk_free_rate: float = Field(default=0.0, gt=-1)

    def objective(self) -> Objective:
        """``MaxSharpe(risk_free_rate=...)``."""
        return MaxSharpe(risk_free_rate=self.risk_free_rate)


class MaxUtilityConfig(_Optimizer):
    """``MeanVariance(MaxUtility(risk_aversion))``: mean - risk aversion / 2 * variance."""

    kind: Literal["max_utility"] = "max_utility"
    risk_aversion: float = Field(default=1.0, gt=0)

    def objective(self) -> Objective:
        """``MaxUtility(risk_aversion=...)``."""
        return MaxUtility(risk_aversion=self.risk_aversion)


class EfficientReturnConfig(_Optimizer):
    """``MeanVariance(EfficientReturn(target_return))``: least variance reaching an annual return."""

    kind: Literal["efficient_return"] = "efficient_return"
    target_return: float

    def objective(self) -> Objective:
        """``EfficientReturn(target_return=...)``."""
        return EfficientReturn(target_return=self.target_return)


class EfficientRiskConfig(_Optimizer):
    """``MeanVariance(EfficientRisk(target_volatility))``: most return within an annual volatility."""

    kind: Literal["efficient_risk"] = "efficient_risk"
    target_volatility: float = Field(gt=0)

    def objective(self) -> Objective:
        """``EfficientRisk(target_volatility=...)``."""
        return EfficientRisk(target_volatility=self.target_volatility)


class MaxReturnConfig(_Optimizer):
    """``MeanVariance(MaxReturn())``: the highest expected return (all in the best asset, or spread
    under ``max_weight``)."""

    kind: Literal["max_return"] = "max_return"

    def objective(self) -> Objective:
        """``MaxReturn()``."""
        return MaxReturn()


class MaxDiversificationConfig(_Optimizer):
    """``MeanVariance(MaxDiversification())``: the highest diversification ratio."""

    kind: Literal["max_diversification"] = "max_diversification"

    def objective(self) -> Objective:
        """``MaxDiversification()``."""
        return MaxDiversification()


class MinCVaRConfig(_Optimizer):
    """``MeanVariance(MinCVaR(confidence))``: least CVaR of the window's daily returns."""

    kind: Literal["min_cvar"] = "min_cvar"
    confidence: float = Field(default=0.95, gt=0, lt=1)

    def objective(self) -> Objective:
        """``MinCVaR(confidence=...)``."""
        return MinCVaR(confidence=self.confidence)


class MinSemivarianceConfig(_Optimizer):
    """``MeanVariance(MinSemivariance(target))``: least semivariance below ``target`` per day."""

    kind: Literal["min_semivariance"] = "min_semivariance"
    target: float = Field(default=0.0, ge=-1)

    def objective(self) -> Objective:
        """``MinSemivariance(target=...)``."""
        return MinSemivariance(target=self.target)


class MaxSortinoConfig(_Optimizer):
    """``MeanVariance(MaxSortino(risk_free_rate))``: the highest Sortino ratio (annual rate)."""

    kind: Literal["max_sortino"] = "max_sortino"
    risk_free_rate: float = Field(default=0.0, gt=-1)

    def objective(self) -> Objective:
        """``MaxSortino(risk_free_rate=...)``."""
        return MaxSortino(risk_free_rate=self.risk_free_rate)


# --- the other optimisers -------------------------------------------------------------------------


class RiskParityConfig(Strict):
    """``optimize.RiskBudgeting(budgets)``: equal risk contributions, or ``{asset = budget}``."""

    kind: Literal["risk_parity"] = "risk_parity"
    budgets: dict[str, float] | None = Field(default=None, min_length=1)

    def build(self) -> RiskBudgeting:
        """The allocator this table describes."""
        return RiskBudgeting(self.budgets)


class HierarchicalRiskParityConfig(Strict):
    """``optimize.HierarchicalRiskParity(linkage)``: hierarchical risk parity."""

    kind: Literal["hrp"] = "hrp"
    linkage: LinkageMethod = "single"

    def build(self) -> HierarchicalRiskParity:
        """The allocator this table describes."""
        return HierarchicalRiskParity(self.linkage)


_ALLOCATORS: tuple[type[Strict], ...] = (
    MinVarianceConfig,
    MaxSharpeConfig,
    MaxUtilityConfig,
    EfficientReturnConfig,
    EfficientRiskConfig,
    MaxReturnConfig,
    MaxDiversificationConfig,
    MinCVaRConfig,
    MinSemivarianceConfig,
    MaxSortinoConfig,
    RiskParityConfig,
    HierarchicalRiskParityConfig,
    EqualWeightConfig,
    InverseVolatilityConfig,
)
OPTIMIZER_KINDS: dict[str, type[Strict]] = {
    cls.model_fields["kind"].default: cls for cls in _ALLOCATORS
}
"""Allocator kinds by name: one per ``algofolio optimize`` objective (``-`` written ``_``)."""
