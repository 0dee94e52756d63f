"""A browser without ``DecompressionStream`` (the inlined plotly.js is gzip-compressed) gets a
message in every chart's place and one console error, not blank boxes."""

from __future__ import annotations

import types
from pathlib import Path

from playwright import sync_api as playwright_sync

from algofolio.allocate import EqualWeight
from algofolio.backtest import Strategy, run_backtest
from algofolio.datasets import make_synthetic_prices
from algofolio.metrics import summary
from algofolio.rebalance import CalendarRule
from algofolio.report import write_html_report


def test_a_browser_without_decompression_streams_says_so(
    browser: playwright_sync.Browser, tmp_path: Path
) -> None:
    prices = make_synthetic_prices(n_assets=3, n_days=300, seed=1)
    strategy = Strategy(name="1/N", allocator=EqualWeight(), rule=CalendarRule("monthly"))
    result = run_backtest(prices, strategy)
    comparison = types.SimpleNamespace(
        results=[result], benchmark=None, prices=None, title="1/N", summary=summary(result.returns)
    )
    path = write_html_report(comparison, tmp_path / "report.html")
    context = browser.new_context()
    try:
        page = context.new_page()
        console: list[tuple[str, str]] = []
        page.on("console", lambda message: console.append((message.type, message.text)))
        page.add_init_script("delete window.DecompressionStream;")
        page.goto(path.as_uri())
        page.wait_for_selector("div.figure.failed")
        texts = page.eval_on_selector_all("div.figure", "divs => divs.map(d => d.textContent)")
        assert texts
        assert all("lacks DecompressionStream" in text for text in texts)
        assert page.evaluate("typeof window.Plotly") == "undefined"
        assert [kind for kind, _ in console] == ["error"]
    finally:
        context.close()
