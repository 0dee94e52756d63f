"""Chart builders: the figures carry exactly the data given, in the shape the report promises."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from algofolio.report import drawdown_figure, equity_figure, weights_figure
from algofolio.report.charts import CASH_LABEL, asset_colors, month_end_weights, period_end_rows


def _y(trace: object) -> np.ndarray:
    return np.asarray(trace.y, dtype=float)  # type: ignore[attr-defined]


def test_equity_lines_hold_the_values_and_dates() -> None:
    dates = pd.bdate_range("2021-03-01", periods=4)
    values = pd.DataFrame({"A": [1.0, 2.0, 4.0, 8.0], "B": [np.nan, 1.0, 1.5, 1.0]}, index=dates)
    fig = equity_figure(values)
    a, b = fig.data
    np.testing.assert_allclose(_y(a), [1, 2, 4, 8])
    assert [str(d) for d in a.x] == ["2021-03-01", "2021-03-02", "2021-03-03", "2021-03-04"]
    assert [str(d) for d in b.x] == [
        "2021-03-02",
        "2021-03-03",
        "2021-03-04",
    ]  # leading NaN not drawn
    assert fig.layout.yaxis.type == "log"
    labels = [button.label for button in fig.layout.updatemenus[0].buttons]
    assert labels == ["Log", "Linear"]


def test_drawdown_is_drawn_below_zero() -> None:
    dd = pd.DataFrame({"A": [0.0, 0.2, 0.1]}, index=pd.bdate_range("2021-01-01", periods=3))
    (trace,) = drawdown_figure(dd).data
    np.testing.assert_allclose(_y(trace), [0.0, -0.2, -0.1], rtol=1e-6)
    assert trace.fill == "tozeroy"


@settings(derandomize=True, max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=400), st.integers(min_value=0, max_value=2**31))
def test_month_end_weights_match_pandas_resample(days: int, seed: int) -> None:
    dates = pd.bdate_range("2019-12-20", periods=days)
    rng = np.random.default_rng(seed)
    weights = pd.DataFrame(rng.uniform(size=(days, 2)), index=dates, columns=["A", "B"])
    got = month_end_weights(weights)
    expected = weights.resample("ME").last().dropna()
    np.testing.assert_array_equal(got.to_numpy(), expected.to_numpy())
    assert (got.index.to_period("M") == expected.index.to_period("M")).all()
    # labelled by the month's last trading day, which is in the data
    assert got.index.isin(weights.index).all()


def test_weights_stack_assets_and_cash_at_month_ends() -> None:
    dates = pd.to_datetime(["2024-01-30", "2024-01-31", "2024-02-28", "2024-02-29"])
    weights = pd.DataFrame(
        {"A": [0.5, 0.6, 0.3, 0.4], "B": [0.5, 0.3, 0.6, 0.6], "Z": [0.0, 0.0, 0.0, 0.0]},
        index=dates,
    )
    fig = weights_figure(weights)
    names = [trace.name for trace in fig.data]
    assert names == ["A", "B", CASH_LABEL]  # Z is never held
    np.testing.assert_allclose(_y(fig.data[0]), [0.6, 0.4], rtol=1e-6)
    np.testing.assert_allclose(_y(fig.data[2]), [0.1, 0.0], atol=1e-6)
    assert {trace.stackgroup for trace in fig.data} == {"shares"}
    assert [str(d) for d in fig.data[0].x] == ["2024-01-31", "2024-02-29"]


def test_fully_invested_weights_draw_no_cash() -> None:
    weights = pd.DataFrame({"A": [0.5], "B": [0.5]}, index=pd.to_datetime(["2024-01-31"]))
    assert [trace.name for trace in weights_figure(weights).data] == ["A", "B"]


@pytest.mark.parametrize("assets", [["B", "A"], ["A", "B", "C"]])
def test_asset_colours_are_stable_across_strategies(assets: list[str]) -> None:
    colors = asset_colors(assets)
    assert colors["A"] == asset_colors(["A"])["A"]
    assert len(set(colors.values())) == len(assets)


@settings(derandomize=True, max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=800), st.sampled_from([("Q", "QE"), ("Y", "YE")]))
def test_period_end_rows_match_pandas_resample(days: int, periods: tuple[str, str]) -> None:
    period, rule = periods
    dates = pd.bdate_range("2019-11-20", periods=days)
    frame = pd.DataFrame({"A": np.arange(days, dtype=float)}, index=dates)
    got = period_end_rows(frame, period)
    expected = frame.resample(rule).last().dropna()
    np.testing.assert_array_equal(got["A"].to_numpy(), expected["A"].to_numpy())
    assert got.index.isin(dates).all()
