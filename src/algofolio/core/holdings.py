"""An account's current position: whole or fractional shares per asset, plus cash.

>>> import pandas as pd
>>> h = Holdings(shares=pd.Series({"VTI": 10.0, "BND": 5.0}), cash=250.0)
>>> h.assets
('VTI', 'BND')
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from algofolio.core.errors import DataError

__all__ = ["Holdings"]


@dataclass(frozen=True, slots=True)
class Holdings:
    """Shares held per asset (asset-indexed float ``Series``, finite, >= 0) and cash (>= 0)."""

    shares: pd.Series
    cash: float = 0.0

    def __post_init__(self) -> None:
        values = self.shares.to_numpy(dtype=float)
        for asset, value in zip(self.shares.index, values, strict=True):
            if not np.isfinite(value) or value < 0:
                raise DataError(
                    f"holdings: asset {asset!r} has invalid share count {value!r} "
                    "(need a finite number >= 0)",
                    asset=str(asset),
                )
        if self.shares.index.has_duplicates:
            dup = self.shares.index[self.shares.index.duplicated()][0]
            raise DataError(f"holdings: asset {dup!r} is listed twice", asset=str(dup))
        if not math.isfinite(self.cash) or self.cash < 0:
            raise DataError(f"holdings: cash must be a finite number >= 0, got {self.cash!r}")

    @property
    def assets(self) -> tuple[str, ...]:
        """Assets held, in the order given."""
        return tuple(str(a) for a in self.shares.index)
