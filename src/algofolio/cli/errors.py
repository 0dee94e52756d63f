"""How the CLI fails: one line on stderr, no traceback, a meaningful exit code.

* ``0``: success;
* ``1``: the user's error: an :class:`~algofolio.core.errors.AlgofolioError` (bad input, config,
  data), an ``OSError`` (a file cannot be read or written): ``error: <message>``; and bad
  command-line usage (an unknown option or command, a missing argument, a value click refuses,
  no command at all), which keeps Typer's own message (``Error: Missing argument 'PRICES'.``);
* ``2``: anything else, a bug: ``internal error: <type>: <message>``.

Click gives usage errors exit code 2; :class:`CommandGroup` (the ``cls`` of the app) sets 1 on
them as they pass, so that 2 always means an internal error.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar, cast

import typer
from typer.core import TyperGroup

from algofolio.core.errors import AlgofolioError

__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "USAGE_ERROR",
    "CommandGroup",
    "fail",
    "friendly_errors",
    "one_line",
]

EXIT_OK = 0
"""Exit code of a command that did its job."""

EXIT_ERROR = 1
"""Exit code for an error in the user's input (config, data, files) or command line."""

EXIT_INTERNAL = 2
"""Exit code for an unexpected exception (a bug)."""

USAGE_ERROR = cast(type[Exception], typer.BadParameter.__mro__[1])
"""Click's ``UsageError`` (the base of ``typer.BadParameter``; Typer vendors click and exports no
other name for it)."""

P = ParamSpec("P")
R = TypeVar("R")


def one_line(message: str) -> str:
    """``message`` with its line breaks folded into spaces.

    >>> one_line("bad value\\n  in line 3")
    'bad value in line 3'
    """
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


def fail(message: str, code: int) -> typer.Exit:
    """Print ``message`` as one line on stderr and return the ``typer.Exit`` to raise."""
    typer.echo(one_line(message), err=True)
    return typer.Exit(code)


def friendly_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Wrap a Typer command so that exceptions become one stderr line and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException, USAGE_ERROR):
            raise  # --help, exits, usage errors: click reports them
        except AlgofolioError as exc:
            raise fail(f"error: {exc}", EXIT_ERROR) from None
        except OSError as exc:
            raise fail(f"error: {exc}", EXIT_ERROR) from None
        except Exception as exc:
            raise fail(f"internal error: {type(exc).__name__}: {exc}", EXIT_INTERNAL) from None

    return wrapper


def _as_user_error(exc: Exception) -> None:
    exc.exit_code = EXIT_ERROR  # type: ignore[attr-defined]


class CommandGroup(TyperGroup):
    """The app's command group: click's usage errors leave with exit code 1, not 2."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: Any = None,
        **extra: Any,
    ) -> Any:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except USAGE_ERROR as exc:
            _as_user_error(exc)
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except USAGE_ERROR as exc:
            _as_user_error(exc)
            raise
