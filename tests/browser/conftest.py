"""A headless Chromium for the whole session, and ``open_report`` for offline page visits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright import sync_api as playwright_sync

from tests.browser.chromium import LAUNCH_ARGS, require_chromium
from tests.browser.pages import Visit, open_page


@pytest.fixture(scope="package")
def browser() -> Iterator[playwright_sync.Browser]:
    """Chromium launched once for this package (skipped, or failed under
    ALGOFOLIO_REQUIRE_BROWSER=1, if absent). Not for the session: while Playwright's sync API is
    open, an asyncio loop counts as running in the main thread, and ``asyncio.run`` elsewhere
    would fail."""
    executable = require_chromium()
    with playwright_sync.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=list(LAUNCH_ARGS)
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def open_report(browser: playwright_sync.Browser) -> Iterator[Callable[[Path], Visit]]:
    """``open_report(path)``: the HTML file opened offline, every chart drawn (see ``pages``); one
    browser context per visit, all closed after the module (a report loads in seconds: tests of a
    module share a visit)."""
    contexts: list[playwright_sync.BrowserContext] = []

    def visit(path: Path) -> Visit:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return open_page(context, path)

    yield visit
    for context in contexts:
        context.close()
