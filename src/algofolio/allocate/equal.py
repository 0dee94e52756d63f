"""Equal weights (1/N) over the assets with complete returns.

>>> import pandas as pd
>>> EqualWeight().fit(pd.DataFrame({"A": [0.01], "B": [0.02], "C": [0.0]})).weights_.tolist()
[0.3333333333333333, 0.3333333333333333, 0.3333333333333333]
"""

from __future__ import annotations

from typing import Self

import numpy as np
import pandas as pd

from algofolio.allocate.base import Allocator, check_returns

__all__ = ["EqualWeight"]


class EqualWeight(Allocator):
    """Weight ``1 / N`` on each of the ``N`` columns of the returns; fully invested."""

    uses_returns = False
    """Only the assets matter, not their returns (the backtest refits it when they change)."""

    def fit(self, returns: pd.DataFrame, y: None = None) -> Self:
        """Set ``weights_`` to ``1 / N`` per column of ``returns``."""
        check_returns(returns)
        n = returns.shape[1]
        self.weights_ = pd.Series(np.full(n, 1.0 / n), index=returns.columns, name="weight")
        return self
