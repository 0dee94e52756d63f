"""Opening a report page offline in Chromium, and what every report page must show there.

:func:`open_page` opens a report through ``file://`` in a browser context where every request that
is not local (``file:``, ``data:``, ``blob:``) is aborted and recorded, and collects console messages,
page errors and dialogs, so a test can assert that the page is offline, quiet, and never ran an
asset's name as code.
"""

from __future__ import annotations

import shutil
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image
from playwright import sync_api as playwright_sync

__all__ = [
    "SCREENSHOT_COPY",
    "Visit",
    "assert_clean_offline_load",
    "drawn_figures",
    "open_page",
    "screenshot",
]

DRAW_TIMEOUT_MS = 20_000
SCREENSHOT_COPY = Path("/tmp/algofolio-report-screenshot.png")
"""A copy of the backtest report's screenshot, for a person to look at after the run."""

_LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

# Every div.figure drawn: the page's own count when it keeps one, else an SVG in each div.
_ALL_DRAWN = """() => {
  const body = document.body;
  const figures = [...document.querySelectorAll("div.figure")];
  if (body.dataset.figuresExpected !== undefined) {
    return body.dataset.figures === body.dataset.figuresExpected;
  }
  return figures.length > 0 && figures.every((div) => div.querySelector(".main-svg") !== null);
}"""

# Per div.figure: its SVG roots, plotly's traces (graphDiv.data) and the marks drawn for them:
# line/area paths with a real outline, bars and points, heatmap images.
_FIGURE_STATE = """() => [...document.querySelectorAll("div.figure")].map((div) => {
  const paths = [...div.querySelectorAll(".trace path[d]")]
    .filter((path) => path.getAttribute("d").length > 8);
  const images = [...div.querySelectorAll(".heatmaplayer image, .trace image")]
    .filter((image) => (image.getAttribute("href") || image.getAttribute("xlink:href") || "") !== "");
  const box = div.getBoundingClientRect();
  return {
    id: div.id,
    svgs: div.querySelectorAll("svg.main-svg").length,
    traces: Array.isArray(div.data) ? div.data.length : 0,
    marks: paths.length + images.length,
    width: box.width,
    height: box.height,
  };
})"""


@dataclass
class Visit:
    """One opened report page and what happened while it loaded."""

    page: playwright_sync.Page
    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # URLs of every non-local request
    dialogs: list[str] = field(default_factory=list)  # "type: message" of alert/confirm/prompt

    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"]


def open_page(context: playwright_sync.BrowserContext, path: Path) -> Visit:
    """Open ``path`` in a new page of ``context`` with the network blocked; wait until drawn."""
    page = context.new_page()
    seen = Visit(page=page)

    def route(route: playwright_sync.Route) -> None:
        if route.request.url.startswith(_LOCAL_SCHEMES):
            route.continue_()
        else:
            route.abort()

    def request(sent: playwright_sync.Request) -> None:
        if not sent.url.startswith(_LOCAL_SCHEMES):
            seen.blocked.append(sent.url)

    def dialog(opened: playwright_sync.Dialog) -> None:
        seen.dialogs.append(f"{opened.type}: {opened.message}")
        opened.dismiss()

    context.route("**/*", route)
    context.on("request", request)
    page.on("websocket", lambda socket: seen.blocked.append(socket.url))
    page.on("console", lambda message: seen.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    page.on("dialog", dialog)
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function(_ALL_DRAWN, timeout=DRAW_TIMEOUT_MS)
    return seen


def assert_clean_offline_load(visit: Visit) -> None:
    """Nothing fetched from the network, no console error, no page error, no dialog."""
    assert visit.blocked == [], f"the report tried to reach the network: {visit.blocked}"
    assert visit.console_errors() == [], f"console errors: {visit.console_errors()}"
    assert visit.page_errors == [], f"page errors: {visit.page_errors}"
    assert visit.dialogs == [], f"dialogs opened: {visit.dialogs}"


def drawn_figures(visit: Visit) -> dict[str, dict[str, float]]:
    """Every ``div.figure`` by id, checked drawn: an SVG, traces, visible marks, a real size; and
    as many as the page says it expects (``data-figures-expected``) when it says so."""
    state: list[dict[str, float]] = visit.page.evaluate(_FIGURE_STATE)
    assert state, "the page has no div.figure"
    by_id = {str(figure["id"]): figure for figure in state}
    assert len(by_id) == len(state), f"repeated figure ids: {[f['id'] for f in state]}"
    for figure_id, figure in by_id.items():
        assert figure["svgs"] >= 1, f"{figure_id}: no plotly SVG"
        assert figure["traces"] >= 1, f"{figure_id}: no trace"
        assert figure["marks"] >= 1, f"{figure_id}: nothing drawn"
        assert figure["width"] > 300, f"{figure_id}: {figure['width']} px wide"
        assert figure["height"] > 200, f"{figure_id}: {figure['height']} px high"
    data = visit.page.evaluate("({...document.body.dataset})")
    if "figuresExpected" in data:
        assert data["figures"] == data["figuresExpected"] == str(len(state)), data
    return by_id


def screenshot(visit: Visit, path: Path, *, copy_to: Path | None = None) -> np.ndarray:
    """A full-page PNG screenshot at ``path`` (and a copy at ``copy_to``), checked to be a PNG of
    the page's full height with varied pixels; returns its pixels."""
    visit.page.screenshot(path=str(path), full_page=True)
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    viewport = visit.page.viewport_size
    assert viewport is not None
    page_height = visit.page.evaluate("document.documentElement.scrollHeight")
    assert (width, height) == (viewport["width"], page_height)
    with Image.open(path) as image:
        pixels = np.asarray(image.convert("RGB"), dtype=np.int32)
    assert pixels.std() > 10, "the screenshot is nearly uniform"
    sample = pixels[::4]  # every 4th row: a full report is some 16 million pixels
    colours = np.unique((sample[..., 0] << 16) | (sample[..., 1] << 8) | sample[..., 2])
    assert len(colours) > 50, "too few colours for drawn charts"
    if copy_to is not None:
        shutil.copyfile(path, copy_to)
    return pixels
