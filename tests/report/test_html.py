"""The HTML report: one offline file, every figure present, hostile names shown and never run."""

from __future__ import annotations

import base64
import gzip
import html
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import plotly.offline
import pytest

from algofolio.metrics import SUMMARY_FORMATS
from algofolio.report import format_metric, render_html_report, write_html_report
from algofolio.report.html import REBALANCE_LOG_ROWS
from algofolio.report.tearsheet import backtest_figures
from tests.report.conftest import EVIL, SUMMARY, FakeComparison, FakeResult, make_result


class _Collector(HTMLParser):
    """Every tag with its attributes, the text outside scripts, and the content of each script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._cells: list[str] | None = None
        self._table = ""
        self.cells: dict[str, list[str]] = {}  # table class -> its <td> texts, in order

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))
        if tag == "td":
            self._cells = []
        if tag == "table":
            self._table = str(dict(attrs).get("class"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None
        if tag == "td" and self._cells is not None:
            self.cells.setdefault(self._table, []).append("".join(self._cells))
            self._cells = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, content = self.scripts[-1]
            self.scripts[-1] = (attrs, content + data)
            return
        self.text.append(data)
        if self._cells is not None:
            self._cells.append(data)


@pytest.fixture(scope="module")
def parsed(comparison: FakeComparison) -> tuple[str, _Collector]:
    html = render_html_report(comparison)
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return html, collector


def test_every_figure_has_its_div_and_spec(
    parsed: tuple[str, _Collector], comparison: FakeComparison
) -> None:
    _, doc = parsed
    div_ids = [a.get("id") for tag, a in doc.tags if tag == "div" and a.get("class") == "figure"]
    assert div_ids == [figure.id for figure in backtest_figures(comparison)]
    assert set(div_ids) >= {"equity", "drawdown", "weights-0", "weights-1"}
    specs = {a["data-figure"]: json.loads(text) for a, text in doc.scripts if "data-figure" in a}
    assert list(specs) == div_ids
    (body,) = [a for tag, a in doc.tags if tag == "body"]
    assert body["data-figures-expected"] == str(len(div_ids))


def test_sections_in_order_with_a_table_of_contents(parsed: tuple[str, _Collector]) -> None:
    _, doc = parsed
    sections = [a["id"] for tag, a in doc.tags if tag == "section"]
    assert sections == [
        "overview",
        "performance",
        "risk",
        "returns",
        "allocation",
        "trading",
        "metrics",
        "rebalances",
    ]
    links = [a["href"] for tag, a in doc.tags if tag == "a"]
    assert links == [f"#{section}" for section in sections]


def test_equity_has_strategies_benchmark_and_a_log_toggle(
    parsed: tuple[str, _Collector], comparison: FakeComparison
) -> None:
    _, doc = parsed
    spec = next(json.loads(t) for a, t in doc.scripts if a.get("data-figure") == "equity")
    assert [trace["name"] for trace in spec["data"]] == ["Mix", html.escape(EVIL), "INDEX"]
    buttons = spec["layout"]["updatemenus"][0]["buttons"]
    assert [b["args"][0]["yaxis.type"] for b in buttons] == ["log", "linear"]
    assert spec["data"][0]["x"][0] == f"{comparison.results[0].nav.index[0]:%Y-%m-%d}"


def test_opens_offline(parsed: tuple[str, _Collector]) -> None:
    html, doc = parsed
    for tag, attrs in doc.tags:
        assert attrs.get("src") is None, f"<{tag} src={attrs.get('src')!r}> loads a resource"
        href = attrs.get("href")
        assert href is None or href.startswith("#"), f"<{tag} href={href!r}> leaves the page"
    data_types = ("application/json", "application/octet-stream")
    executable = [t for a, t in doc.scripts if a.get("type") not in data_types]
    assert len(executable) == 1  # the script that inflates plotly.js and draws the figures
    assert "Plotly.newPlot" in executable[0]
    assert "document.body.dataset.figures = String(drawing.length)" in executable[0]
    assert html.count("Plotly.newPlot(") == 1
    (packed,) = [t for a, t in doc.scripts if a.get("id") == "plotly-js"]
    library = gzip.decompress(base64.b64decode(packed)).decode("utf-8")
    assert library == plotly.offline.get_plotlyjs()  # the whole library, inlined once


def test_hostile_names_are_text_never_markup(parsed: tuple[str, _Collector]) -> None:
    html, doc = parsed
    assert EVIL not in html  # neither raw in the markup nor inside a script
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    shown = "".join(doc.text)
    assert f"Report {EVIL}" in shown  # the title, shown as text
    assert shown.count(EVIL) >= 3  # title, summary column, rebalance log strategy
    scripts = [a for tag, a in doc.tags if tag == "script"]
    figures = [a for tag, a in doc.tags if tag == "div" and a.get("class") == "figure"]
    assert len(scripts) == 2 + len(figures)  # no script element came from a name
    specs = [json.loads(t) for a, t in doc.scripts if "data-figure" in a]
    names = {trace.get("name") for spec in specs for trace in spec["data"]}
    # plotly reads a little HTML in names; entities make it draw the name as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in names
    titles = [spec["layout"]["title"]["text"] for spec in specs]
    assert "Weights: &lt;script&gt;alert(1)&lt;/script&gt;" in titles


def test_metric_table_is_formatted_per_summary_formats(
    parsed: tuple[str, _Collector], comparison: FakeComparison
) -> None:
    _, doc = parsed
    expected = [
        cell
        for label in comparison.summary.index
        for cell in [
            label,
            *[
                format_metric(comparison.summary.at[label, column], SUMMARY_FORMATS.get(label))
                for column in comparison.summary.columns
            ],
        ]
    ]
    assert doc.cells["metrics"] == expected
    assert "—" in expected  # the NaN cell shows a dash


def test_rebalance_log_lists_the_most_recent_first(
    parsed: tuple[str, _Collector], comparison: FakeComparison
) -> None:
    _, doc = parsed
    log_cells = doc.cells["rebalances"]
    rows = [log_cells[i : i + 6] for i in range(0, len(log_cells), 6)]
    assert len(rows) == REBALANCE_LOG_ROWS
    dates = [row[0] for row in rows]
    assert dates == sorted(dates, reverse=True)
    last = comparison.results[0].rebalances.index[-1]
    assert dates[0] == f"{last:%Y-%m-%d}"


def test_strategy_overview(parsed: tuple[str, _Collector], comparison: FakeComparison) -> None:
    _, doc = parsed
    mix = comparison.results[0]
    row = doc.cells["strategies"][:7]
    assert row[0] == "Mix"
    assert row[1] == f"{mix.nav.iloc[0]:,.2f}"
    assert row[2] == f"{mix.nav.iloc[-1]:,.2f}"
    assert row[3] == str(len(mix.rebalances))
    assert row[4] == str(len(mix.trades))
    assert row[5] == f"{mix.rebalances['turnover'].mean():.2%}"
    assert row[6] == f"{mix.rebalances['cost'].sum():,.2f}"


def test_written_atomically(comparison: FakeComparison, tmp_path: Path) -> None:
    path = write_html_report(comparison, tmp_path / "out" / "report.html")
    assert path.read_text(encoding="utf-8") == render_html_report(comparison)
    assert sorted(p.name for p in path.parent.iterdir()) == ["report.html"]


def test_failed_write_leaves_nothing(
    comparison: FakeComparison, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_html_report(comparison, tmp_path / "report.html")
    assert list(tmp_path.iterdir()) == []


def test_rebalance_log_counts_the_trades_of_each_fill() -> None:
    result = make_result("Mix", ["AAA", "BBB", "CCC"], seed=7, days=80)
    log = result.rebalances.iloc[:3].copy()  # decided on days 0, 21, 42
    dates = result.nav.index
    log["filled"] = [dates[1], dates[22], dates[43]]  # filled the next day
    trades = pd.DataFrame(
        {
            "date": [dates[1]] * 3 + [dates[22]] * 2 + [dates[21]],  # dates[21]: no fill then
            "asset": ["AAA", "BBB", "CCC", "AAA", "BBB", "CCC"],
            "shares": [1.0] * 6,
            "price": [1.0] * 6,
            "value": [1.0] * 6,
            "cost": [0.0] * 6,
        }
    )
    traded = FakeResult("Mix", result.nav, result.weights, log, trades)
    doc = _Collector()
    doc.feed(render_html_report(FakeComparison([traded], None, SUMMARY, "Trades")))
    cells = doc.cells["rebalances"]
    rows = [cells[i : i + 6] for i in range(0, len(cells), 6)]
    assert [(row[0], row[3]) for row in rows] == [
        (f"{dates[42]:%Y-%m-%d}", "0"),
        (f"{dates[21]:%Y-%m-%d}", "2"),
        (f"{dates[0]:%Y-%m-%d}", "3"),
    ]
    assert doc.cells["strategies"][4] == "6"  # every trade in the overview
