"""The report's charts carry the data of the comparison, each checked against its own computation
here (pandas and numpy from the raw values and prices), and a result without weights, rebalances or
prices leaves its charts out."""

from __future__ import annotations

import html
import json
from typing import Any

import numpy as np
import pandas as pd
import pytest

from algofolio.report import NamedFigure, backtest_figures, backtest_sections, render_html_report
from algofolio.report.page import figure_spec
from tests.report.conftest import (
    EVIL,
    SUMMARY,
    FakeComparison,
    FakeResult,
    json_strings,
    make_result,
    nav_only,
)

ESCAPED = html.escape(EVIL, quote=False)
DAYS_PER_YEAR = 252  # the fakes are business days
WINDOW = 126  # half a year


@pytest.fixture(scope="module")
def figures(comparison: FakeComparison) -> dict[str, Any]:
    return {f.id: f.figure for f in backtest_figures(comparison)}


def _trace(fig: Any, name: str) -> Any:
    (trace,) = [t for t in fig.data if t.name == html.escape(name, quote=False)]
    return trace


def _on_dates(trace: Any) -> pd.Series:
    return pd.Series(np.asarray(trace.y, dtype=float), index=pd.to_datetime(trace.x))


def _week_ends(index: pd.Index) -> pd.DatetimeIndex:
    dates = pd.Series(index, index=index)
    return pd.DatetimeIndex(dates.groupby(index.to_period("W")).max().to_numpy())


def test_page_order_and_ids(comparison: FakeComparison) -> None:
    sections = backtest_sections(comparison)
    assert [s.id for s in sections] == ["performance", "risk", "returns", "allocation", "trading"]
    ids = [f.id for s in sections for f in s.figures]
    assert ids == [
        "equity",
        "drawdown",
        "rolling-volatility",
        "rolling-sharpe",
        "rolling-beta",
        "distribution-0",
        "distribution-1",
        "correlation-assets",
        "correlation-strategies",
        "monthly-returns-0",
        "monthly-returns-1",
        "annual-returns",
        "weights-0",
        "risk-contribution-0",
        "risk-contribution-time-0",
        "weights-1",
        "risk-contribution-1",
        "risk-contribution-time-1",
        "turnover-costs",
    ]
    assert all(isinstance(f, NamedFigure) for s in sections for f in s.figures)


@pytest.mark.parametrize("index", [0, 1])
def test_rolling_volatility_and_sharpe_match_pandas(
    comparison: FakeComparison, figures: dict[str, Any], index: int
) -> None:
    result = comparison.results[index]
    returns = result.nav.pct_change().iloc[1:]
    rolling = returns.rolling(WINDOW)
    volatility = (rolling.std(ddof=1) * np.sqrt(DAYS_PER_YEAR)).dropna()
    sharpe = (rolling.mean() / rolling.std(ddof=1) * np.sqrt(DAYS_PER_YEAR)).dropna()
    for key, expected in (("rolling-volatility", volatility), ("rolling-sharpe", sharpe)):
        drawn = _on_dates(_trace(figures[key], result.name))
        assert drawn.index.equals(_week_ends(expected.index)), key  # from the first full window
        np.testing.assert_allclose(drawn, expected.loc[drawn.index], rtol=1e-5, err_msg=key)


def test_rolling_beta_matches_pandas(comparison: FakeComparison, figures: dict[str, Any]) -> None:
    assert comparison.benchmark is not None
    bench = comparison.benchmark.pct_change().iloc[1:]
    fig = figures["rolling-beta"]
    assert [t.name for t in fig.data] == ["Mix", ESCAPED]  # strategies only
    for result in comparison.results:
        returns = result.nav.pct_change().iloc[1:]
        beta = (returns.rolling(WINDOW).cov(bench) / bench.rolling(WINDOW).var()).dropna()
        drawn = _on_dates(_trace(fig, result.name))
        np.testing.assert_allclose(drawn, beta.loc[drawn.index], rtol=1e-5)
    assert fig.layout.shapes[0].y0 == 1.0  # the reference line at a beta of 1


