"""Where the tests find Chromium, and what happens when it is missing.

Debian's ``/usr/bin/chromium`` (``apt install chromium``; ``.ci/run`` installs it) draws the HTML
reports in the browser tests and the PNGs (through kaleido). Without it these tests skip, with the
reason, unless ``ALGOFOLIO_REQUIRE_BROWSER=1`` (set by CI) makes them fail instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

__all__ = ["LAUNCH_ARGS", "MISSING_REASON", "require_chromium"]

MISSING_REASON = "Chromium not found: apt install chromium; .ci/run installs it"

LAUNCH_ARGS = (
    "--no-sandbox",  # the tests may run as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
"""Headless Chromium on a closed network: nothing phones home, nothing updates itself."""


def chromium_executable() -> str | None:
    """The Chromium on ``PATH`` (``chromium``), else ``/usr/bin/chromium`` if present."""
    found = shutil.which("chromium")
    if found is not None:
        return found
    fallback = Path("/usr/bin/chromium")
    return str(fallback) if os.access(fallback, os.X_OK) else None


def require_chromium() -> str:
    """Chromium's path; skip the test when there is none (fail when ALGOFOLIO_REQUIRE_BROWSER=1)."""
    path = chromium_executable()
    if path is None:
        if os.environ.get("ALGOFOLIO_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ALGOFOLIO_REQUIRE_BROWSER=1 but {MISSING_REASON}")
        pytest.skip(MISSING_REASON)
    return path
