"""Independent references for the signal tests: plain Python loops over dates, written from the
definitions (no numpy vectorisation, no algofolio code), and seeded price paths."""

import math

import numpy as np
import pandas as pd


def random_prices(n_days: int = 300, n_assets: int = 3, *, seed: int = 0) -> pd.DataFrame:
    """Geometric random walks on business days, columns A0, A1, ..."""
    rng = np.random.default_rng(seed)
    steps = rng.normal(0.0003, 0.015, size=(n_days, n_assets))
    values = 100.0 * np.exp(np.cumsum(steps, axis=0))
    index = pd.bdate_range("2020-01-01", periods=n_days, name="date")
    return pd.DataFrame(values, index=index, columns=[f"A{i}" for i in range(n_assets)])


def loop_crossed_above(a: list[float], b: list[float]) -> list[bool]:
    """vectorbt's ``crossed_above_1d_nb`` (wait=0), transcribed as a loop over dates."""
    out, was_below, crossed_ago = [], False, -1
    for x, y in zip(a, b, strict=True):
        if math.isnan(x) or math.isnan(y):
            crossed_ago, was_below = -1, False
            out.append(False)
        elif x > y:
            if was_below:
                crossed_ago += 1
                out.append(crossed_ago == 0)
            else:
                out.append(False)
        elif x == y:
            crossed_ago = -1
            out.append(False)
        else:
            crossed_ago, was_below = -1, True
            out.append(False)
    return out


def loop_long_flat(entries: list[bool], exits: list[bool]) -> list[bool]:
    """Long after an entry until the next exit (vectorbt's from_signals, long only)."""
    held, out = False, []
    for enter, leave in zip(entries, exits, strict=True):
        if enter and not held:
            held = True
        elif leave and held:
            held = False
        out.append(held)
    return out


def loop_rolling_mean(values: list[float], window: int) -> list[float]:
    """Mean of the last ``window`` values (NaN until there are ``window`` non-NaN values)."""
    out = []
    for t in range(len(values)):
        chunk = values[max(0, t - window + 1) : t + 1]
        ok = len(chunk) == window and not any(math.isnan(v) for v in chunk)
        out.append(math.fsum(chunk) / window if ok else math.nan)
    return out
