"""Allocation (L3): target weights from returns (scikit-learn estimators), and weights to whole shares."""

from algofolio.allocate.base import Allocator, check_returns
from algofolio.allocate.discrete import ShareAllocation, price_vector, whole_shares
from algofolio.allocate.equal import EqualWeight
from algofolio.allocate.fixed import FixedWeights, check_weight_mix
from algofolio.allocate.inverse_volatility import InverseVolatility, inverse_volatility_weights

__all__ = [
    "Allocator",
    "EqualWeight",
    "FixedWeights",
    "InverseVolatility",
    "ShareAllocation",
    "check_returns",
    "check_weight_mix",
    "inverse_volatility_weights",
    "price_vector",
    "whole_shares",
]
