"""Rolling volatility, Sharpe ratio and beta against quantstats, empyrical and plain Python.

Conventions of the peers: quantstats keeps the first ``window - 1`` dates as NaN (we drop them);
empyrical's ``roll_*`` return only full windows, each labelled by its last date, as we do. Both use
the sample standard deviation (ddof=1). empyrical takes a per-period risk-free rate, quantstats an
annual one that it converts geometrically, as we do.
"""

import math
import statistics
import warnings

import empyrical as ep
import numpy as np
import pandas as pd
import pytest
import quantstats.stats as qs
from hypothesis import given
from hypothesis import strategies as st

from algofolio.core import ConfigError, DataError, EstimationError, per_period_rate
from algofolio.metrics import (
    alpha_beta,
    rolling_beta,
    rolling_sharpe,
    rolling_volatility,
    sharpe_ratio,
)

RF = 0.03  # annual
WINDOW = 126


def _plain_windows(series: pd.Series, window: int) -> list[list[float]]:
    values = series.tolist()
    return [values[end - window : end] for end in range(window, len(values) + 1)]


def test_rolling_volatility_matches_quantstats_and_empyrical(fund: pd.Series) -> None:
    ours = rolling_volatility(fund)
    assert ours.name == "fund"
    assert ours.index.equals(fund.index[WINDOW - 1 :])  # first full window on, no NaN rows
    assert not ours.isna().any()
    # quantstats: pandas' rolling std with the first window - 1 dates left as NaN
    theirs = qs.rolling_volatility(fund, rolling_period=WINDOW, prepare_returns=False)
    assert theirs.iloc[: WINDOW - 1].isna().all()
    np.testing.assert_allclose(ours, theirs.iloc[WINDOW - 1 :], rtol=1e-12)
    # empyrical: a loop of nanstd(ddof=1) over full windows, labelled by their last date
    empyrical = ep.roll_annual_volatility(fund, WINDOW)
    assert empyrical.index.equals(ours.index)
    np.testing.assert_allclose(ours, empyrical, rtol=1e-12)


def test_rolling_volatility_matches_plain_python_on_monthly_data() -> None:
    dates = pd.date_range("2020-01-31", periods=30, freq="ME")
    returns = pd.Series(np.random.default_rng(3).normal(0.01, 0.04, 30), index=dates)
    ours = rolling_volatility(returns, window=12)  # 12 periods per year inferred
    expected = [statistics.stdev(w) * math.sqrt(12) for w in _plain_windows(returns, 12)]
    np.testing.assert_allclose(ours, expected, rtol=1e-12)
    assert ours.index[0] == dates[11]


def test_rolling_sharpe_matches_quantstats_and_empyrical(fund: pd.Series) -> None:
    ours = rolling_sharpe(fund, risk_free_rate=RF)
    assert ours.index.equals(fund.index[WINDOW - 1 :])
    theirs = qs.rolling_sharpe(fund, rf=RF, rolling_period=WINDOW, periods_per_year=252)
    np.testing.assert_allclose(ours, theirs.iloc[WINDOW - 1 :], rtol=1e-10)
    empyrical = ep.roll_sharpe_ratio(fund, WINDOW, risk_free=per_period_rate(RF, 252))
    assert empyrical.index.equals(ours.index)
    np.testing.assert_allclose(ours, empyrical, rtol=1e-10)


def test_rolling_sharpe_is_the_sharpe_ratio_of_each_window(fund: pd.Series) -> None:
    ours = rolling_sharpe(fund, window=60, risk_free_rate=RF, periods_per_year=252)
    rate = per_period_rate(RF, 252)
    windows = _plain_windows(fund, 60)
    plain = [
        statistics.fmean(x - rate for x in w)
        / statistics.stdev([x - rate for x in w])
        * math.sqrt(252)
        for w in windows
    ]
    np.testing.assert_allclose(ours, plain, rtol=1e-10)
    for end in (59, 300, len(fund) - 1):
        window = fund.iloc[end - 59 : end + 1]
        expected = sharpe_ratio(window, risk_free_rate=RF, periods_per_year=252)
        assert ours.loc[fund.index[end]] == pytest.approx(expected, rel=1e-10)


def test_rolling_beta_matches_empyrical_and_plain_python(
    fund: pd.Series, market: pd.Series
) -> None:
    ours = rolling_beta(fund, market)
    empyrical = ep.roll_beta(fund, market, WINDOW)
    assert empyrical.index.equals(ours.index)
    assert ours.index.equals(fund.index[WINDOW - 1 :])
    np.testing.assert_allclose(ours, empyrical, rtol=1e-10)
    for end in (WINDOW, 400, len(fund)):
        f, m = fund.iloc[end - WINDOW : end].tolist(), market.iloc[end - WINDOW : end].tolist()
        plain = statistics.covariance(f, m) / statistics.variance(m)
        assert ours.loc[fund.index[end - 1]] == pytest.approx(plain, rel=1e-10)
        window = fund.iloc[end - WINDOW : end]
        assert ours.loc[fund.index[end - 1]] == pytest.approx(
            alpha_beta(window, market).beta, rel=1e-10
        )


