"""The public API is a document: each package's ``__all__`` lists exactly its public names."""

import importlib
import pkgutil

import pytest

import algofolio

PACKAGES = sorted(m.name for m in pkgutil.iter_modules(algofolio.__path__, "algofolio.") if m.ispkg)


@pytest.mark.parametrize("name", PACKAGES)
def test_all_lists_exactly_the_public_names(name: str) -> None:
    module = importlib.import_module(name)
    exported = set(getattr(module, "__all__", ()))
    for export in exported:  # each resolves (a lazy package imports it here)
        getattr(module, export)
    public = {
        n
        for n, value in vars(module).items()
        if not n.startswith("_") and not isinstance(value, type(importlib))
    }
    assert exported == public, f"{name}: __all__ differs from its public names"


def test_a_lazy_package_never_hands_out_a_submodule_for_a_public_name() -> None:
    """``algofolio.workflows`` imports its names on first use: no public name may be shadowed by a
    submodule of the same name (``import algofolio.workflows.X`` binds ``X`` on the package)."""
    import algofolio.workflows as workflows

    modules = {m.name for m in pkgutil.iter_modules(workflows.__path__)}
    assert modules.isdisjoint(workflows.__all__)
    for module in modules:
        importlib.import_module(f"algofolio.workflows.{module}")
    for name in workflows.__all__:
        assert not isinstance(getattr(workflows, name), type(importlib)), name
