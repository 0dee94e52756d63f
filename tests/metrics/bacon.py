"""The 24 monthly returns of Bacon (2008), *Practical Portfolio Performance Measurement and
Attribution*, 2nd ed., as shipped by R's PerformanceAnalytics (``data(portfolio_bacon)``, file
``data/portfolio_bacon.csv`` of the braverock/PerformanceAnalytics repository, in percent there).

Published values used by the tests (PerformanceAnalytics' Rd examples and its ``PA-Bacon``
vignette, which cite the book's pages; ``DownsideDeviation`` also from the package's testthat
snapshot of the examples, printed to 8 digits):

* ``skewness(portfolio_bacon[,1], method="sample")``          -> -0.09   (vignette, "#expected")
* ``kurtosis(portfolio_bacon[,1], method="sample_excess")``   -> -0.41   (vignette, "#expected")
* ``DownsideDeviation(portfolio_bacon[,1], MAR=0.005)``       -> 0.0255 (Rd), 0.02553674 (snapshot)
"""

import pandas as pd

_PERCENT = [
    # date,       portfolio, benchmark
    ("2000-01-31", 0.3, 0.2),
    ("2000-02-28", 2.6, 2.5),
    ("2000-03-31", 1.1, 1.8),
    ("2000-04-30", -1.0, -1.1),
    ("2000-05-31", 1.5, 1.4),
    ("2000-06-30", 2.5, 1.8),
    ("2000-07-31", 1.6, 1.4),
    ("2000-08-31", 6.7, 6.5),
    ("2000-09-30", -1.4, -1.5),
    ("2000-10-31", 4.0, 4.2),
    ("2000-11-30", -0.5, -0.6),
    ("2000-12-31", 8.1, 8.3),
    ("2001-01-31", 4.0, 3.9),
    ("2001-02-28", -3.7, -3.8),
    ("2001-03-31", -6.1, -6.2),
    ("2001-04-30", 1.7, 1.5),
    ("2001-05-31", -4.9, -4.8),
    ("2001-06-30", -2.2, 2.1),
    ("2001-07-31", 7.0, 6.0),
    ("2001-08-31", 5.8, 5.6),
    ("2001-09-30", -6.5, -6.7),
    ("2001-10-31", 2.4, 1.9),
    ("2001-11-30", -0.5, -0.3),
    ("2001-12-31", -0.9, 0.0),
]

PUBLISHED_SAMPLE_SKEWNESS = -0.09
PUBLISHED_SAMPLE_EXCESS_KURTOSIS = -0.41
PUBLISHED_DOWNSIDE_DEVIATION_MAR_0_005 = 0.02553674


def bacon_returns() -> pd.DataFrame:
    """Monthly simple returns (fractions): columns ``portfolio`` and ``benchmark``."""
    index = pd.DatetimeIndex([d for d, _, _ in _PERCENT], name="date")
    return pd.DataFrame(
        {
            "portfolio": [p / 100.0 for _, p, _ in _PERCENT],
            "benchmark": [b / 100.0 for _, _, b in _PERCENT],
        },
        index=index,
    )
