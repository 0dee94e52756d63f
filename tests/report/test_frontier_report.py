"""The frontier chart and page: every trace where its data says, hostile names shown as text, one
offline self-contained file written atomically, the CSV table of points and weights."""

from __future__ import annotations

import base64
import gzip
import html
import json
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from algofolio.report.frontier import (
    frontier_figure,
    frontier_figures,
    frontier_table,
    render_frontier_report,
    write_frontier_files,
    write_frontier_report,
)
from algofolio.report.page import figure_spec
from tests.report.conftest import EVIL, json_strings


@dataclass(frozen=True)
class Portfolio:
    weights: pd.Series
    expected_return: float
    volatility: float
    sharpe: float
    risk_free_rate: float = 0.0


ASSETS = ["AAA", "BBB", EVIL]
POINTS = pd.DataFrame(
    {
        "expected_return": [0.06, 0.08, 0.10, 0.12],
        "volatility": [0.10, 0.11, 0.13, 0.16],
        "sharpe": [0.6, 0.727, 0.769, 0.75],
    },
    index=pd.RangeIndex(4, name="point"),
)
WEIGHTS = pd.DataFrame(
    [[0.7, 0.3, 0.0], [0.5, 0.4, 0.1], [0.3, 0.4, 0.3], [0.0, 0.4, 0.6]], columns=ASSETS
)
MIN_VOL = Portfolio(pd.Series([0.7, 0.3, 0.0], index=ASSETS), 0.06, 0.10, 0.6)
MAX_SHARPE = Portfolio(pd.Series([0.3, 0.4, 0.3], index=ASSETS), 0.10, 0.13, 0.769)


