"""How the CLI fails: one line on stderr, no traceback, a meaningful exit code.

* an :class:`~algofolio.core.errors.AlgofolioError` (bad input, config, data) or an ``OSError``
  (a file cannot be read or written): ``error: <message>``, exit code 1;
* anything else is a bug: ``internal error: <type>: <message>``, exit code 2;
* bad command-line usage keeps Typer's own message and exit code 2.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from algofolio.core.errors import AlgofolioError

__all__ = ["EXIT_ERROR", "EXIT_INTERNAL", "fail", "friendly_errors", "one_line"]

EXIT_ERROR = 1
"""Exit code for an error in the user's input (config, data, files)."""

EXIT_INTERNAL = 2
"""Exit code for an unexpected exception (a bug); Typer also uses 2 for usage errors."""

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
        except (typer.Exit, typer.Abort, typer.TyperException):  # usage errors, --help, exits
            raise
        except AlgofolioError as exc:
            raise fail(f"error: {exc}", EXIT_ERROR) from None
        except OSError as exc:
            raise fail(f"error: {exc}", EXIT_ERROR) from None
        except Exception as exc:
            raise fail(f"internal error: {type(exc).__name__}: {exc}", EXIT_INTERNAL) from None

    return wrapper
