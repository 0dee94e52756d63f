"""Without Chromium the browser tests skip with the reason, or fail when CI requires a browser."""

from __future__ import annotations

import os

import pytest

from tests.browser import chromium


@pytest.fixture
def no_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chromium, "chromium_executable", lambda: None)


@pytest.mark.usefixtures("no_chromium")
def test_missing_chromium_skips_with_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALGOFOLIO_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt install chromium"):
        chromium.require_chromium()


@pytest.mark.usefixtures("no_chromium")
def test_missing_chromium_fails_when_a_browser_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALGOFOLIO_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="ALGOFOLIO_REQUIRE_BROWSER=1 but Chromium"):
        chromium.require_chromium()


def test_found_chromium_is_an_executable_file() -> None:
    path = chromium.require_chromium()
    assert os.path.isfile(path)
    assert os.access(path, os.X_OK)
