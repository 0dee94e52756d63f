"""Skewness, kurtosis, hit rate, best and worst period against scipy, pandas and quantstats."""

import warnings

import numpy as np
import pandas as pd
import pytest
import quantstats.stats as qs
from scipy import stats

from algofolio.core import DataError, EstimationError
from algofolio.metrics import best_period, hit_rate, kurtosis, skewness, worst_period


def test_skewness_and_kurtosis_are_the_bias_corrected_estimators(fund: pd.Series) -> None:
    assert skewness(fund) == pytest.approx(stats.skew(fund, bias=False), rel=1e-10)
    assert kurtosis(fund) == pytest.approx(stats.kurtosis(fund, bias=False), rel=1e-10)
    assert skewness(fund) == pytest.approx(qs.skew(fund), rel=1e-10)
    assert kurtosis(fund) == pytest.approx(qs.kurtosis(fund), rel=1e-10)


def test_hit_rate_best_worst_match_quantstats(fund: pd.Series) -> None:
    with_zeros = fund.copy()
    with_zeros.iloc[::7] = 0.0  # zero returns are left out of the hit rate
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert hit_rate(with_zeros) == pytest.approx(qs.win_rate(with_zeros))
        assert best_period(fund) == qs.best(fund)
        assert worst_period(fund) == qs.worst(fund)


def test_hand_computed_hit_rate() -> None:
    r = pd.Series([0.01, 0.0, -0.02, 0.03, 0.0, 0.01])
    assert hit_rate(r) == 3 / 4


def test_degenerate_inputs() -> None:
    with pytest.raises(EstimationError, match="z: the hit rate"):
        hit_rate(pd.Series([0.0, 0.0], name="z"))
    with pytest.raises(EstimationError, match="c: skewness is undefined"):
        skewness(pd.Series([0.01] * 5, name="c"))
    with pytest.raises(DataError, match="need at least 4"):
        kurtosis(pd.Series([0.01, 0.02, 0.03]))
    with pytest.raises(DataError, match="need at least 3"):
        skewness(pd.Series([np.nan, 0.01, 0.02]))
