"""Every chart of a report as a PNG file: ``folder/<id>.png``, drawn by kaleido in headless Chromium.

kaleido (>= 1.0) renders plotly figures in the system's Chrome or Chromium (found on ``PATH`` or
through the ``BROWSER_PATH`` environment variable). One browser session draws every figure: starting
Chromium costs about 3 s, each figure then 0.2-0.7 s (a session per figure would pay the 3 s each
time). MathJax is off, so nothing is fetched from the network. Every image is drawn in memory first, then each file is written atomically (a temp file
renamed into place): a failure leaves no PNG, whole or partial, behind.

An image is ``width * scale`` pixels wide and ``height * scale`` high, where ``height`` is the
figure's own ``layout.height`` or :data:`DEFAULT_HEIGHT`.

>>> import tempfile
>>> write_pngs([], tempfile.mkdtemp())  # nothing to draw: no browser is started
{}
>>> write_pngs([], tempfile.mkdtemp(), scale=0)
Traceback (most recent call last):
...
algofolio.core.errors.ConfigError: scale must be a finite number > 0, got 0
"""

from __future__ import annotations

import asyncio
import math
import re
import threading
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any, TypeVar

import plotly.graph_objects as go

from algofolio.core.errors import ConfigError, ExportError
from algofolio.report.atomic import write_bytes_atomic
from algofolio.report.figure import NamedFigure

__all__ = ["DEFAULT_HEIGHT", "NO_BROWSER_MESSAGE", "PNG_PROGRESS", "png_progress", "write_pngs"]

DEFAULT_HEIGHT = 500
"""Height in CSS pixels of a figure whose layout sets none."""

NO_BROWSER_MESSAGE = (
    "PNG export needs Chrome or Chromium: install it (Debian/Ubuntu: apt install chromium) "
    "or run `plotly_get_chrome`"
)
"""The :class:`ExportError` message when kaleido finds no Chrome/Chromium."""

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")  # as NamedFigure.id, and not too long
_T = TypeVar("_T")


def _check_id(figure_id: object) -> str:
    """``figure_id`` if it is a safe file name stem, else :class:`ExportError` naming it."""
    if not isinstance(figure_id, str) or _SAFE_ID.fullmatch(figure_id) is None:
        raise ExportError(
            f"figure id {figure_id!r} is not a safe PNG file name: use up to 100 letters, digits, "
            "'-' and '_', starting with a letter or digit"
        )
    return figure_id


PNG_PROGRESS = "Drawing the charts as PNG"
"""The description :func:`png_progress` hands to a report's ``progress`` callback."""


def png_progress(
    progress: Callable[[str, int, int], None] | None,
) -> Callable[[int, int], None] | None:
    """A report's ``progress(description, done, total)`` as :func:`write_pngs` calls it.

    >>> seen = []
    >>> png_progress(lambda *args: seen.append(args))(2, 5); seen
    [('Drawing the charts as PNG', 2, 5)]
    """
    if progress is None:
        return None
    report = progress
    return lambda done, total: report(PNG_PROGRESS, done, total)


def write_pngs(
    figures: Sequence[NamedFigure],
    folder: str | Path,
    *,
    width: int = 1100,
    scale: float = 2.0,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Path]:
    """Write each figure as ``folder/<id>.png`` (folder created if needed); returns ``{id: path}``
    in the order given. ``progress(done, total)``, when given, is called once the browser has
    started (``done`` = 0) and after each figure is drawn.

    ``width`` is in CSS pixels and ``scale`` multiplies it (2.0: sharp on high-density screens).
    Raises :class:`ConfigError` for a width or scale that is not positive, :class:`ExportError`
    for an unsafe or repeated id, when no Chrome/Chromium is found, or when a figure fails to
    render (naming it).
    """
    if isinstance(width, bool) or not isinstance(width, int) or width <= 0:
        raise ConfigError(f"width must be a whole number of pixels > 0, got {width!r}", key="width")
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not 0 < scale < math.inf:
        raise ConfigError(f"scale must be a finite number > 0, got {scale!r}", key="scale")
    seen: set[str] = set()
    for named in figures:
        if _check_id(named.id) in seen:
            raise ExportError(f"figure id {named.id!r} appears twice: its PNG would be overwritten")
        seen.add(named.id)
    if not figures:
        return {}
    jobs = [(named, _options(named.figure, width, float(scale))) for named in figures]
    images = _run(lambda: _render(jobs, progress))
    folder = Path(folder)
    return {
        named.id: write_bytes_atomic(folder / f"{named.id}.png", image)
        for (named, _), image in zip(jobs, images, strict=True)
    }


def _options(figure: go.Figure, width: int, scale: float) -> dict[str, Any]:
    height = figure.layout.height
    return {
        "format": "png",
        "width": width,
        "height": int(height) if height is not None else DEFAULT_HEIGHT,
        "scale": scale,
    }


async def _render(
    jobs: Sequence[tuple[NamedFigure, dict[str, Any]]],
    progress: Callable[[int, int], None] | None,
) -> list[bytes]:
    """Draw every figure in one kaleido (Chromium) session, in order."""
    import kaleido  # imported here: a report without PNGs never loads the browser driver
    from kaleido.errors import BrowserFailedError, ChromeNotFoundError

    try:
        session = kaleido.Kaleido(mathjax=False)
    except ChromeNotFoundError as exc:
        raise ExportError(NO_BROWSER_MESSAGE) from exc
    images: list[bytes] = []
    try:
        async with session as browser:
            if progress is not None:
                progress(0, len(jobs))
            for named, options in jobs:
                try:
                    images.append(await browser.calc_fig(named.figure, opts=options))
                except Exception as exc:
                    raise ExportError(
                        f"figure {named.id!r} failed to render as PNG: {exc}"
                    ) from exc
                if progress is not None:
                    progress(len(images), len(jobs))
    except BrowserFailedError as exc:
        reason = " ".join(str(part) for part in exc.args)  # choreographer gives several parts
        raise ExportError(
            f"Chrome/Chromium failed to start: {reason} {NO_BROWSER_MESSAGE}"
        ) from exc
    return images


def _run(make: Callable[[], Coroutine[Any, Any, _T]]) -> _T:
    """Run a coroutine to completion; in a thread of its own when an event loop already runs here
    (a notebook), since ``asyncio.run`` cannot nest."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    outcome: list[_T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(asyncio.run(make()))
        except BaseException as exc:
            failure.append(exc)

    worker = threading.Thread(target=target, name="algofolio-png")
    worker.start()
    worker.join()
    if failure:
        raise failure[0]
    return outcome[0]
