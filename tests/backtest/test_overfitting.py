"""PBO by CSCV, performance degradation and the deflated Sharpe ratio.

References: a 4 x 4 case worked by hand; a brute-force CSCV that concatenates the rows of each half
and calls the metrics module and scipy's ``rankdata``; the known limits (pure noise: PBO 1/2 in
expectation; a true edge: PBO 0); scipy's ``linregress``; the DSR formula written out with
scipy.stats and skfolio's ``deflated_sharpe_ratio``; a simulated expected maximum.
"""

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from skfolio.measures import deflated_sharpe_ratio as skfolio_dsr
from skfolio.measures import expected_max_sharpe_ratio as skfolio_expected_max
from skfolio.measures import probabilistic_sharpe_ratio as skfolio_psr

from algofolio.backtest.overfitting import (
    backtest_overfitting,
    deflated_sharpe_ratio,
    expected_maximum_sharpe,
    performance_degradation,
)
from algofolio.core import ConfigError, DataError, EstimationError
from algofolio.metrics import annualized_return, sharpe_ratio, sortino_ratio, total_return

PPY = 252.0


def table(values: np.ndarray, prefix: str = "c") -> pd.DataFrame:
    dates = pd.bdate_range("2020-01-01", periods=len(values), name="date")
    return pd.DataFrame(
        values, index=dates, columns=[f"{prefix}{i}" for i in range(values.shape[1])]
    )


