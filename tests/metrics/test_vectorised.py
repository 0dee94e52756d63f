"""A DataFrame is computed for all columns at once: each column gives exactly (bit for bit) what
it gives alone as a Series, and a frame raises the error of its first failing column.

References: the metric of each column alone (the Series path), and numpy's own per-column
functions (``numpy.std``, ``numpy.quantile``, ...) on each column's returns from its first date.
"""

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio import metrics
from algofolio.core import AlgofolioError, EstimationError

COLUMNWISE: list[tuple[str, dict[str, Any]]] = [
    ("total_return", {}),
    ("cagr", {}),
    ("annualized_return", {}),
    ("annualized_volatility", {}),
    ("sharpe_ratio", {"risk_free_rate": 0.03}),
    ("sortino_ratio", {"risk_free_rate": 0.03}),
    ("calmar_ratio", {}),
    ("max_drawdown", {}),
    ("max_drawdown_duration", {}),
    ("skewness", {}),
    ("kurtosis", {}),
    ("hit_rate", {}),
    ("best_period", {}),
    ("worst_period", {}),
    ("value_at_risk", {"confidence": 0.9}),
    ("value_at_risk", {"method": "gaussian"}),
    ("value_at_risk", {"method": "cornish_fisher"}),
    ("value_at_risk", {"method": "monte_carlo", "n_simulations": 500, "seed": 2}),
    ("conditional_value_at_risk", {"confidence": 0.8}),
    ("conditional_value_at_risk", {"method": "gaussian"}),
]

KINDS = ["plain", "plain", "late", "late", "constant", "zeros", "never_down", "gap", "ties"]


@st.composite
def staggered_frames(draw: st.DrawFn) -> pd.DataFrame:
    """Business-day returns; columns start at different dates, some constant, some with a gap."""
    n_rows = draw(st.integers(1, 40))
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    values = rng.standard_t(4, size=(n_rows, len(kinds))) * 0.02 + 0.0005
    for j, kind in enumerate(kinds):
        if kind == "late":
            values[: draw(st.integers(1, n_rows)), j] = np.nan
        elif kind == "constant":
            values[:, j] = 0.01
        elif kind == "zeros":
            values[:, j] = 0.0
        elif kind == "never_down":
            values[:, j] = np.abs(values[:, j])
        elif kind == "gap" and n_rows > 2:
            values[draw(st.integers(1, n_rows - 1)), j] = np.nan
        elif kind == "ties":
            values[:, j] = np.round(values[:, j], 2)
    index = pd.bdate_range("2021-01-04", periods=n_rows, name="date")
    return pd.DataFrame(values, index=index, columns=[f"s{j}" for j in range(len(kinds))])


