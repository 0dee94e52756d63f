"""Returns from prices, and the returns of a drifting portfolio (layer L1).

>>> import pandas as pd
>>> prices = pd.DataFrame({"A": [10.0, 11.0]}, index=pd.bdate_range("2024-01-01", periods=2))
>>> round(float(to_returns(prices).iloc[0, 0]), 10)
0.1
"""

from algofolio.returns.portfolio import portfolio_returns
from algofolio.returns.transform import log_returns, simple_returns, to_returns

__all__ = ["log_returns", "portfolio_returns", "simple_returns", "to_returns"]
