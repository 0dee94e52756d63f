"""Typed options of the estimators (``Literal`` aliases, checked with ``core.check_option``)."""

from __future__ import annotations

from typing import Literal

__all__ = ["MeanKind", "PSDRepair", "ShrinkageTarget"]

MeanKind = Literal["arithmetic", "geometric"]
"""Historical mean per period: arithmetic ``mean(r)`` or geometric ``prod(1 + r) ** (1 / T) - 1``."""

ShrinkageTarget = Literal["constant_variance", "single_factor", "constant_correlation"]
"""Ledoit-Wolf target: scaled identity ``tr(S) / n * I`` (2004a), the single-factor model with the
equal-weighted market (2003), or the constant-correlation matrix (2004b)."""

PSDRepair = Literal["clip", "higham", "raise"]
"""A covariance that is not positive semi-definite: clip its negative eigenvalues to zero, use
Higham's (2002) nearest correlation projection (diagonal kept), or raise ``EstimationError``."""