def test_rolling_beta_uses_the_common_dates_sorted(fund: pd.Series, market: pd.Series) -> None:
    late_fund = fund.iloc[100:]
    shuffled_market = market.iloc[:-50].sample(frac=1.0, random_state=1)
    ours = rolling_beta(late_fund, shuffled_market, window=60)
    common = late_fund.index.intersection(market.index[:-50])
    expected = ep.roll_beta(late_fund.loc[common], market.loc[common], 60)
    assert ours.index.equals(common[59:])
    np.testing.assert_allclose(ours, expected, rtol=1e-10)


def test_frames_give_one_column_per_series_with_leading_nan(daily: pd.DataFrame) -> None:
    frame = daily.copy()
    frame.iloc[:50, 1] = np.nan  # the market starts 50 dates later
    for metric in (rolling_volatility, rolling_sharpe):
        result = metric(frame, window=60)
        assert list(result.columns) == ["fund", "market"]
        assert result.index.equals(frame.index[59:])  # the earliest full window
        assert result["fund"].notna().all()
        assert result["market"].iloc[:50].isna().all()
        assert result["market"].iloc[50:].notna().all()
        pd.testing.assert_series_equal(result["fund"], metric(frame["fund"], window=60))
        alone = metric(frame["market"], window=60)
        pd.testing.assert_series_equal(result["market"].iloc[50:], alone, rtol=1e-13)
    beta = rolling_beta(frame, daily["fund"], window=60)
    assert beta["fund"].to_numpy() == pytest.approx(1.0)
    pd.testing.assert_series_equal(
        beta["market"].iloc[50:],
        rolling_beta(frame["market"], daily["fund"], window=60),
        rtol=1e-13,
    )


