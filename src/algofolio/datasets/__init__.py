"""Bundled real prices and a seeded synthetic market, as contract-abiding price frames.

Real data (BSD-3-Clause, notices in ``LICENSES/``; for testing and examples only, not for
investment decisions): :func:`load_sp500_prices`, :func:`load_sp500_index`,
:func:`load_factor_prices`, :func:`load_riskfolio_prices`, or :func:`load_dataset` by name
(:data:`DATASETS`). Synthetic: :func:`make_synthetic_prices`.
"""

from algofolio.datasets.bundled import (
    DATASETS,
    load_dataset,
    load_factor_prices,
    load_riskfolio_prices,
    load_sp500_index,
    load_sp500_prices,
)
from algofolio.datasets.synthetic import make_synthetic_prices

__all__ = [
    "DATASETS",
    "load_dataset",
    "load_factor_prices",
    "load_riskfolio_prices",
    "load_sp500_index",
    "load_sp500_prices",
    "make_synthetic_prices",
]
