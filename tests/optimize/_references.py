"""Hand-computed references and the tight Clarabel chain shared by the optimiser tests."""

import math

import numpy as np

from algofolio.optimize import CLARABEL_TIGHT, CvxpySolver, SolverChain

CLARABEL = SolverChain(CvxpySolver(name="CLARABEL", options=CLARABEL_TIGHT))
"""The general convex path alone, at tolerances 100 times tighter than Clarabel's defaults."""


def tail_mean(returns: np.ndarray, confidence: float) -> float:
    """The Rockafellar-Uryasev CVaR by hand: sort the losses, average the worst (1-b) T of them,
    the last one with its fractional weight."""
    losses = np.sort(-returns)[::-1]
    mass = (1.0 - confidence) * losses.size
    whole = math.floor(mass)
    return float((losses[:whole].sum() + (mass - whole) * losses[whole]) / mass)


def semivariance(returns: np.ndarray, target: float) -> float:
    """Mean squared shortfall below ``target``."""
    return float(np.mean(np.minimum(returns - target, 0.0) ** 2))