def _outcome(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except AlgofolioError as exc:
        return exc


def assert_like_each_column(metric: Callable[..., Any], frame: pd.DataFrame, **kwargs: Any) -> None:
    """``metric(frame)`` equals ``metric(frame[c])`` for each column ``c``, or raises the error of
    the first column that raises."""
    alone = []
    for column in frame.columns:
        outcome = _outcome(lambda column=column: metric(frame[column], **kwargs))
        if isinstance(outcome, AlgofolioError):
            with pytest.raises(type(outcome)) as info:
                metric(frame, **kwargs)
            assert str(info.value) == str(outcome)
            return
        alone.append(outcome)
    together = metric(frame, **kwargs)
    assert list(together.index) == list(frame.columns)
    assert np.array_equal(together.to_numpy(), np.array(alone, dtype=float))


@settings(derandomize=True, max_examples=80, deadline=None)
@given(staggered_frames())
def test_every_metric_of_a_frame_is_each_columns_alone(frame: pd.DataFrame) -> None:
    for name, kwargs in COLUMNWISE:
        assert_like_each_column(getattr(metrics, name), frame, **kwargs)


@settings(derandomize=True, max_examples=40, deadline=None)
@given(staggered_frames(), staggered_frames())
def test_benchmark_metrics_of_a_frame_are_each_columns_alone(
    frame: pd.DataFrame, other: pd.DataFrame
) -> None:
    benchmark = other.iloc[:, 0].rename("bench")
    for metric in (metrics.tracking_error, metrics.information_ratio):
        assert_like_each_column(metric, frame, benchmark=benchmark)


@settings(derandomize=True, max_examples=40, deadline=None)
@given(staggered_frames(), staggered_frames())
def test_summary_of_a_frame_is_each_columns_summary(
    frame: pd.DataFrame, other: pd.DataFrame
) -> None:
    benchmark = other.iloc[:, 0].rename("bench")
    for kwargs in ({}, {"benchmark": benchmark, "risk_free_rate": 0.02}):
        _assert_summary_like_each_column(frame, kwargs)


def _assert_summary_like_each_column(frame: pd.DataFrame, kwargs: dict[str, Any]) -> None:
    alone = []
    for column in frame.columns:
        outcome = _outcome(lambda column=column: metrics.summary(frame[column], **kwargs))
        if isinstance(outcome, AlgofolioError):
            with pytest.raises(type(outcome)) as info:
                metrics.summary(frame, **kwargs)
            assert str(info.value) == str(outcome)
            return
        alone.append(outcome)
    pd.testing.assert_frame_equal(
        metrics.summary(frame, **kwargs), pd.concat(alone, axis=1), check_exact=True
    )


@settings(derandomize=True, max_examples=40, deadline=None)
@given(staggered_frames())
def test_drawdown_of_a_frame_is_each_columns_drawdown(frame: pd.DataFrame) -> None:
    outcomes = [_outcome(lambda c=c: metrics.drawdown(frame[c])) for c in frame.columns]
    errors = [o for o in outcomes if isinstance(o, AlgofolioError)]
    if errors:
        with pytest.raises(type(errors[0]), match="^" + re.escape(str(errors[0]))):
            metrics.drawdown(frame)
        return
    together = metrics.drawdown(frame)
    for column, alone in zip(frame.columns, outcomes, strict=True):
        pd.testing.assert_series_equal(
            together[column].loc[alone.index], alone, check_exact=True, check_freq=False
        )
        assert together[column].drop(alone.index).isna().all()  # before its first return


@pytest.fixture(scope="module")
def staggered() -> pd.DataFrame:
    """2,600 business days x 40 series starting on 12 different dates, in no particular order."""
    rng = np.random.default_rng(11)
    values = rng.standard_t(4, size=(2600, 40)) * 0.012 + 0.0003
    starts = rng.choice([0, 1, 5, 40, 41, 300, 301, 302, 900, 1500, 2000, 2047], size=40)
    for j, start in enumerate(starts):
        values[:start, j] = np.nan
    index = pd.bdate_range("2010-01-04", periods=2600, name="date")
    return pd.DataFrame(values, index=index, columns=[f"A{j:02d}" for j in range(40)])


def _own(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].dropna().to_numpy()


def test_staggered_frame_against_numpy_per_column(staggered: pd.DataFrame) -> None:
    volatility = metrics.annualized_volatility(staggered)
    sharpe = metrics.sharpe_ratio(staggered)
    var = metrics.value_at_risk(staggered, 0.95)
    total = metrics.total_return(staggered)
    best = metrics.best_period(staggered)
    for column in staggered.columns:
        r = _own(staggered, column)
        assert volatility[column] == np.std(r, ddof=1) * np.sqrt(252)
        assert sharpe[column] == np.mean(r) / np.std(r, ddof=1) * np.sqrt(252)
        assert var[column] == -np.quantile(r, 1 - 0.95)
        assert total[column] == np.prod(1 + r) - 1
        assert best[column] == np.max(r)


def test_staggered_frame_drawdowns_against_a_plain_loop(staggered: pd.DataFrame) -> None:
    depth = metrics.max_drawdown(staggered)
    for column in staggered.columns[:8]:
        wealth, peak, worst = 1.0, 1.0, 0.0
        for r in _own(staggered, column).tolist():
            wealth *= 1 + r
            peak = max(peak, wealth)
            worst = max(worst, 1 - wealth / peak)
        assert depth[column] == pytest.approx(worst, rel=1e-12)


def test_frame_error_is_the_first_failing_column_in_the_input_order() -> None:
    index = pd.bdate_range("2024-01-01", periods=6)
    frame = pd.DataFrame(
        {"late_flat": [np.nan, np.nan, 0.01, 0.01, 0.01, 0.01], "early_flat": [0.02] * 6},
        index=index,
    )
    # the early series is computed first internally (series are grouped by start date)
    with pytest.raises(EstimationError, match=r"^late_flat: the Sharpe ratio is undefined"):
        metrics.sharpe_ratio(frame)
    with pytest.raises(EstimationError, match=r"^late_flat: the Sharpe ratio is undefined"):
        metrics.summary(frame)