@pytest.mark.parametrize("index", [0, 1])
def test_distribution_bins_and_var_lines(
    comparison: FakeComparison, figures: dict[str, Any], index: int
) -> None:
    returns = comparison.results[index].nav.pct_change().iloc[1:].to_numpy()
    fig = figures[f"distribution-{index}"]
    (bars,) = fig.data
    lower, upper = np.asarray(bars.customdata, dtype=float).T
    counts = np.asarray(bars.y)
    assert counts.sum() == len(returns)
    inside = (returns[:, None] >= lower[None, :]) & (returns[:, None] < upper[None, :])
    inside[:, -1] |= returns == returns.max()  # the last bin includes its upper edge
    np.testing.assert_array_equal(counts, inside.sum(axis=0))
    quantile = np.quantile(returns, 0.05)
    shortfall = returns[returns <= quantile].mean()
    var_line, cvar_line = fig.layout.shapes
    assert var_line.x0 == var_line.x1 == pytest.approx(quantile, rel=1e-12)
    assert cvar_line.x0 == pytest.approx(shortfall, rel=1e-12)
    assert [a.text for a in fig.layout.annotations] == [
        f"VaR 95%: {quantile:.2%}",
        f"CVaR 95%: {shortfall:.2%}",
    ]


@pytest.mark.parametrize("index", [0, 1])
def test_monthly_cells_compound_the_navs_of_the_month(
    comparison: FakeComparison, figures: dict[str, Any], index: int
) -> None:
    nav = comparison.results[index].nav
    (heatmap,) = figures[f"monthly-returns-{index}"].data
    z = np.asarray(heatmap.z, dtype=float)
    month_end = nav.groupby(nav.index.to_period("M")).last()
    base = month_end.shift(1).fillna(nav.iloc[0])  # the first month starts at the first value
    expected = month_end / base - 1
    assert list(heatmap.y) == [str(y) for y in sorted(set(nav.index.year))]
    assert list(heatmap.x) == [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ]
    for period, value in expected.items():
        row = list(heatmap.y).index(str(period.year))
        assert z[row, period.month - 1] == pytest.approx(value, rel=1e-5)
    assert np.isnan(z).sum() == z.size - len(expected)  # months without data are blank


def test_annual_bars_from_year_end_values(
    comparison: FakeComparison, figures: dict[str, Any]
) -> None:
    fig = figures["annual-returns"]
    assert comparison.benchmark is not None
    series = {r.name: r.nav for r in comparison.results} | {"INDEX": comparison.benchmark}
    assert [t.name for t in fig.data] == ["Mix", ESCAPED, "INDEX"]
    for name, values in series.items():
        year_end = values.groupby(values.index.year).last()
        expected = year_end / year_end.shift(1).fillna(values.iloc[0]) - 1
        trace = _trace(fig, name)
        assert list(trace.x) == [str(y) for y in expected.index]
        np.testing.assert_allclose(np.asarray(trace.y, dtype=float), expected, rtol=1e-5)


def test_correlations_match_pandas(comparison: FakeComparison, figures: dict[str, Any]) -> None:
    assert comparison.prices is not None
    (assets,) = figures["correlation-assets"].data
    expected = comparison.prices.pct_change().corr()
    assert list(assets.x) == list(assets.y) == [html.escape(a, quote=False) for a in expected]
    np.testing.assert_allclose(np.asarray(assets.z, dtype=float), expected, atol=1e-6)
    (strategies,) = figures["correlation-strategies"].data
    navs = pd.concat(
        [r.nav for r in comparison.results] + [comparison.benchmark], axis=1
    ).pct_change()
    np.testing.assert_allclose(np.asarray(strategies.z, dtype=float), navs.corr(), atol=1e-6)
    assert list(strategies.x) == ["Mix", ESCAPED, "INDEX"]


