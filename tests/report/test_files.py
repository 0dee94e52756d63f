"""The report's files: ``png=True`` writes every chart of the page as ``png/<id>.png`` (wired through
``report.png.write_pngs``, once with a stand-in and once in a real browser), and
``workflows.run_config`` hands the report the asset prices of the strategies."""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest

from algofolio.core.errors import ExportError
from algofolio.report import NamedFigure, backtest_figures, write_comparison_files
from algofolio.report.frontier import write_frontier_files
from tests.report.conftest import FakeComparison
from tests.report.test_frontier_report import MAX_SHARPE, MIN_VOL, POINTS, WEIGHTS


@pytest.fixture
def png() -> ModuleType:
    return pytest.importorskip(
        "algofolio.report.png",
        reason="algofolio.report.png (written by the browser helper) is not there yet",
    )


def test_png_writes_every_chart_of_the_page(
    png: ModuleType, comparison: FakeComparison, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[list[str], Path]] = []

    def fake_write_pngs(
        figures: Sequence[NamedFigure],
        folder: Path,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, Path]:
        calls.append(([f.id for f in figures], Path(folder)))
        assert progress is not None
        progress(len(figures), len(figures))
        return {f.id: Path(folder) / f"{f.id}.png" for f in figures}

    monkeypatch.setattr(png, "write_pngs", fake_write_pngs)
    reported: list[tuple[str, int, int]] = []
    files = write_comparison_files(
        comparison, tmp_path, png=True, progress=lambda *step: reported.append(step)
    )
    ids = [f.id for f in backtest_figures(comparison)]
    assert calls == [(ids, tmp_path / "png")]
    assert reported == [(png.PNG_PROGRESS, len(ids), len(ids))]
    html = files["report"].read_text(encoding="utf-8")
    assert [key for key in files if key.startswith("png:")] == [f"png:{i}" for i in ids]
    for figure_id in ids:  # the same charts as the page
        assert f'id="{figure_id}"' in html
    assert not (tmp_path / "png").exists()  # the stand-in wrote nothing


def test_png_off_by_default(
    png: ModuleType, comparison: FakeComparison, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> dict[str, Path]:
        raise AssertionError("write_pngs called without png=True")

    monkeypatch.setattr(png, "write_pngs", refuse)
    files = write_comparison_files(comparison, tmp_path, html=False)
    assert set(files) == {"summary", "nav", "trades"}
    write_frontier_files(
        tmp_path, points=POINTS, weights=WEIGHTS, min_volatility=MIN_VOL, max_sharpe=MAX_SHARPE
    )


def test_frontier_pngs_in_a_real_browser(png: ModuleType, tmp_path: Path) -> None:
    try:
        files = write_frontier_files(
            tmp_path,
            points=POINTS,
            weights=WEIGHTS,
            min_volatility=MIN_VOL,
            max_sharpe=MAX_SHARPE,
            png=True,
        )
    except ExportError as error:  # no Chrome/Chromium on this machine
        pytest.skip(f"PNG export needs a browser: {error}")
    pngs = {key: path for key, path in files.items() if key.startswith("png:")}
    assert list(pngs) == ["png:frontier", "png:starred-weights", "png:frontier-weights"]
    for key, path in pngs.items():
        assert path == tmp_path / "png" / f"{key[4:]}.png"
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
        assert width == 2200  # 1100 CSS pixels at scale 2
        assert height > 0


def test_run_config_hands_over_the_prices_of_the_strategies() -> None:
    from algofolio.workflows.comparison import run_config
    from algofolio.workflows.config import (
        BacktestConfig,
        CalendarRebalanceConfig,
        DataConfig,
        EqualWeightConfig,
        FixedWeightsConfig,
        StrategyConfig,
    )
    from algofolio.workflows.config_data import load_market_data

    data = DataConfig(prices="dataset:factors", start="2020-01-01", end="2020-12-31")
    monthly = CalendarRebalanceConfig(frequency="monthly")
    market = load_market_data(data).prices
    first, second = market.columns[:2]
    config = BacktestConfig(
        data=data,
        strategies=[
            StrategyConfig(name="1/N", allocator=EqualWeightConfig(), rebalance=monthly),
            StrategyConfig(
                name="Pair",
                allocator=FixedWeightsConfig(weights={second: 0.5, first: 0.5}),
                rebalance=monthly,
            ),
        ],
    )
    comparison = run_config(config)
    prices = comparison.prices
    assert prices is not None
    dates = comparison.results[0].nav.index
    assert prices.index.equals(dates)
    held = {c for r in comparison.results for c in r.weights.columns}
    assert set(prices.columns) == held
    assert list(prices.columns) == [c for c in market.columns if c in held]  # data order
    expected = market.loc[dates, list(prices.columns)]
    np.testing.assert_array_equal(prices.to_numpy(), expected.to_numpy())
    assert isinstance(prices, pd.DataFrame)


def test_a_value_series_read_from_a_file_gets_its_files(tmp_path: Path) -> None:
    """As the CLI builds a result for a NAV file: no weights, trades or rebalances, no prices."""
    from algofolio.backtest import BacktestResult
    from algofolio.metrics import summary

    dates = pd.bdate_range("2021-01-01", periods=300, name="date")
    rng = np.random.default_rng(0)
    nav = pd.Series(100 * np.cumprod(1 + rng.normal(0, 0.01, 300)), index=dates, name="Fund")
    result = BacktestResult(
        name="Fund",
        nav=nav,
        weights=pd.DataFrame(index=dates),
        cash=pd.Series(0.0, index=dates),
        trades=pd.DataFrame(columns=["date", "asset", "shares", "price", "value", "cost"]),
        rebalances=pd.DataFrame(),
    )
    comparison = FakeComparison([result], None, summary(result.returns), "Fund")
    files = write_comparison_files(comparison, tmp_path)
    assert set(files) == {"report", "summary", "nav", "trades"}
    page = files["report"].read_text(encoding="utf-8")
    assert 'id="monthly-returns-0"' in page
    assert 'id="weights-0"' not in page
    assert 'id="rebalances"' not in page
    assert pd.read_csv(files["trades"]).empty
