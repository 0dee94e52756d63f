"""What a solver returns: weights and its own name (apart from :mod:`solvers` so that solvers
living in their own modules can build one without importing the chain)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Solution"]


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class Solution:
    """Weights ``(n,)`` and the name of the solver that found them."""

    weights: np.ndarray
    solver: str
