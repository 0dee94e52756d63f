"""VaR and CVaR against closed forms (scipy), empyrical and quantstats."""

import math
import warnings

import empyrical as ep
import numpy as np
import pandas as pd
import pytest
import quantstats.stats as qs
from scipy import optimize, stats

from algofolio.core import ConfigError, DataError
from algofolio.metrics import conditional_value_at_risk, kurtosis, skewness, value_at_risk
from algofolio.metrics.var import cornish_fisher_z


def test_historical_var_is_minus_numpys_linear_quantile(fund: pd.Series) -> None:
    assert value_at_risk(fund) == pytest.approx(-ep.value_at_risk(fund, cutoff=0.05), rel=1e-12)
    assert value_at_risk(fund, 0.99) == pytest.approx(-np.percentile(fund, 1), rel=1e-12)


def test_gaussian_var_and_cvar_closed_forms(fund: pd.Series) -> None:
    mu, sigma = fund.mean(), fund.std(ddof=1)
    for confidence in (0.9, 0.95, 0.99):
        var = value_at_risk(fund, confidence, method="gaussian")
        assert var == pytest.approx(-stats.norm.ppf(1 - confidence, mu, sigma), rel=1e-12)
        expected_es = -(
            mu - sigma * stats.norm.pdf(stats.norm.ppf(1 - confidence)) / (1 - confidence)
        )
        cvar = conditional_value_at_risk(fund, confidence, method="gaussian")
        assert cvar == pytest.approx(expected_es, rel=1e-12)
        # the same closed form by integrating the normal tail numerically
        tail = stats.norm(mu, sigma).expect(lambda x: x, ub=-var, conditional=True)
        assert cvar == pytest.approx(-tail, rel=1e-6)


def test_gaussian_and_historical_match_quantstats(fund: pd.Series) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert value_at_risk(fund, method="gaussian") == pytest.approx(
            -qs.value_at_risk(fund, confidence=0.95), rel=1e-12
        )
        assert conditional_value_at_risk(fund, method="gaussian") == pytest.approx(
            -qs.conditional_value_at_risk(fund, confidence=0.95, method="parametric"), rel=1e-10
        )
        assert conditional_value_at_risk(fund) == pytest.approx(
            -qs.conditional_value_at_risk(fund, confidence=0.95, method="historical"), rel=1e-12
        )


def test_monte_carlo_converges_to_gaussian_within_sampling_error(fund: pd.Series) -> None:
    n, alpha = 100_000, 0.05
    sigma = fund.std(ddof=1)
    gaussian = value_at_risk(fund, method="gaussian")
    simulated = value_at_risk(fund, method="monte_carlo", n_simulations=n, seed=1)
    # standard error of a sample quantile: sqrt(alpha (1 - alpha) / n) / density at the quantile
    z = stats.norm.ppf(alpha)
    standard_error = sigma * math.sqrt(alpha * (1 - alpha) / n) / stats.norm.pdf(z)
    assert abs(simulated - gaussian) < 4 * standard_error
    # seeded: the same seed gives the same number
    assert simulated == value_at_risk(fund, method="monte_carlo", n_simulations=n, seed=1)


def test_cornish_fisher_formula(fund: pd.Series) -> None:
    s, k = skewness(fund), kurtosis(fund)
    z = stats.norm.ppf(0.05)
    z_cf = z + (z**2 - 1) * s / 6 + (z**3 - 3 * z) * k / 24 - (2 * z**3 - 5 * z) * s**2 / 36
    expected = -(fund.mean() + z_cf * fund.std(ddof=1))
    assert value_at_risk(fund, method="cornish_fisher") == pytest.approx(expected, rel=1e-12)
    assert cornish_fisher_z(z, 0.0, 0.0) == z


def _symmetric_mesokurtic_sample() -> pd.Series:
    """Four +-1 for each +-b (b solved): skewness 0 and sample excess kurtosis 0."""

    def block(b: float) -> np.ndarray:
        return np.tile([-b, -1.0, -1.0, -1.0, -1.0, 1.0, 1.0, 1.0, 1.0, b], 20)

    def excess_kurtosis(b: float) -> float:
        return float(stats.kurtosis(block(b), bias=False))

    b = optimize.brentq(excess_kurtosis, 1.01, 20.0, xtol=1e-14)
    values = 0.01 * block(b) + 0.001
    return pd.Series(values, index=pd.bdate_range("2020-01-01", periods=len(values)), name="sym")


def test_cornish_fisher_equals_gaussian_without_skew_or_excess_kurtosis() -> None:
    sample = _symmetric_mesokurtic_sample()
    assert abs(skewness(sample)) < 1e-9
    assert abs(kurtosis(sample)) < 1e-9
    assert value_at_risk(sample, method="cornish_fisher") == pytest.approx(
        value_at_risk(sample, method="gaussian"), rel=1e-8
    )


def test_historical_cvar_is_the_mean_at_or_below_the_var_quantile() -> None:
    r = pd.Series([-0.05, -0.03, -0.01, 0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06])
    # 10% quantile by linear interpolation: position 0.9 between -0.05 and -0.03 -> -0.032
    assert value_at_risk(r, 0.9) == pytest.approx(0.032)
    assert conditional_value_at_risk(r, 0.9) == pytest.approx(0.05)
    # 25%: position 2.25 -> -0.0075; the tail holds -0.05, -0.03, -0.01
    assert value_at_risk(r, 0.75) == pytest.approx(0.0075)
    assert conditional_value_at_risk(r, 0.75) == pytest.approx(0.03)


@pytest.mark.parametrize("confidence", [0.0, 1.0, 95, -0.5, math.nan])
def test_confidence_outside_the_unit_interval_is_a_config_error(
    fund: pd.Series, confidence: float
) -> None:
    with pytest.raises(ConfigError, match="confidence") as info:
        value_at_risk(fund, confidence)
    assert info.value.key == "confidence"
    with pytest.raises(ConfigError, match="confidence"):
        conditional_value_at_risk(fund, confidence)


def test_bad_method_and_simulations(fund: pd.Series) -> None:
    with pytest.raises(ConfigError, match="method"):
        value_at_risk(fund, method="normal")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="method"):
        conditional_value_at_risk(fund, method="cornish_fisher")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="n_simulations"):
        value_at_risk(fund, method="monte_carlo", n_simulations=0)


def test_too_short_for_the_method() -> None:
    r = pd.Series([0.01, -0.02, 0.03], name="short")
    assert value_at_risk(r, 0.5) == pytest.approx(-0.01)
    with pytest.raises(DataError, match="short: Cornish-Fisher VaR needs at least 4"):
        value_at_risk(r, method="cornish_fisher")
    with pytest.raises(DataError, match="Gaussian CVaR needs at least 2"):
        conditional_value_at_risk(r.iloc[:1], method="gaussian")


def test_dataframe_gives_one_value_per_column(daily: pd.DataFrame) -> None:
    result = value_at_risk(daily, 0.99, method="gaussian")
    assert result["market"] == pytest.approx(
        value_at_risk(daily["market"], 0.99, method="gaussian")
    )