def _variance_shares(weights: pd.Series, returns: pd.DataFrame) -> pd.Series:
    """Euler shares of the variance, from the sample covariance (numpy)."""
    covariance = np.cov(returns.to_numpy().T, ddof=1)
    w = weights.to_numpy()
    return pd.Series(w * (covariance @ w) / (w @ covariance @ w), index=weights.index)


@pytest.mark.parametrize("index", [0, 1])
def test_risk_contribution_at_the_last_date(
    comparison: FakeComparison, figures: dict[str, Any], index: int
) -> None:
    assert comparison.prices is not None
    result = comparison.results[index]
    weights = result.weights.iloc[-1]
    returns = comparison.prices[weights.index].pct_change().iloc[-DAYS_PER_YEAR:]
    expected = _variance_shares(weights, returns).sort_values(ascending=False)
    weight_bars, risk_bars = figures[f"risk-contribution-{index}"].data
    assert (weight_bars.name, risk_bars.name) == ("Weight", "Risk contribution")
    assert list(risk_bars.x) == [html.escape(a, quote=False) for a in expected.index]
    np.testing.assert_allclose(np.asarray(risk_bars.y, dtype=float), expected, rtol=1e-5)
    np.testing.assert_allclose(
        np.asarray(weight_bars.y, dtype=float), weights[expected.index], rtol=1e-6
    )


def test_risk_contribution_over_time_at_quarter_ends(
    comparison: FakeComparison, figures: dict[str, Any]
) -> None:
    assert comparison.prices is not None
    result = comparison.results[0]
    fig = figures["risk-contribution-time-0"]
    dates = pd.to_datetime(fig.data[0].x)
    quarter_ends = result.weights.groupby(result.weights.index.to_period("Q")).tail(1).index
    returns = comparison.prices.pct_change()
    first_full = returns.index[DAYS_PER_YEAR]  # 252 returns up to it
    assert dates.equals(quarter_ends[quarter_ends >= first_full])
    for date in dates[[0, -1]]:
        end = returns.index.get_loc(date)
        window = returns.iloc[end + 1 - DAYS_PER_YEAR : end + 1]
        weights = result.weights.loc[date]
        expected = _variance_shares(weights, window[weights.index])
        for asset, share in expected.items():
            drawn = _on_dates(_trace(fig, asset))
            assert drawn[date] == pytest.approx(share, rel=1e-5)


def test_turnover_and_cost_bars_sum_the_rebalance_log(
    comparison: FakeComparison, figures: dict[str, Any]
) -> None:
    fig = figures["turnover-costs"]
    for result in comparison.results:
        turnover, costs = [t for t in fig.data if t.name == html.escape(result.name, quote=False)]
        log = result.rebalances
        for year, t_value, c_value in zip(turnover.x, turnover.y, costs.y, strict=True):
            in_year = log.loc[year]  # a partial string index: that calendar year's rows
            assert t_value == pytest.approx(in_year["turnover"].sum(), rel=1e-6)
            assert c_value == pytest.approx(in_year["cost"].sum(), rel=1e-6)
        assert (turnover.yaxis, costs.yaxis) == ("y", "y2")


def test_hostile_names_are_escaped_in_every_chart(comparison: FakeComparison) -> None:
    """Every name plotly shows (trace names, titles, axis and heatmap labels, hover text) is
    escaped; the raw name appears nowhere in any spec."""
    showing = set()
    for figure in backtest_figures(comparison):
        spec = str(figure_spec(figure.figure))
        assert not {"<", ">"} & set(spec), figure.id
        strings = list(json_strings(json.loads(spec)))
        assert not any(EVIL in s for s in strings), figure.id
        if any(ESCAPED in s for s in strings):
            showing.add(figure.id)
    # the figures of "Mix" alone hold neither the hostile strategy nor the hostile asset
    all_ids = {f.id for f in backtest_figures(comparison)}
    assert all_ids - showing == {"distribution-0", "monthly-returns-0"}


