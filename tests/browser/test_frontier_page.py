"""The efficient-frontier report in a real headless Chromium: offline, no errors, the chart drawn
with its frontier, both starred portfolios, the assets and the random cloud (WebGL)."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from algofolio.datasets import load_sp500_prices
from algofolio.report import write_frontier_files
from algofolio.workflows import frontier_of_prices
from tests.browser.pages import Visit, assert_clean_offline_load, drawn_figures, screenshot

N_ASSETS, N_POINTS, N_RANDOM = 8, 30, 500

# Only the traces named in `keep` left visible, the axes' ranges frozen first so that nothing but
# the hidden traces changes in the plot area.
_SHOW_ONLY = """async (keep) => {
  const gd = document.getElementById("frontier");
  await Plotly.relayout(gd, {
    "xaxis.range": gd._fullLayout.xaxis.range.slice(),
    "yaxis.range": gd._fullLayout.yaxis.range.slice(),
  });
  const names = gd.data.map((trace) => trace.name);
  await Plotly.restyle(gd, {visible: names.map((name) => keep.includes(name))});
}"""


@pytest.fixture(scope="module")
def visit(open_report: Callable[[Path], Visit], tmp_path_factory: pytest.TempPathFactory) -> Visit:
    prices = load_sp500_prices().loc["2015":"2018"].iloc[:, :N_ASSETS]
    run = frontier_of_prices(prices, N_POINTS, random=N_RANDOM, seed=0)
    files = write_frontier_files(
        tmp_path_factory.mktemp("frontier"),
        points=run.frontier.points,
        weights=run.frontier.weights,
        min_volatility=run.frontier.min_volatility,
        max_sharpe=run.frontier.max_sharpe,
        cloud=run.cloud,
        assets=run.assets,
        title=f"Efficient frontier of {N_ASSETS} S&P 500 stocks",
    )
    return open_report(files["report"])


def test_frontier_report_loads_offline_and_draws_every_chart(visit: Visit, tmp_path: Path) -> None:
    figures = drawn_figures(visit)
    assert_clean_offline_load(visit)  # WebGL's driver messages are warnings, not errors
    assert "frontier" in figures
    screenshot(visit, tmp_path / "frontier.png")


def test_frontier_chart_has_every_trace_with_all_its_points(visit: Visit) -> None:
    lengths = dict(
        visit.page.evaluate(
            "document.getElementById('frontier')._fullData.map((t) => [t.name, t._length])"
        )
    )
    assert lengths == {
        "Random portfolios": N_RANDOM,
        "Efficient frontier": N_POINTS,
        "Min volatility": 1,
        "Max Sharpe": 1,
        "Assets": N_ASSETS,
    }
    legend = visit.page.locator("#frontier .legend")
    for name in lengths:
        assert legend.get_by_text(name, exact=True).is_visible()
    # SVG marks: the frontier's points, both stars and each asset's circle
    assert visit.page.locator("#frontier .scatterlayer .point").count() == N_POINTS + 2 + N_ASSETS


def test_random_cloud_is_painted(visit: Visit) -> None:
    """The cloud is WebGL (scattergl), outside the SVG: compare the plot area's pixels with the
    cloud alone shown and with nothing shown, on frozen axes."""
    plot_area = visit.page.locator("#frontier .nsewdrag").first.bounding_box()
    assert plot_area is not None

    def plot_pixels() -> np.ndarray:
        with Image.open(BytesIO(visit.page.screenshot(clip=plot_area))) as image:
            return np.asarray(image.convert("RGB"), dtype=np.int32)

    visit.page.evaluate(_SHOW_ONLY, ["Random portfolios"])
    cloud = plot_pixels()
    visit.page.evaluate(_SHOW_ONLY, [])
    empty = plot_pixels()
    changed = np.abs(cloud - empty).sum(axis=2) > 60
    assert changed.sum() > N_RANDOM  # 500 markers of 4 px: well over one pixel each
    assert_clean_offline_load(visit)
