"""Portfolio returns against closed forms: buy and hold, constant weights, segment-wise buy and hold."""

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.core import ConfigError, DataError
from algofolio.returns import portfolio_returns


def _returns(n: int = 300, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    index = pd.bdate_range("2023-12-20", periods=n, name="date")
    values = rng.normal(0.0004, 0.012, size=(n, 3))
    return pd.DataFrame(values, index=index, columns=["A", "B", "C"])


WEIGHTS = pd.Series({"A": 0.5, "B": 0.3, "C": 0.1})  # 10% cash


def _buy_and_hold(returns: pd.DataFrame, weights: pd.Series) -> pd.Series:
    """Closed form: wealth = cash + sum_i w_i prod(1 + r_i); returns are its growth."""
    w = weights.reindex(returns.columns, fill_value=0.0)
    growth = (1 + returns).cumprod()
    wealth = (1 - w.sum()) + growth.mul(w, axis=1).sum(axis=1)
    return wealth / wealth.shift(1, fill_value=1.0) - 1


def test_never_is_buy_and_hold() -> None:
    returns = _returns()
    result = portfolio_returns(returns, WEIGHTS)
    np.testing.assert_allclose(result, _buy_and_hold(returns, WEIGHTS), rtol=1e-10, atol=1e-14)
    assert result.name == "portfolio"
    assert result.index.equals(returns.index)


def test_daily_is_constant_weights() -> None:
    returns = _returns()
    result = portfolio_returns(returns, WEIGHTS, rebalance="daily")
    np.testing.assert_allclose(result, returns @ WEIGHTS, rtol=1e-10, atol=1e-15)


def test_monthly_on_month_end_returns_is_constant_weights() -> None:
    returns = _returns(24)
    returns.index = pd.date_range("2020-01-31", periods=24, freq="ME", name="date")
    result = portfolio_returns(returns, WEIGHTS, rebalance="monthly")
    np.testing.assert_allclose(result, returns @ WEIGHTS, rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("frequency", ["weekly", "monthly", "quarterly", "yearly"])
def test_calendar_is_buy_and_hold_between_resets(frequency: str) -> None:
    returns = _returns()
    codes = {"weekly": "W-SUN", "monthly": "M", "quarterly": "Q", "yearly": "Y"}
    periods = returns.index.to_period(codes[frequency])
    resets = returns.index[np.r_[True, periods[1:] != periods[:-1]]]
    # reset at the close of each first day: segments run from the day after one reset to the next
    expected = []
    bounds = [*(returns.index.get_loc(d) for d in resets), len(returns)]
    expected.append(_buy_and_hold(returns.iloc[:1], WEIGHTS))
    for start, stop in itertools.pairwise(bounds):
        segment = returns.iloc[start + 1 : stop + 1]
        if len(segment):
            expected.append(_buy_and_hold(segment, WEIGHTS))
    expected_series = pd.concat(expected)
    result = portfolio_returns(returns, WEIGHTS, rebalance=frequency)  # type: ignore[arg-type]
    np.testing.assert_allclose(result, expected_series.loc[result.index], rtol=1e-10, atol=1e-15)
    if frequency == "monthly":
        # the first trading day of February is a reset: its own return still uses drifted weights
        first_feb = returns.index[returns.index.month == 2][0]
        position = returns.index.get_loc(first_feb)
        assert result.iloc[position] != pytest.approx(returns.iloc[position] @ WEIGHTS)
        assert result.iloc[position + 1] == pytest.approx(returns.iloc[position + 1] @ WEIGHTS)


def test_explicit_dates_equal_the_calendar() -> None:
    returns = _returns()
    periods = returns.index.to_period("M")
    firsts = returns.index[np.r_[True, periods[1:] != periods[:-1]]]
    pd.testing.assert_series_equal(
        portfolio_returns(returns, WEIGHTS, rebalance=firsts),
        portfolio_returns(returns, WEIGHTS, rebalance="monthly"),
    )


def test_weights_frame_sets_targets_at_each_rows_close() -> None:
    returns = _returns(60)
    dates = returns.index
    before = dates[0] - pd.Timedelta(days=1)
    frame = pd.DataFrame(
        [WEIGHTS, pd.Series({"A": 0.2, "B": 0.2, "C": 0.6})],
        index=pd.DatetimeIndex([before, dates[29]]),
    )
    result = portfolio_returns(returns, frame)
    head = _buy_and_hold(returns.iloc[:30], WEIGHTS)
    tail = _buy_and_hold(returns.iloc[30:], frame.iloc[1])
    np.testing.assert_allclose(result, pd.concat([head, tail]), rtol=1e-10, atol=1e-15)
    # starting inside the index: held from the day after the first row
    late = portfolio_returns(returns, frame.iloc[1:])
    assert late.index[0] == dates[30]
    np.testing.assert_allclose(late, tail, rtol=1e-10, atol=1e-15)


def test_nan_return_is_fine_for_an_asset_not_held_but_not_for_one_held() -> None:
    returns = _returns(20)
    returns.iloc[:5, 2] = np.nan  # C lists on day 6
    without_c = portfolio_returns(returns, WEIGHTS.drop("C"))
    np.testing.assert_allclose(without_c, _buy_and_hold(returns[["A", "B"]], WEIGHTS.drop("C")))
    with pytest.raises(DataError, match="return of C on 2023-12-20 is missing") as info:
        portfolio_returns(returns, WEIGHTS)
    assert info.value.asset == "C"


def test_errors() -> None:
    returns = _returns(20)
    with pytest.raises(DataError, match="missing from the returns: D") as info:
        portfolio_returns(returns, pd.Series({"A": 0.5, "D": 0.5}))
    assert info.value.asset == "D"
    with pytest.raises(DataError, match="finite"):
        portfolio_returns(returns, pd.Series({"A": np.nan}))
    with pytest.raises(ConfigError, match="rebalance"):
        portfolio_returns(returns, WEIGHTS, rebalance="monthy")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="rebalance"):
        portfolio_returns(returns, WEIGHTS.to_frame().T, rebalance="monthly")
    with pytest.raises(DataError, match="not a date of the returns"):
        portfolio_returns(returns, WEIGHTS, rebalance=pd.DatetimeIndex(["2030-01-01"]))
    with pytest.raises(DataError, match="portfolio value falls"):
        portfolio_returns(returns.clip(upper=-1.5), pd.Series({"A": 1.0}))


def test_dates_out_of_order_are_named() -> None:
    returns = _returns(5)
    swapped = returns.iloc[[0, 2, 1, 3, 4]]
    with pytest.raises(DataError, match=r"returns: .* 2023-12-21 comes after 2023-12-22") as info:
        portfolio_returns(swapped, WEIGHTS)
    assert info.value.date == returns.index[1]
    frame = pd.DataFrame([WEIGHTS, WEIGHTS], index=returns.index[[3, 2]])
    with pytest.raises(DataError, match=r"weights: .* 2023-12-22 comes after 2023-12-25"):
        portfolio_returns(returns, frame)
    twice = pd.DataFrame([WEIGHTS, WEIGHTS], index=returns.index[[2, 2]])
    with pytest.raises(DataError, match="weights: the date 2023-12-22 appears twice"):
        portfolio_returns(returns, twice)


@settings(derandomize=True, max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-0.9, 1.0, allow_subnormal=False), min_size=1, max_size=40),
    st.sampled_from(["never", "daily", "weekly", "monthly"]),
)
def test_one_asset_at_full_weight_is_that_asset(values: list[float], rebalance: str) -> None:
    index = pd.bdate_range("2024-01-25", periods=len(values))
    returns = pd.DataFrame({"A": values, "B": 0.01}, index=index)
    result = portfolio_returns(returns, pd.Series({"A": 1.0}), rebalance=rebalance)  # type: ignore[arg-type]
    np.testing.assert_allclose(result.to_numpy(), values, rtol=1e-12, atol=1e-15)
