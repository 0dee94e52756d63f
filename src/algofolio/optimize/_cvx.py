"""The cvxpy atoms the optimiser uses, imported from their modules (``cvxpy``'s star re-exports are
invisible to mypy)."""

from cvxpy.atoms.affine.sum import sum as cvx_sum
from cvxpy.atoms.affine.wraps import psd_wrap
from cvxpy.atoms.norm import norm
from cvxpy.atoms.norm1 import norm1
from cvxpy.atoms.quad_form import quad_form

__all__ = ["cvx_sum", "norm", "norm1", "psd_wrap", "quad_form"]