# ---------------------------------------------------------------- PBO
def test_pbo_of_a_case_worked_by_hand() -> None:
    """Four groups of two equal returns (in 0.1%), four candidates, mean return as the score.

    group   A  B  C  D
      0     5  0  1  2
      1     4  2  0  2
      2     0  4  2  1
      3     2  6  3  2

    train  train sums (A B C D)  best  test sums     rank of best  w    logit
    0,1    9  2  1  4             A    2 10  5  3    1             1/5  ln(1/4)
    0,2    5  4  3  3             A    6  8  3  4    3             3/5  ln(3/2)
    0,3    7  6  4  4             A    4  6  2  3    3             3/5  ln(3/2)
    1,2    4  6  2  3             B    7  6  4  4    3             3/5  ln(3/2)
    1,3    6  8  3  4             B    5  4  3  3    3             3/5  ln(3/2)
    2,3    2 10  5  3             B    9  2  1  4    2             2/5  ln(2/3)

    PBO = 2/6. In-sample vs out-of-sample sums of the chosen: slope -16 / 17.5.
    """
    groups = np.array([[5, 0, 1, 2], [4, 2, 0, 2], [0, 4, 2, 1], [2, 6, 3, 2]]) * 0.001
    returns = table(np.repeat(groups, 2, axis=0), prefix="")
    returns.columns = ["A", "B", "C", "D"]
    report = backtest_overfitting(returns, n_groups=4, score="annualized_return")
    rows = report.combinations
    assert rows["train_groups"].tolist() == [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    assert rows["chosen"].tolist() == ["A", "A", "A", "B", "B", "B"]
    np.testing.assert_allclose(rows["relative_rank"], [1 / 5, 3 / 5, 3 / 5, 3 / 5, 3 / 5, 2 / 5])
    expected = np.log([1 / 4, 3 / 2, 3 / 2, 3 / 2, 3 / 2, 2 / 3])
    np.testing.assert_allclose(report.logits, expected, rtol=1e-12)
    assert report.pbo == pytest.approx(2 / 6)
    ppy = 252.0  # business days
    np.testing.assert_allclose(
        rows["in_sample"], np.array([9, 5, 7, 6, 8, 10]) / 2 * 0.001 * ppy, rtol=1e-9
    )
    np.testing.assert_allclose(
        rows["out_of_sample"], np.array([2, 6, 4, 6, 4, 2]) / 2 * 0.001 * ppy, rtol=1e-9
    )
    assert report.degradation.slope == pytest.approx(-16 / 17.5, rel=1e-9)
    assert report.probability_of_loss == 0.0


METRICS = {
    "sharpe": lambda r: sharpe_ratio(r, periods_per_year=PPY),
    "sortino": lambda r: sortino_ratio(r, periods_per_year=PPY),
    "annualized_return": lambda r: annualized_return(r, periods_per_year=PPY),
    "total_return": total_return,
}


@pytest.mark.parametrize("score", list(METRICS))
def test_pbo_equals_a_brute_force_cscv_with_the_metrics_module(score: str) -> None:
    rng = np.random.default_rng(11)
    returns = table(rng.normal(0.0003, 0.01, (63, 5)) + np.linspace(0, 0.001, 5))
    report = backtest_overfitting(returns, n_groups=6, score=score, periods_per_year=PPY)  # type: ignore[arg-type]
    edges = [0, 11, 22, 33, 43, 53, 63]  # 63 = 6 * 10 + 3: the first three groups hold 11
    logits, chosen, outs = [], [], []
    for train_groups in itertools.combinations(range(6), 3):
        inside = np.concatenate([np.arange(edges[g], edges[g + 1]) for g in train_groups])
        outside = np.setdiff1d(np.arange(63), inside)
        in_scores = np.asarray(METRICS[score](returns.iloc[inside]))
        out_scores = np.asarray(METRICS[score](returns.iloc[outside]))
        best = int(np.argmax(in_scores))
        rank = stats.rankdata(out_scores)[best]
        logits.append(math.log(rank / (6 - rank)))  # w / (1 - w) with w = rank / (N + 1)
        chosen.append(f"c{best}")
        outs.append(out_scores[best])
    assert report.combinations["chosen"].tolist() == chosen
    np.testing.assert_allclose(report.logits, logits, rtol=1e-12)
    np.testing.assert_allclose(report.combinations["out_of_sample"], outs, rtol=1e-10)
    assert report.pbo == pytest.approx(np.mean(np.array(logits) <= 0))


def test_pure_noise_overfits_half_the_time() -> None:
    """With independent candidates and halves the in-sample best's out-of-sample rank is uniform:
    ``E[PBO] = 1/2`` for an even number of candidates."""
    pbos = []
    for seed in range(120):
        rng = np.random.default_rng(seed)
        pbos.append(backtest_overfitting(table(rng.normal(0, 0.01, (160, 10))), n_groups=8).pbo)
    mean, error = np.mean(pbos), np.std(pbos, ddof=1) / math.sqrt(len(pbos))
    assert abs(mean - 0.5) < 4 * error
    assert error < 0.04  # the check has teeth


def test_a_true_edge_is_not_overfitting() -> None:
    rng = np.random.default_rng(5)
    values = rng.normal(0, 0.01, (500, 8))
    values[:, 3] += 0.003  # a daily Sharpe of 0.3 against noise
    report = backtest_overfitting(table(values), n_groups=10)
    assert (report.combinations["chosen"] == "c3").all()
    assert report.pbo == 0.0
    assert report.probability_of_loss == 0.0


@settings(max_examples=30)
@given(
    n_candidates=st.integers(2, 7),
    half=st.integers(1, 4),
    n_days=st.integers(16, 90),
    seed=st.integers(0, 2**16),
    score=st.sampled_from(["sharpe", "annualized_return", "total_return"]),
)
def test_pbo_is_a_probability(
    n_candidates: int, half: int, n_days: int, seed: int, score: str
) -> None:
    rng = np.random.default_rng(seed)
    report = backtest_overfitting(
        table(rng.normal(0.0, 0.01, (n_days, n_candidates))),
        n_groups=2 * half,
        score=score,  # type: ignore[arg-type]
    )
    assert 0.0 <= report.pbo <= 1.0
    assert len(report.logits) == math.comb(2 * half, half)
    ranks = report.combinations["relative_rank"]
    assert ((ranks > 0) & (ranks < 1)).all()
    assert np.isfinite(report.logits).all()


def test_pbo_refuses_bad_settings() -> None:
    returns = table(np.random.default_rng(0).normal(0, 0.01, (40, 3)))
    for n_groups in (3, 0, 1.5, 22):
        with pytest.raises(ConfigError) as error:
            backtest_overfitting(returns, n_groups=n_groups)  # type: ignore[arg-type]
        assert error.value.key == "n_groups"
    with pytest.raises(DataError, match="at least 32"):
        backtest_overfitting(returns.iloc[:30], n_groups=16)
    flat = returns.assign(flat=0.0)
    with pytest.raises(EstimationError, match="'flat' has constant returns in sample"):
        backtest_overfitting(flat, n_groups=4)
    with pytest.raises(ConfigError) as error:
        backtest_overfitting(returns, n_groups=4, score="calmar")  # type: ignore[arg-type]
    assert error.value.key == "score"


# ---------------------------------------------------------------- degradation
def test_degradation_is_the_least_squares_line() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=30)
    y = 0.3 - 0.5 * x + rng.normal(scale=0.2, size=30)
    fit = performance_degradation(x, y)
    reference = stats.linregress(x, y)
    assert fit.slope == pytest.approx(reference.slope, rel=1e-12)
    assert fit.intercept == pytest.approx(reference.intercept, rel=1e-12)
    assert fit.r_squared == pytest.approx(reference.rvalue**2, rel=1e-12)
    assert fit.n == 30
    with pytest.raises(EstimationError, match="all equal"):
        performance_degradation([1.0, 1.0], [0.0, 2.0])
    with pytest.raises(DataError):
        performance_degradation([1.0, 2.0], [1.0])


