"""PNG export in a real headless Chromium (kaleido): size, content, atomicity and the errors.

Every image is checked from its bytes: the PNG signature, the size in the IHDR header read here
with ``struct`` (``width * scale`` by ``height * scale``), then the decoded pixels (Pillow): not
blank, the trace's own colour drawn, and a different figure giving a different image.
"""

from __future__ import annotations

import asyncio
import shutil
import struct
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

from algofolio.core.errors import ConfigError, ExportError
from algofolio.report.figure import NamedFigure
from algofolio.report.png import DEFAULT_HEIGHT, NO_BROWSER_MESSAGE, write_pngs
from tests.browser.chromium import require_chromium

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDTH, SCALE = 400, 1.5
RED = "rgb(255, 0, 0)"


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from the IHDR chunk, which the PNG format puts first after the signature."""
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG: {head[:8]!r}"
    length, kind = struct.unpack(">I4s", head[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int16)


def red_pixels(image: np.ndarray) -> int:
    red, green, blue = image[..., 0], image[..., 1], image[..., 2]
    return int(np.count_nonzero((red > 200) & (green < 60) & (blue < 60)))


def line_figure(values: list[float], *, height: int | None) -> go.Figure:
    figure = go.Figure(go.Scatter(y=values, mode="lines", line={"color": RED, "width": 6}))
    if height is not None:
        figure.update_layout(height=height)
    return figure


FIGURES = [
    NamedFigure("red-line", "A red line, 300 px high", line_figure([1, 3, 2, 4], height=300)),
    NamedFigure("default-height", "No height set", line_figure([4, 1, 3, 2], height=None)),
    NamedFigure(
        "blue-bars",
        "Blue bars, 300 px high",
        go.Figure(go.Bar(y=[2, 5, 3], marker_color="rgb(0, 0, 255)"), layout={"height": 300}),
    ),
]


PROGRESS: list[tuple[int, int]] = []  # what write_pngs reported while writing `written`


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """The three FIGURES written once (one Chromium session) into a new nested folder."""
    require_chromium()
    folder = tmp_path_factory.mktemp("png") / "nested" / "png"
    paths = write_pngs(
        FIGURES,
        folder,
        width=WIDTH,
        scale=SCALE,
        progress=lambda done, total: PROGRESS.append((done, total)),
    )
    return folder, paths


def test_progress_is_reported_once_started_and_after_each_figure(
    written: tuple[Path, dict[str, Path]],
) -> None:
    assert PROGRESS == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_writes_one_png_per_figure_named_by_id_and_nothing_else(
    written: tuple[Path, dict[str, Path]],
) -> None:
    folder, paths = written
    assert list(paths) == ["red-line", "default-height", "blue-bars"]
    assert paths == {f.id: folder / f"{f.id}.png" for f in FIGURES}
    # atomic writes leave no temp file behind
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{f.id}.png" for f in FIGURES)


@pytest.mark.parametrize(
    ("figure_id", "css_height"),
    [("red-line", 300), ("default-height", DEFAULT_HEIGHT), ("blue-bars", 300)],
)
def test_pixel_size_is_css_size_times_scale(
    written: tuple[Path, dict[str, Path]], figure_id: str, css_height: int
) -> None:
    path = written[1][figure_id]
    expected = (round(WIDTH * SCALE), round(css_height * SCALE))
    assert png_size(path) == expected
    assert pixels(path).shape[:2] == (expected[1], expected[0])  # the decoder agrees with IHDR


def test_images_are_drawn_not_blank(written: tuple[Path, dict[str, Path]]) -> None:
    for figure_id, path in written[1].items():
        image = pixels(path)
        assert image.std() > 5, f"{figure_id} looks blank"
        # plotly's axes and grid are grey on white: a drawn plot has dark and light pixels
        assert (image.min(axis=2) < 100).any(), f"{figure_id} has no dark pixel (no axis labels?)"


def test_the_trace_colour_is_drawn_and_a_different_figure_differs(
    written: tuple[Path, dict[str, Path]],
) -> None:
    paths = written[1]
    red_line, blue_bars = pixels(paths["red-line"]), pixels(paths["blue-bars"])
    assert red_pixels(red_line) > 500  # a 6 px red line across the plot, at scale 1.5
    assert red_pixels(blue_bars) == 0
    assert red_line.shape == blue_bars.shape
    assert np.abs(red_line - blue_bars).sum(axis=2).astype(bool).mean() > 0.01


def test_missing_browser_raises_export_error_with_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from choreographer.browsers.chromium import Chromium

    missing = tmp_path / "no-such-chromium"
    monkeypatch.setenv("BROWSER_PATH", str(missing))  # choreographer's override of its PATH search
    if Chromium.find_browser(skip_local=False) != str(missing):
        pytest.skip("a Chrome downloaded by plotly_get_chrome takes precedence over BROWSER_PATH")
    folder = tmp_path / "png"
    with pytest.raises(ExportError, match="PNG export needs Chrome or Chromium") as caught:
        write_pngs(FIGURES[:1], folder)
    assert str(caught.value) == NO_BROWSER_MESSAGE
    assert "apt install chromium" in str(caught.value)
    assert not folder.exists()


def test_a_browser_that_will_not_start_raises_export_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_browser = shutil.which("false")  # an executable that exits at once
    if not_a_browser is None:
        pytest.skip("no `false` executable on PATH")
    monkeypatch.setenv("BROWSER_PATH", not_a_browser)
    with pytest.raises(ExportError, match="Chrome/Chromium failed to start") as caught:
        write_pngs(FIGURES[:1], tmp_path / "png")
    assert not_a_browser in str(caught.value)
    assert NO_BROWSER_MESSAGE in str(caught.value)
    assert not (tmp_path / "png").exists()


def test_a_failed_render_leaves_no_png_and_keeps_the_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first figure renders for real, the second fails: nothing is written, not even the first."""
    require_chromium()
    import kaleido

    real_calc_fig = kaleido.Kaleido.calc_fig
    calls: list[int] = []

    async def fail_second(self: kaleido.Kaleido, fig: object, **kwargs: object) -> bytes:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("injected render failure")
        return await real_calc_fig(self, fig, **kwargs)

    monkeypatch.setattr(kaleido.Kaleido, "calc_fig", fail_second)
    (tmp_path / "red-line.png").write_bytes(b"old image")
    with pytest.raises(ExportError, match=r"figure 'default-height' failed to render.*injected"):
        write_pngs(FIGURES, tmp_path, width=WIDTH, scale=SCALE)
    assert len(calls) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["red-line.png"]
    assert (tmp_path / "red-line.png").read_bytes() == b"old image"


