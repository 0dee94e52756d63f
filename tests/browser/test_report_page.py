"""The backtest report in a real headless Chromium: offline, no errors, every chart drawn, the log
toggle working, and a full-page screenshot."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from algofolio.report import write_comparison_files
from algofolio.workflows import BacktestConfig, run_config
from tests.browser.pages import (
    SCREENSHOT_COPY,
    Visit,
    assert_clean_offline_load,
    drawn_figures,
    screenshot,
)

# Four years of the bundled S&P 500 stocks against the index: two strategies, a benchmark,
# rebalances and costs, so every chart of the report has something to draw (about a second).
SMALL_BACKTEST = {
    "data": {
        "prices": "dataset:sp500",
        "benchmark": "dataset:sp500_index",
        "start": "2015-01-01",
        "end": "2018-12-31",
    },
    "backtest": {"initial_value": 100_000, "window": 126, "costs_bps": 10},
    "strategies": [
        {
            "name": "Equal weight",
            "allocator": {"kind": "equal_weight"},
            "rebalance": {"kind": "calendar", "frequency": "monthly"},
        },
        {
            "name": "Inverse volatility",
            "allocator": {"kind": "inverse_volatility"},
            "rebalance": {"kind": "calendar", "frequency": "quarterly"},
        },
    ],
}


@pytest.fixture(scope="module")
def report_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    comparison = run_config(BacktestConfig.model_validate(SMALL_BACKTEST))
    files = write_comparison_files(comparison, tmp_path_factory.mktemp("report"))
    return files["report"]


@pytest.fixture(scope="module")
def visit(open_report: Callable[[Path], Visit], report_path: Path) -> Visit:
    return open_report(report_path)


def test_report_loads_offline_without_errors_and_draws_every_chart(visit: Visit) -> None:
    figures = drawn_figures(visit)
    assert_clean_offline_load(visit)
    assert {"equity", "drawdown"} <= set(figures)


def test_report_shows_the_strategies_and_the_benchmark_as_text(visit: Visit) -> None:
    for name in ("Equal weight", "Inverse volatility"):
        assert visit.page.get_by_role("cell", name=name, exact=True).count() >= 1
        assert visit.page.locator("#equity .legend").get_by_text(name, exact=True).count() == 1


def test_log_toggle_switches_the_value_axis(visit: Visit) -> None:
    def y_axis_type() -> str:
        return str(visit.page.evaluate("document.getElementById('equity').layout.yaxis.type"))

    buttons = visit.page.locator("#equity .updatemenu-button")
    assert y_axis_type() == "log"
    buttons.filter(has_text="Linear").click()
    visit.page.wait_for_function("document.getElementById('equity').layout.yaxis.type === 'linear'")
    assert y_axis_type() == "linear"
    buttons.filter(has_text="Log").click()
    visit.page.wait_for_function("document.getElementById('equity').layout.yaxis.type === 'log'")
    assert_clean_offline_load(visit)


def test_full_page_screenshot_is_a_real_image(visit: Visit, tmp_path: Path) -> None:
    pixels = screenshot(visit, tmp_path / "report.png", copy_to=SCREENSHOT_COPY)
    assert pixels.shape[0] > 2000  # the whole report, not one screen: tables and every chart