def test_nav_only_results_keep_the_charts_of_returns() -> None:
    comparison = FakeComparison(
        [nav_only("A", seed=1), nav_only(EVIL, seed=2)], None, SUMMARY, title="NAV files"
    )
    ids = [f.id for f in backtest_figures(comparison)]
    assert ids == [
        "equity",
        "drawdown",
        "rolling-volatility",
        "rolling-sharpe",
        "distribution-0",
        "distribution-1",
        "correlation-strategies",
        "monthly-returns-0",
        "monthly-returns-1",
        "annual-returns",
    ]
    page = render_html_report(comparison)
    for left_out in ('id="allocation"', 'id="trading"', 'id="rebalances"', 'href="#trading"'):
        assert left_out not in page
    assert f'data-figures-expected="{len(ids)}"' in page
    assert page.count('class="figure"') == len(ids)


def test_without_prices_the_charts_of_assets_are_left_out(comparison: FakeComparison) -> None:
    bare = FakeComparison(comparison.results, comparison.benchmark, SUMMARY, "No prices")
    ids = {f.id for f in backtest_figures(bare)}
    assert {"weights-0", "weights-1", "turnover-costs", "correlation-strategies"} <= ids
    assert not {i for i in ids if i.startswith("risk-contribution") or i == "correlation-assets"}


def test_short_history_has_no_rolling_charts() -> None:
    result = make_result("Short", ["AAA", "BBB"], seed=4, days=60)
    ids = [f.id for f in backtest_figures(FakeComparison([result], None, SUMMARY, "Short"))]
    assert not [i for i in ids if i.startswith("rolling")]
    assert "monthly-returns-0" in ids
    assert "correlation-strategies" not in ids


def test_an_undefined_rolling_sharpe_leaves_the_strategy_out_with_a_note() -> None:
    good = make_result("Moving", ["AAA"], seed=5)
    nav = good.nav.copy()
    nav.iloc[:200] = 1000.0  # 199 returns of exactly 0: no dispersion in the first windows
    flat = FakeResult("Flat", nav, good.weights, good.rebalances, good.trades)
    sections = backtest_sections(FakeComparison([good, flat], None, SUMMARY, "Flat"))
    (risk,) = [s for s in sections if s.id == "risk"]
    sharpe = {f.id: f.figure for f in risk.figures}["rolling-sharpe"]
    assert [t.name for t in sharpe.data] == ["Moving"]
    (note,) = risk.notes
    assert note.startswith("Rolling Sharpe ratio (6 months, risk-free 0%): Flat not drawn:")
    volatility = {f.id: f.figure for f in risk.figures}["rolling-volatility"]
    assert [t.name for t in volatility.data] == ["Moving", "Flat"]  # a volatility of 0 is drawn


def test_series_on_different_calendars() -> None:
    """Value files need not share dates: each series, the benchmark too, is read on its own."""
    first = nav_only("A", seed=1)
    second = nav_only("B", seed=2)
    holes = second.nav.drop(second.nav.index[100:110])  # days missing in B only
    shifted = FakeResult("B", holes.iloc[:-50], second.weights, second.rebalances, second.trades)
    benchmark = (first.nav * 0.9).drop(first.nav.index[300:305]).rename("INDEX")
    comparison = FakeComparison([first, shifted], benchmark, SUMMARY, "Mixed")
    figures = {f.id: f.figure for f in backtest_figures(comparison)}
    annual = _trace(figures["annual-returns"], "B")
    nav = shifted.nav
    year_end = nav.groupby(nav.index.year).last()
    expected = year_end / year_end.shift(1).fillna(nav.iloc[0]) - 1
    np.testing.assert_allclose(np.asarray(annual.y, dtype=float), expected, rtol=1e-5)
    assert {"rolling-volatility", "rolling-beta", "drawdown"} <= set(figures)
    drawn = _on_dates(_trace(figures["drawdown"], "INDEX"))
    assert drawn.index.equals(benchmark.index[1:])  # the benchmark's own dates