def test_works_inside_a_running_event_loop(tmp_path: Path) -> None:
    """As in a notebook (or under Playwright's sync API), where asyncio.run cannot nest. The
    test's own loop runs in a fresh thread, so it does not depend on what else runs here."""
    require_chromium()

    async def in_loop() -> dict[str, Path]:
        asyncio.get_running_loop()  # the premise: a loop runs while write_pngs is called
        return write_pngs(FIGURES[:1], tmp_path, width=200, scale=1.0)

    with ThreadPoolExecutor(max_workers=1) as pool:
        paths = pool.submit(asyncio.run, in_loop()).result()
    assert png_size(paths["red-line"]) == (200, 300)


@pytest.mark.parametrize("bad_id", ["../escape", "a/b", "", ".hidden", "x" * 101, 7])
def test_an_unsafe_id_is_refused_before_anything_runs(tmp_path: Path, bad_id: object) -> None:
    # NamedFigure refuses such ids itself; write_pngs also guards against look-alike objects
    figure = types.SimpleNamespace(id=bad_id, heading="h", figure=go.Figure())
    with pytest.raises(ExportError, match="not a safe PNG file name") as caught:
        write_pngs([figure], tmp_path / "png")  # type: ignore[list-item]
    assert repr(bad_id) in str(caught.value)
    assert not (tmp_path / "png").exists()


def test_a_repeated_id_is_refused(tmp_path: Path) -> None:
    twice = [FIGURES[0], NamedFigure("red-line", "again", go.Figure())]
    with pytest.raises(ExportError, match="'red-line' appears twice"):
        write_pngs(twice, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"width": 0}, "width"),
        ({"width": 10.5}, "width"),
        ({"width": True}, "width"),
        ({"scale": 0.0}, "scale"),
        ({"scale": -1.0}, "scale"),
        ({"scale": float("nan")}, "scale"),
        ({"scale": float("inf")}, "scale"),
    ],
)
def test_invalid_size_is_a_config_error_naming_the_option(
    tmp_path: Path, options: dict[str, object], key: str
) -> None:
    with pytest.raises(ConfigError, match=key) as caught:
        write_pngs(FIGURES, tmp_path, **options)  # type: ignore[arg-type]
    assert caught.value.key == key
