"""The demo runs once per test session (a few seconds); workflow and CLI tests share it."""

from __future__ import annotations

from functools import cache

from algofolio.workflows import Comparison, run_demo


@cache
def demo_comparison() -> Comparison:
    return run_demo()
