"""Shared by the CLI tests: the click commands behind the app, strict JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from typer.main import get_command

from algofolio.cli import app


def commands() -> Iterator[tuple[str, Any]]:
    """``("metrics", command)``, ..., ``("data show", command)``: every leaf command."""
    root = get_command(app)
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            for sub, leaf in command.commands.items():
                yield f"{name} {sub}", leaf
        else:
            yield name, command


def strict_json(text: str) -> Any:
    """``json.loads`` refusing NaN and Infinity (JSON has neither)."""

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in JSON output")

    return json.loads(text, parse_constant=refuse)
