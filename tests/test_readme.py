"""The README's Python examples run as written (they are the first code users copy)."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_each_python_example_runs(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(code, str(README), "exec"), {"__name__": "readme"})
    assert capsys.readouterr().out  # each example prints what it computed


def test_the_command_table_examples_are_help_examples_which_a_test_runs() -> None:
    """Each example in the README's command table is one of the ``--help`` examples, which
    ``tests/cli/test_examples.py`` runs: the README cannot show a command that does not work."""
    from algofolio.cli.options import examples_of
    from tests.cli._helpers import commands

    table = re.findall(
        r"^\| `[a-z]+` \|.*\| `(algofolio [^`]*)` \|$",
        README.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    helps = {example for _, command in commands() for example in examples_of(command.epilog or "")}
    assert len(table) == 10
    assert [example for example in table if example not in helps] == []
