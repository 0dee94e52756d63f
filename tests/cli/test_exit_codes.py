"""Exit codes of the installed ``algofolio`` script, run for real: 0 ok, 1 the user's error
(bad data or a bad command line), 2 an internal error (a bug, injected here)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.cli._helpers import strict_json
from tests.cli.test_console_script import TIMEOUT, _script

BUG = """
import algofolio.workflows.datasets_info as info

def _broken():
    raise RuntimeError("injected bug")

info.dataset_infos = _broken
"""


def _run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(_script()), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=cwd,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_0_ok(tmp_path: Path) -> None:
    completed = _run(["data", "list", "--json"], tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert len(strict_json(completed.stdout)["datasets"]) == 4


def test_1_bad_input_and_bad_usage(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("date,A\n2024-01-02,1\n2024-01-02,2\n", encoding="utf-8")
    completed = _run(["data", "validate", "p.csv"], tmp_path)
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert completed.stderr.startswith("error: ")
    assert "2024-01-02" in completed.stderr
    usage = _run(["metrics", "dataset:factors", "--confidance", "0.9"], tmp_path)
    assert usage.returncode == 1
    assert "No such option: --confidance" in usage.stderr
    assert "Traceback" not in usage.stderr


def test_2_internal_error(tmp_path: Path) -> None:
    (tmp_path / "inject").mkdir()
    (tmp_path / "inject" / "sitecustomize.py").write_text(BUG, encoding="utf-8")
    completed = _run(["data", "list"], tmp_path, env={"PYTHONPATH": str(tmp_path / "inject")})
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.splitlines() == ["internal error: RuntimeError: injected bug"]