def _cloud(count: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    vol = rng.uniform(0.12, 0.2, count)
    ret = rng.uniform(0.04, 0.1, count)
    return pd.DataFrame({"expected_return": ret, "volatility": vol, "sharpe": ret / vol})


ASSET_FIGURES = pd.DataFrame(
    {"expected_return": [0.05, 0.09, 0.13], "volatility": [0.12, 0.15, 0.25]},
    index=pd.Index(ASSETS, name="asset"),
)


def test_every_trace_holds_its_data() -> None:
    cloud = _cloud()
    fig = frontier_figure(POINTS, cloud, (0.10, 0.06), (0.13, 0.10), ASSET_FIGURES)
    traces = {trace.name: trace for trace in fig.data}
    assert list(traces) == [
        "Random portfolios",
        "Efficient frontier",
        "Min volatility",
        "Max Sharpe",
        "Assets",
    ]
    np.testing.assert_allclose(traces["Efficient frontier"].x, POINTS["volatility"])
    np.testing.assert_allclose(traces["Efficient frontier"].y, POINTS["expected_return"])
    np.testing.assert_allclose(traces["Random portfolios"].marker.color, cloud["sharpe"])
    assert traces["Random portfolios"].marker.showscale
    assert traces["Min volatility"].marker.symbol == "star"
    assert (traces["Min volatility"].x, traces["Min volatility"].y) == ((0.10,), (0.06,))
    assert (traces["Max Sharpe"].x, traces["Max Sharpe"].y) == ((0.13,), (0.10,))
    assert list(traces["Assets"].text) == ["AAA", "BBB", "&lt;script&gt;alert(1)&lt;/script&gt;"]


def test_without_cloud_or_assets() -> None:
    fig = frontier_figure(POINTS, None, (0.10, 0.06), (0.13, 0.10), None)
    assert [trace.name for trace in fig.data] == [
        "Efficient frontier",
        "Min volatility",
        "Max Sharpe",
    ]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.divs: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.cells: list[str] = []
        self._in_td = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "div" and attributes.get("class") == "figure":
            self.divs.append(str(attributes["id"]))
        if tag == "script":
            self.scripts.append(attributes)
        self._in_td = tag == "td"

    def handle_data(self, data: str) -> None:
        if self._in_td:
            self.cells.append(data)
            self._in_td = False


def test_the_page_is_offline_and_escaped(tmp_path: Path) -> None:
    path = write_frontier_report(
        tmp_path / "sub" / "frontier.html",
        points=POINTS,
        min_volatility=MIN_VOL,
        max_sharpe=MAX_SHARPE,
        cloud=_cloud(),
        assets=ASSET_FIGURES,
        title=f"Frontier {EVIL}",
        notes={"Prices": EVIL},
    )
    html = path.read_text(encoding="utf-8")
    assert sorted(p.name for p in path.parent.iterdir()) == ["frontier.html"]  # no temp file left
    parser = _Parser()
    parser.feed(html)
    assert parser.divs == ["frontier", "starred-weights"]  # no frontier weights given
    assert all("src" not in attrs for attrs in parser.scripts)  # nothing loaded from outside
    assert 'src="https://cdn.plot.ly' not in html  # plotly.js is inlined, not fetched
    packed = html.split('id="plotly-js" data-encoding="gzip+base64">')[1].split("</script>")[0]
    assert "* plotly.js v" in gzip.decompress(base64.b64decode(packed)).decode("utf-8")
    assert EVIL not in html
    # two specs, plotly.js, drawing
    assert html.count("<script") == html.count("</script>") == 4
    assert 'data-figures-expected="2"' in html
    spec = html.split('data-figure="frontier">', 1)[1].split("</script>", 1)[0]
    figure = json.loads(spec)
    assert [trace["name"] for trace in figure["data"]][-1] == "Assets"
    # weights tables: largest first, the zero weight left out
    assert parser.cells[:4] == ["AAA", "70.00%", "BBB", "30.00%"]
    assert "1 assets with no weight not shown." in html
    assert parser.cells[4:10] == ["BBB", "40.00%", "AAA", "30.00%", EVIL, "30.00%"]


def test_figures_are_in_the_page() -> None:
    html = render_frontier_report(points=POINTS, min_volatility=MIN_VOL, max_sharpe=MAX_SHARPE)
    assert "Expected return 10.00% · volatility 13.00% · Sharpe 0.77 (risk-free 0.00%)" in html
    assert "4 frontier points" in html
    assert "random portfolios" not in html.split("<main>")[0]


def test_files_hold_the_points_and_weights(tmp_path: Path) -> None:
    files = write_frontier_files(
        tmp_path,
        points=POINTS,
        weights=WEIGHTS,
        min_volatility=MIN_VOL,
        max_sharpe=MAX_SHARPE,
    )
    assert {k: p.name for k, p in files.items()} == {
        "report": "frontier.html",
        "points": "frontier.csv",
    }
    table = pd.read_csv(files["points"], index_col="point")
    assert list(table.columns) == ["expected_return", "volatility", "sharpe", *ASSETS]
    np.testing.assert_allclose(table[ASSETS].to_numpy(), WEIGHTS.to_numpy())
    np.testing.assert_allclose(table["sharpe"], POINTS["sharpe"])


def test_frontier_table_keeps_rows_aligned() -> None:
    table = frontier_table(POINTS, WEIGHTS)
    assert table.index.equals(POINTS.index)
    with pytest.raises(ValueError, match="Length mismatch"):
        frontier_table(POINTS, WEIGHTS.iloc[:2])


def test_frontier_figures_hold_the_weights() -> None:
    figures = frontier_figures(
        points=POINTS,
        min_volatility=MIN_VOL,
        max_sharpe=MAX_SHARPE,
        cloud=_cloud(50),
        assets=ASSET_FIGURES,
        weights=WEIGHTS,
    )
    assert [f.id for f in figures] == ["frontier", "starred-weights", "frontier-weights"]
    escaped = html.escape(EVIL, quote=False)
    starred = figures[1].figure
    assert [t.name for t in starred.data] == ["Min volatility", "Max Sharpe"]
    for trace, portfolio in zip(starred.data, (MIN_VOL, MAX_SHARPE), strict=True):
        shown = [html.unescape(label) for label in trace.x]
        np.testing.assert_allclose(trace.y, portfolio.weights[shown], rtol=1e-6)
    assert list(starred.data[0].x) == ["AAA", "BBB", escaped]  # by largest weight in either
    along = figures[2].figure
    order = POINTS["volatility"].argsort()
    assert [t.name for t in along.data] == ["AAA", "BBB", escaped]
    for trace, asset in zip(along.data, ASSETS, strict=True):
        np.testing.assert_allclose(trace.x, POINTS["volatility"].iloc[order], rtol=1e-6)
        np.testing.assert_allclose(trace.y, WEIGHTS[asset].iloc[order], rtol=1e-6)
    for figure in figures:  # the hostile asset is shown as text in every chart
        spec = str(figure_spec(figure.figure))
        assert "<" not in spec, figure.id
        strings = list(json_strings(json.loads(spec)))
        assert not any(EVIL in s for s in strings), figure.id
        assert any(escaped in s for s in strings), figure.id


def test_frontier_page_draws_the_weights_along_the_frontier(tmp_path: Path) -> None:
    files = write_frontier_files(
        tmp_path, points=POINTS, weights=WEIGHTS, min_volatility=MIN_VOL, max_sharpe=MAX_SHARPE
    )
    parser = _Parser()
    parser.feed(files["report"].read_text(encoding="utf-8"))
    assert parser.divs == ["frontier", "starred-weights", "frontier-weights"]
