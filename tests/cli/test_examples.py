"""Every "Examples:" line of every ``--help`` runs and exits 0 (in a fresh folder holding the
repository's ``examples/``, as from the repository root); a ``--json`` example prints JSON only."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

import algofolio.workflows
from algofolio.cli import app
from algofolio.cli.options import examples_of
from tests.cli._helpers import commands, strict_json
from tests.workflows._demo import demo_comparison

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("name", [name for name, _ in commands()])
def test_the_examples_run(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "examples").symlink_to(EXAMPLES, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(algofolio.workflows, "run_demo", lambda **_: demo_comparison())
    runner = CliRunner(env={"COLUMNS": "120"})
    examples = examples_of(dict(commands())[name].epilog)
    assert examples
    for example in examples:  # in order: one may read what the one before wrote
        argv = shlex.split(example)
        assert argv[0] == "algofolio"
        result = runner.invoke(app, argv[1:])
        assert result.exit_code == 0, (example, result.output)
        if "--json" in argv:
            strict_json(result.stdout)
            assert result.stderr == ""
    assert {p.name for p in EXAMPLES.iterdir()} >= {"demo.toml", "profile.toml"}
