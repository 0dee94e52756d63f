"""The optimality conditions of a budget-and-box quadratic program, computed with numpy from the
weights alone (independent of the solver's own multipliers or free sets)."""

import numpy as np

AT_BOUND = 1e-12  # a weight this close to a bound counts as on it


def budget_box_kkt_violation(
    gradient: np.ndarray, w: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> float:
    """How far ``w`` is from the KKT conditions of ``min f(w) s.t. sum(w) = b, lower <= w <= upper``
    with ``gradient = grad f(w)``, in the units of the gradient.

    There must be a budget multiplier ``gamma`` with ``g_i = gamma`` for weights strictly inside
    their bounds, ``g_i >= gamma`` on a lower bound and ``g_i <= gamma`` on an upper bound (a weight
    with ``lower == upper`` is fixed: no condition). With ``A`` the largest gradient among the free
    and upper-bound weights and ``B`` the smallest among the free and lower-bound ones, the best
    ``gamma`` misses by ``max((A - B) / 2, 0)``.
    """
    fixed = lower == upper
    on_lower = ~fixed & (w - lower <= AT_BOUND)
    on_upper = ~fixed & ~on_lower & (upper - w <= AT_BOUND)
    free = ~fixed & ~on_lower & ~on_upper
    above = gradient[free | on_upper]
    below = gradient[free | on_lower]
    if not above.size or not below.size:
        return 0.0
    return max((float(above.max()) - float(below.min())) / 2, 0.0)


def assert_feasible(w: np.ndarray, lower: np.ndarray, upper: np.ndarray, total: float) -> None:
    """Budget to 1e-12 (relative to the weights' size) and bounds exactly."""
    size = max(1.0, float(np.abs(w).max()))
    assert abs(float(w.sum()) - total) <= 1e-12 * size * w.size, (w.sum(), total)
    assert (w >= lower).all(), (w - lower).min()
    assert (w <= upper).all(), (upper - w).min()
