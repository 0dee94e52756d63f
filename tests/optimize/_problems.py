"""Seeded random mean-variance problems for the optimiser tests."""

import numpy as np

from algofolio.optimize import PortfolioProblem


def random_problem(seed: int, n: int, *, periods_per_year: float = 252.0) -> PortfolioProblem:
    """A well-conditioned PSD covariance (factor model plus idiosyncratic noise) with daily-sized
    moments: volatilities around 1-3% a day, means around +-0.1% a day."""
    rng = np.random.default_rng(seed)
    loadings = rng.normal(size=(n, 3))
    Sigma = loadings @ loadings.T + np.diag(rng.uniform(0.5, 2.0, n))
    vols = rng.uniform(0.01, 0.03, n)
    D = np.diag(vols / np.sqrt(np.diag(Sigma)))
    return PortfolioProblem(
        assets=tuple(f"A{i}" for i in range(n)),
        mu=rng.normal(0.0005, 0.0005, n),
        Sigma=D @ Sigma @ D,
        periods_per_year=periods_per_year,
    )
