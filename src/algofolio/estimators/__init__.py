"""Estimates from a return history: expected returns, covariances and return distributions (L2).

Every estimator follows scikit-learn's contract (``fit(returns) -> self``, learned state ending in
``_``) and works **per period**: expected returns ``mu_`` (asset-indexed ``Series``), covariances
``covariance_`` (asset x asset ``DataFrame``, symmetric positive semi-definite). Each asset keeps
its own history (NaN before its first return is an IPO gap); the math lives in pure functions.

>>> import pandas as pd
>>> from algofolio.datasets import make_synthetic_prices
>>> from algofolio.returns import simple_returns
>>> returns = simple_returns(make_synthetic_prices(n_assets=4, n_days=300, seed=3))
>>> dist = EmpiricalPrior(covariance_estimator=LedoitWolf()).fit(returns).distribution_
>>> dist.covariance.shape, dist.periods_per_year
((4, 4), 252.0)
"""

from algofolio.estimators.base import CovarianceEstimator, ExpectedReturnsEstimator
from algofolio.estimators.black_litterman import (
    BlackLitterman,
    BlackLittermanPosterior,
    View,
    ViewMatrices,
    black_litterman,
    view_matrices,
    view_uncertainty,
)
from algofolio.estimators.equilibrium import (
    CAPMReturns,
    EquilibriumReturns,
    capm_betas,
    capm_returns,
    implied_returns,
    implied_risk_aversion,
)
from algofolio.estimators.factor import PCAFactorCovariance, pca_factor_covariance
from algofolio.estimators.james_stein import JamesSteinMean, james_stein_intensity, james_stein_mean
from algofolio.estimators.mean import (
    EWMean,
    HistoricalMean,
    arithmetic_mean,
    decay_weights,
    ew_mean,
    geometric_mean,
    smoothing_factor,
)
from algofolio.estimators.options import MeanKind, PSDRepair, ShrinkageTarget
from algofolio.estimators.prior import EmpiricalPrior
from algofolio.estimators.psd import NotPositiveDefiniteWarning, ensure_psd, is_psd, nearest_psd
from algofolio.estimators.rolling import RollingMoments
from algofolio.estimators.sample import (
    EWCovariance,
    SampleCovariance,
    SemiCovariance,
    ew_covariance,
    pairwise_covariance,
    semicovariance,
)
from algofolio.estimators.shrinkage import OAS, LedoitWolf, ShrunkCovariance, ledoit_wolf, oas

__all__ = [
    "OAS",
    "BlackLitterman",
    "BlackLittermanPosterior",
    "CAPMReturns",
    "CovarianceEstimator",
    "EWCovariance",
    "EWMean",
    "EmpiricalPrior",
    "EquilibriumReturns",
    "ExpectedReturnsEstimator",
    "HistoricalMean",
    "JamesSteinMean",
    "LedoitWolf",
    "MeanKind",
    "NotPositiveDefiniteWarning",
    "PCAFactorCovariance",
    "PSDRepair",
    "RollingMoments",
    "SampleCovariance",
    "SemiCovariance",
    "ShrinkageTarget",
    "ShrunkCovariance",
    "View",
    "ViewMatrices",
    "arithmetic_mean",
    "black_litterman",
    "capm_betas",
    "capm_returns",
    "decay_weights",
    "ensure_psd",
    "ew_covariance",
    "ew_mean",
    "geometric_mean",
    "implied_returns",
    "implied_risk_aversion",
    "is_psd",
    "james_stein_intensity",
    "james_stein_mean",
    "ledoit_wolf",
    "nearest_psd",
    "oas",
    "pairwise_covariance",
    "pca_factor_covariance",
    "semicovariance",
    "smoothing_factor",
    "view_matrices",
    "view_uncertainty",
]
