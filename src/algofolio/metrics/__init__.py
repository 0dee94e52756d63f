"""Performance and risk metrics of periodic simple returns (layer L1): pure functions.

Each metric takes a return ``Series`` and gives a float (a ``DataFrame`` gives a ``Series``, one
value per column, computed for all columns at once with numpy and equal bit for bit to each
column's own value). Leading NaN are dropped, each column from its own first return; a NaN after
the first return raises ``DataError``.
Risk measures (drawdown, VaR, CVaR) are positive losses; ``risk_free_rate`` is an annual rate.

>>> import pandas as pd
>>> r = pd.Series([0.01, -0.02, 0.03], index=pd.RangeIndex(3))
>>> round(max_drawdown(r), 4)
0.02
"""

from algofolio.metrics.capm import AlphaBeta, alpha_beta, information_ratio, tracking_error
from algofolio.metrics.contribution import risk_contributions, volatility_contributions
from algofolio.metrics.distribution import (
    best_period,
    hit_rate,
    kurtosis,
    skewness,
    worst_period,
)
from algofolio.metrics.drawdown import (
    drawdown,
    drawdown_episodes,
    max_drawdown,
    max_drawdown_duration,
)
from algofolio.metrics.performance import (
    annualized_return,
    annualized_volatility,
    cagr,
    calmar_ratio,
    sharpe_ratio,
    sortino_ratio,
    total_return,
)
from algofolio.metrics.periods import annual_returns, monthly_returns
from algofolio.metrics.rolling import rolling_beta, rolling_sharpe, rolling_volatility
from algofolio.metrics.summary import SUMMARY_FORMATS, MetricFormat, summary, summary_formats
from algofolio.metrics.var import CVaRMethod, conditional_value_at_risk, value_at_risk

__all__ = [
    "SUMMARY_FORMATS",
    "AlphaBeta",
    "CVaRMethod",
    "MetricFormat",
    "alpha_beta",
    "annual_returns",
    "annualized_return",
    "annualized_volatility",
    "best_period",
    "cagr",
    "calmar_ratio",
    "conditional_value_at_risk",
    "drawdown",
    "drawdown_episodes",
    "hit_rate",
    "information_ratio",
    "kurtosis",
    "max_drawdown",
    "max_drawdown_duration",
    "monthly_returns",
    "risk_contributions",
    "rolling_beta",
    "rolling_sharpe",
    "rolling_volatility",
    "sharpe_ratio",
    "skewness",
    "sortino_ratio",
    "summary",
    "summary_formats",
    "total_return",
    "tracking_error",
    "value_at_risk",
    "volatility_contributions",
    "worst_period",
]