# ---------------------------------------------------------------- deflated Sharpe ratio
def trials(seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = stats.t.rvs(df=5, size=(300, 6), random_state=rng) * 0.008 + 0.0004
    return table(values)


def test_deflated_sharpe_matches_its_formula_by_hand() -> None:
    returns = trials()
    values = returns.to_numpy()
    sharpes = values.mean(axis=0) / values.std(axis=0, ddof=1)
    best = int(np.argmax(sharpes))
    n = len(sharpes)
    gamma = 0.5772156649015329
    sr0 = np.std(sharpes, ddof=1) * (
        (1 - gamma) * stats.norm.ppf(1 - 1 / n) + gamma * stats.norm.ppf(1 - 1 / (n * math.e))
    )
    sr = sharpes[best]
    skew = stats.skew(values[:, best])
    kurt = stats.kurtosis(values[:, best], fisher=False)
    z = (sr - sr0) * math.sqrt(len(values) - 1) / math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr**2)
    result = deflated_sharpe_ratio(returns)
    assert result.candidate == f"c{best}"
    assert result.expected_max_sharpe == pytest.approx(sr0, rel=1e-12)
    assert result.probability == pytest.approx(stats.norm.cdf(z), rel=1e-12)
    assert (result.n_trials, result.n_observations) == (6, 300)


def test_deflated_sharpe_matches_skfolio() -> None:
    returns = trials(seed=8)
    result = deflated_sharpe_ratio(returns)
    values = returns.to_numpy()
    trial_sharpes = values.mean(axis=0) / values.std(axis=0, ddof=1)
    chosen = returns[result.candidate].to_numpy()
    assert result.probability == pytest.approx(skfolio_dsr(chosen, trial_sharpes), rel=1e-10)
    assert expected_maximum_sharpe(40, 0.07) == pytest.approx(
        skfolio_expected_max(40, 0.07), rel=1e-12
    )


def test_one_trial_is_the_probabilistic_sharpe_ratio() -> None:
    returns = trials()[["c2"]]
    result = deflated_sharpe_ratio(returns)
    assert result.expected_max_sharpe == 0.0
    assert result.probability == pytest.approx(skfolio_psr(returns["c2"].to_numpy()), rel=1e-10)


def test_more_trials_deflate_more() -> None:
    returns = trials()
    few = deflated_sharpe_ratio(returns)
    many = deflated_sharpe_ratio(returns, n_trials=1000)
    assert many.expected_max_sharpe > few.expected_max_sharpe
    assert many.probability < few.probability
    with pytest.raises(ConfigError) as error:
        deflated_sharpe_ratio(returns, n_trials=3)
    assert error.value.key == "n_trials"


def test_expected_maximum_sharpe_approximates_a_simulated_maximum() -> None:
    rng = np.random.default_rng(0)
    simulated = rng.standard_normal((20_000, 100)).max(axis=1).mean()
    assert expected_maximum_sharpe(100, 1.0) == pytest.approx(simulated, rel=0.02)
    assert expected_maximum_sharpe(1, 0.3) == 0.0
    with pytest.raises(ConfigError):
        expected_maximum_sharpe(0, 0.1)
