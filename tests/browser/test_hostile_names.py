"""Asset, strategy and benchmark names that are HTML or script are shown as text and never run.

The names go through the whole path a user's price file takes (CSV -> config -> backtest or
frontier -> report files) and the pages are opened in a real Chromium: no dialog ever opens, no
global is set, no element is created from a name, and each name is readable, as typed, in the
tables and the chart legends.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from algofolio.datasets import make_synthetic_prices
from algofolio.report import write_comparison_files, write_frontier_files
from algofolio.workflows import BacktestConfig, frontier_of_prices, run_config
from tests.browser.pages import Visit, assert_clean_offline_load, drawn_figures

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
CLOSER = "</script><script>alert(3)</script>"  # would end the <script> holding a chart's JSON
ATTRIBUTE = '"><svg onload=window.__xss=4>'  # would break out of an HTML attribute
ASSETS = [SCRIPT, IMAGE, ATTRIBUTE, "PLAIN"]

# What any of the names would leave behind had it run or been parsed as HTML.
_SIDE_EFFECTS = """() => ({
  xss: window.__xss === undefined ? null : String(window.__xss),
  injected: document.querySelectorAll("img[src='x'], [onerror], [onload]").length,
  scripts: [...document.querySelectorAll("script:not([type='application/json'])")]
    .filter((s) => /alert\\([123]\\)/.test(s.textContent)).length,
})"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def prices() -> pd.DataFrame:
    frame = make_synthetic_prices(len(ASSETS), 400, seed=1)
    frame.columns = ASSETS
    return frame


@pytest.fixture(scope="module")
def backtest_report(folder: Path, prices: pd.DataFrame) -> Path:
    prices.to_csv(folder / "prices.csv")
    benchmark = prices.mean(axis=1).rename(CLOSER)
    benchmark.to_frame().to_csv(folder / "benchmark.csv")
    config = BacktestConfig.model_validate(
        {
            "data": {
                "prices": str(folder / "prices.csv"),
                "benchmark": str(folder / "benchmark.csv"),
            },
            "backtest": {"initial_value": 10_000, "window": 60, "costs_bps": 10},
            "strategies": [
                {
                    "name": SCRIPT,
                    "allocator": {
                        "kind": "fixed",
                        "weights": dict(zip(ASSETS, [0.4, 0.3, 0.2, 0.1], strict=True)),
                    },
                    "rebalance": {"kind": "calendar", "frequency": "monthly"},
                },
                {
                    "name": IMAGE,
                    "allocator": {"kind": "inverse_volatility"},
                    "rebalance": {"kind": "calendar", "frequency": "monthly"},
                },
            ],
            "report": {"title": f"Report {SCRIPT}"},
        }
    )
    return write_comparison_files(run_config(config), folder / "backtest")["report"]


@pytest.fixture(scope="module")
def frontier_report(folder: Path, prices: pd.DataFrame) -> Path:
    run = frontier_of_prices(prices, 20, random=200, seed=0)
    files = write_frontier_files(
        folder / "frontier",
        points=run.frontier.points,
        weights=run.frontier.weights,
        min_volatility=run.frontier.min_volatility,
        max_sharpe=run.frontier.max_sharpe,
        cloud=run.cloud,
        assets=run.assets,
        title=f"Frontier {IMAGE}",
    )
    return files["report"]


def assert_nothing_ran(visit: Visit) -> None:
    assert_clean_offline_load(visit)  # includes: no alert/confirm/prompt dialog opened
    assert visit.page.evaluate(_SIDE_EFFECTS) == {"xss": None, "injected": 0, "scripts": 0}


def assert_shown_as_text(visit: Visit, name: str, *, where: str) -> None:
    shown = visit.page.locator(where).get_by_text(name, exact=True)
    assert shown.count() >= 1, f"{name!r} is not shown as text in {where}"
    assert shown.first.is_visible()


def test_backtest_report_shows_hostile_names_as_text_and_runs_none(
    open_report: Callable[[Path], Visit], backtest_report: Path
) -> None:
    visit = open_report(backtest_report)
    drawn_figures(visit)
    assert_nothing_ran(visit)
    assert visit.page.title() == f"Report {SCRIPT}"
    for strategy in (SCRIPT, IMAGE):
        assert_shown_as_text(visit, strategy, where="table")
        assert_shown_as_text(visit, strategy, where="#equity .legend")
    assert_shown_as_text(visit, CLOSER, where="#equity .legend")  # the benchmark
    for asset in (SCRIPT, IMAGE, ATTRIBUTE):  # the weights charts' legends
        assert_shown_as_text(visit, asset, where="div.figure .legend")
    # hovering and toggling redraw the legend and the axes: still nothing runs
    visit.page.locator("#equity .updatemenu-button").filter(has_text="Linear").click()
    visit.page.locator("#equity").hover()
    assert_nothing_ran(visit)


def test_frontier_report_shows_hostile_names_as_text_and_runs_none(
    open_report: Callable[[Path], Visit], frontier_report: Path
) -> None:
    visit = open_report(frontier_report)
    drawn_figures(visit)
    assert_nothing_ran(visit)
    assert visit.page.title() == f"Frontier {IMAGE}"
    for asset in (SCRIPT, IMAGE, ATTRIBUTE):  # the starred portfolios' weights tables
        assert_shown_as_text(visit, asset, where="table")
    visit.page.locator("#frontier").hover()
    assert_nothing_ran(visit)
