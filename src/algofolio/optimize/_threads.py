"""One BLAS thread for the specialised solvers.

Their linear algebra is many small-to-medium factorisations and products, where OpenBLAS's thread
pool gains little on an idle machine and, on a loaded one (other processes on every core), loses
up to a hundredfold (a 500 x 500 Cholesky measured at 0.5 s instead of 5 ms). ``threadpoolctl``
limits the pool for the duration of a call and restores it after; its controller is built once (finding the loaded BLAS libraries takes milliseconds, a limit 30 us).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, wraps
from typing import Any, ParamSpec, TypeVar

from threadpoolctl import ThreadpoolController

__all__ = ["one_blas_thread"]

P = ParamSpec("P")
R = TypeVar("R")


@cache
def _controller() -> Any:
    return ThreadpoolController()


def one_blas_thread(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run with the BLAS thread pool limited to one thread."""

    @wraps(function)
    def limited(*args: P.args, **kwargs: P.kwargs) -> R:
        with _controller().limit(limits=1, user_api="blas"):
            return function(*args, **kwargs)

    return limited