@given(st.integers(2, 40), st.integers(0, 10**6))
def test_volatility_and_sharpe_are_consistent(window: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    returns = pd.Series(rng.normal(0.001, 0.02, window + 20), index=pd.RangeIndex(window + 20))
    volatility = rolling_volatility(returns, window=window, periods_per_year=252)
    sharpe = rolling_sharpe(returns, window=window, periods_per_year=252)
    assert len(volatility) == len(sharpe) == 21
    mean = returns.rolling(window).mean().dropna().to_numpy()
    np.testing.assert_allclose(sharpe * volatility, mean * 252, rtol=1e-9, atol=1e-15)
    # doubling the returns doubles the volatility and leaves the Sharpe ratio unchanged
    doubled = rolling_volatility(returns * 2, window=window, periods_per_year=252)
    np.testing.assert_allclose(doubled, volatility * 2, rtol=1e-12)
    same = rolling_sharpe(returns * 2, window=window, periods_per_year=252)
    np.testing.assert_allclose(same, sharpe, rtol=1e-9)


def test_a_flat_window_has_zero_volatility_and_no_sharpe_ratio() -> None:
    dates = pd.bdate_range("2024-01-01", periods=10)
    returns = pd.Series([0.01, -0.02, 0.0, 0.0, 0.0, 0.0, 0.03, 0.01, -0.01, 0.02], index=dates)
    returns.name = "cash-heavy"
    volatility = rolling_volatility(returns, window=4)
    assert volatility.loc[dates[5]] == 0.0
    with pytest.raises(EstimationError, match=r"cash-heavy: .* undefined on 2024-01-08: the 4"):
        rolling_sharpe(returns, window=4)
    assert rolling_sharpe(returns, window=5).notna().all()  # no flat window of 5
    frame = pd.DataFrame({"ok": np.linspace(0.01, 0.1, 10), "flat": returns.to_numpy()}, dates)
    with pytest.raises(EstimationError, match=r"flat: .* on 2024-01-08"):
        rolling_sharpe(frame, window=4, risk_free_rate=RF)


def test_a_constant_window_has_exactly_zero_volatility() -> None:
    # the window sums of a constant run after volatile data leave a residue near 1e-9
    rng = np.random.default_rng(0)
    values = np.r_[rng.normal(0.0, 0.02, 100), [0.0123] * 60, rng.normal(0.0, 0.02, 30)]
    returns = pd.Series(values, index=pd.bdate_range("2024-01-01", periods=190), name="fund")
    volatility = rolling_volatility(returns, window=60)
    assert volatility.iloc[100] == 0.0
    assert (volatility == 0.0).sum() == 1
    with pytest.raises(EstimationError, match=r"fund: the rolling Sharpe ratio is undefined"):
        rolling_sharpe(returns, window=60)


def test_a_flat_benchmark_window_raises_naming_it() -> None:
    dates = pd.bdate_range("2024-01-01", periods=8)
    bench = pd.Series([0.01, -0.01, 0.0, 0.0, 0.0, 0.02, 0.01, -0.02], index=dates, name="SPX")
    fund = pd.Series(np.linspace(-0.01, 0.02, 8), index=dates, name="fund")
    with pytest.raises(EstimationError, match=r"fund: .* on 2024-01-05: the benchmark SPX is"):
        rolling_beta(fund, bench, window=3)
    assert len(rolling_beta(fund, bench, window=4)) == 5


def test_errors_name_the_series_the_date_and_the_option(daily: pd.DataFrame) -> None:
    for bad in (1, 0, 2.5, True, "126"):
        with pytest.raises(ConfigError, match="window") as info:
            rolling_volatility(daily, window=bad)  # type: ignore[arg-type]
        assert info.value.key == "window"
    with pytest.raises(DataError, match=r"fund: a rolling volatility over 126 periods needs"):
        rolling_volatility(daily.iloc[:100])
    with pytest.raises(DataError, match=r"market: a rolling beta over 5 dates in common with"):
        rolling_beta(
            daily.iloc[:10].assign(market=np.r_[[np.nan] * 6, 0.1, 0.2, 0.3, 0.4]),
            daily["fund"],
            window=5,
        )
    gap = daily.copy()
    gap.iloc[200, 1] = np.nan
    with pytest.raises(DataError, match=rf"market: the return on {daily.index[200]:%Y-%m-%d} is"):
        rolling_sharpe(gap)
    with pytest.raises(DataError, match=r"fund: cannot infer the data frequency"):
        rolling_sharpe(daily.reset_index(drop=True))
    with pytest.raises(ConfigError, match="risk_free_rate"):
        rolling_sharpe(daily, risk_free_rate=float("nan"))
    with pytest.raises(DataError, match="no date in common"):
        rolling_beta(daily["fund"].iloc[:200], daily["market"].iloc[300:])


def test_monthly_returns_infer_twelve_periods_per_year() -> None:
    dates = pd.date_range("2020-01-31", periods=24, freq="ME")
    returns = pd.Series(np.tile([0.01, 0.03], 12), index=dates)
    assert rolling_volatility(returns, window=2).to_numpy() == pytest.approx(
        statistics.stdev([0.01, 0.03]) * math.sqrt(12)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rolling_sharpe(returns, window=2)


@given(
    st.integers(2, 30),
    st.integers(0, 70),
    st.integers(0, 12),
    st.integers(0, 10**6),
)
def test_every_window_length_and_start_matches_plain_python(
    window: int, extra: int, late: int, seed: int
) -> None:
    # lengths around multiples of the window exercise the block edges of the window sums
    rng = np.random.default_rng(seed)
    n_rows = window + extra + late
    values = rng.normal(0.0005, 0.01, (n_rows, 2))
    values[:late, 1] = np.nan  # the second series starts late
    frame = pd.DataFrame(values, columns=["early", "late"])
    volatility = rolling_volatility(frame, window=window, periods_per_year=252)
    sharpe = rolling_sharpe(frame, window=window, risk_free_rate=RF, periods_per_year=252)
    bench = frame["early"] * 0.5 + rng.normal(0.0, 0.01, n_rows)
    beta = rolling_beta(frame, bench, window=window)
    assert volatility.index.equals(frame.index[window - 1 :])
    rate = per_period_rate(RF, 252)
    for name, start in (("early", 0), ("late", late)):
        assert volatility[name].iloc[:start].isna().all()
        for end in range(start + window, n_rows + 1):
            w = frame[name].iloc[end - window : end].tolist()
            label = end - 1
            assert volatility.loc[label, name] == pytest.approx(
                statistics.stdev(w) * math.sqrt(252), rel=1e-9
            )
            excess = [x - rate for x in w]
            expected = statistics.fmean(excess) / statistics.stdev(excess) * math.sqrt(252)
            assert sharpe.loc[label, name] == pytest.approx(expected, rel=1e-8, abs=1e-12)
            b = bench.iloc[end - window : end].tolist()
            expected = statistics.covariance(w, b) / statistics.variance(b)
            assert beta.loc[label, name] == pytest.approx(expected, rel=1e-8, abs=1e-12)


def test_volatility_stays_accurate_when_the_level_dwarfs_the_noise() -> None:
    # a volatile year, then a cash-like regime: running sums over the whole series (and pandas'
    # add/remove updates, off by ~2e-5 here) lose the calm regime's tiny variance
    rng = np.random.default_rng(2)
    calm = 1e-4 + 1e-7 * rng.standard_normal(300)
    values = np.r_[0.05 * rng.standard_normal(300), calm]
    returns = pd.Series(values, index=pd.bdate_range("2020-01-01", periods=600))
    ours = rolling_volatility(returns, window=60)
    last = statistics.stdev(calm[-60:].tolist()) * math.sqrt(252)
    assert ours.iloc[-1] == pytest.approx(last, rel=1e-6)
