"""Progress goes to stderr on a terminal only, and never with --json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

import algofolio.cli.output as output
from algofolio.cli import app
from tests.cli._helpers import strict_json

ARGS = [
    "compare", "dataset:factors", "--strategy", "equal-weight", "--window", "20",
    "--start", "2022-09-01",
]  # fmt: skip


def test_progress_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner(env={"COLUMNS": "120"})
    plain = runner.invoke(app, [*ARGS, "--out", str(tmp_path / "a")])
    assert plain.exit_code == 0, plain.output
    assert plain.stderr == ""  # not a terminal: no progress

    def terminal(**kwargs: Any) -> Console:
        return Console(force_terminal=True, **kwargs)

    monkeypatch.setattr(output, "Console", terminal)
    shown = runner.invoke(app, [*ARGS, "--out", str(tmp_path / "b")])
    assert shown.exit_code == 0, shown.output
    assert "Backtesting equal-weight" in shown.stderr or "Backtests done" in shown.stderr
    quiet = runner.invoke(app, [*ARGS, "--out", str(tmp_path / "c"), "--json"])
    assert quiet.exit_code == 0
    assert quiet.stderr == ""
    strict_json(quiet.stdout)
